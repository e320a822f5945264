#!/usr/bin/env python3
"""sqlite.kill9: every put the SQLite store acknowledged survives a SIGKILL of the writer.

Usage: kill9.py <sqlite_writer> [--sqlite3=<sqlite3 shell>]

Three rounds, each on a new database in a temporary directory under /tmp: start sqlite_writer,
which prints each name only after its put returned success; once it has acknowledged some names,
wait a random moment (so the kill lands at a different point of a write each time), send SIGKILL,
and collect every line it printed. Then read the database, with the sqlite3 shell (an independent
reader; it also runs PRAGMA integrity_check) and by reopening the store (sqlite_writer --list):
every acknowledged name must be there, and nothing else but possibly the one name whose put was
under way when the kill came. Times here only pace the test; nothing asserts a duration.
"""
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROUNDS = 3
MIN_ACKNOWLEDGED = 20      # names acknowledged before the kill may come
STARTUP_LIMIT_S = 120      # give up if the writer acknowledges nothing for this long


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def names_in_shell(shell, db):
    check = subprocess.run([shell, "-bail", db, "PRAGMA integrity_check;"],
                           capture_output=True, text=True)
    if check.returncode != 0 or check.stdout.strip() != "ok":
        fail(f"sqlite3 integrity_check on {db}: {check.stdout.strip()} {check.stderr.strip()}")
    out = subprocess.run([shell, "-bail", db, "SELECT CandidateName FROM candidates;"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"sqlite3 could not read {db}: {out.stderr.strip()}")
    return out.stdout.splitlines()


def names_in_store(writer, db):
    out = subprocess.run([writer, db, "--list"], capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"reopening the store {db} after the kill failed: {out.stderr.strip()}")
    return out.stdout.splitlines()


def check_names(source, found, acknowledged):
    found_set = set(found)
    missing = [n for n in acknowledged if n not in found_set]
    if missing:
        fail(f"{source}: {len(missing)} acknowledged names lost, first {missing[:5]}")
    allowed = set(acknowledged) | {f"n{len(acknowledged)}"}  # the put under way at the kill
    unexpected = sorted(found_set - allowed)
    if unexpected:
        fail(f"{source}: names never put or not yet put: {unexpected[:5]}")
    if len(found) != len(found_set):
        fail(f"{source}: a name is stored twice")


def run_round(number, writer, shell):
    with tempfile.TemporaryDirectory(prefix="flasky-kill9-", dir="/tmp") as tmp:
        db = os.path.join(tmp, "kill9.db")
        process = subprocess.Popen([writer, db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        acknowledged = []
        enough = threading.Event()

        def read_acknowledgements():
            for line in process.stdout:  # ends when the writer's end of the pipe closes
                acknowledged.append(line.rstrip("\n"))
                if len(acknowledged) >= MIN_ACKNOWLEDGED:
                    enough.set()
            enough.set()

        reader = threading.Thread(target=read_acknowledgements)
        reader.start()
        enough.wait(STARTUP_LIMIT_S)
        time.sleep(random.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join()
        stderr = process.stderr.read()
        if process.returncode != -signal.SIGKILL:
            fail(f"round {number}: the writer ended by itself (status {process.returncode}) "
                 f"before the kill: {stderr.strip()}")
        if len(acknowledged) < MIN_ACKNOWLEDGED:
            fail(f"round {number}: the writer acknowledged only {len(acknowledged)} names")
        expected = [f"n{i}" for i in range(len(acknowledged))]
        if acknowledged != expected:
            fail(f"round {number}: the writer printed names out of order")

        if shell:
            check_names(f"round {number}, sqlite3 shell", names_in_shell(shell, db), acknowledged)
        stored = names_in_store(writer, db)
        check_names(f"round {number}, reopened store", stored, acknowledged)
        print(f"round {number}: killed after {len(acknowledged)} acknowledged puts; all present "
              f"({len(stored)} stored)")


def main():
    if len(sys.argv) < 2:
        fail("usage: kill9.py <sqlite_writer> [--sqlite3=<shell>]")
    writer = sys.argv[1]
    shell = None
    for arg in sys.argv[2:]:
        if arg.startswith("--sqlite3="):
            shell = arg.split("=", 1)[1]
    if shell is None:
        print("note: no sqlite3 shell given; checking by reopening the store only")
    for number in range(1, ROUNDS + 1):
        run_round(number, writer, shell)
    print("ok: no acknowledged put was lost in", ROUNDS, "kills")


if __name__ == "__main__":
    main()
