// Nanoseconds per Lambda invocation in process (Google Benchmark): the v2 (HTTP API) and v1 (REST
// API) events of GET /candidate/alice answered by the candidate API on a memory store, and the
// floor of a plain Boost.JSON DOM round trip of the v2 event. Before timing, each case checks
// that the answer is the expected 200 (so the smoke test in CTest fails if it is not); no time
// is asserted anywhere.
#include <benchmark/benchmark.h>

#include <flasky/aws/invoke_event.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "invoke_setup.hpp"

namespace {

// Exits unless `answer` is a 200 carrying alice.
void check_answer(const boost::system::result<std::string>& answer) {
  if (!answer) {
    std::fprintf(stderr, "invoke_benchmark: invocation error: %s\n", answer.error().message().c_str());
    std::exit(1);
  }
  const auto out = boost::json::parse(*answer).as_object();
  if (out.at("statusCode").as_int64() != 200 ||
      std::string_view(out.at("body").as_string()).find("alice") == std::string_view::npos) {
    std::fprintf(stderr, "invoke_benchmark: unexpected answer %s\n", answer->c_str());
    std::exit(1);
  }
}

void invoke(benchmark::State& state, const char* event_file) {
  const std::string event = flasky_bench::read_event(event_file);
  flasky_bench::candidate_app api;
  {
    flasky::aws::lambda_invocation invocation;
    check_answer(flasky::aws::try_invoke_event(api.app, event, invocation));
  }
  for (auto _ : state) {
    flasky::aws::lambda_invocation invocation;
    auto answer = flasky::aws::try_invoke_event(api.app, event, invocation);
    benchmark::DoNotOptimize(answer);
  }
}

void BM_InvokeHttpApiV2(benchmark::State& state) { invoke(state, "v2_get_candidate.json"); }
void BM_InvokeRestV1(benchmark::State& state) { invoke(state, "v1_get_candidate.json"); }

void BM_DomRoundTripV2(benchmark::State& state) {
  const std::string event = flasky_bench::read_event("v2_get_candidate.json");
  for (auto _ : state) {
    auto text = boost::json::serialize(boost::json::parse(event));
    benchmark::DoNotOptimize(text);
  }
}

}  // namespace

BENCHMARK(BM_InvokeHttpApiV2);
BENCHMARK(BM_InvokeRestV1);
BENCHMARK(BM_DomRoundTripV2);
BENCHMARK_MAIN();
