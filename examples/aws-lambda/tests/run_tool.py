#!/usr/bin/env python3
"""Runs a command-line tool (terraform, cfn-lint ...) and fails clearly when it is missing.

usage: run_tool.py <tool> [args...]
"""
import shutil
import subprocess
import sys

tool = sys.argv[1]
path = shutil.which(tool)
if path is None:
    sys.exit(f"{tool} is not on PATH: it comes preinstalled on flasky's build machines "
             f"(see scripts/setup.sh); install it to run this test")
result = subprocess.run([path, *sys.argv[2:]])
if result.returncode != 0:
    sys.exit(f"{tool} {' '.join(sys.argv[2:])}: exit code {result.returncode}")
