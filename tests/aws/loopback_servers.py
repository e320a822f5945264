"""Loopback servers and tools shared by the Python test scripts of the AWS tests (aws.dynamodb.*:
tests/aws/dynamodb/run_servers.py; aws.package.*: examples/aws-lambda/tests/*.py).

  processes    fail(), need(), free_port(), wait_for_port(), stop(), clean_env(), finish()
  Server       a server process on a free loopback port, its output in a log file
  dynalite     start_dynalite(): dynalite (npm, tests/emulators) on a free loopback port
  moto_server  start_moto(): moto_server with INITIAL_NO_AUTH_ACTION_COUNT
  aws CLI      aws_cli(), create_candidates_table(), scan_names(): an independent client
  test CA      openssl(), make_test_ca(): two CAs and a server certificate (openssl command)
  TlsProxy     terminates TLS on a free loopback port and forwards to a plain TCP port;
               counts connections (optionally into a file) and refused handshakes

Every server is stopped by its process; a missing tool fails with a clear message (exit 1),
never a skip. Scripts import this module after adding its folder to sys.path."""
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
EMULATORS = os.path.join(ROOT, "tests", "emulators", "node_modules")
DYNALITE_CLI = os.path.join(EMULATORS, "dynalite", "cli.js")
FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


# ---------------------------------------------------------------- processes

def fail(message):
    """Fails the test: `<script>: FAIL: <message>` on stderr, exit status 1."""
    print(f"{os.path.basename(sys.argv[0])}: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def need(tool, why):
    """The path of `tool` on PATH; fails saying why it is needed when it is not there."""
    path = shutil.which(tool)
    if path is None:
        fail(f"{tool} is not on PATH ({why})")
    return path


def finish(errors):
    """Prints each error and exits 1 if there are any; prints "ok" otherwise."""
    for e in errors:
        print(f"error: {e}")
    if errors:
        sys.exit(1)
    print("ok")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, timeout=30):
    """Waits until 127.0.0.1:port accepts a connection; fails if `process` (may be None) exits
    first or nothing listens within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            fail(f"{what} exited with status {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    fail(f"{what} did not listen on 127.0.0.1:{port} within {timeout} s")


def stop(process):
    """Terminates `process` (may be None) and waits for it; kills it after 10 s."""
    if process is None or process.poll() is not None:
        return
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


class Server:
    """A server process started by `argv`, which makes it listen on 127.0.0.1:`port`; its output
    goes to `workdir`/`log_name`. Returns once the port accepts connections."""

    def __init__(self, what, argv, port, workdir, log_name, env=None):
        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(workdir, log_name), "w")
        self.process = subprocess.Popen(argv, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, self.process, what)
        except SystemExit:
            self.stop()
            raise

    def stop(self):
        stop(self.process)
        self.log.close()


def start_dynalite(workdir, node=None, cli=DYNALITE_CLI):
    """dynalite on a free loopback port (tables created and deleted at once); `node` defaults to
    node on PATH."""
    if node is None:
        node = need("node", "Node.js runs dynalite; install nodejs")
    if not os.path.exists(cli):
        fail(f"{cli} is missing: run scripts/setup.sh (npm ci in tests/emulators)")
    port = free_port()
    return Server("dynalite", [node, cli, "--port", str(port), "--host", "127.0.0.1",
                               "--createTableMs", "0", "--deleteTableMs", "0"],
                  port, workdir, "dynalite.log")


def start_moto(workdir, command, no_auth_count, env):
    """moto_server (`command`, e.g. [moto_server] or [python, -m, moto.server]) on a free loopback
    port with `env` and INITIAL_NO_AUTH_ACTION_COUNT=`no_auth_count`: after that many
    unauthenticated actions every call must be signed by a known key and allowed by its IAM
    policies."""
    port = free_port()
    return Server("moto_server", [*command, "-H", "127.0.0.1", "-p", str(port)], port, workdir,
                  "moto.log", env=dict(env, INITIAL_NO_AUTH_ACTION_COUNT=str(no_auth_count)))


# ---------------------------------------------------------------- the aws CLI

def admin_env():
    return dict(clean_env(), AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY=FAKE_SECRET,
                AWS_DEFAULT_REGION="us-east-1", AWS_REGION="us-east-1")


def aws_cli(endpoint, *args, env=None):
    """Runs the aws CLI (an independent DynamoDB client) against `endpoint`; returns stdout."""
    aws = need("aws", "the aws CLI creates the table and reads back; it comes preinstalled")
    result = subprocess.run([aws, "--endpoint-url", endpoint, "--output", "json", *args],
                            env=env or admin_env(), capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        fail(f"aws {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def create_candidates_table(endpoint, table="Candidates", wait=True):
    aws_cli(endpoint, "dynamodb", "create-table", "--table-name", table,
            "--attribute-definitions", "AttributeName=CandidateName,AttributeType=S",
            "--key-schema", "AttributeName=CandidateName,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST")
    if wait:
        aws_cli(endpoint, "dynamodb", "wait", "table-exists", "--table-name", table)


def scan_names(endpoint, table="Candidates", env=None):
    out = json.loads(aws_cli(endpoint, "dynamodb", "scan", "--table-name", table,
                             "--consistent-read", env=env))
    return sorted(item["CandidateName"]["S"] for item in out["Items"])


# ---------------------------------------------------------------- test CA

def openssl(*args):
    path = need("openssl", "the openssl command makes the test CA; install openssl")
    subprocess.run([path, *args], check=True, capture_output=True)


TestCa = namedtuple("TestCa", "ca other_ca cert key ca_dir")


def make_test_ca(d, names=("DNS:localhost",), ca_dir=False):
    """Writes into `d` two CAs, ca.pem and other_ca.pem, and server.pem/server.key signed by
    ca.pem for `names` (subjectAltName entries; the first is also the common name). With
    `ca_dir`, also a hashed CA directory holding ca.pem (as SSL_CERT_DIR names), d/ca-dir.
    Returns the paths as a TestCa (ca_dir None without it)."""
    p = lambda name: os.path.join(d, name)  # noqa: E731
    for ca in ("ca", "other_ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", f"/CN=flasky test {ca}", "-keyout", p(f"{ca}.key"), "-out", p(f"{ca}.pem"),
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={names[0].split(':', 1)[1]}",
            "-keyout", p("server.key"), "-out", p("server.csr"))
    with open(p("server.ext"), "w") as f:
        f.write(f"subjectAltName={','.join(names)}\nbasicConstraints=CA:FALSE\n"
                "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", p("server.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
            "-CAcreateserial", "-days", "2", "-extfile", p("server.ext"), "-out", p("server.pem"))
    hashed = None
    if ca_dir:
        hashed = p("ca-dir")
        os.makedirs(hashed, exist_ok=True)
        shutil.copy(p("ca.pem"), os.path.join(hashed, "flasky-test-ca.pem"))
        openssl("rehash", hashed)
    return TestCa(p("ca.pem"), p("other_ca.pem"), p("server.pem"), p("server.key"), hashed)


# ---------------------------------------------------------------- TLS proxy

class TlsProxy:
    """Terminates TLS on a free loopback port (`cert`/`key`, e.g. from make_test_ca) and forwards
    the bytes to 127.0.0.1:`target_port` in plain TCP. Counts accepted connections
    (`connections`, also written to `count_file` on every accept when given, "0" at first),
    completed handshakes and refused ones (`handshakes`, `refused`)."""

    def __init__(self, cert, key, target_port, count_file=None):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.target_port = target_port
        self.count_file = count_file
        self.connections = 0
        self.handshakes = 0
        self.refused = 0
        self.write_count()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.accept_loop, daemon=True)
        self.thread.start()

    def write_count(self):
        if self.count_file:
            with open(self.count_file, "w") as f:
                f.write(str(self.connections))

    def accept_loop(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                continue
            self.connections += 1
            self.write_count()
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
