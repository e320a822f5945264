#!/usr/bin/env bash
# Compile cost of flasky's route checking, measured with `g++ -std=c++20 -fsyntax-only`.
#
#   benchmarks/compile_cost/measure.sh            (CXX=clang++-14 to measure another compiler)
#
# Prints the best of 5 wall-clock times, and the best of 5 user+system CPU times, for:
#   (a) a file that includes only <flasky/route_pattern.hpp>, and one with only <flasky/route.hpp>;
#   (b) 100 distinct checked routes, as the cost they ADD to a file that has the same includes
#       and no routes (best of 5 each, then the difference):
#       - route values: 100 `constexpr flasky::route<"/rN/<int:id>"> rN;` (each with a
#         static_assert), alone, and then with a 100-row constexpr route_table built from them
#         and 100 static_asserts on it (one lookup per route);
#       - registrations: 100 `app.get("/rN/<int:id>", [](std::int64_t id) {...})` on a router.
# The generated files stay in $TMPDIR/flasky-compile-cost for inspection.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cxx="${CXX:-g++}"
runs=5
routes=100
work="${TMPDIR:-/tmp}/flasky-compile-cost"
mkdir -p "$work"

# ---- the translation units ------------------------------------------------------------------
printf '#include <flasky/route_pattern.hpp>\n' >"$work/route_pattern_only.cpp"
printf '#include <flasky/route.hpp>\n' >"$work/route_only.cpp"

route_values() {  # count [table] -> TU with `count` route values (and a table of them)
  local n="$1" table="${2:-table}" i
  echo '#include <flasky/route.hpp>'
  echo '#include <flasky/route_table.hpp>'
  echo '#include <flasky/verb.hpp>'
  [[ "$n" -eq 0 ]] && return
  for ((i = 0; i < n; ++i)); do
    echo "constexpr flasky::route<\"/r$i/<int:id>\"> r$i;"
    echo "static_assert(r$i.param_count == 1);"
  done
  [[ "$table" == table ]] || return 0
  echo 'constexpr flasky::route_table table{{'
  for ((i = 0; i < n; ++i)); do echo "    {flasky::verb::get, r$i.pattern()},"; done
  echo '}};'
  for ((i = 0; i < n; ++i)); do
    echo "static_assert(table.find(flasky::verb::get, \"/r$i/$i\").route == $i);"
  done
}

registrations() {  # count -> TU registering `count` typed handlers on a router
  local n="$1" i
  echo '#include <cstdint>'
  echo '#include <string>'
  echo '#include <flasky/router.hpp>'
  echo 'void register_routes(flasky::router& app) {'
  for ((i = 0; i < n; ++i)); do
    echo "  app.get(\"/r$i/<int:id>\", [](std::int64_t id) { return std::to_string(id + $i); });"
  done
  echo '}'
}

route_values 0 >"$work/route_values_0.cpp"
route_values "$routes" >"$work/route_values_$routes.cpp"
route_values "$routes" no-table >"$work/route_values_${routes}_no_table.cpp"
registrations 0 >"$work/registrations_0.cpp"
registrations "$routes" >"$work/registrations_$routes.cpp"

# ---- timing ---------------------------------------------------------------------------------
compile() { "$cxx" -std=c++20 -fsyntax-only -I"$root/include" "$1"; }

# best_of FILE -> "WALL CPU": the best wall-clock time and the best user+system CPU time (s)
# over $runs runs. On a shared machine the CPU time is the steadier of the two.
best_of() {
  local file="$1" best_wall="" best_cpu="" out k
  compile "$file"  # fails loudly here rather than inside the timing loop
  for ((k = 0; k < runs; ++k)); do
    out="$( { TIMEFORMAT='%R %U %S'; time compile "$file" >/dev/null 2>&1; } 2>&1 )"
    read -r best_wall best_cpu < <(awk -v o="$out" -v w="$best_wall" -v c="$best_cpu" 'BEGIN {
      split(o, f, " "); wall = f[1]; cpu = f[2] + f[3]
      if (w != "" && w < wall) wall = w
      if (c != "" && c < cpu) cpu = c
      print wall, cpu }')
  done
  echo "$best_wall $best_cpu"
}

row() {  # label "WALL CPU"
  local label="$1" wall cpu
  read -r wall cpu <<<"$2"
  printf '%-62s %6.2f s  %6.2f s\n' "$label" "$wall" "$cpu"
}

minus() {  # "WALL CPU" "WALL CPU" -> difference
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); print x[1] - y[1], x[2] - y[2] }'
}

echo "compiler: $("$cxx" --version | head -n 1); -std=c++20 -fsyntax-only; best of $runs wall times"
echo "machine:  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

printf '%-62s %8s  %8s\n' "" "wall" "user+sys"
t_pattern="$(best_of "$work/route_pattern_only.cpp")"
t_route="$(best_of "$work/route_only.cpp")"
row "<flasky/route_pattern.hpp> alone" "$t_pattern"
row "<flasky/route.hpp> alone" "$t_route"

t_v0="$(best_of "$work/route_values_0.cpp")"
t_vn="$(best_of "$work/route_values_${routes}_no_table.cpp")"
t_v1="$(best_of "$work/route_values_$routes.cpp")"
t_r0="$(best_of "$work/registrations_0.cpp")"
t_r1="$(best_of "$work/registrations_$routes.cpp")"
echo
row "route values: includes only (route, route_table, verb)" "$t_v0"
row "route values: $routes route values, no table" "$t_vn"
row "route values: $routes values + $routes-row table + $routes table asserts" "$t_v1"
row "  -> added by $routes route values alone" "$(minus "$t_vn" "$t_v0")"
row "  -> added by $routes route values with table and asserts" "$(minus "$t_v1" "$t_v0")"
echo
row "registrations: includes only (router)" "$t_r0"
row "registrations: $routes app.get(\"/rN/<int:id>\", typed handler)" "$t_r1"
row "  -> added by $routes checked registrations" "$(minus "$t_r1" "$t_r0")"
echo
echo "generated files: $work"
