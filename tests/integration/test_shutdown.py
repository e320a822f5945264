#!/usr/bin/env python3
"""integration.shutdown: SIGTERM and SIGINT stop flasky-local gracefully.

On the signal the server stops accepting, closes idle keep-alive connections, lets a request in
flight finish (its answer says "Connection: close") and exits with status 0. A client that never
finishes its request does not keep the process alive: the shutdown deadline (8 s) closes it and
the server says so on stderr. The waits below are limits against a hang, not measurements.
"""

import signal
import socket
import time
import unittest

from flasky_local import (LocalServer, closed_by_peer, connect, exchange, read_response,
                          wait_until)


def get(target=b"/gtg"):
    return b"GET " + target + b" HTTP/1.1\r\nHost: t\r\n\r\n"


def start_post(port, name, length):
    """Opens a POST whose header the server has certainly read: it asks for 100 Continue and
    waits for it (the server sends it once the header is parsed and it is waiting for the body).
    Then sends the first two bytes of the body, of `length`."""
    sock = connect(port)
    sock.sendall(b"POST /candidate/" + name + b" HTTP/1.1\r\nHost: t\r\n"
                 b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % length)
    response, pending = read_response(sock)
    assert response is not None and response.status == 100 and not pending, response
    sock.sendall(b"ab")
    return sock


def refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return False
    except ConnectionRefusedError:
        return True


class GracefulShutdown(unittest.TestCase):
    def check_signal(self, sig):
        with LocalServer(["--store", "memory"]) as server:
            idle = connect(server.port)
            idle.sendall(get())
            self.assertEqual(read_response(idle)[0].status, 200)
            busy = start_post(server.port, b"inflight", 4)
            server.proc.send_signal(sig)
            self.assertTrue(closed_by_peer(idle, timeout=5), "idle connection stays open")
            deadline = time.monotonic() + 5
            while not refused(server.port) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(refused(server.port), "still accepting after the signal")
            self.assertTrue(server.alive(), "exited before the request in flight finished")
            busy.sendall(b"cd")
            response, _ = read_response(busy)
            self.assertEqual(response.status, 200)
            self.assertEqual(response.body, b'{"CandidateName":"inflight"}')
            self.assertEqual(response.header("Connection"), "close")
            busy.close()
            idle.close()
            self.assertEqual(server.proc.wait(timeout=15), 0)
            self.assertIn("flasky-local: stopped", server.stderr())
            self.assertIn('"path":"/candidate/inflight","status":200', server.stdout())

    def test_sigterm(self):
        self.check_signal(signal.SIGTERM)

    def test_sigint(self):
        self.check_signal(signal.SIGINT)

    def test_a_client_that_never_finishes_does_not_hold_the_exit(self):
        # Timeouts far longer than the shutdown deadline: only the deadline can end this.
        with LocalServer(["--store", "memory", "--header-timeout", "60",
                          "--body-timeout", "60"]) as server:
            stuck = start_post(server.port, b"never", 9)
            self.assertEqual(exchange(server.port, get()).status, 200)
            server.proc.send_signal(signal.SIGTERM)
            self.assertEqual(server.proc.wait(timeout=15), 0)
            self.assertIn("did not finish in time", server.stderr())
            stuck.close()

    def test_a_second_signal_stops_at_once(self):
        with LocalServer(["--store", "memory", "--body-timeout", "60"]) as server:
            stuck = start_post(server.port, b"never", 9)
            server.proc.send_signal(signal.SIGTERM)
            # The second signal once the first has been handled (it says so on stderr).
            self.assertTrue(wait_until(lambda: "signal 15: stopping" in server.stderr()))
            server.proc.send_signal(signal.SIGTERM)
            self.assertEqual(server.proc.wait(timeout=5), 0)
            self.assertIn("again: closing every connection now", server.stderr())
            stuck.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
