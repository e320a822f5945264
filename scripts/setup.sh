#!/usr/bin/env bash
# Installs what flasky's build and tests need on a Debian bookworm machine.
#
# Idempotent: when everything is present it only checks (one dpkg-query, one Python import) and
# returns in well under a second. Installs missing Debian packages with apt-get (as root, or
# through sudo). Never installs libboost-dev, libboost-all-dev or libasio-dev: they bring
# Boost 1.74 headers that clash with the 1.81 ones flasky uses, and this script warns if they
# are present.
#
# It also makes sure that a python3 which can `import flask, werkzeug` exists (the oracle of the
# differential routing tests) and says which one. Messages go to stderr; nothing to stdout.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang-14 make git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  catch2 libbenchmark-dev libssl-dev libsqlite3-dev
  valgrind curl wrk sqlite3
  openssl  # the AWS TLS tests make their test CA with the openssl command
)
clashing=(libboost-dev libboost-all-dev libasio-dev)

say() { echo "setup: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=no
apt_install() {
  say "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" = no ]; then
    as_root apt-get update -qq >&2
    apt_updated=yes
  fi
  as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Every package's status in one dpkg-query call; a package dpkg has never heard of is missing.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" "${clashing[@]}" 2>/dev/null |
  awk '$NF == "installed" { print $1 }' || true)
is_installed() { grep -qx "$1" <<<"$installed"; }

missing=()
for p in "${packages[@]}"; do
  is_installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt_install "${missing[@]}"
fi

for p in "${clashing[@]}"; do
  if is_installed "$p"; then
    say "WARNING: $p is installed; it brings Boost 1.74 headers that clash with Boost 1.81." \
      "Remove it (apt-get remove $p) if the build picks up the wrong Boost."
  fi
done

# A python3 with Flask and Werkzeug: the default python3 first, then Debian's. Prints
# "<interpreter> <Flask version> <Werkzeug version>" for the first that has both.
find_flask_python() {
  local py
  for py in python3 /usr/bin/python3; do
    command -v "$py" >/dev/null 2>&1 || continue
    "$py" -c 'import sys, flask, werkzeug
from importlib.metadata import version
print(sys.executable, version("flask"), version("werkzeug"))' 2>/dev/null && return 0
  done
  return 1
}

if ! flask_python=$(find_flask_python); then
  say "no python3 can import flask and werkzeug"
  apt_install python3-flask
  flask_python=$(find_flask_python) || {
    say "ERROR: still no python3 with Flask and Werkzeug after installing python3-flask"
    exit 1
  }
fi
read -r py flask_version werkzeug_version <<<"$flask_python"
say "Python for the Flask oracle: $py (Flask $flask_version, Werkzeug $werkzeug_version)"

# The npm emulators (dynalite for DynamoDB, @vercel/fun for the Lambda Runtime API), exactly as
# the committed lockfile pins them. `npm ci` is skipped when the lockfile is the one it last
# installed (a copy is kept in node_modules).
emulators="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/emulators" && pwd)"
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if ! cmp -s "$emulators/package-lock.json" "$emulators/node_modules/.installed-lock.json" 2>/dev/null; then
  say "installing the npm emulators (npm ci in tests/emulators)"
  (cd "$emulators" && npm ci --no-audit --no-fund --loglevel=error >&2 &&
    cp package-lock.json node_modules/.installed-lock.json)
fi

# Tools the AWS tests call that come preinstalled on this kind of machine (nothing here can
# install them: PyPI and the Terraform registry are out of reach). Say plainly which is missing;
# the tests that need it fail with the same message.
for tool in moto_server aws cfn-lint terraform; do
  command -v "$tool" >/dev/null 2>&1 || say "WARNING: $tool is not on PATH; the AWS tests that use it will fail"
done
