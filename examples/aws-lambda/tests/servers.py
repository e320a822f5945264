"""Loopback servers for the aws.package.* tests: dynalite (npm), moto_server, a TLS proxy with a
test CA made by the openssl command, and the aws CLI as an independent client. Every server is
started on a free port and stopped by its process; a missing tool fails with a clear message."""
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
EMULATORS = os.path.join(ROOT, "tests", "emulators", "node_modules")
FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def need(tool, why):
    path = shutil.which(tool)
    if path is None:
        fail(f"{tool} is not on PATH ({why})")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"{what} exited with status {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    fail(f"{what} did not listen on 127.0.0.1:{port} within {timeout} s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def clean_env():
    """The test's environment without any AWS or CA setting of the machine."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("AWS_") and k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}


def admin_env():
    return dict(clean_env(), AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY=FAKE_SECRET,
                AWS_DEFAULT_REGION="us-east-1", AWS_REGION="us-east-1")


class Dynalite:
    def __init__(self, workdir):
        node = need("node", "Node.js runs dynalite; install nodejs")
        cli = os.path.join(EMULATORS, "dynalite", "cli.js")
        if not os.path.exists(cli):
            fail(f"{cli} is missing: run scripts/setup.sh (npm ci in tests/emulators)")
        self.port = free_port()
        self.log = open(os.path.join(workdir, "dynalite.log"), "w")
        self.process = subprocess.Popen(
            [node, cli, "--port", str(self.port), "--host", "127.0.0.1", "--createTableMs", "0"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, "dynalite")
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop(self.process)
        self.log.close()


def aws_cli(endpoint, *args, env=None):
    """Runs the aws CLI (an independent DynamoDB client) against `endpoint`; returns stdout."""
    aws = need("aws", "the aws CLI creates the table and reads back; it comes preinstalled")
    result = subprocess.run([aws, "--endpoint-url", endpoint, "--output", "json", *args],
                            env=env or admin_env(), capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        fail(f"aws {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def create_candidates_table(endpoint, table="Candidates"):
    aws_cli(endpoint, "dynamodb", "create-table", "--table-name", table,
            "--attribute-definitions", "AttributeName=CandidateName,AttributeType=S",
            "--key-schema", "AttributeName=CandidateName,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST")
    aws_cli(endpoint, "dynamodb", "wait", "table-exists", "--table-name", table)


def scan_names(endpoint, table="Candidates", env=None):
    import json
    out = json.loads(aws_cli(endpoint, "dynamodb", "scan", "--table-name", table,
                             "--consistent-read", env=env))
    return sorted(item["CandidateName"]["S"] for item in out["Items"])


def openssl(*args, cwd):
    path = need("openssl", "it makes the test CA")
    subprocess.run([path, *args], cwd=cwd, check=True, capture_output=True)


def make_test_ca(d, names=("DNS:localhost",)):
    """Writes ca.pem and other_ca.pem (two CAs) and server.pem/server.key (signed by ca.pem, for
    `names`) into `d`."""
    for ca in ("ca", "other_ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                f"/CN=flasky test {ca}", "-keyout", f"{ca}.key", "-out", f"{ca}.pem", cwd=d)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", "server.key", "-out", "server.csr", cwd=d)
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write(f"subjectAltName={','.join(names)}\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem", cwd=d)


class TlsProxy:
    """Terminates TLS on a free loopback port (server.pem from make_test_ca) and forwards the
    bytes to 127.0.0.1:<target_port> in plain TCP. Counts refused handshakes."""

    def __init__(self, certdir, target_port):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(os.path.join(certdir, "server.pem"),
                                     os.path.join(certdir, "server.key"))
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.handshakes = 0
        self.refused = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.accept_loop, daemon=True)
        self.thread.start()

    def accept_loop(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        try:
            conn.settimeout(10)
            tls = self.context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            self.refused += 1
            conn.close()
            return
        self.handshakes += 1
        upstream = socket.create_connection(("127.0.0.1", self.target_port))

        def pump(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        tls.settimeout(None)
        t = threading.Thread(target=pump, args=(upstream, tls), daemon=True)
        t.start()
        pump(tls, upstream)
        t.join(5)
        tls.close()
        upstream.close()

    def stop(self):
        self.stopping.set()
        self.thread.join()
        self.listener.close()
