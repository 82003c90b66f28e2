#!/bin/sh
# The interactive console on a pseudo-terminal (readline or libedit, as
# configured): ? help, TAB completion, Ctrl-Z, @ directives, the pager and
# real-time pacing.  Skipped (77) without python3 + pexpect.
VPNSIM=${VPNSIM:-src/vpnsim}
command -v python3 >/dev/null 2>&1 || exit 77
python3 -c 'import pexpect' 2>/dev/null || exit 77
exec python3 - "$VPNSIM" <<'PY'
import sys, time, pexpect

vpnsim = sys.argv[1]
passed = failed = 0

def step(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
    except Exception as e:
        failed += 1
        print("FAIL: %s: %s" % (name, type(e).__name__))
        print("  | " + repr(c.before[-300:] if c.before else ""))

def typed(s):
    # Human speed: a pasted burst may be cut by the terminal driver at ^Z.
    for ch in s:
        c.send(ch)
        time.sleep(0.01)

c = pexpect.spawn(vpnsim, [], encoding="utf-8", timeout=5,
                  dimensions=(24, 100), env={"TERM": "vt100"})
step("banner and prompt", lambda: c.expect("GM1>"))
def help_q():
    typed("show ?")
    c.expect("version")
    c.expect("GM1>show ")
    typed("\x15")
step("? help redraws the line", help_q)
def tab():
    typed("ena\t")
    c.expect("enable")
    typed("\r")
    c.expect("GM1#")
step("TAB completes", tab)
def ctrlz():
    typed("conf t\r")
    c.expect(r"GM1\(config\)#")
    typed("int e0/0")
    time.sleep(0.2)
    c.send("\x1a")
    c.expect(r"\^Z")
    c.expect("GM1#")
step("Ctrl-Z ends config mode", ctrlz)
def directive():
    typed("@on ?")
    c.expect("GM2-host")
    typed("\x15@on GM1-host\r")
    c.expect("GM1-host>")
step("@ directives with ?", directive)
def ping():
    # The first ping loses packets to ARP, as on IOS; the second must not.
    typed("ping 192.168.14.2\r")
    c.expect("Success rate is")
    c.expect("GM1-host>")
    typed("ping 192.168.14.2\r")
    c.expect("Success rate is 100 percent")
    c.expect("GM1-host>")
step("ping across the lab", ping)
def pager():
    typed("@on GM1\r")
    c.expect("GM1#")
    typed("terminal length 6\r")
    c.expect("GM1#")
    typed("show ip route\r")
    c.expect("--More--")
    c.send(" ")
    c.expect("--More--")
    c.send("q")
    c.expect("GM1#")
    typed("terminal length 0\r")
    c.expect("GM1#")
    typed("show ip route\r")
    c.expect("192.168.13.1/32")
    c.expect("GM1#")
step("pager", pager)
def pacing():
    typed("show clock\r")
    c.expect(r"\*00:00:(\d\d)")
    t1 = int(c.match.group(1))
    time.sleep(2.2)
    typed("show clock\r")
    c.expect(r"\*00:00:(\d\d)")
    t2 = int(c.match.group(1))
    assert t2 - t1 >= 2, (t1, t2)
step("real-time clock", pacing)
def ctrlc_and_quit():
    c.send("\x03")
    typed("@quit\r")
    c.expect(pexpect.EOF)
step("Ctrl-C ignored, @quit leaves", ctrlc_and_quit)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
