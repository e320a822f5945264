#!/usr/bin/env bash
# Installs what flasky's build and tests need on a Debian bookworm machine.
# Idempotent: when everything is present it only checks and returns in well under a second.
set -euo pipefail

packages=(
  cmake g++ clang-14 make
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  catch2 libbenchmark-dev libssl-dev libsqlite3-dev
  valgrind curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

python_with_flask=""
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import flask, werkzeug' 2>/dev/null; then
    python_with_flask=$py; break
  fi
done
if [ -z "$python_with_flask" ]; then
  echo "setup: no python3 with Flask and Werkzeug found; installing python3-flask" >&2
  apt-get install -y -qq --no-install-recommends python3-flask >&2
fi
