#!/usr/bin/env python3
"""integration.kill9: no acknowledged write is lost when flasky-local is killed with SIGKILL.

Three rounds on one SQLite store file. In each, eight client threads POST unique names over
kept-alive connections as fast as the server answers; once at least 40 names of the round have
been acknowledged with 200, and after a random further moment (so the kill lands at a different
point of a write each time), the server gets SIGKILL in the middle of the burst. It is started
again on the same file, and GET /candidates must list every name that ever got a 200 (a name
whose request was cut off may or may not be there). Nothing here asserts a duration.
"""

import http.client
import json
import os
import random
import shutil
import signal
import tempfile
import threading
import time
import unittest
from urllib.parse import quote

from flasky_local import LocalServer

ROUNDS = 3
THREADS = 8
MIN_ACKNOWLEDGED = 40


def list_names(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/candidates")
        res = conn.getresponse()
        body = res.read()
        if res.status == 404:
            return set()
        assert res.status == 200, (res.status, body)
        return {c["CandidateName"] for c in json.loads(body)}
    finally:
        conn.close()


class KillDuringBurst(unittest.TestCase):
    def test_every_acknowledged_name_survives_kill_9(self):
        workdir = tempfile.mkdtemp(prefix="flasky-it-")
        db = os.path.join(workdir, "burst.db")
        acknowledged = set()
        lock = threading.Lock()
        try:
            for round_number in range(ROUNDS):
                server = LocalServer(["--store", "sqlite:" + db, "--log-level", "warn"],
                                     workdir=workdir).start()
                # Everything acknowledged in earlier rounds is there after the restart.
                self.assertLessEqual(acknowledged, list_names(server.port))
                stop = threading.Event()
                this_round = [0]

                def writer(thread_number, port=server.port, round_number=round_number):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    n = 0
                    while not stop.is_set():
                        name = f"r{round_number} t{thread_number} n{n} é"
                        n += 1
                        try:
                            conn.request("POST", "/candidate/" + quote(name, safe=""))
                            res = conn.getresponse()
                            body = res.read()
                        except (OSError, http.client.HTTPException):
                            return  # the server is gone
                        if res.status == 200 and json.loads(body) == {"CandidateName": name}:
                            with lock:
                                acknowledged.add(name)
                                this_round[0] += 1

                threads = [threading.Thread(target=writer, args=(i,)) for i in range(THREADS)]
                for t in threads:
                    t.start()
                limit = time.monotonic() + 60
                while this_round[0] < MIN_ACKNOWLEDGED and time.monotonic() < limit:
                    time.sleep(0.01)
                self.assertGreaterEqual(this_round[0], MIN_ACKNOWLEDGED, "the burst never got going")
                time.sleep(random.uniform(0.0, 0.3))
                server.proc.send_signal(signal.SIGKILL)
                server.proc.wait()
                stop.set()
                for t in threads:
                    t.join()
                print(f"round {round_number}: killed after {this_round[0]} acknowledged names",
                      flush=True)

            server = LocalServer(["--store", "sqlite:" + db], workdir=workdir).start()
            try:
                stored = list_names(server.port)
            finally:
                server.kill()
            missing = acknowledged - stored
            self.assertFalse(missing, f"{len(missing)} acknowledged names lost, e.g. "
                                      f"{sorted(missing)[:5]}")
            print(f"{len(acknowledged)} acknowledged names, all {len(stored)} stored names listed")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
