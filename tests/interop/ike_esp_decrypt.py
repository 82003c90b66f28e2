#!/usr/bin/python3
"""scapy decrypts the ESP of a vpnsim capture on its own, with nothing but
the keys of the esp_sa file vpnsim wrote next to it (keyexport.h: the
Wireshark esp_sa UAT rows).  Every ESP packet (raw or ESP-in-UDP on 4500)
must belong to a known SA, pass its ICV and hold an IPv4 ICMP echo.

usage: ike_esp_decrypt.py ESP_SA_FILE PCAP...
Prints one line per SPI and a total; exit 0 only if every ESP packet
decrypted and at least one echo request and one reply were found."""
import csv
import sys

from scapy.all import ICMP, IP, UDP, conf, rdpcap
from scapy.layers.ipsec import ESP, SecurityAssociation

conf.verb = 0

# Wireshark's names (esp_sa UAT) -> scapy's.
CRYPT = {
    "NULL": "NULL",
    "DES-CBC [RFC2405]": "DES",
    "TripleDES-CBC [RFC2451]": "3DES",
    "AES-CBC [RFC3602]": "AES-CBC",
    "AES-GCM with 16 octet ICV [RFC4106]": "AES-GCM",
}
AUTH = {
    "NULL": "NULL",
    "HMAC-MD5-96 [RFC2403]": "HMAC-MD5-96",
    "HMAC-SHA-1-96 [RFC2404]": "HMAC-SHA1-96",
    "HMAC-SHA-256-128 [RFC4868]": "SHA2-256-128",
    "HMAC-SHA-384-192 [RFC4868]": "SHA2-384-192",
    "HMAC-SHA-512-256 [RFC4868]": "SHA2-512-256",
}


def key(h):
    return bytes.fromhex(h[2:]) if h.startswith("0x") else None


def load_sas(path):
    sas = {}
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) != 8 or row[0] != "IPv4":
                raise SystemExit("bad esp_sa row: %r" % row)
            _, src, dst, spi, calg, ckey, aalg, akey = row
            spi = int(spi, 16)
            if calg not in CRYPT or aalg not in AUTH:
                raise SystemExit("no scapy algorithm for %s / %s" %
                                 (calg, aalg))
            sas[spi] = dict(src=src, dst=dst, crypt_algo=CRYPT[calg],
                            crypt_key=key(ckey), auth_algo=AUTH[aalg],
                            auth_key=key(akey), n=0, req=0, rep=0)
    return sas


def esp_of(p):
    """The outer IP packet as scapy's ESP decryption wants it, and the
    NAT-T header if the ESP rode in UDP; None for other packets."""
    if IP not in p:
        return None, None
    ip = IP(bytes(p[IP]))
    if ip.proto == 50:
        return ip, None
    if UDP in ip and 4500 in (ip[UDP].sport, ip[UDP].dport):
        payload = bytes(ip[UDP].payload)
        if len(payload) < 8 or payload[:4] == b"\0\0\0\0" or \
                payload == b"\xff":
            return None, None   # IKE (non-ESP marker) or NAT keepalive
        return ip, UDP(sport=ip[UDP].sport, dport=ip[UDP].dport)
    return None, None


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    sas = load_sas(argv[1])
    bad = total = 0
    for pcap in argv[2:]:
        for i, p in enumerate(rdpcap(pcap)):
            ip, natt = esp_of(p)
            if ip is None:
                continue
            total += 1
            if natt is not None:
                # scapy expects ESP right after the UDP header it was told.
                ip = IP(src=ip.src, dst=ip.dst, proto=17) / \
                    UDP(sport=natt.sport, dport=natt.dport) / \
                    ESP(bytes(ip[UDP].payload))
            spi = ip[ESP].spi
            where = "%s frame %d spi %#010x" % (pcap.split("/")[-1], i + 1,
                                                spi)
            s = sas.get(spi)
            if s is None:
                print("FAIL: %s: SPI not in the key file" % where)
                bad += 1
                continue
            if s["src"] not in ("*", ip.src) or s["dst"] not in ("*", ip.dst):
                print("FAIL: %s: %s -> %s, key file says %s -> %s" %
                      (where, ip.src, ip.dst, s["src"], s["dst"]))
                bad += 1
                continue
            sa = SecurityAssociation(
                ESP, spi=spi, crypt_algo=s["crypt_algo"],
                crypt_key=s["crypt_key"], auth_algo=s["auth_algo"],
                auth_key=s["auth_key"], tunnel_header=IP(),
                nat_t_header=natt)
            try:
                inner = sa.decrypt(ip)   # checks the ICV first
            except Exception as e:   # scapy raises several kinds
                print("FAIL: %s: %s" % (where, e))
                bad += 1
                continue
            if IP not in inner or ICMP not in inner or \
                    inner[ICMP].type not in (0, 8):
                print("FAIL: %s: no ICMP echo inside: %s" %
                      (where, inner.summary()))
                bad += 1
                continue
            s["n"] += 1
            s["req" if inner[ICMP].type == 8 else "rep"] += 1
    req = rep = 0
    for spi, s in sorted(sas.items()):
        print("spi %#010x %s -> %s %s/%s: %d decrypted (%d echo requests,"
              " %d replies)" % (spi, s["src"], s["dst"], s["crypt_algo"],
                                s["auth_algo"], s["n"], s["req"], s["rep"]))
        req += s["req"]
        rep += s["rep"]
    print("scapy: %d ESP packets, %d decrypted with a good ICV, %d bad" %
          (total, total - bad, bad))
    return 1 if bad or req == 0 or rep == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
