#!/usr/bin/env python3
"""Checks that a Lambda bootstrap starts on Amazon Linux 2023 (glibc 2.34), reading its ELF
headers with readelf (binutils).

It passes when the program is static (no program interpreter, no NEEDED library), or when it is
dynamic but needs nothing beyond glibc's own libraries and no glibc symbol version newer than
2.34. Anything else (libstdc++.so, libssl.so, GLIBC_2.36 ...) is refused with the reason. It
also checks that the program is an x86-64 executable (the architecture the deployment files
name).

usage: check_elf.py [--expect-refusal] <program>
  --expect-refusal  succeed only if the program is refused (to show the check can fail)
"""
import re
import shutil
import subprocess
import sys

MAX_GLIBC = (2, 34)
GLIBC_LIBRARIES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                   "ld-linux-x86-64.so.2"}


def readelf(*args):
    path = shutil.which("readelf")
    if path is None:
        sys.exit("readelf (binutils) is not on PATH; install binutils to run this test")
    out = subprocess.run([path, "-W", *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"readelf {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout


def problems(program):
    found = []
    header = readelf("-h", program)
    if not re.search(r"Machine:\s+Advanced Micro Devices X86-64", header):
        found.append("not an x86-64 program")
    if not re.search(r"Type:\s+(EXEC|DYN)", header):
        found.append("not an executable")
    segments = readelf("-l", program)
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", segments)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-d", program))
    if interp is None and not needed:
        print(f"{program}: static (no program interpreter, no shared library needed)")
        return found
    print(f"{program}: dynamic, interpreter {interp.group(1) if interp else '-'}, "
          f"needs {', '.join(needed) or 'nothing'}")
    for library in needed:
        if library not in GLIBC_LIBRARIES:
            found.append(f"needs {library}, which is not part of glibc (Amazon Linux 2023 may "
                         f"not have it, or have an older one)")
    versions = set(re.findall(r"Name: GLIBC_(\d+)\.(\d+)(?:\.\d+)?", readelf("-V", program)))
    newest = max(((int(a), int(b)) for a, b in versions), default=(0, 0))
    if newest > MAX_GLIBC:
        found.append(f"needs GLIBC_{newest[0]}.{newest[1]}, newer than Amazon Linux 2023's "
                     f"glibc {MAX_GLIBC[0]}.{MAX_GLIBC[1]}")
    return found


def main():
    args = sys.argv[1:]
    expect_refusal = args[:1] == ["--expect-refusal"]
    if expect_refusal:
        args = args[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    found = problems(args[0])
    for p in found:
        print(f"refused: {p}")
    if expect_refusal:
        if not found:
            sys.exit(f"{args[0]} was expected to be refused but passed the check")
        print("refused, as expected")
    elif found:
        sys.exit(f"{args[0]} would not start on Amazon Linux 2023")
    else:
        print("ok: starts on glibc 2.34")


main()
