// Router lookup benchmark over the GitHub API route set (203 routes), the classic
// GithubStatic / GithubParam / GithubAll cases, for flasky::router::match and two floors
// written here (a linear scan and std::regex), so that ratios come from one run.
//
// Every case also reports `allocs_per_lookup`, counted by the replaced global operator new
// (allocation_counter.cpp). Before anything is timed, main() checks that each matcher sends
// every one of the 203 requests to its own route with the right parameters, and that flasky
// allocates nothing on those hits; it exits with a message otherwise.
//
//   ./router_benchmark --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true
//                      --benchmark_report_aggregates_only=true
//
// With repetitions, each case also reports a "min" aggregate (the fastest repetition).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include <flasky/router.hpp>

#include "allocation_counter.hpp"
#include "floors.hpp"
#include "github_data.hpp"
#include "github_setup.hpp"

namespace {

using flasky_bench::github_data;

struct lookup {
  flasky::verb verb;
  std::string_view path;
};

/// Everything the benchmarks read, built and checked once in main().
struct world {
  github_data data;
  flasky::router app;
  flasky_bench::linear_scan_matcher linear;
  flasky_bench::regex_matcher regex;
  std::vector<lookup> all;  // the 203 requests
  lookup github_static{};   // GET /user/repos
  lookup github_param{};    // GET /repos/julienschmidt/httprouter/stargazers
};

std::unique_ptr<world> the_world;

/// Allocations per lookup of `m` over `requests`, counted outside the timed loop
/// (one uncounted warm-up round, then three counted rounds).
template <class Matcher>
double allocations_per_lookup(const Matcher& m, const std::vector<lookup>& requests) {
  for (const auto& r : requests) benchmark::DoNotOptimize(m.match(r.verb, r.path));
  const auto before = flasky_bench::allocation_count();
  constexpr int rounds = 3;
  for (int k = 0; k != rounds; ++k)
    for (const auto& r : requests) benchmark::DoNotOptimize(m.match(r.verb, r.path));
  const auto after = flasky_bench::allocation_count();
  return static_cast<double>(after - before) / static_cast<double>(rounds * requests.size());
}

/// Times `m.match` over `requests` (one iteration = all of them, in order).
template <class Matcher>
void run(benchmark::State& state, const Matcher& m, const std::vector<lookup>& requests) {
  const double allocs = allocations_per_lookup(m, requests);
  for (auto _ : state) {
    for (const auto& r : requests) {
      auto result = m.match(r.verb, r.path);
      benchmark::DoNotOptimize(result);
    }
  }
  const auto n = static_cast<std::int64_t>(requests.size());
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["lookups"] = static_cast<double>(n);
  // Seconds per lookup: the rate of lookups, inverted.
  state.counters["time_per_lookup"] = benchmark::Counter(
      static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["allocs_per_lookup"] = allocs;
}

/// The fastest repetition: on a shared machine, the least disturbed one.
double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

template <class Matcher>
void register_cases(const char* name, const Matcher& m, const world& w) {
  const std::string prefix = std::string(name) + "/";
  benchmark::RegisterBenchmark((prefix + "GithubStatic").c_str(), [&m, &w](benchmark::State& s) {
    run(s, m, std::vector<lookup>{w.github_static});
  })->ComputeStatistics("min", fastest);
  benchmark::RegisterBenchmark((prefix + "GithubParam").c_str(), [&m, &w](benchmark::State& s) {
    run(s, m, std::vector<lookup>{w.github_param});
  })->ComputeStatistics("min", fastest);
  benchmark::RegisterBenchmark((prefix + "GithubAll").c_str(),
                               [&m, &w](benchmark::State& s) { run(s, m, w.all); })
      ->ComputeStatistics("min", fastest);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  the_world = std::make_unique<world>();
  world& w = *the_world;
  try {
    w.data = flasky_bench::load_github_data();
    flasky_bench::add_github_routes(w.app, w.data);
    flasky_bench::add_github_routes(w.linear, w.data);
    flasky_bench::add_github_routes(w.regex, w.data);
  } catch (const std::exception& e) {
    flasky_bench::die(std::string("set-up failed: ") + e.what());
  }
  flasky_bench::verify(w.app, w.data);
  flasky_bench::verify(w.linear, w.data, "linear scan");
  flasky_bench::verify(w.regex, w.data, "std::regex");

  for (const auto& r : w.data.requests) w.all.push_back({r.verb, r.path});
  w.github_static = w.all[flasky_bench::find_request(w.data, "GET", "/user/repos")];
  w.github_param =
      w.all[flasky_bench::find_request(w.data, "GET", "/repos/julienschmidt/httprouter/stargazers")];

  if (double a = allocations_per_lookup(w.app, w.all); a != 0)
    flasky_bench::die("flasky allocated " + std::to_string(a) + " times per lookup on hits");
  std::cerr << "router benchmark: " << w.all.size()
            << " requests checked against flasky, linear scan and std::regex (all found, right "
               "route, right parameters; flasky allocates nothing)\n";

  register_cases("flasky", w.app, w);
  register_cases("linear_scan", w.linear, w);
  register_cases("std_regex", w.regex, w);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  the_world.reset();
  return 0;
}
