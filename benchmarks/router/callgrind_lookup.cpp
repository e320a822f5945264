// Runs the 203 GitHub API lookups N times between CALLGRIND_START_INSTRUMENTATION and
// CALLGRIND_STOP_INSTRUMENTATION, so that callgrind counts the lookups and not the set-up:
//
//   valgrind --tool=callgrind --collect-atstart=no --instr-atstart=no ./callgrind_lookup 100
//   valgrind ... ./callgrind_lookup 100 --linear     (the linear-scan floor)
//   valgrind ... ./callgrind_lookup 100 --regex      (the std::regex floor)
//   valgrind ... ./callgrind_lookup 100 --flasky "GET /user/repos"   (one request, N times)
//
// instructions_per_lookup.sh runs it for two values of N and divides the difference of the
// totals by the difference of the lookup counts, so whatever is not a lookup cancels.
// Collection is toggled on with instrumentation, so the two --*-atstart=no options are safe.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <valgrind/callgrind.h>

#include <flasky/router.hpp>

#include "floors.hpp"
#include "github_data.hpp"
#include "github_setup.hpp"

namespace {

/// Runs every request of `requests` `rounds` times under instrumentation; returns a checksum.
template <class Matcher, class Key>
std::uint64_t measure(const Matcher& m, const std::vector<flasky_bench::http_line>& requests,
                      long rounds, Key key) {
  std::uint64_t sum = 0;
  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_TOGGLE_COLLECT;
  for (long k = 0; k != rounds; ++k)
    for (const auto& r : requests) sum += key(m.match(r.verb, r.path));
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_STOP_INSTRUMENTATION;
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: callgrind_lookup ROUNDS [--flasky|--linear|--regex] [\"METHOD /path\"]\n";
    return 2;
  }
  const long rounds = std::strtol(argv[1], nullptr, 10);
  const std::string_view which = argc > 2 ? argv[2] : "--flasky";

  flasky_bench::github_data d;
  try {
    d = flasky_bench::load_github_data();
  } catch (const std::exception& e) {
    flasky_bench::die(e.what());
  }
  // All 203 requests, or only the one named on the command line.
  std::vector<flasky_bench::http_line> requests = d.requests;
  if (argc > 3) {
    std::string_view line = argv[3];
    auto space = line.find(' ');
    if (space == std::string_view::npos) flasky_bench::die("expected \"METHOD /path\"");
    requests = {d.requests[flasky_bench::find_request(d, line.substr(0, space), line.substr(space + 1))]};
  }

  std::uint64_t sum = 0;
  if (which == "--flasky") {
    flasky::router app;
    flasky_bench::add_github_routes(app, d);
    flasky_bench::verify(app, d);
    sum = measure(app, requests, rounds, [](const flasky::route_match& m) {
      return static_cast<std::uint64_t>(m.handler) + m.param_count;
    });
  } else if (which == "--linear") {
    flasky_bench::linear_scan_matcher linear;
    flasky_bench::add_github_routes(linear, d);
    flasky_bench::verify(linear, d, "linear scan");
    sum = measure(linear, requests, rounds, [](const flasky_bench::floor_match& m) {
      return static_cast<std::uint64_t>(m.route) + m.param_count;
    });
  } else if (which == "--regex") {
    flasky_bench::regex_matcher regex;
    flasky_bench::add_github_routes(regex, d);
    flasky_bench::verify(regex, d, "std::regex");
    sum = measure(regex, requests, rounds, [](const flasky_bench::floor_match& m) {
      return static_cast<std::uint64_t>(m.route) + m.param_count;
    });
  } else {
    std::cerr << "callgrind_lookup: unknown matcher " << which << '\n';
    return 2;
  }
  std::cout << which.substr(2) << ": " << rounds << " x " << requests.size()
            << " lookups, checksum " << sum << '\n';
  return 0;
}
