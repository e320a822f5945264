#!/usr/bin/env python3
"""Checks which CA certificates a statically linked program trusts (static OpenSSL).

Makes two test CAs with the openssl command (a server certificate for localhost/127.0.0.1 signed
by the first), serves HTTPS on a free loopback port with Python's ssl module, and runs
`<probe> tls localhost <port>` with SSL_CERT_DIR set to an empty directory and:

  SSL_CERT_FILE = the server's CA      -> verified, "status 200" and the body
  SSL_CERT_FILE = another CA           -> refused: certificate verify failed (exit 3)
  SSL_CERT_FILE = a missing file       -> refused (exit 3), nothing trusted by accident

usage: tls_check.py <probe>
"""
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "aws"))
import loopback_servers as servers  # noqa: E402

BODY = b"hello over tls"


def serve(listener, context, stop):
    listener.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        try:
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.settimeout(5)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    request += chunk
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                            % (len(BODY), BODY))
        except (ssl.SSLError, OSError):
            pass  # the client refused the certificate


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    probe = os.path.abspath(sys.argv[1])
    errors = []
    with tempfile.TemporaryDirectory() as d:
        ca = servers.make_test_ca(d, names=("DNS:localhost", "IP:127.0.0.1"))
        empty_dir = os.path.join(d, "empty")
        os.mkdir(empty_dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(ca.cert, ca.key)
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        stop = threading.Event()
        thread = threading.Thread(target=serve, args=(listener, context, stop), daemon=True)
        thread.start()
        try:
            cases = [
                ("the server's CA", ca.ca, 0, f"status 200\n{BODY.decode()}"),
                ("another CA", ca.other_ca, 3, "certificate verify failed"),
                ("a missing file", os.path.join(d, "missing.pem"), 3, "certificate verify failed"),
            ]
            for what, cert_file, want_rc, want_text in cases:
                env = dict(os.environ, SSL_CERT_FILE=cert_file, SSL_CERT_DIR=empty_dir)
                r = subprocess.run([probe, "tls", "localhost", str(port)], env=env,
                                   capture_output=True, text=True, timeout=30)
                print(f"SSL_CERT_FILE = {what}: exit {r.returncode}, stdout {r.stdout.strip()!r}, "
                      f"stderr {r.stderr.strip()!r}")
                if r.returncode != want_rc or want_text not in (r.stdout + r.stderr):
                    errors.append(f"SSL_CERT_FILE = {what}: expected exit {want_rc} and {want_text!r}")
        finally:
            stop.set()
            thread.join()
            listener.close()
    servers.finish(errors)


main()
