#!/usr/bin/env python3
"""flasky's SigV4 verifier against botocore, an independent SigV4 signer.

botocore's SigV4Auth (Authorization header) and SigV4QueryAuth (presigned URL) sign a set of
requests for service execute-api in us-east-1, with made-up test keys and fixed times (botocore's
clock, botocore.auth.get_current_datetime, is patched). The requests are written to a JSON file
the way an HTTP client would send them (wire target, headers including Host, body), together
with the time at which to verify each one and what the verifier must answer; then verify_requests
(tests/aws/verify_requests.cpp) runs flasky::aws::sigv4_verifier on each.

Besides each request as signed (accepted), the file holds tampered copies that must be refused
with a specific error: body, signed header, path, query and method changed, a signed header
removed, too old, dated in the future, presigned and expired; and requests that botocore signed
for another region or service, with an unknown key, with a wrong secret, or without the session
token of temporary credentials.

Usage: botocore_crosscheck.py VERIFY_REQUESTS_PROGRAM OUTPUT_JSON
"""

import datetime
import json
import subprocess
import sys
from unittest import mock
from urllib.parse import quote, urlsplit

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    from botocore.utils import percent_encode_sequence
except ImportError as e:  # never skip: the test exists to run botocore
    sys.exit(
        f"aws.botocore_crosscheck: cannot import botocore with {sys.executable} ({e}); "
        "configure with FLASKY_BOTOCORE_PYTHON set to a python3 that has botocore"
    )

REGION = "us-east-1"
SERVICE = "execute-api"
ENDPOINT = "https://abc123defg.execute-api.us-east-1.amazonaws.com"

# Made-up test keys (never real ones).
KEY = ("AKIDFLASKYTEST", "flasky/Test+Secret=not-a-real-key-0123456789")
TEMP = ("ASIAFLASKYTEMP", "another-made-up-secret/for+tests", "FQoGZXIvYXdzEXAMPLE//token+with/slashes=")

BASE_TIME = datetime.datetime(2026, 1, 15, 10, 20, 30)  # naive UTC, as botocore uses
SKEW = 300


def wire_host(url):
    """The Host header an HTTP client sends for url: the host, plus the port if not default."""
    parts = urlsplit(url)
    host = parts.hostname
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port != default:
        host = f"{host}:{parts.port}"
    return host


def sign(spec, when):
    """Signs spec with botocore at `when`; returns the request as it goes on the wire."""
    creds = Credentials(*spec.get("creds", KEY))
    url = spec.get("endpoint", ENDPOINT) + spec["path"]
    query = spec.get("query")
    if query is not None:
        url += "?" + (query if isinstance(query, str) else percent_encode_sequence(query))
    headers = dict(spec.get("headers", {}))
    headers.setdefault("User-Agent", "botocore-crosscheck/1.0")  # unsigned by botocore
    request = AWSRequest(method=spec["method"], url=url, data=spec.get("body", b""), headers=headers)
    region = spec.get("region", REGION)
    service = spec.get("service", SERVICE)
    if spec.get("presign"):
        auth = botocore.auth.SigV4QueryAuth(creds, service, region, expires=spec["presign"])
    else:
        auth = botocore.auth.SigV4Auth(creds, service, region)
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth.add_auth(request)
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    wire_headers = [[k, v if isinstance(v, str) else v.decode("latin-1")]
                    for k, v in prepared.headers.items()]
    if not any(k.lower() == "host" for k, _ in wire_headers):
        wire_headers.insert(0, ["Host", wire_host(prepared.url)])
    return {"method": prepared.method, "target": target, "headers": wire_headers, "body": body}


def entry(name, req, now, expect, access_key_id=None):
    e = {
        "name": name,
        "method": req["method"],
        "target": req["target"],
        "headers": req["headers"],
        "body_hex": req["body"].hex(),
        "now": int(now.replace(tzinfo=datetime.timezone.utc).timestamp()),
        "expect": expect,
    }
    if access_key_id:
        e["access_key_id"] = access_key_id
    return e


def signed_header_names(req):
    for k, v in req["headers"]:
        if k.lower() == "authorization":
            return v.split("SignedHeaders=")[1].split(",")[0].split(";")
    target = req["target"]
    value = target.split("X-Amz-SignedHeaders=")[1].split("&")[0]
    return value.replace("%3B", ";").split(";")


def with_header(req, name, value):
    headers = [[k, v] for k, v in req["headers"] if k.lower() != name.lower()]
    if value is not None:
        headers.append([name, value])
    return dict(req, headers=headers)


def tampered_copies(name, req, when, presign):
    """Copies of a signed request changed after signing, each with the refusal it must get."""
    ok_time = when + datetime.timedelta(seconds=60)
    out = []
    out.append(entry(f"{name} / body changed", dict(req, body=req["body"] + b"!"), ok_time,
                     "signature_mismatch"))
    path, sep, query = req["target"].partition("?")
    out.append(entry(f"{name} / path changed", dict(req, target=path + "x" + sep + query),
                     ok_time, "signature_mismatch"))
    extra = "&injected=1" if sep else "?injected=1"
    out.append(entry(f"{name} / query parameter added", dict(req, target=req["target"] + extra),
                     ok_time, "signature_mismatch"))
    if query and not presign:
        # Drop the first parameter.
        rest = query.partition("&")[2]
        out.append(entry(f"{name} / query parameter removed",
                         dict(req, target=path + ("?" + rest if rest else "")), ok_time,
                         "signature_mismatch"))
    other_method = "PATCH" if req["method"] != "PATCH" else "PUT"
    out.append(entry(f"{name} / method changed", dict(req, method=other_method), ok_time,
                     "signature_mismatch"))
    signed = signed_header_names(req)
    victim = next((h for h in signed if h not in ("host", "x-amz-date")), "host")
    current = next(v for k, v in req["headers"] if k.lower() == victim)
    out.append(entry(f"{name} / signed header {victim} changed",
                     with_header(req, victim, current + "x"), ok_time, "signature_mismatch"))
    if victim != "host":
        out.append(entry(f"{name} / signed header {victim} removed",
                         with_header(req, victim, None), ok_time, "signed_header_missing"))
    if presign:
        out.append(entry(f"{name} / presigned and expired", req,
                         when + datetime.timedelta(seconds=presign + 1),
                         "presigned_request_expired"))
    else:
        out.append(entry(f"{name} / too old", req, when + datetime.timedelta(seconds=SKEW + 1),
                         "request_expired"))
    out.append(entry(f"{name} / dated in the future", req,
                     when - datetime.timedelta(seconds=SKEW + 1), "request_in_future"))
    return out


def specs():
    """The requests botocore signs (paths are wire paths: already percent-encoded once)."""
    json_body = b'{"CandidateName":"alice"}'
    return [
        {"name": "GET /", "method": "GET", "path": "/"},
        {"name": "GET /prod/candidates", "method": "GET", "path": "/prod/candidates"},
        {"name": "space in the path", "method": "GET", "path": "/prod/candidate/al%20ice"},
        {"name": "UTF-8 in the path", "method": "GET",
         "path": "/prod/candidate/" + quote("café ✓ 😀")},
        {"name": "encoded slash in the path", "method": "GET", "path": "/prod/files/a%2Fb%2Fc"},
        {"name": "sub-delimiters in the path", "method": "GET", "path": "/prod/x/!$&'()*+,;=:@"},
        {"name": "encoded sub-delimiters in the path", "method": "GET",
         "path": "/prod/x/" + quote("!$&'()*+,;=:@", safe="")},
        {"name": "unreserved characters in the path", "method": "GET",
         "path": "/prod/-._~AZaz09"},
        {"name": "dot segments and empty segments", "method": "GET",
         "path": "/prod/a/./b/../c//d/"},
        {"name": "simple query", "method": "GET", "path": "/prod/gtg",
         "query": [("details", "1"), ("a", "2")]},
        {"name": "query with spaces, plus, UTF-8, slash, ampersand and empty value",
         "method": "GET", "path": "/prod/search",
         "query": [("q", "a b+c"), ("empty", ""), ("unicode", "ü✓"), ("slash", "a/b"),
                   ("tilde", "~x"), ("amp", "a&b=c"), ("key with space", "v")]},
        {"name": "repeated query keys", "method": "GET", "path": "/prod/list",
         "query": [("k", "2"), ("k", "1"), ("K", "0"), ("k", "")]},
        {"name": "query parameter without a value", "method": "GET", "path": "/prod/gtg",
         "query": "details"},
        {"name": "POST with a JSON body", "method": "POST", "path": "/prod/candidate/alice",
         "headers": {"Content-Type": "application/json"}, "body": json_body},
        {"name": "POST with a binary body", "method": "POST", "path": "/prod/blob",
         "headers": {"Content-Type": "application/octet-stream"}, "body": bytes(range(256))},
        {"name": "PUT with a UTF-8 body and spaced header values", "method": "PUT",
         "path": "/prod/notes/1",
         "headers": {"Content-Type": "text/plain; charset=utf-8",
                     "X-Custom-Header": "  several   spaces\tand tab  ",
                     "X-Amz-Meta-Thing": "Mixed Case Value"},
         "body": "naïve ✓ text\n".encode("utf-8")},
        {"name": "a 100 KiB body", "method": "POST", "path": "/prod/upload",
         "headers": {"Content-Type": "application/octet-stream"},
         "body": bytes(i % 251 for i in range(100 * 1024))},
        {"name": "DELETE", "method": "DELETE", "path": "/prod/candidate/bob",
         "headers": {"X-Request-Id": "42"}},
        {"name": "non-default port", "method": "GET", "path": "/prod/x",
         "endpoint": "http://localhost:8080"},
        {"name": "temporary credentials (session token)", "method": "POST",
         "path": "/prod/candidate/carol", "headers": {"Content-Type": "application/json"},
         "body": json_body, "creds": TEMP},
        {"name": "presigned GET", "method": "GET", "path": "/prod/candidates", "presign": 900},
        {"name": "presigned GET with query and UTF-8 path", "method": "GET",
         "path": "/prod/candidate/" + quote("zoë"), "query": [("details", "yes"), ("x", "a b")],
         "presign": 3600},
        {"name": "presigned with a signed header", "method": "GET", "path": "/prod/x",
         "headers": {"X-Custom-Header": "value"}, "presign": 60},
        {"name": "presigned with temporary credentials", "method": "GET", "path": "/prod/gtg",
         "creds": TEMP, "presign": 300},
    ]


def refused_signers(when):
    """Requests botocore signed correctly but for something the verifier must refuse."""
    base = {"method": "GET", "path": "/prod/candidates"}
    cases = [
        ("signed for another region", dict(base, region="us-west-2"), "wrong_region"),
        ("signed for another service", dict(base, service="lambda"), "wrong_service"),
        ("signed with an unknown key", dict(base, creds=("AKIDUNKNOWN", "whatever")),
         "unknown_access_key"),
        ("signed with a wrong secret", dict(base, creds=(KEY[0], "not-the-secret")),
         "signature_mismatch"),
        ("temporary key without its session token", dict(base, creds=TEMP[:2]),
         "session_token_mismatch"),
        ("temporary key with another session token",
         dict(base, creds=(TEMP[0], TEMP[1], "another-token")), "session_token_mismatch"),
        ("presigned for another region", dict(base, region="eu-west-1", presign=60),
         "wrong_region"),
    ]
    return [entry(f"botocore {name}", sign(spec, when), when, expect)
            for name, spec, expect in cases]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    program, output = sys.argv[1], sys.argv[2]
    requests = []
    for i, spec in enumerate(specs()):
        when = BASE_TIME + datetime.timedelta(minutes=7 * i, seconds=i)
        req = sign(spec, when)
        key_id = spec.get("creds", KEY)[0]
        requests.append(entry(spec["name"], req, when + datetime.timedelta(seconds=60), "ok",
                              key_id))
        requests.append(entry(spec["name"] + " / at the skew bound", req,
                              when + datetime.timedelta(seconds=spec.get("presign", SKEW)), "ok",
                              key_id))
        requests.extend(tampered_copies(spec["name"], req, when, spec.get("presign")))
    requests.extend(refused_signers(BASE_TIME + datetime.timedelta(days=1)))

    document = {
        "signer": f"botocore {botocore.__version__} (python {sys.version.split()[0]})",
        "region": REGION,
        "service": SERVICE,
        "keys": [{"access_key_id": KEY[0], "secret_access_key": KEY[1]},
                 {"access_key_id": TEMP[0], "secret_access_key": TEMP[1],
                  "session_token": TEMP[2]}],
        "requests": requests,
    }
    with open(output, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
    accepted = sum(1 for r in requests if r["expect"] == "ok")
    print(f"{document['signer']} signed {len(specs())} requests; {len(requests)} to verify "
          f"({accepted} to accept, {len(requests) - accepted} to refuse), written to {output}",
          flush=True)
    return subprocess.run([program, output]).returncode


if __name__ == "__main__":
    sys.exit(main())
