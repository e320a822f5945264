#!/usr/bin/env python3
"""aws.runtime.scripted: the runtime loop against a scripted loopback Lambda Runtime API.

@vercel/fun (aws.runtime.fun_contract) is a real Runtime API, but it never answers 500, never
drops a connection, sends no trace id and a fixed deadline. This server plays a script instead:
each `GET .../invocation/next` takes the next step (an event with chosen headers, a status, or a
dropped connection), every request is recorded, and the tests check what the runtime sent and
how it ended. Fault injection (statuses and drops no real Runtime API produces on purpose) is
named so in the test names.

    python3 scripted_runtime_api.py <aws_runtime_bootstrap>
"""

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import unittest

BOOTSTRAP = None
EXIT_TIMEOUT = 30  # seconds a run may take before the test fails (never a timing assertion)


def event(method, path, query=""):
    """A minimal HTTP API 2.0 event."""
    return json.dumps({
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": query,
        "headers": {"host": "p8w2m4n6ab.execute-api.eu-west-1.amazonaws.com"},
        "requestContext": {
            "accountId": "210987654321", "apiId": "p8w2m4n6ab",
            "domainName": "p8w2m4n6ab.execute-api.eu-west-1.amazonaws.com",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "198.51.100.7", "userAgent": "scripted"},
            "requestId": "r", "routeKey": "$default", "stage": "$default",
            "time": "23/Nov/2026:20:00:00 +0000", "timeEpoch": 1763928000000},
        "isBase64Encoded": False})


class Step:
    """One answer to `next`: an invocation, a bare status, or a dropped connection."""

    def __init__(self, kind, body="", status=200, headers=None, post_status=202,
                 drop_after_post=False):
        self.kind = kind
        self.body = body
        self.status = status
        self.headers = headers or {}
        self.post_status = post_status          # the answer to this invocation's response/error
        self.drop_after_post = drop_after_post  # close the kept-alive connection after that


def invocation(request_id, body, trace=None, deadline_ms=None, arn=None, **kw):
    headers = {"Lambda-Runtime-Aws-Request-Id": request_id,
               "Lambda-Runtime-Deadline-Ms": str(deadline_ms if deadline_ms is not None
                                                 else int(time.time() * 1000) + 3_600_000),
               "Lambda-Runtime-Invoked-Function-Arn":
                   arn or "arn:aws:lambda:eu-west-1:210987654321:function:flasky"}
    if trace is not None:
        headers["Lambda-Runtime-Trace-Id"] = trace
    return Step("event", body=body, headers=headers, **kw)


def status(code):
    return Step("status", status=code)


def drop():
    return Step("drop")


class ScriptedRuntimeApi:
    """A loopback HTTP/1.1 (keep-alive) server that answers `next` from a script; after the
    script, every `next` is answered 500 (so a well-behaved runtime exits)."""

    def __init__(self, steps):
        self.steps = list(steps)
        self.requests = []      # (method, path, headers dict, body text, connection number)
        self.connections = 0
        self.lock = threading.Lock()
        self.post_plan = {}     # request id -> Step (for the status of its response/error post)
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                # Headers and body go out in separate writes: without this, Nagle's algorithm
                # and the client's delayed ACK add tens of milliseconds to each answer.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with api.lock:
                    api.connections += 1
                    self.connection_number = api.connections

            def log_message(self, *args):
                pass

            def record(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                with api.lock:
                    api.requests.append((self.command, self.path, dict(self.headers.items()),
                                         body, self.connection_number))
                return body

            def answer(self, code, body=b"", headers=None):
                self.send_response(code)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self.record()
                if self.path != "/2018-06-01/runtime/invocation/next":
                    return self.answer(404)
                with api.lock:
                    step = api.steps.pop(0) if api.steps else status(500)
                if step.kind == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if step.kind == "status":
                    return self.answer(step.status, b'{"errorMessage":"scripted"}',
                                       {"Content-Type": "application/json"})
                with api.lock:
                    api.post_plan[step.headers.get("Lambda-Runtime-Aws-Request-Id", "")] = step
                self.answer(200, step.body.encode("utf-8"),
                            {"Content-Type": "application/json", **step.headers})

            def do_POST(self):
                self.record()
                parts = self.path.split("/")
                plan = None
                if len(parts) == 6 and parts[3] == "invocation":
                    with api.lock:
                        plan = api.post_plan.get(parts[4])
                self.answer(plan.post_status if plan else 202, b'{"status":"OK"}',
                            {"Content-Type": "application/json"})
                if plan and plan.drop_after_post:
                    # Fault injection: the server closes the kept-alive connection without
                    # saying so (no "Connection: close").
                    self.close_connection = True

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.address = "127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def posts(self, kind):
        """The POSTs to .../invocation/{id}/<kind>: (request id, headers, body)."""
        out = []
        for method, path, headers, body, _ in self.requests:
            parts = path.split("/")
            if method == "POST" and len(parts) == 6 and parts[3] == "invocation" and parts[5] == kind:
                out.append((parts[4], headers, body))
        return out

    def nexts(self):
        return [r for r in self.requests if r[0] == "GET" and r[1].endswith("/invocation/next")]


def run_bootstrap(address, extra_env=None, drop_runtime_api=False):
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_LAMBDA_RUNTIME_API", "_X_AMZN_TRACE_ID")}
    if not drop_runtime_api:
        env["AWS_LAMBDA_RUNTIME_API"] = address
    env["AWS_LAMBDA_LOG_STREAM_NAME"] = "2026/11/23/[$LATEST]scripted"
    env.update(extra_env or {})
    proc = subprocess.run([BOOTSTRAP], env=env, capture_output=True, text=True,
                          timeout=EXIT_TIMEOUT)
    return proc.returncode, proc.stderr


def answer_of(body):
    """The HTTP answer inside a posted API Gateway 2.0 response."""
    out = json.loads(body)
    return out["statusCode"], out.get("body", "")


class ScriptedRuntimeApiTests(unittest.TestCase):

    def test_fault_injection_500_on_next_exits_promptly_with_a_non_zero_code(self):
        with ScriptedRuntimeApi([status(500)]) as api:
            code, err = run_bootstrap(api.address)
        self.assertNotEqual(code, 0)
        self.assertIn("flasky-lambda: the Lambda Runtime API answered 500 to next; exiting", err)
        self.assertEqual(len(api.nexts()), 1)  # no retry after a 500
        self.assertEqual(api.posts("response") + api.posts("error"), [])

    def test_a_missing_runtime_api_address_is_a_clear_failure(self):
        code, err = run_bootstrap("", drop_runtime_api=True)
        self.assertEqual(code, 1)
        self.assertIn("AWS_LAMBDA_RUNTIME_API is not set", err)

    def test_an_unreachable_runtime_api_is_a_clear_failure(self):
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        code, err = run_bootstrap("127.0.0.1:%d" % port)
        self.assertEqual(code, 1)
        self.assertIn("cannot reach the Lambda Runtime API at 127.0.0.1:%d" % port, err)

    def test_a_bad_runtime_api_address_is_a_clear_failure(self):
        code, err = run_bootstrap("no-port-here")
        self.assertEqual(code, 1)
        self.assertIn("not host:port", err)

    def test_an_init_error_is_posted_with_its_type_and_a_json_body(self):
        with ScriptedRuntimeApi([]) as api:
            code, _ = run_bootstrap(api.address, {"FLASKY_TEST_INIT_ERROR": "TABLE_NAME is not set"})
        self.assertEqual(code, 1)
        posts = [r for r in api.requests if r[1] == "/2018-06-01/runtime/init/error"]
        self.assertEqual(len(posts), 1)
        method, _, headers, body, _ = posts[0]
        self.assertEqual(method, "POST")
        self.assertEqual(headers.get("Lambda-Runtime-Function-Error-Type"),
                         "Runtime.ConfigurationError")
        self.assertEqual(headers.get("Content-Type"), "application/json")
        self.assertEqual(json.loads(body), {"errorMessage": "TABLE_NAME is not set",
                                            "errorType": "Runtime.ConfigurationError"})
        self.assertEqual(api.nexts(), [])  # it never polled

    def test_invocation_errors_carry_the_error_type_header_and_a_json_body(self):
        secret = "s3cr3t-%d" % os.getpid()
        with ScriptedRuntimeApi([
                invocation("id-malformed", '{"rawPath": "/%s", ' % secret),
                invocation("id-unknown", json.dumps({"Records": [{"s3": {"key": secret}}]})),
                invocation("id-ok", event("GET", "/gtg"))]) as api:
            code, err = run_bootstrap(api.address)
        self.assertNotEqual(code, 0)  # the script ends with a 500
        errors = {rid: (headers, body) for rid, headers, body in api.posts("error")}
        self.assertEqual(set(errors), {"id-malformed", "id-unknown"})
        for rid, kind in (("id-malformed", "Runtime.MalformedEvent"),
                          ("id-unknown", "Runtime.UnknownEventShape")):
            headers, body = errors[rid]
            self.assertEqual(headers.get("Lambda-Runtime-Function-Error-Type"), kind)
            self.assertEqual(headers.get("Content-Type"), "application/json")
            parsed = json.loads(body)
            self.assertEqual(set(parsed), {"errorMessage", "errorType"})
            self.assertEqual(parsed["errorType"], kind)
            self.assertNotIn(secret, parsed["errorMessage"])
        # ... and the loop went on: the next event was answered.
        responses = api.posts("response")
        self.assertEqual([rid for rid, _, _ in responses], ["id-ok"])
        self.assertEqual(answer_of(responses[0][2]), (200, ""))
        self.assertNotIn(secret, err)  # logs never quote the event

    def test_trace_id_deadline_arn_and_request_id_are_visible_to_a_handler(self):
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        deadline = int(time.time() * 1000) + 3_600_000
        arn = "arn:aws:lambda:eu-west-1:210987654321:function:flasky:live"
        with ScriptedRuntimeApi([
                invocation("8f5d0c1e-aaaa-bbbb-cccc-0123456789ab", event("GET", "/_test/invocation"),
                           trace=trace, deadline_ms=deadline, arn=arn),
                invocation("second", event("GET", "/_test/invocation"))]) as api:
            run_bootstrap(api.address)
        responses = api.posts("response")
        self.assertEqual([rid for rid, _, _ in responses],
                         ["8f5d0c1e-aaaa-bbbb-cccc-0123456789ab", "second"])
        status_code, body = answer_of(responses[0][2])
        self.assertEqual(status_code, 200)
        seen = json.loads(body)
        self.assertEqual(seen["request_id"], "8f5d0c1e-aaaa-bbbb-cccc-0123456789ab")
        self.assertEqual(seen["function_arn"], arn)
        self.assertEqual(seen["deadline_ms"], deadline)
        self.assertGreater(seen["remaining_ms"], 0)
        self.assertLessEqual(seen["remaining_ms"], 3_600_000)
        self.assertEqual(seen["trace_id"], trace)
        self.assertEqual(seen["trace_env"], trace)  # _X_AMZN_TRACE_ID
        self.assertEqual(seen["dialect"], "http_api_v2")
        # An invocation without a trace id does not inherit the previous one.
        second = json.loads(answer_of(responses[1][2])[1])
        self.assertEqual((second["trace_id"], second["trace_env"]), ("", None))

    def test_a_request_id_is_percent_encoded_in_the_post_target(self):
        with ScriptedRuntimeApi([invocation("a/b c", event("GET", "/gtg"))]) as api:
            run_bootstrap(api.address)
        posts = [r[1] for r in api.requests if r[0] == "POST"]
        self.assertEqual(posts, ["/2018-06-01/runtime/invocation/a%2Fb%20c/response"])

    def test_a_handler_exception_is_a_500_answer_and_the_loop_goes_on(self):
        with ScriptedRuntimeApi([invocation("boom", event("GET", "/_test/boom")),
                                 invocation("after", event("POST", "/candidate/alice"))]) as api:
            run_bootstrap(api.address)
        responses = {rid: answer_of(body) for rid, _, body in api.posts("response")}
        self.assertEqual(responses["boom"][0], 500)
        self.assertEqual(responses["after"], (200, '{"CandidateName":"alice"}'))
        self.assertEqual(api.posts("error"), [])

    def test_every_call_shares_one_kept_alive_connection(self):
        with ScriptedRuntimeApi([invocation("1", event("GET", "/gtg")),
                                 invocation("2", event("GET", "/gtg")),
                                 invocation("3", event("GET", "/gtg"))]) as api:
            run_bootstrap(api.address)
        self.assertEqual(len(api.requests), 7)  # 4 next + 3 responses
        self.assertEqual({r[4] for r in api.requests}, {1})

    def test_fault_injection_a_dropped_keep_alive_connection_is_opened_again_once(self):
        with ScriptedRuntimeApi([invocation("1", event("POST", "/candidate/bob"), drop_after_post=True),
                                 invocation("2", event("GET", "/candidate/bob"))]) as api:
            code, err = run_bootstrap(api.address)
        responses = {rid: answer_of(body) for rid, _, body in api.posts("response")}
        self.assertEqual(responses, {"1": (200, '{"CandidateName":"bob"}'),
                                     "2": (200, '[{"CandidateName":"bob"}]')})
        self.assertEqual(api.connections, 2)
        self.assertIn("answered 500 to next", err)  # it ended at the end of the script
        self.assertNotEqual(code, 0)

    def test_fault_injection_a_connection_dropped_again_after_reopening_ends_the_loop(self):
        with ScriptedRuntimeApi([invocation("1", event("GET", "/gtg")), drop(), drop(),
                                 invocation("never", event("GET", "/gtg"))]) as api:
            code, err = run_bootstrap(api.address)
        self.assertEqual(code, 1)
        self.assertIn("cannot reach the Lambda Runtime API", err)
        self.assertIn("connection to the Lambda Runtime API was lost", err)
        self.assertEqual(len(api.nexts()), 3)  # the first next, then one retry
        self.assertEqual([rid for rid, _, _ in api.posts("response")], ["1"])

    def test_fault_injection_a_connection_dropped_on_first_use_is_not_retried(self):
        with ScriptedRuntimeApi([drop(), invocation("never", event("GET", "/gtg"))]) as api:
            code, err = run_bootstrap(api.address)
        self.assertEqual(code, 1)
        self.assertIn("lost", err)
        self.assertEqual(len(api.nexts()), 1)

    def test_fault_injection_a_500_to_a_response_post_ends_the_loop(self):
        with ScriptedRuntimeApi([invocation("1", event("GET", "/gtg"), post_status=500),
                                 invocation("never", event("GET", "/gtg"))]) as api:
            code, err = run_bootstrap(api.address)
        self.assertEqual(code, 1)
        self.assertIn("answered 500 to the response of invocation 1; exiting", err)
        self.assertEqual(len(api.nexts()), 1)

    def test_fault_injection_a_413_to_a_response_post_is_logged_and_the_loop_goes_on(self):
        with ScriptedRuntimeApi([invocation("big", event("GET", "/gtg"), post_status=413),
                                 invocation("next", event("GET", "/gtg"))]) as api:
            _, err = run_bootstrap(api.address)
        self.assertIn("refused the response of invocation big with 413", err)
        self.assertEqual([rid for rid, _, _ in api.posts("response")], ["big", "next"])

    def test_an_invocation_without_a_request_id_ends_the_loop(self):
        with ScriptedRuntimeApi([Step("event", body=event("GET", "/gtg"))]) as api:
            code, err = run_bootstrap(api.address)
        self.assertEqual(code, 1)
        self.assertIn("without a request id", err)

    def test_max_invocations_ends_the_loop_with_zero(self):
        with ScriptedRuntimeApi([invocation("1", event("GET", "/gtg")),
                                 invocation("2", event("GET", "/gtg")),
                                 invocation("3", event("GET", "/gtg"))]) as api:
            code, _ = run_bootstrap(api.address, {"FLASKY_TEST_MAX_INVOCATIONS": "2"})
        self.assertEqual(code, 0)
        self.assertEqual([rid for rid, _, _ in api.posts("response")], ["1", "2"])
        self.assertEqual(len(api.nexts()), 2)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        sys.exit("usage: scripted_runtime_api.py <aws_runtime_bootstrap> (an executable)")
    BOOTSTRAP = sys.argv.pop(1)
    unittest.main(verbosity=2)
