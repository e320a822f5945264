#!/usr/bin/env python3
"""A tiny scripted Lambda Runtime API server on loopback, for cold-start measurements and tests.

It hands out the events it was given, one per `GET /2018-06-01/runtime/invocation/next`, then
answers the next `next` with 500, which makes a flasky bootstrap exit promptly (as a runtime
must when the Runtime API fails). It records, with time.perf_counter_ns():

  first_next_ns      when the first `next` request arrived (its request line and headers read)
  first_response_ns  when the first invocation response (or error) had been read completely

and keeps every posted response, invocation error and init error. HTTP/1.1 with keep-alive (the
bootstrap keeps one connection), each answer written in one send with TCP_NODELAY, so no Nagle
or delayed-ACK stall adds to what is measured.

    api = ScriptedRuntimeApi([event_text])
    ... start the bootstrap with AWS_LAMBDA_RUNTIME_API=api.address ...
    api.finished.wait(10); api.stop()
    api.responses  -> [(request_id, body_text)]
"""
import http.server
import json
import socket
import threading
import time

PREFIX = "/2018-06-01/runtime"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:flasky"


def http_api_event(method, path, query=""):
    """An API Gateway HTTP API (payload 2.0) event for `method path?query`."""
    return json.dumps({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {"host": "api.example.com", "user-agent": "cold-start"},
        "requestContext": {
            "accountId": "123456789012", "apiId": "api", "domainName": "api.example.com",
            "domainPrefix": "api", "requestId": "req", "routeKey": "$default", "stage": "$default",
            "time": "01/Jan/2026:00:00:00 +0000", "timeEpoch": 1767225600000,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "127.0.0.1", "userAgent": "cold-start"},
        },
        "isBase64Encoded": False,
    })


class ScriptedRuntimeApi:
    def __init__(self, events, host="127.0.0.1"):
        self.events = list(events)
        self.lock = threading.Lock()
        self.first_next_ns = None
        self.first_response_ns = None
        self.responses = []        # (request_id, body)
        self.errors = []           # (request_id, error type header, body)
        self.init_errors = []      # (error type header, body)
        self.nexts = 0
        self.finished = threading.Event()  # a 500 was sent to `next`, or an init error posted
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args):
                pass

            def answer(self, status, body, headers=()):
                data = body.encode() if isinstance(body, str) else body
                head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}",
                        f"Content-Length: {len(data)}", "Content-Type: application/json"]
                head += [f"{k}: {v}" for k, v in headers]
                self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)

            def do_GET(self):
                now = time.perf_counter_ns()
                if self.path != PREFIX + "/invocation/next":
                    return self.answer(404, '{"message":"not found"}')
                with api.lock:
                    if api.first_next_ns is None:
                        api.first_next_ns = now
                    api.nexts += 1
                    event = api.events.pop(0) if api.events else None
                    number = api.nexts
                if event is None:
                    self.answer(500, '{"errorMessage":"no more events","errorType":"Test.Done"}')
                    self.close_connection = True
                    api.finished.set()
                    return
                deadline = int(time.time() * 1000) + 30000
                self.answer(200, event, [
                    ("Lambda-Runtime-Aws-Request-Id", f"request-{number}"),
                    ("Lambda-Runtime-Deadline-Ms", str(deadline)),
                    ("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN),
                    ("Lambda-Runtime-Trace-Id", f"Root=1-00000000-{number:024x};Sampled=0"),
                ])

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode("utf-8", "replace")
                now = time.perf_counter_ns()
                parts = self.path[len(PREFIX):].strip("/").split("/")
                error_type = self.headers.get("Lambda-Runtime-Function-Error-Type", "")
                with api.lock:
                    if parts == ["init", "error"]:
                        api.init_errors.append((error_type, body))
                        api.finished.set()
                    elif len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
                        if api.first_response_ns is None:
                            api.first_response_ns = now
                        if parts[2] == "response":
                            api.responses.append((parts[1], body))
                        else:
                            api.errors.append((parts[1], error_type, body))
                    else:
                        return self.answer(404, '{"message":"not found"}')
                self.answer(202, '{"status":"OK"}')

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.address = f"{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


if __name__ == "__main__":
    import os
    import subprocess
    import sys
    if len(sys.argv) < 2:
        sys.exit("usage: runtime_api.py <bootstrap> [path [query]]  (one HTTP API event, prints the answer)")
    api = ScriptedRuntimeApi([http_api_event("GET", *(sys.argv[2:4] or ["/gtg", "details"]))])
    rc = subprocess.run([sys.argv[1]], env=dict(os.environ, AWS_LAMBDA_RUNTIME_API=api.address),
                        timeout=30).returncode
    api.stop()
    print(json.dumps({"exit": rc, "responses": api.responses, "errors": api.errors,
                      "init_errors": api.init_errors}, indent=1))
