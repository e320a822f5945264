#!/usr/bin/env python3
"""integration.bad_input: bad input over the socket gets the right status and the server stays up.

One flasky-local (memory store, default limits, header and body timeouts of 1 s so the slow
clients are quick to test) receives, each on its own connection, byte-exact requests: headers
over 8 KiB (431), a request line over 8 KiB (414), a body over 1 MiB (413, by Content-Length,
chunked, and through curl with Expect: 100-continue), malformed requests (400), request
smuggling shapes (400, or 501 for an unknown coding), a client sending its header a byte at a
time (dropped, while another client is served), and clients that disconnect mid-header and
mid-body. Each limit is also checked one byte under it. After every case the server must still
answer a good request. Nothing here asserts a duration.
"""

import os
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from flasky_local import LocalServer, closed_by_peer, connect, exchange, read_response, wait_until

KIB = 1024


def get(target=b"/gtg", fields=b""):
    return b"GET " + target + b" HTTP/1.1\r\nHost: t\r\n" + fields + b"\r\n"


class BadInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalServer(["--store", "memory", "--header-timeout", "1",
                                  "--body-timeout", "1"]).start()
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def tearDown(self):
        # Whatever the case did, the server keeps serving others.
        self.assertTrue(self.server.alive())
        self.assertEqual(exchange(self.port, get()).status, 200)

    def assert_refused(self, raw, status):
        response, closed = exchange(self.port, raw, check_close=True)
        self.assertIsNotNone(response, raw[:80])
        self.assertEqual(response.status, status, raw[:80])
        self.assertEqual(response.header("Connection"), "close")
        self.assertTrue(closed, "the connection stays open after " + str(status))

    def assert_served(self, raw, status=200):
        response = exchange(self.port, raw)
        self.assertIsNotNone(response, raw[:80])
        self.assertEqual(response.status, status, raw[:80])

    def test_header_block_over_8_kib_gets_431(self):
        # "Host: t\r\n" + "X-Pad: " + pad + "\r\n" + "\r\n" is len(pad) + 20 bytes.
        self.assert_served(get(fields=b"X-Pad: " + b"p" * (8 * KIB - 20) + b"\r\n"))
        self.assert_refused(get(fields=b"X-Pad: " + b"p" * (8 * KIB - 19) + b"\r\n"), 431)
        many = b"".join(b"X-%d: %s\r\n" % (i, b"v" * 100) for i in range(100))
        self.assert_refused(get(fields=many), 431)

    def test_request_line_over_8_kib_gets_414(self):
        # "GET /" + k + " HTTP/1.1" is k + 14 bytes.
        self.assert_served(get(b"/" + b"a" * (8 * KIB - 14)), 404)
        self.assert_refused(get(b"/" + b"a" * (8 * KIB - 13)), 414)
        self.assert_refused(get(b"/gtg?q=" + b"a" * (16 * KIB)), 414)

    def test_body_over_1_mib_gets_413(self):
        def post(n):
            return (b"POST /candidate/big HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % n
                    + b"b" * n)

        def chunked(n):
            half = n // 2
            return (b"POST /candidate/big HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + b"%x\r\n" % half + b"c" * half + b"\r\n"
                    + b"%x\r\n" % (n - half) + b"c" * (n - half) + b"\r\n0\r\n\r\n")

        self.assert_served(post(KIB * KIB))
        self.assert_refused(post(KIB * KIB + 1), 413)
        self.assert_served(chunked(KIB * KIB))
        self.assert_refused(chunked(KIB * KIB + 1), 413)
        self.assert_refused(b"POST /candidate/big HTTP/1.1\r\nHost: t\r\n"
                            b"Content-Length: 10000000000\r\n\r\n", 413)

    def test_body_over_1_mib_through_curl_gets_413(self):
        with tempfile.NamedTemporaryFile() as body:
            body.write(b"x" * (2 * KIB * KIB))
            body.flush()
            out = subprocess.run(
                ["curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}",
                 "-X", "POST", "--data-binary", "@" + body.name,
                 self.server.url + "candidate/big"],
                capture_output=True, text=True)
            self.assertEqual(out.stdout, "413", out.stderr)

    def test_malformed_requests_get_400(self):
        for raw in (b"GARBAGE\r\n\r\n",
                    b"GET\r\n\r\n",
                    b"GET /gtg\r\nHost: t\r\n\r\n",
                    b"GET /gtg HTTP/1.1 x\r\nHost: t\r\n\r\n",
                    b"GET /g tg HTTP/1.1\r\nHost: t\r\n\r\n",
                    b"GET /gtg FTP/1.1\r\nHost: t\r\n\r\n",
                    b"G@T /gtg HTTP/1.1\r\nHost: t\r\n\r\n",
                    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # TLS hello
                    b"GET /gtg HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n",
                    b"GET /gtg HTTP/1.1\r\nHost: t\r\nX: a\x00b\r\n\r\n",
                    b"GET /gtg HTTP/1.1\r\n\r\n",
                    b"GET /gtg HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                    b"POST /candidate/x HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
                    b"POST /candidate/x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"xyz\r\n\r\n"):
            with self.subTest(raw=raw[:60]):
                self.assert_refused(raw, 400)

    def test_request_smuggling_shapes_are_refused(self):
        head = b"POST /candidate/smuggled HTTP/1.1\r\nHost: t\r\n"
        tail = b"\r\n0\r\n\r\nGET /candidate/smuggled HTTP/1.1\r\nHost: t\r\n\r\n"
        for fields, status in (
                (b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400),
                (b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400),
                (b"Content-Length: 5\r\nContent-Length: 5\r\n", 400),
                (b"Content-Length: 5\r\nContent-Length: 40\r\n", 400),
                (b"Content-Length: 5, 5\r\n", 400),
                (b"Transfer-Encoding: identity\r\nContent-Length: 5\r\n", 400),
                (b"Transfer-Encoding: identity\r\n", 400),
                (b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", 400),
                (b"Transfer-Encoding: chunked, chunked\r\n", 400),
                (b"Transfer-Encoding : chunked\r\n", 400),
                (b"Content-Length : 5\r\n", 400),
                (b"Transfer-Encoding: gzip, chunked\r\n", 501)):
            with self.subTest(fields=fields):
                self.assert_refused(head + fields + tail, status)
        self.assert_refused(b"POST /candidate/smuggled HTTP/1.0\r\nTransfer-Encoding: chunked\r\n"
                            + tail, 400)
        # None of them reached the store.
        self.assertEqual(exchange(self.port, get(b"/candidate/smuggled")).status, 404)

    def test_a_byte_a_second_header_is_dropped_while_others_are_served(self):
        outcome = {}

        def slow():
            with connect(self.port) as sock:
                raw = get(fields=b"X-Pad: " + b"p" * 100 + b"\r\n")
                sent = 0
                try:
                    for byte in raw:
                        sock.sendall(bytes([byte]))
                        sent += 1
                        time.sleep(0.1)  # the whole header would take about 13 s
                except (BrokenPipeError, ConnectionResetError):
                    pass
                outcome["sent"], outcome["total"] = sent, len(raw)
                outcome["closed"] = closed_by_peer(sock)

        thread = threading.Thread(target=slow)
        thread.start()
        served = 0
        while thread.is_alive():
            response = exchange(self.port, get())
            served += response is not None and response.status == 200
            time.sleep(0.1)
        thread.join()
        self.assertTrue(outcome["closed"])
        self.assertLess(outcome["sent"], outcome["total"])
        self.assertGreaterEqual(served, 3)  # served while the slow client was connected
        self.assertTrue(wait_until(lambda: "dropped a slow client" in self.server.stderr()))

    def test_a_slow_body_is_dropped(self):
        with connect(self.port) as sock:
            sock.sendall(b"POST /candidate/slowbody HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\nab")
            response, _ = read_response(sock)
            self.assertIsNone(response)  # closed without an answer
        self.assertEqual(exchange(self.port, get(b"/candidate/slowbody")).status, 404)

    def test_clients_that_disconnect_mid_request(self):
        with connect(self.port) as sock:
            sock.sendall(b"POST /candidate/cut HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n"
                         + b"x" * 100)
        with connect(self.port) as sock:
            sock.sendall(b"POST /candidate/cut HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked"
                         b"\r\n\r\n100\r\nabc")
            sock.shutdown(socket.SHUT_WR)
            self.assertIsNone(read_response(sock)[0])
        with connect(self.port) as sock:
            sock.sendall(b"GET /gtg HTTP/1.1\r\nHo")
        # Nothing half-written: the cut POSTs stored nothing.
        self.assertEqual(exchange(self.port, get(b"/candidate/cut")).status, 404)
        self.assertTrue(wait_until(lambda: "middle of a request body" in self.server.stderr()))

    def test_pipelined_requests_come_back_in_order(self):
        burst = (b"POST /candidate/p1 HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}"
                 + get(b"/candidate/p1") + get(b"/candidate/p2")
                 + b"POST /candidate/p2 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
                 + get(b"/candidate/p2") + get(b"/candidates"))
        with connect(self.port) as sock:
            sock.sendall(burst)
            answers, pending = [], b""
            for _ in range(6):
                response, pending = read_response(sock, pending)
                answers.append((response.status, response.body))
        self.assertEqual([a[0] for a in answers], [200, 200, 404, 200, 200, 200])
        self.assertEqual(answers[1][1], b'[{"CandidateName":"p1"}]')
        self.assertEqual(answers[4][1], b'[{"CandidateName":"p2"}]')


if __name__ == "__main__":
    unittest.main(verbosity=2)
