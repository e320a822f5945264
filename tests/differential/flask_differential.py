#!/usr/bin/env python3
"""Flask differential test for flasky's router.

One route set (routes.txt) and one list of requests (requests.txt) go through Flask's test
client and through flasky's (the C++ program flasky_answers, whose path is the first argument).
For each request the two answers are compared on:

  - the status code;
  - the Allow header, as a set of methods (405 and automatic OPTIONS);
  - the redirect target, the Location header resolved against the request URL (flasky sends a
    relative Location, Werkzeug an absolute one; both mean the same URL);
  - the route that answered a 2xx (each view/handler answers with its own pattern), so that
    "both 200" also means "the same route won".

Every difference must be listed in INTENTIONAL_DIFFERENCES below, with both statuses and the
reason. An unlisted difference fails the test; so does a listed one that no longer occurs, or
occurs with other statuses, so the list stays true. The last line is a summary such as

  differential: 152 requests, 127 identical, 25 intentional differences, 0 unexpected

Usage: flask_differential.py FLASKY_ANSWERS [--routes routes.txt] [--requests requests.txt]
                             [--verbose]
Exit status: 0 when every difference is listed and every listed one occurs, 1 otherwise,
2 when the test cannot run (no Flask, flasky_answers missing or failing).
"""

import argparse
import json
import os
import re
import subprocess
import sys
from importlib import metadata
from urllib.parse import unquote, urljoin, urlsplit

try:
    import flask
    import werkzeug  # noqa: F401 (the oracle is Flask and Werkzeug together)
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request
except ImportError as exc:  # never a silent skip: the test fails and says why
    print(
        f"differential: cannot run: this Python ({sys.executable}) cannot import Flask and "
        f"Werkzeug ({exc}). Run scripts/setup.sh, or configure CMake with "
        "-DFLASKY_FLASK_PYTHON=/path/to/a/python3/that/has/flask.",
        file=sys.stderr,
    )
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))

# Every known difference between Flask's answer and flasky's: (request as in requests.txt,
# Flask's status, flasky's status, reason). The reasons name the rule of the project's design
# (DESIGN.md, "Routing semantics") or of the router's headers that makes flasky answer
# differently. A difference that no such rule explains is a router bug: fix the router, do not
# list it here.
# Keep it in the order of requests.txt.
_INT_SIGN = (
    "flasky's <int> is a signed 64-bit integer and accepts a leading '-' (converter.hpp); "
    "Werkzeug's IntegerConverter takes digits only unless signed=True"
)
_INT_RANGE = (
    "flasky's <int> is a 64-bit integer: a value out of range does not match, so 404 "
    "(DESIGN.md: a value that fails its converter is 404); Python's int is unbounded"
)
_FLOAT_SIGN = (
    "flasky's <float> accepts a leading '-' (converter.hpp); Werkzeug's FloatConverter takes "
    "digits '.' digits only unless signed=True"
)
_DOT_SEGMENT = (
    "flasky: a parameter that decodes to '.' or '..' does not match (DESIGN.md); Werkzeug "
    "passes it to the view"
)
_BAD_UTF8 = (
    "flasky: a parameter that is not valid UTF-8 once decoded does not match (DESIGN.md); "
    "Werkzeug's dev server decodes it with errors='replace', so Flask sees U+FFFD and matches"
)
_NUL = (
    "flasky: a parameter containing NUL (or any control character) does not match (DESIGN.md); "
    "Flask passes '\\x00' to the view"
)
_BAD_ESCAPE = (
    "flasky answers 400 for a malformed percent-escape in the path (route_match.hpp: "
    "bad_request); Werkzeug's dev server leaves '%zz' as text and Flask matches it"
)
_NO_MERGE = (
    "flasky never normalises the path, so '//' stays an empty segment, which matches no route "
    "(DESIGN.md: never normalise); Werkzeug's Map merges slashes (merge_slashes=True) and "
    "redirects to the merged path with 308"
)
_LEADING_DOUBLE_SLASH = (
    "flasky never normalises the path, so a leading '//' is an empty first segment: 404 "
    "(DESIGN.md: never normalise); Werkzeug's dev server reads '//gtg' as netloc 'gtg' and "
    "rebuilds PATH_INFO as '/gtg', so Flask serves /gtg"
)
_METHOD_CASE = (
    "flasky: method names are case-sensitive (RFC 9110 9.1; spec: verb_from_string is exact), "
    "so 'get' is an unknown method: 405 with Allow; Werkzeug upper-cases REQUEST_METHOD"
)
_ENCODED_SLASH = (
    "flasky matches the encoded path split into segments, so '%2F' is data, never a separator "
    "(DESIGN.md); Werkzeug decodes PATH_INFO first and cannot tell '%2F' from '/'"
)
_PATH_DOT = (
    "flasky: no '.' or '..' part in a <path:> value either (DESIGN.md's dot-segment rule, "
    "applied to each part of a path value, segment_rules.hpp), so no traversal reaches a "
    "handler; Flask passes 'a/../b' to the view"
)
_TOO_LONG = (
    "flasky: a parameter longer than 256 decoded bytes does not match (DESIGN.md: parameter "
    "value 256 bytes; router_options::max_param_bytes); Flask has no limit"
)
INTENTIONAL_DIFFERENCES = [
    ("get /candidate/alice", 200, 405, _METHOD_CASE),
    ("GET /candidate/%2E%2E", 200, 404, _DOT_SEGMENT),
    ("GET /candidate/%2e", 200, 404, _DOT_SEGMENT),
    ("GET /candidate/..", 200, 404, _DOT_SEGMENT),
    ("GET /candidate/%FF", 200, 404, _BAD_UTF8),
    ("GET /candidate/%C3", 200, 404, _BAD_UTF8),
    ("GET /candidate/a%00b", 200, 404, _NUL),
    ("GET /candidate/a%zzb", 200, 400, _BAD_ESCAPE),
    ("GET /candidate/50%", 200, 400, _BAD_ESCAPE),
    ("GET /candidate/" + "x" * 257, 200, 404, _TOO_LONG),
    ("GET /candidate/" + "%C3%A9" * 128 + "x", 200, 404, _TOO_LONG + " (128 'é' are 256 bytes)"),
    ("GET //gtg", 200, 404, _LEADING_DOUBLE_SLASH),
    ("GET /dir//", 308, 404, _NO_MERGE),
    ("GET /dir//sub/", 308, 404, _NO_MERGE),
    ("GET /files//etc/passwd", 308, 404, _NO_MERGE),
    ("GET /a/1%2Fb/2", 200, 404, _ENCODED_SLASH),
    ("GET /dir%2F", 200, 404, _ENCODED_SLASH),
    ("GET /dir%2Fsub/", 200, 404, _ENCODED_SLASH),
    ("GET /items/-1", 200, 200, _INT_SIGN + " (flasky: /items/<int:id>, Flask: /items/<name>)"),
    ("GET /items/99999999999999999999", 200, 200,
     _INT_RANGE + " (flasky falls through to /items/<name>)"),
    ("GET /items/9223372036854775808", 200, 200,
     _INT_RANGE + " (2^63: flasky falls through to /items/<name>)"),
    ("GET /items/%2D1", 200, 200, _INT_SIGN + " (the '-' sent encoded)"),
    ("GET /files/a/../b", 200, 404, _PATH_DOT),
    ("GET /files/a/%2E%2E/b", 200, 404, _PATH_DOT),
    ("GET /prices/-1.5", 404, 200, _FLOAT_SIGN),
]


def read_pairs(path):
    """The meaningful lines of `path` as (first, second) pairs; '#' starts a comment line."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            fields = text.split()
            if len(fields) != 2:
                raise SystemExit(f"differential: {path}:{number}: expected two fields: {text!r}")
            pairs.append((fields[0], fields[1]))
    return pairs


def make_flask_app(routes):
    """A Flask app with every route, each view answering with its pattern."""
    app = flask.Flask("flasky_differential")
    app.testing = True  # an exception in Flask itself propagates instead of becoming 500

    def view_for(pattern):
        def view(**_params):
            return pattern

        return view

    for index, (methods, pattern) in enumerate(routes):
        # Flask's defaults: strict_slashes=True, automatic HEAD for GET, automatic OPTIONS.
        app.add_url_rule(
            pattern, endpoint=f"route{index}", view_func=view_for(pattern),
            methods=methods.split(","),
        )
    return app


def _wsgi_encoding_dance(text):
    # PEP 3333: a WSGI "native string" carries bytes as latin-1; same as werkzeug._internal.
    return text.encode("utf-8").decode("latin-1")


def wsgi_environ(method, target):
    """The WSGI environ that Werkzeug's own server builds for `METHOD target`.

    Mirrors werkzeug.serving.WSGIRequestHandler.make_environ (Werkzeug 3.1): the target is
    split with urlsplit; when that finds a netloc (a path starting with '//'), the path is
    rebuilt as '/' + netloc + path; the path is then percent-decoded ONCE with
    urllib.parse.unquote (UTF-8, errors='replace') and stored as PATH_INFO through the WSGI
    latin-1 "encoding dance", like QUERY_STRING (not decoded) and REQUEST_URI/RAW_URI (the raw
    target). Only the request line matters here: the rest of the environ comes from
    EnvironBuilder. (Python's http.server, under the dev server, additionally collapses a
    leading '//' before Werkzeug sees it; the netloc rule above gives the same PATH_INFO.)
    """
    builder = EnvironBuilder(method=method, path="/")
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    url = urlsplit(target)
    if not url.scheme and url.netloc:
        path_info = f"/{url.netloc}{url.path}"
    else:
        path_info = url.path
    path_info = unquote(path_info)
    environ["REQUEST_METHOD"] = method  # as sent, not upper-cased
    environ["PATH_INFO"] = _wsgi_encoding_dance(path_info)
    environ["QUERY_STRING"] = _wsgi_encoding_dance(url.query)
    environ["REQUEST_URI"] = _wsgi_encoding_dance(target)
    environ["RAW_URI"] = _wsgi_encoding_dance(target)
    return environ


def flask_answers(app, requests):
    """Flask's answer to each request, in the shape flasky_answers prints."""
    client = app.test_client()
    answers = []
    for method, target in requests:
        # A Request is passed so that the test client runs this exact environ; given a path,
        # it would build PATH_INFO itself (and a dict would be re-parsed, decoding '%25' twice).
        res = client.open(Request(wsgi_environ(method, target)))
        try:
            route = res.get_data(as_text=True) if 200 <= res.status_code < 300 else ""
            answers.append({
                "method": method,
                "target": target,
                "status": res.status_code,
                "allow": res.headers.get("Allow", ""),
                "location": res.headers.get("Location", ""),
                "route": route,
            })
        finally:
            res.close()
    return answers


def run_flasky(program, routes_path, requests_path, count):
    """flasky's answers, from the flasky_answers program."""
    try:
        done = subprocess.run(
            [program, routes_path, requests_path], capture_output=True, text=True,
            encoding="utf-8", check=False, timeout=120,
        )
    except OSError as exc:
        raise SystemExit(f"differential: cannot run {program}: {exc}") from exc
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"differential: {program} failed with exit status {done.returncode}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(answers) != count:
        raise SystemExit(f"differential: {program} answered {len(answers)} of {count} requests")
    return answers


def allow_set(value):
    return frozenset(m.strip().upper() for m in value.split(",") if m.strip())


_UNRESERVED = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile("%([0-9A-Fa-f]{2})")


def _normalise_escapes(url):
    """RFC 3986 6.2.2: escapes upper-cased, escaped unreserved characters decoded.

    Werkzeug builds a redirect target from the decoded path and encodes it again ("%41l" comes
    back as "Al"); flasky repeats the bytes it was sent. Both name the same resource.
    """
    def one(match):
        decoded = chr(int(match.group(1), 16))
        return decoded if decoded in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(one, url)


def resolved_location(target, location):
    """`location` as an absolute URL, resolved like a client would against the request URL.

    flasky sends a relative Location (DESIGN.md: "308, relative Location"), Werkzeug an
    absolute one; resolved, and with escapes normalised, they compare equal when they name
    the same URL.
    """
    if not location:
        return ""
    return _normalise_escapes(urljoin("http://localhost" + target, location))


def compare(flask_answer, flasky_answer):
    """The names of the fields on which the two answers differ."""
    fields = []
    if flask_answer["status"] != flasky_answer["status"]:
        fields.append("status")
    if allow_set(flask_answer["allow"]) != allow_set(flasky_answer["allow"]):
        fields.append("allow")
    target = flask_answer["target"]
    if resolved_location(target, flask_answer["location"]) != resolved_location(
            target, flasky_answer["location"]):
        fields.append("location")
    if flask_answer["route"] != flasky_answer["route"]:
        fields.append("route")
    return fields


def describe(answer):
    text = str(answer["status"])
    if answer["allow"]:
        text += f" Allow: {answer['allow']}"
    if answer["location"]:
        text += f" Location: {answer['location']}"
    if answer["route"]:
        text += f" route {answer['route']}"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("flasky_answers", help="path of the flasky_answers program")
    parser.add_argument("--routes", default=os.path.join(HERE, "routes.txt"))
    parser.add_argument("--requests", default=os.path.join(HERE, "requests.txt"))
    parser.add_argument("--verbose", action="store_true", help="print every request's answers")
    args = parser.parse_args()

    routes = read_pairs(args.routes)
    requests = read_pairs(args.requests)
    request_names = [f"{m} {t}" for m, t in requests]

    problems = []
    if len(set(request_names)) != len(request_names):
        problems.append("requests.txt lists a request twice")
    listed = {}
    for name, flask_status, flasky_status, reason in INTENTIONAL_DIFFERENCES:
        if name in listed:
            problems.append(f"INTENTIONAL_DIFFERENCES lists {name!r} twice")
        if name not in request_names:
            problems.append(f"INTENTIONAL_DIFFERENCES lists {name!r}, which requests.txt lacks")
        if not reason.strip():
            problems.append(f"INTENTIONAL_DIFFERENCES gives no reason for {name!r}")
        listed[name] = (flask_status, flasky_status, reason)

    try:
        flask_side = flask_answers(make_flask_app(routes), requests)
        flasky_side = run_flasky(args.flasky_answers, args.routes, args.requests, len(requests))
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2

    print(f"differential: Flask {metadata.version('flask')}, Werkzeug "
          f"{metadata.version('werkzeug')} ({sys.executable}) against {args.flasky_answers}")
    identical = intentional = unexpected = 0
    for name, a, b in zip(request_names, flask_side, flasky_side):
        if (a["method"], a["target"]) != (b["method"], b["target"]):
            print(f"differential: flasky_answers is out of step at {name!r}", file=sys.stderr)
            return 2
        fields = compare(a, b)
        line = f"{name}\n    Flask:  {describe(a)}\n    flasky: {describe(b)}"
        if not fields:
            identical += 1
            if name in listed:
                problems.append(f"listed difference no longer occurs: {line}")
            elif args.verbose:
                print(f"same       {name}: {describe(a)}")
            continue
        if name not in listed:
            unexpected += 1
            problems.append(f"unexpected difference in {', '.join(fields)}: {line}")
            continue
        flask_status, flasky_status, reason = listed[name]
        if (a["status"], b["status"]) != (flask_status, flasky_status):
            unexpected += 1
            problems.append(
                f"listed difference changed (listed Flask {flask_status}, flasky "
                f"{flasky_status}): {line}")
            continue
        intentional += 1
        if args.verbose:
            print(f"different  {line}\n    reason: {reason}")

    for problem in problems:
        print(f"FAIL: {problem}")
    print(f"differential: {len(requests)} requests, {identical} identical, "
          f"{intentional} intentional differences, {unexpected} unexpected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
