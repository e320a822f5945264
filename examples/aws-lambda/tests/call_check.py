#!/usr/bin/env python3
"""examples/aws-lambda/call.py sends a SigV4-signed request (botocore) as the README says.

A loopback HTTP server records what call.py sends for `POST /candidate/alice` with fake
AKIDEXAMPLE credentials: the method and path, an Authorization header
`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/<date>/us-east-1/execute-api/aws4_request,
SignedHeaders=...host...x-amz-date..., Signature=<64 hex>` and X-Amz-Date; and that call.py
prints the answer and exits 0 for 200, 1 for 403.

usage: call_check.py <call.py>
"""
import http.server
import os
import re
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tests", "aws"))
import loopback_servers as servers  # noqa: E402

seen = []


class Handler(http.server.BaseHTTPRequestHandler):
    def handle_one(self):
        seen.append((self.command, self.path, dict(self.headers.items())))
        status = 403 if self.path.startswith("/forbidden") else 200
        body = b'{"CandidateName":"alice"}' if status == 200 else b'{"message":"Forbidden"}'
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = handle_one

    def log_message(self, *args):
        pass


def main():
    call = os.path.abspath(sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = dict(servers.admin_env(), AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    errors = []
    try:
        ok = subprocess.run([sys.executable, call, base, "POST", "/candidate/alice"], env=env,
                            capture_output=True, text=True, timeout=60)
        print(f"call.py POST: exit {ok.returncode}, {ok.stdout.strip()!r} {ok.stderr.strip()!r}")
        if ok.returncode != 0 or '{"CandidateName":"alice"}' not in ok.stdout:
            errors.append("call.py did not print the 200 answer and exit 0")
        refused = subprocess.run([sys.executable, call, base, "GET", "/forbidden"], env=env,
                                 capture_output=True, text=True, timeout=60)
        if refused.returncode != 1 or "403" not in refused.stdout:
            errors.append("call.py did not exit 1 with the 403 answer")
    finally:
        server.shutdown()
    method, path, headers = seen[0]
    auth = headers.get("Authorization", "")
    print(f"received {method} {path}; Authorization: {auth}")
    if (method, path) != ("POST", "/candidate/alice"):
        errors.append(f"received {method} {path}")
    pattern = (r"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/execute-api/aws4_request, "
               r"SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$")
    m = re.match(pattern, auth)
    if not m or not {"host", "x-amz-date"} <= set(m.group(1).split(";")):
        errors.append("the Authorization header is not a SigV4 execute-api signature by AKIDEXAMPLE")
    if not re.match(r"^\d{8}T\d{6}Z$", headers.get("X-Amz-Date", "")):
        errors.append("no X-Amz-Date header")
    servers.finish(errors)


main()
