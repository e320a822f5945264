#!/usr/bin/env python3
"""The packaged static bootstrap finds and honours its CA certificates (static OpenSSL).

dynalite (the DynamoDB emulator) runs behind a loopback TLS proxy whose certificate (for
localhost) is signed by a test CA; the bootstrap runs against a scripted Runtime API
(benchmarks/aws/runtime_api.py) with AWS_ENDPOINT_URL_DYNAMODB=https://localhost:<proxy> and:

  SSL_CERT_FILE = the test CA    POST /candidate/tls-alice and GET /candidates answered 200;
                                 the aws CLI reads tls-alice back from dynalite
  SSL_CERT_FILE = another CA     GET /candidates is 500 "Unable to read" (handshake refused)
  SSL_CERT_FILE = a missing file the bootstrap does not start: an init error
                                 (Runtime.ConfigurationError) is posted and it exits 1
  Amazon Linux layout            no SSL_CERT_FILE; in a private mount namespace /etc holds only
                                 hosts, nsswitch.conf and pki/tls/certs/ca-bundle.crt (the test
                                 CA, where Amazon Linux keeps its bundle): answered 200
  no bundle anywhere             the same /etc without pki/: 500, nothing trusted by accident
  host name checked              https://127.0.0.1:<proxy> (the certificate names localhost
                                 only): 500

usage: bootstrap_tls_check.py <bootstrap>
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "aws"))
import loopback_servers as servers  # noqa: E402

sys.path.insert(0, os.path.join(servers.ROOT, "benchmarks", "aws"))
from runtime_api import ScriptedRuntimeApi, http_api_event  # noqa: E402

errors = []


def check(condition, message):
    print(("ok: " if condition else "FAILED: ") + message)
    if not condition:
        errors.append(message)


def run(bootstrap, events, env, etc=None):
    """Runs the bootstrap once against a scripted Runtime API with `events`; returns
    (exit code, [(status, body)], api, stderr)."""
    api = ScriptedRuntimeApi(events)
    env = dict(env, AWS_LAMBDA_RUNTIME_API=api.address)
    argv = [bootstrap]
    if etc is not None:
        argv = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                'mount --bind "$1" /etc && exec "$2"', "sh", etc, bootstrap]
    process = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    api.stop()
    answers = []
    for _, body in api.responses:
        answer = json.loads(body)
        answers.append((answer.get("statusCode"), answer.get("body")))
    print(f"  exit {process.returncode}; answers {answers}; init errors {api.init_errors}; "
          f"stderr {stderr.strip()!r}")
    return process.returncode, answers, api, stderr


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    bootstrap = os.path.abspath(sys.argv[1])
    if os.geteuid() != 0:
        servers.fail("this test needs root (unshare --mount, mount --bind)")
    servers.need("unshare", "util-linux")
    with tempfile.TemporaryDirectory() as work:
        certs = os.path.join(work, "certs")
        os.mkdir(certs)
        ca = servers.make_test_ca(certs)
        dynalite = servers.start_dynalite(work)
        proxy = None
        try:
            servers.create_candidates_table(dynalite.endpoint)
            proxy = servers.TlsProxy(ca.cert, ca.key, dynalite.port)
            base = dict(servers.clean_env(), AWS_REGION="us-east-1",
                        AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY=servers.FAKE_SECRET,
                        AWS_SESSION_TOKEN="EXAMPLE-session-token",
                        AWS_LAMBDA_LOG_STREAM_NAME="2026/01/01/[$LATEST]tls",
                        AWS_ENDPOINT_URL_DYNAMODB=f"https://localhost:{proxy.port}")
            empty = os.path.join(work, "empty")
            os.mkdir(empty)
            listing = http_api_event("GET", "/candidates")
            stored = [200, '[{"CandidateName":"tls-alice"}]']

            print("SSL_CERT_FILE = the test CA")
            rc, answers, _, _ = run(bootstrap, [http_api_event("POST", "/candidate/tls-alice"), listing],
                                    dict(base, SSL_CERT_FILE=os.path.join(certs, "ca.pem"),
                                         SSL_CERT_DIR=empty))
            check([list(a) for a in answers] == [[200, '{"CandidateName":"tls-alice"}'], stored],
                  "stored and listed over TLS verified with SSL_CERT_FILE")
            check(servers.scan_names(dynalite.endpoint) == ["tls-alice"],
                  "the aws CLI reads tls-alice back from dynalite")

            print("SSL_CERT_FILE = another CA")
            refused = proxy.refused
            rc, answers, _, stderr = run(bootstrap, [listing],
                                         dict(base, SSL_CERT_FILE=os.path.join(certs, "other_ca.pem"),
                                              SSL_CERT_DIR=empty))
            check(answers == [(500, "Unable to read")], "500 Unable to read with an untrusted server")
            check(proxy.refused > refused, "the TLS handshake was refused by the bootstrap")
            check("certificate verification failed" in stderr, "the log line says why")

            print("SSL_CERT_FILE = a missing file")
            rc, answers, api, stderr = run(bootstrap, [listing],
                                           dict(base, SSL_CERT_FILE=os.path.join(certs, "missing.pem"),
                                                SSL_CERT_DIR=empty))
            init = api.init_errors
            check(rc == 1 and not answers and len(init) == 1
                  and init[0][0] == "Runtime.ConfigurationError"
                  and json.loads(init[0][1])["errorType"] == "Runtime.ConfigurationError",
                  "an init error is posted and the bootstrap exits 1")
            check("cannot start" in stderr and "CA file" in stderr,
                  "stderr says why it cannot start (the CA file)")

            def etc_dir(name, bundle):
                etc = os.path.join(work, name)
                os.mkdir(etc)
                with open(os.path.join(etc, "hosts"), "w") as f:
                    f.write("127.0.0.1 localhost\n")
                with open(os.path.join(etc, "nsswitch.conf"), "w") as f:
                    f.write("hosts: files dns\n")
                if bundle:
                    os.makedirs(os.path.join(etc, "pki", "tls", "certs"))
                    with open(os.path.join(certs, "ca.pem")) as src, \
                            open(os.path.join(etc, "pki", "tls", "certs", "ca-bundle.crt"), "w") as dst:
                        dst.write(src.read())
                return etc

            print("Amazon Linux layout: /etc/pki/tls/certs/ca-bundle.crt, no SSL_CERT_FILE")
            rc, answers, _, _ = run(bootstrap, [listing], base, etc=etc_dir("etc-al2023", True))
            check([list(a) for a in answers] == [stored],
                  "the bundle where Amazon Linux keeps it is found and trusted")

            print("no bundle anywhere")
            rc, answers, _, _ = run(bootstrap, [listing], base, etc=etc_dir("etc-none", False))
            check(answers == [(500, "Unable to read")], "nothing trusted without a bundle")

            print("host name checked: https://127.0.0.1, certificate for localhost only")
            rc, answers, _, _ = run(bootstrap, [listing],
                                    dict(base, SSL_CERT_FILE=os.path.join(certs, "ca.pem"),
                                         SSL_CERT_DIR=empty,
                                         AWS_ENDPOINT_URL_DYNAMODB=f"https://127.0.0.1:{proxy.port}"))
            check(answers == [(500, "Unable to read")], "a certificate for another name is refused")
        finally:
            if proxy:
                proxy.stop()
            dynalite.stop()
    if errors:
        sys.exit(f"{len(errors)} check(s) failed")


main()
