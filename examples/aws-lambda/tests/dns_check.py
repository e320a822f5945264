#!/usr/bin/env python3
"""Checks how a statically linked program (glibc's getaddrinfo in libc.a) resolves host names.

Runs `<probe> resolve <name>` in a private mount namespace (unshare --mount, as root) where
/etc/hosts, /etc/resolv.conf and /etc/nsswitch.conf ("hosts: files dns") are bind-mounted test
files, and resolv.conf names a tiny DNS server this script runs on a loopback address
(127.53.x.y, UDP port 53, raw packets). The server answers one test name with an A record,
says NODATA for its other types and NXDOMAIN for anything else, and records every question.

  files  a name in the test /etc/hosts resolves to its address there, and no DNS question is
         asked for it (the `files` source answered, inside the static libc)
  dns    a name only the DNS server knows resolves to the server's answer, and the server saw
         the question; a name nobody knows fails with a resolver error (exit 2)

usage: dns_check.py files|dns <probe>
"""
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "aws"))
import loopback_servers as servers  # noqa: E402

FILES_NAME, FILES_ADDRESS = "flasky-files-probe.test", "127.0.0.66"
DNS_NAME, DNS_ADDRESS = "flasky-dns-probe.test", "127.0.0.77"
UNKNOWN_NAME = "flasky-nobody-knows.test"


class DnsServer:
    """A loopback DNS server for one name (A record only), recording the questions."""

    def __init__(self, address):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 53))
        self.sock.settimeout(0.2)
        self.questions = []
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def stop(self):
        self.running = False
        self.thread.join()
        self.sock.close()

    def serve(self):
        while self.running:
            try:
                packet, peer = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            answer = self.answer(packet)
            if answer:
                self.sock.sendto(answer, peer)

    def answer(self, packet):
        if len(packet) < 12:
            return None
        ident, _flags, qdcount = struct.unpack("!HHH", packet[:6])
        if qdcount != 1:
            return None
        labels, i = [], 12
        while i < len(packet) and packet[i] != 0:
            n = packet[i]
            labels.append(packet[i + 1:i + 1 + n].decode("ascii", "replace"))
            i += 1 + n
        qtype, qclass = struct.unpack("!HH", packet[i + 1:i + 5])
        question = packet[12:i + 5]
        name = ".".join(labels).lower()
        self.questions.append((name, qtype))
        known = name == DNS_NAME
        flags = 0x8180 if known else 0x8183  # response, RD, RA; NOERROR or NXDOMAIN
        answers = b""
        if known and qtype == 1 and qclass == 1:
            answers = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(DNS_ADDRESS)
        header = struct.pack("!HHHHHH", ident, flags, 1, 1 if answers else 0, 0, 0)
        return header + question + answers


def resolve(probe, name, etc):
    script = ('mount --bind "$1/hosts" /etc/hosts && mount --bind "$1/resolv.conf" /etc/resolv.conf'
              ' && mount --bind "$1/nsswitch.conf" /etc/nsswitch.conf && exec "$2" resolve "$3"')
    result = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script,
                             "sh", etc, probe, name], capture_output=True, text=True, timeout=30)
    print(f"$ {os.path.basename(probe)} resolve {name} -> exit {result.returncode}, "
          f"stdout {result.stdout.split()}, stderr {result.stderr.strip()!r}")
    return result


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("files", "dns"):
        sys.exit(__doc__)
    mode, probe = sys.argv[1], os.path.abspath(sys.argv[2])
    if os.geteuid() != 0:
        servers.fail("this test needs root (unshare --mount and mount --bind, a DNS server on port 53)")
    servers.need("unshare", "util-linux")
    server_address = f"127.53.{random.randint(1, 254)}.{random.randint(1, 254)}"
    server = DnsServer(server_address)
    errors = []
    try:
        with tempfile.TemporaryDirectory() as etc:
            with open(os.path.join(etc, "hosts"), "w") as f:
                f.write(f"127.0.0.1 localhost\n{FILES_ADDRESS} {FILES_NAME}\n")
            with open(os.path.join(etc, "resolv.conf"), "w") as f:
                f.write(f"nameserver {server_address}\noptions timeout:2 attempts:1\n")
            with open(os.path.join(etc, "nsswitch.conf"), "w") as f:
                f.write("hosts: files dns\n")
            if mode == "files":
                r = resolve(probe, FILES_NAME, etc)
                if r.returncode != 0 or r.stdout.split() != [FILES_ADDRESS]:
                    errors.append(f"{FILES_NAME} should resolve to {FILES_ADDRESS} from /etc/hosts")
                asked = [q for q in server.questions if q[0] == FILES_NAME]
                if asked:
                    errors.append(f"the DNS server was asked about {FILES_NAME}: {asked}")
            else:
                r = resolve(probe, DNS_NAME, etc)
                if r.returncode != 0 or r.stdout.split() != [DNS_ADDRESS]:
                    errors.append(f"{DNS_NAME} should resolve to {DNS_ADDRESS} through DNS")
                if (DNS_NAME, 1) not in server.questions:
                    errors.append(f"the DNS server never saw an A question for {DNS_NAME}")
                r = resolve(probe, UNKNOWN_NAME, etc)
                if r.returncode != 2 or r.stdout.strip() or UNKNOWN_NAME not in r.stderr:
                    errors.append(f"{UNKNOWN_NAME} should fail to resolve (exit 2, the name in the error)")
                if not any(q[0] == UNKNOWN_NAME for q in server.questions):
                    errors.append(f"the DNS server never saw a question for {UNKNOWN_NAME}")
    finally:
        server.stop()
    print(f"questions seen by the DNS server at {server_address}: {server.questions}")
    servers.finish(errors)


main()
