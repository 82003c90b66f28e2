#!/usr/bin/python3
"""Follow a GETVPN group through a vpnsim capture with nothing but the key
files vpnsim wrote next to it (ipsec/keyexport.h), independently of
vpnsim's and tshark's code (Python's `cryptography` and scapy only):

 1. phase 1 (main mode on UDP 848): the cipher and hash from the
    responder's SA, the KE payloads of messages 3/4 and the cipher key of
    DIR/ikev1_decryption_table give the IVs (RFC 2409 App. B); messages 5
    and 6 decrypt to an ID and a HASH;
 2. GROUPKEY-PULL (exchange 32) decrypts under the phase-1 SA (IV =
    hash(last block of MM6 | M-ID), then CBC chaining per M-ID): message
    1 holds the group id (ID_KEY_ID), message 2 the GDOI SA (SAK + SAT),
    message 4 the KD with the KEK (IV || key, the KS public key) and the
    TEK (cipher and integrity keys);
 3. GROUPKEY-PUSH (exchange 33, E flag) decrypts with the KEK (CBC, the
    static IV of KEK_ALGORITHM_KEY); its SIG verifies with the KS public
    key from the registration (PKCS#1 v1.5 over the raw hash of "rekey" |
    HDR with E set and the unpadded length | the payloads before SIG);
    new TEKs and, in a KEK rekey, the new KEK are taken from it and used
    for what follows;
 4. the GM's rekey ACK (exchange 33, no E flag, docs/wire-formats.md):
    HMAC-SHA1(KEK key, SEQ | ID) verifies;
 5. ESP: every ESP packet of the group members' captures decrypts with
    the TEK keys of this chain and (scapy) with DIR/esp_sa, the keys the
    group members installed; the inner packet is an ICMP echo between
    the two LAN hosts whose addresses the outer header repeats (GETVPN
    address preservation) and the esp_sa rows equal the chain's TEKs.

usage: gdoi_capture.py KEYDIR KS_PCAP GM_PCAP...
Prints PASS:/FAIL: lines (the shell script counts them) and `count NAME N`
lines; exits 0 when nothing failed."""
import csv
import hashlib
import hmac
import os
import struct
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from scapy.all import ICMP, IP, conf
from scapy.layers.ipsec import ESP, SecurityAssociation
from scapy.utils import RawPcapReader

conf.verb = 0
PORT = 848
results = {"pass": 0, "fail": 0}


def ok(msg):
    results["pass"] += 1
    print("PASS: " + msg)


def bad(msg):
    results["fail"] += 1
    print("FAIL: " + msg)


def frames(path):
    """(frame number, scapy IP) for the IPv4 frames of a Cisco HDLC or
    Ethernet capture (scapy has no Cisco HDLC link type)."""
    r = RawPcapReader(path)
    lt = r.linktype
    for i, (data, _) in enumerate(r):
        if lt == 104 and data[2:4] == b"\x08\x00":
            yield i + 1, IP(data[4:])
        elif lt == 1 and data[12:14] == b"\x08\x00":
            yield i + 1, IP(data[14:])
    r.close()


# --- ISAKMP ------------------------------------------------------------------

def payloads(np, buf):
    """[(type, body, whole)] of a payload chain; raises on bad lengths."""
    out, off = [], 0
    while np != 0:
        if off + 4 > len(buf):
            raise ValueError("truncated payload header")
        nxt, _, ln = struct.unpack_from("!BBH", buf, off)
        if ln < 4 or off + ln > len(buf):
            raise ValueError("bad payload length %d" % ln)
        out.append((np, buf[off + 4:off + ln], buf[off:off + ln]))
        np, off = nxt, off + ln
    return out, off


def attrs(buf):
    """ISAKMP data attributes -> {type: int or bytes}."""
    out, off = {}, 0
    while off + 4 <= len(buf):
        t, v = struct.unpack_from("!HH", buf, off)
        if t & 0x8000:
            out[t & 0x7fff] = v
            off += 4
        else:
            out[t] = buf[off + 4:off + 4 + v]
            off += 4 + v
    return out


def num(v):
    return v if isinstance(v, int) else int.from_bytes(v, "big")


HASHES = {1: hashlib.md5, 2: hashlib.sha1, 4: hashlib.sha256,
          5: hashlib.sha384, 6: hashlib.sha512}
# GDOI SIG_HASH_ALGORITHM (SAK attribute 5).
SIG_HASHES = {1: hashlib.md5, 2: hashlib.sha1, 3: hashlib.sha256,
              4: hashlib.sha384, 5: hashlib.sha512}


def cbc(alg, key, iv, data):
    if len(data) % len(iv):
        raise ValueError("ciphertext not a multiple of the block size")
    c = Cipher(alg(key), modes.CBC(iv))
    d = c.decryptor()
    return d.update(data) + d.finalize()


def p1_cipher(encr, keylen):
    """(algorithm class, block size) of a phase-1 encryption attribute."""
    if encr == 7:
        return algorithms.AES, 16
    if encr == 5:
        return algorithms.TripleDES, 8
    raise ValueError("phase-1 cipher %d not handled" % encr)


def ip4(b):
    return ".".join(str(x) for x in b)


class IkeSA:
    """Phase-1 state of one initiator cookie."""

    def __init__(self, icky):
        self.icky = icky
        self.key = None
        self.alg = self.bs = self.hash = None
        self.ke = []
        self.mm_iv = None
        self.p1_last = None
        self.mm_ids = []
        self.p2iv = {}


class Group:
    def __init__(self, keydir):
        self.keys = {}
        with open(os.path.join(keydir, "ikev1_decryption_table")) as f:
            for line in f:
                c, k = line.strip().split(",")
                self.keys[bytes.fromhex(c)] = bytes.fromhex(k)
        self.sas = {}
        self.pulls = {}         # (icky, mid) -> dict of what came in
        self.keks = {}          # 16-byte cookie pair -> KEK
        self.teks = {}          # SPI -> TEK
        self.n = {"mm56": 0, "pull1": 0, "pull2": 0, "pull3": 0,
                  "pull4": 0, "push": 0, "push_kek": 0, "ack": 0,
                  "esp": 0, "esp_chain": 0, "esp_export": 0}
        self.group_ids = set()
        self.acked = []

    # -- phase 1 and PULL ---------------------------------------------------

    def isakmp(self, fno, ip, data):
        if len(data) < 28:
            return bad("frame %d: short ISAKMP message" % fno)
        icky, rcky = data[:8], data[8:16]
        np, ver, xchg, flags, mid, ln = struct.unpack_from("!BBBBII",
                                                           data, 16)
        if xchg == 33:
            return self.push(fno, ip, data, flags)
        sa = self.sas.setdefault(icky, IkeSA(icky))
        body = data[28:ln]
        if flags & 1:
            body = self.decrypt(sa, xchg, mid, body)
            if body is None:
                return bad("frame %d: cannot decrypt exchange %d" %
                           (fno, xchg))
        try:
            pls, _ = payloads(np, body)
        except ValueError as e:
            return bad("frame %d: %s" % (fno, e))
        if xchg == 2:
            self.main_mode(fno, sa, rcky, flags, pls)
        elif xchg == 32:
            self.pull(fno, ip, sa, mid, pls)

    def main_mode(self, fno, sa, rcky, flags, pls):
        for t, b, _ in pls:
            if t == 1 and rcky != bytes(8):
                # The responder's SA: one proposal, the chosen transform.
                prop, _ = payloads(2, b[8:])
                tr, _ = payloads(3, prop[0][1][4 + prop[0][1][2]:])
                a = attrs(tr[0][1][4:])
                sa.alg, sa.bs = p1_cipher(num(a[1]), num(a.get(14, 128)))
                sa.hash = HASHES[num(a[2])]
            elif t == 4 and b not in sa.ke:
                sa.ke.append(b)
            elif t == 5 and flags & 1:
                sa.mm_ids.append(ip4(b[4:8]))
        if flags & 1 and any(t == 8 for t, _, _ in pls) and \
                any(t == 5 for t, _, _ in pls):
            self.n["mm56"] += 1

    def decrypt(self, sa, xchg, mid, ct):
        sa.key = self.keys.get(sa.icky)
        if sa.key is None or sa.alg is None or len(sa.ke) < 2 or \
                len(ct) % sa.bs:
            return None
        if xchg == 2:
            if sa.mm_iv is None:
                sa.mm_iv = sa.hash(sa.ke[0] + sa.ke[1]).digest()[:sa.bs]
            iv = sa.mm_iv
            sa.mm_iv = sa.p1_last = ct[-sa.bs:]
        else:
            iv = sa.p2iv.get(mid)
            if iv is None:
                iv = sa.hash(sa.p1_last + struct.pack("!I", mid)
                             ).digest()[:sa.bs]
            sa.p2iv[mid] = ct[-sa.bs:]
        return cbc(sa.alg, sa.key, iv, ct)

    def pull(self, fno, ip, sa, mid, pls):
        x = self.pulls.setdefault((sa.icky, mid), {})
        types = [t for t, _, _ in pls]
        if types[:1] != [8]:
            return bad("frame %d: PULL message without HASH first" % fno)
        for t, b, _ in pls:
            if t == 5 and b[0] == 11:           # ID_KEY_ID: group id
                self.group_ids.add(int.from_bytes(b[4:8], "big"))
                self.n["pull1"] += 1
            elif t == 1:
                x["sa"] = self.gdoi_sa(b)
                self.n["pull2"] += 1
            elif t == 17:
                kd = self.kd(b)
                self.take_keys(x.get("sa"), kd, "registration")
                self.n["pull4"] += 1
                ok("frame %d: GROUPKEY-PULL message 4 to %s decrypted: "
                   "KD with %s" % (fno, ip.dst, ", ".join(
                       "%s %s" % (k[0], k[1].hex()) for k in kd)))
        if types == [8]:
            self.n["pull3"] += 1

    # -- GDOI payloads ------------------------------------------------------

    def gdoi_sa(self, b):
        """GDOI SA body -> {"sak": {...} or None, "sat": [{...}]}."""
        doi, _, nxt = struct.unpack_from("!IIH", b, 0)
        if doi != 2:
            raise ValueError("SA DOI %d, not GDOI" % doi)
        out = {"sak": None, "sat": []}
        inner, _ = payloads(nxt, b[12:])
        for t, p, _ in inner:
            if t == 15:
                off = 1
                for _ in range(2):              # SRC, DST: 1-byte lengths
                    off += 4 + p[off + 3]
                spi = p[off:off + 16]
                a = attrs(p[off + 20:])
                out["sak"] = {"spi": spi, "alg": num(a.get(2, 0)),
                              "keylen": num(a.get(3, 0)),
                              "sighash": num(a.get(5, 2))}
            elif t == 16:
                if p[0] != 1:
                    raise ValueError("SAT protocol %d, not ESP" % p[0])
                off = 2
                ids = []
                for _ in range(2):              # SRC, DST: 2-byte lengths
                    n = struct.unpack_from("!H", p, off + 3)[0]
                    ids.append(p[off + 5:off + 5 + n])
                    off += 5 + n
                tid = p[off]
                spi = p[off + 1:off + 5]
                a = attrs(p[off + 5:])
                out["sat"].append({"spi": spi, "tid": tid,
                                   "auth": num(a.get(5, 0)),
                                   "keylen": num(a.get(6, 0)),
                                   "encap": num(a.get(4, 0)),
                                   "ids": ids})
        return out

    @staticmethod
    def kd(b):
        """KD body -> [(kind, spi, {attr: bytes})]."""
        n = struct.unpack_from("!H", b, 0)[0]
        off, out = 4, []
        for _ in range(n):
            typ, _, ln, ss = struct.unpack_from("!BBHB", b, off)
            spi = b[off + 5:off + 5 + ss]
            a = attrs(b[off + 5 + ss:off + ln])
            out.append(({1: "TEK", 2: "KEK"}.get(typ, str(typ)), spi, a))
            off += ln
        return out

    def take_keys(self, sa, kd, where):
        if sa is None:
            raise ValueError("KD without the SA of its exchange")
        for kind, spi, a in kd:
            if kind == "KEK":
                sak = sa["sak"]
                if sak is None or sak["spi"] != spi:
                    raise ValueError("KEK key packet without its SAK")
                bs = 16 if sak["alg"] == 3 else 8
                ivkey = a[1]
                self.keks[spi] = dict(sak, iv=ivkey[:bs], key=ivkey[bs:],
                                      pub=serialization.load_der_public_key(
                                          a[2]), where=where)
            elif kind == "TEK":
                sat = [s for s in sa["sat"] if s["spi"] == spi]
                if not sat:
                    raise ValueError("TEK key packet without its SAT")
                self.teks[int.from_bytes(spi, "big")] = dict(
                    sat[0], key=a[1], ikey=a.get(2, b""), where=where)

    # -- PUSH and ACK ---------------------------------------------------

    def push(self, fno, ip, data, flags):
        kek = self.keks.get(data[:16])
        np, _, _, _, _, ln = struct.unpack_from("!BBBBII", data, 16)
        if kek is None:
            return bad("frame %d: exchange 33 with an unknown KEK cookie "
                       "pair %s" % (fno, data[:16].hex()))
        if not flags & 1:
            return self.ack(fno, ip, data, kek, np)
        alg = algorithms.AES if kek["alg"] == 3 else algorithms.TripleDES
        try:
            plain = cbc(alg, kek["key"], kek["iv"], data[28:ln])
            pls, end = payloads(np, plain)
        except ValueError as e:
            return bad("frame %d: PUSH does not decrypt with the KEK of "
                       "the %s: %s" % (fno, kek["where"], e))
        if [t for t, _, _ in pls][-1:] != [9]:
            return bad("frame %d: PUSH without SIG last" % fno)
        sig = pls[-1][1]
        signed = end - len(pls[-1][2])
        hdr = bytearray(data[:28])
        hdr[19] = 1
        struct.pack_into("!I", hdr, 24, 28 + end)
        h = SIG_HASHES[kek["sighash"]](b"rekey" + bytes(hdr) +
                                       plain[:signed]).digest()
        try:
            got = kek["pub"].recover_data_from_signature(
                sig, padding.PKCS1v15(), None)
        except Exception as e:   # cryptography raises InvalidSignature
            got = repr(e)
        seq = [struct.unpack("!I", b[:4])[0] for t, b, _ in pls if t == 18]
        if got != h:
            return bad("frame %d: PUSH seq %s to %s: signature does not "
                       "verify with the KS key of the %s" %
                       (fno, seq, ip.dst, kek["where"]))
        sa = kd = None
        for t, b, _ in pls:
            if t == 1:
                sa = self.gdoi_sa(b)
            elif t == 17:
                kd = self.kd(b)
        where = "PUSH frame %d" % fno
        self.take_keys(sa, kd, where)
        self.n["push"] += 1
        kinds = [k for k, _, _ in kd]
        if "KEK" in kinds:
            self.n["push_kek"] += 1
        ok("frame %d: GROUPKEY-PUSH seq %s to %s decrypted with the KEK of "
           "the %s, signature verified (%s): %s" %
           (fno, seq[0] if seq else "?", ip.dst, kek["where"],
            kek["pub"].key_size, ", ".join("%s %s" % (k, s.hex())
                                           for k, s, _ in kd)))

    def ack(self, fno, ip, data, kek, np):
        pls, _ = payloads(np, data[28:])
        d = {t: (b, w) for t, b, w in pls}
        if 8 not in d or 18 not in d or 5 not in d:
            return bad("frame %d: ACK without HASH, SEQ and ID" % fno)
        want = hmac.new(kek["key"], d[18][1] + d[5][1],
                        hashlib.sha1).digest()
        seq = struct.unpack("!I", d[18][0][:4])[0]
        gm = ip4(d[5][0][4:8])
        if d[8][0] != want or gm != ip.src:
            return bad("frame %d: ACK of seq %d from %s: hash or ID wrong" %
                       (fno, seq, ip.src))
        self.n["ack"] += 1
        self.acked.append((gm, seq))

    # -- ESP ------------------------------------------------------------

    def esp(self, path, export):
        """Decrypt every ESP packet of one capture twice: with the chain's
        TEKs and with the exported rows.  One PASS/FAIL line per key
        source, with the first few problems."""
        name = os.path.basename(path)
        errs = {"esp_chain": [], "esp_export": []}
        n = 0
        for fno, ip in frames(path):
            if ip.proto != 50:
                continue
            n += 1
            spi = ip[ESP].spi
            where = "frame %d spi %#010x" % (fno, spi)
            t = self.teks.get(spi)
            if t is None:
                for e in errs.values():
                    e.append("%s: no TEK of the chain has this SPI" % where)
                continue
            # 3DES/AES-CBC + HMAC-MD5/SHA1/SHA256 (transform 3/12).
            crypt = {3: "3DES", 12: "AES-CBC"}[t["tid"]]
            auth = {1: "HMAC-MD5-96", 2: "HMAC-SHA1-96",
                    5: "SHA2-256-128"}[t["auth"]]
            for src, keys in (("esp_chain", (t["key"], t["ikey"])),
                              ("esp_export", export.get(spi))):
                if keys is None:
                    errs[src].append("%s: SPI not in esp_sa" % where)
                    continue
                s = SecurityAssociation(ESP, spi=spi, crypt_algo=crypt,
                                        crypt_key=keys[0], auth_algo=auth,
                                        auth_key=keys[1], tunnel_header=IP())
                try:
                    inner = s.decrypt(IP(bytes(ip)))
                except Exception as e:   # ICV or padding
                    errs[src].append("%s: %s" % (where, e))
                    continue
                if ICMP not in inner or inner[ICMP].type not in (0, 8):
                    errs[src].append("%s: no ICMP echo inside" % where)
                elif (inner.src, inner.dst) != (ip.src, ip.dst):
                    errs[src].append(
                        "%s: inner %s -> %s, outer %s -> %s (address "
                        "preservation)" % (where, inner.src, inner.dst,
                                           ip.src, ip.dst))
                else:
                    self.n[src] += 1
        self.n["esp"] += n
        for src, what in (("esp_chain", "the TEKs of the key chain"),
                          ("esp_export", "scapy and the exported esp_sa")):
            e = errs[src]
            if n and not e:
                ok("%s: %d ESP packets decrypt with %s to ICMP echoes, "
                   "inner addresses = outer" % (name, n, what))
            else:
                bad("%s: %d of %d ESP packets do not decrypt with %s%s" %
                    (name, len(e), n, what,
                     "".join("\n    " + x for x in e[:3])))


def load_export(keydir):
    """esp_sa rows -> {spi: (cipher key, auth key)}; only "*" rows (the
    address-preserving group SAs)."""
    out = {}
    path = os.path.join(keydir, "esp_sa")
    if not os.path.exists(path):
        return out
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) == 8 and row[1] == row[2] == "*":
                out[int(row[3], 16)] = (bytes.fromhex(row[5][2:]),
                                        bytes.fromhex(row[7][2:]))
    return out


def main(argv):
    if len(argv) < 4:
        raise SystemExit(__doc__)
    g = Group(argv[1])
    for fno, ip in frames(argv[2]):
        if ip.proto == 17 and PORT in (ip.sport, ip.dport):
            try:
                g.isakmp(fno, ip, bytes(ip.payload.payload))
            except (ValueError, KeyError, IndexError, struct.error) as e:
                bad("frame %d: %s" % (fno, e))
    export = load_export(argv[1])
    for path in argv[3:]:
        g.esp(path, export)
    # The exported rows are the keys the chain found, SPI for SPI.
    chain = {s: (t["key"], t["ikey"]) for s, t in g.teks.items()}
    if export and export == chain:
        ok("esp_sa holds exactly the %d TEKs of the registration and the "
           "rekeys, keys equal" % len(chain))
    else:
        bad("esp_sa (%s) differs from the TEKs of the chain (%s)" %
            (sorted("%#010x" % s for s in export),
             sorted("%#010x" % s for s in chain)))
    mm = sorted(set(next(iter(s.mm_ids), "") for s in g.sas.values()))
    print("count mm56 %d" % g.n["mm56"])
    print("mm ids %s" % " ".join(mm))
    print("group ids %s" % " ".join(str(x) for x in sorted(g.group_ids)))
    for k in ("pull1", "pull2", "pull3", "pull4", "push", "push_kek", "ack",
              "esp", "esp_chain", "esp_export"):
        print("count %s %d" % (k, g.n[k]))
    print("python: %d passed, %d failed" % (results["pass"],
                                            results["fail"]))
    return 1 if results["fail"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
