#!/usr/bin/env python3
"""Checks a Lambda deployment zip as flasky_add_lambda_package writes it.

- `bootstrap` is at the root of the archive, a regular file with mode 0755 recorded in the
  entry's external attributes by a Unix creator (Lambda runs it as is, so without the
  executable bits the function fails with "permission denied");
- its bytes are those of the packaged bootstrap, and it is an ELF program;
- nothing else is in the archive but the extra files named on the command line, each a regular
  file with mode 0644 at the root.

usage: check_zip.py <zip> <packaged bootstrap> [extra file name...]
"""
import stat
import sys
import zipfile


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    zip_path, bootstrap_path, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    errors = []
    with zipfile.ZipFile(zip_path) as archive:
        if archive.testzip() is not None:
            sys.exit(f"{zip_path}: a member is corrupt")
        entries = {info.filename: info for info in archive.infolist()}
        names = sorted(entries)
        expected = sorted(["bootstrap", *extra])
        if names != expected:
            errors.append(f"entries are {names}, expected {expected}")
        for name, wanted in [("bootstrap", 0o755)] + [(e, 0o644) for e in extra]:
            info = entries.get(name)
            if info is None:
                continue
            mode = info.external_attr >> 16
            if info.create_system != 3:
                errors.append(f"{name}: made by system {info.create_system}, not Unix (3), so "
                              f"Lambda ignores its mode")
            if not stat.S_ISREG(mode):
                errors.append(f"{name}: not recorded as a regular file (mode {oct(mode)})")
            if stat.S_IMODE(mode) != wanted:
                errors.append(f"{name}: mode {oct(stat.S_IMODE(mode))}, expected {oct(wanted)}")
        if "bootstrap" in entries:
            data = archive.read("bootstrap")
            with open(bootstrap_path, "rb") as f:
                if f.read() != data:
                    errors.append("bootstrap in the zip differs from the packaged bootstrap")
            if data[:4] != b"\x7fELF":
                errors.append("bootstrap is not an ELF program")
            print(f"{zip_path}: bootstrap {len(data)} bytes, "
                  f"{entries['bootstrap'].compress_size} compressed; zip "
                  f"{sum(1 for _ in names)} entries")
    for e in errors:
        print(f"error: {e}")
    if errors:
        sys.exit(f"{zip_path} is not a valid Lambda bootstrap zip")
    print("ok")


main()
