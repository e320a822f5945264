#!/usr/bin/env bash
# Checks flasky's Conan 2 recipe from scratch, offline: `conan create . -pr debian`, which builds
# the package and runs test_package/. Not part of CI (CI has no Conan source); maintainers run it
# after changing conanfile.py, test_package/ or the CMake targets. See docs/packaging.md.
#
#   scripts/check-conan.sh /path/to/conan-source        # or: CONAN_SRC=/path scripts/check-conan.sh
#
# It needs:
#   - a checkout of Conan 2's source (github.com/conan-io/conan, e.g. tag 2.8.1), outside this tree;
#   - Debian's Python packages for Conan, fetched with `apt-get download` (or, offline, the .deb
#     files in the folder FLASKY_CONAN_DEBS) and unpacked, not installed, into a scratch folder;
#   - the system-Boost wrapper recipe and the Debian profile (defaults: /work/shared/conan/
#     system-boost and /work/shared/conan/debian.profile; override with FLASKY_CONAN_BOOST_RECIPE
#     and FLASKY_CONAN_PROFILE), plus Boost 1.81 (json, url), SQLite 3 and OpenSSL dev packages.
#
# Everything Conan writes goes to a new scratch folder (CONAN_HOME included), removed on success
# and kept on failure; nothing is left in the tree (test_package's build goes to the scratch
# folder, and the test_package/CMakeUserPresets.json that Conan writes is removed).
# Builds use 2 jobs (FLASKY_CONAN_JOBS to change). Exit status: 0 when the package is created and
# both test programs print what they should; 2 when something it needs is missing; 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
conan_src=${1:-${CONAN_SRC:-}}
boost_recipe=${FLASKY_CONAN_BOOST_RECIPE:-/work/shared/conan/system-boost}
profile=${FLASKY_CONAN_PROFILE:-/work/shared/conan/debian.profile}
jobs=${FLASKY_CONAN_JOBS:-2}
python=/usr/bin/python3   # Debian's interpreter: the unpacked packages are built for it

work=""
missing() {
  echo "check-conan: $*" >&2
  [[ -z "$work" ]] || rm -rf "$work"
  exit 2
}

# --- what this check needs --------------------------------------------------------------------
if [[ -z "$conan_src" ]]; then
  missing "no Conan source given. Usage: scripts/check-conan.sh <conan-source-checkout>
  (or CONAN_SRC=<dir>). Get one with, e.g.:
    git clone https://github.com/conan-io/conan /tmp/conan-src && git -C /tmp/conan-src checkout 2.8.1"
fi
if [[ ! -f "$conan_src/conans/conan.py" || ! -f "$conan_src/conans/__init__.py" ]]; then
  missing "'$conan_src' is not a checkout of Conan's source (no conans/conan.py in it)"
fi
conan_src=$(cd "$conan_src" && pwd)
case "$conan_src/" in
  "$root"/*) missing "the Conan source must be outside the project ($conan_src is inside $root)" ;;
esac
conan_version=$(sed -n 's/^__version__ = .\([^"'"'"']*\).*/\1/p' "$conan_src/conans/__init__.py")
if [[ "$conan_version" != 2.* ]]; then
  missing "'$conan_src' is Conan '${conan_version:-unknown}', not Conan 2 (check out a 2.x tag, e.g. 2.8.1)"
fi
[[ -x "$python" ]] || missing "$python (Debian's Python 3) is not there"
command -v dpkg-deb >/dev/null || missing "dpkg-deb is not there (this check runs on Debian)"
[[ -d "$boost_recipe" ]] || missing "no system-Boost wrapper recipe at $boost_recipe (set FLASKY_CONAN_BOOST_RECIPE)"
[[ -f "$profile" ]] || missing "no Conan profile at $profile (set FLASKY_CONAN_PROFILE)"

work=$(mktemp -d "${TMPDIR:-/tmp}/flasky-check-conan.XXXXXX")
echo "check-conan: Conan $conan_version from $conan_src; scratch folder $work"
trap 'echo "check-conan: FAILED; logs and Conan home kept in $work" >&2' ERR

# --- Debian's Python packages, unpacked into $work/pyroot ---------------------------------------
debs=(python3-requests python3-urllib3 python3-colorama python3-patch-ng python3-fasteners
      python3-jinja2 python3-dateutil python3-markupsafe python3-certifi
      python3-charset-normalizer python3-idna python3-chardet python3-monotonic python3-yaml
      python3-distro python3-six)
mkdir -p "$work/debs" "$work/pyroot"
if [[ -n "${FLASKY_CONAN_DEBS:-}" ]]; then
  compgen -G "$FLASKY_CONAN_DEBS/*.deb" >/dev/null ||
    missing "FLASKY_CONAN_DEBS=$FLASKY_CONAN_DEBS holds no .deb files"
  cp "$FLASKY_CONAN_DEBS"/*.deb "$work/debs/"
elif ! (cd "$work/debs" && apt-get download "${debs[@]}" >"$work/apt-get.log" 2>&1); then
  sed 's/^/  /' "$work/apt-get.log" >&2
  missing "cannot download Debian's Python packages for Conan (apt-get download failed, output
  above). Run where apt can reach a Debian mirror, or put the .deb files of
  ${debs[*]}
  in a folder and set FLASKY_CONAN_DEBS to it."
fi
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/pyroot"
done
pythonpath="$conan_src:$work/pyroot/usr/lib/python3/dist-packages"
if ! PYTHONPATH="$pythonpath" "$python" -c \
    'import requests, urllib3, colorama, patch_ng, fasteners, jinja2, dateutil, yaml, distro' \
    2>"$work/imports.log"; then
  sed 's/^/  /' "$work/imports.log" >&2
  missing "Debian's Python packages for Conan are incomplete (import failed, above); unpacked:
  $(cd "$work/debs" && echo *.deb)"
fi

# --- Conan, offline, in a fresh CONAN_HOME -----------------------------------------------------
conan() {
  PYTHONPATH="$pythonpath" CONAN_HOME="$work/home" "$python" -m conans.conan "$@"
}
echo "check-conan: $(conan --version)"
conan profile detect >"$work/profile-detect.log" 2>&1
conan remote remove conancenter >/dev/null
cp "$profile" "$work/home/profiles/debian"
echo "check-conan: conan create $boost_recipe"
conan create "$boost_recipe" -c "tools.build:jobs=$jobs" >"$work/system-boost.log" 2>&1 ||
  { tail -n 30 "$work/system-boost.log" >&2; false; }

echo "check-conan: conan create $root -pr debian (log: $work/create.log)"
cd "$root"
# Conan writes test_package/CMakeUserPresets.json, pointing into $work; drop it unless it was there.
presets="$root/test_package/CMakeUserPresets.json"
if [[ ! -e "$presets" ]]; then
  trap 'rm -f "$presets"' EXIT
fi
if ! conan create . -pr debian -c "tools.build:jobs=$jobs" \
    -c "tools.cmake.cmake_layout:test_folder=$work/test_package-build" >"$work/create.log" 2>&1; then
  tail -n 40 "$work/create.log" >&2
  false
fi

# --- what test_package printed ------------------------------------------------------------------
core=$(grep -A1 '(test package): RUN: ./test_package$' "$work/create.log" | tail -n 1)
components=$(grep -A1 '(test package): RUN: ./test_components$' "$work/create.log" | tail -n 1)
echo "check-conan: test_package printed:    $core"
echo "check-conan: test_components printed: $components"
if [[ "$core" != '{"method":"GET"}' || "$components" != "flasky::net server threads=2, flasky::sqlite stored=1 "* ]]; then
  echo "check-conan: test_package did not print what it should (see $work/create.log)" >&2
  false
fi
package=$(grep -m1 '^flasky/.*: Full package reference: ' "$work/create.log" | sed 's/.*Full package reference: //')
trap - ERR
rm -rf "$work"
echo "check-conan: OK: Conan $conan_version created $package and ran test_package"
