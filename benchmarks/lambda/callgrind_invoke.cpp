// Answers one Lambda event N times between CALLGRIND_START_INSTRUMENTATION and
// CALLGRIND_STOP_INSTRUMENTATION, so that callgrind counts the invocations and not the set-up:
//
//   valgrind --tool=callgrind --collect-atstart=no --instr-atstart=no ./callgrind_invoke 100 --v2
//   ... ./callgrind_invoke 100 --v1     (the REST API event)
//   ... ./callgrind_invoke 100 --dom    (the floor to beat: the v2 event parsed into a
//                                        boost::json::value and serialised again)
//
// An invocation is what the runtime does between receiving the event text and posting the answer:
// try_invoke_event (parse, detect, map, dispatch to the candidate API on a memory store, encode).
// instructions_per_invocation.sh runs two values of N and divides the difference.
#include <valgrind/callgrind.h>

#include <flasky/aws/invoke_event.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "invoke_setup.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: callgrind_invoke ROUNDS --v1|--v2|--dom\n");
    return 2;
  }
  const long rounds = std::strtol(argv[1], nullptr, 10);
  const std::string_view which = argv[2];
  const std::string event =
      flasky_bench::read_event(which == "--v1" ? "v1_get_candidate.json" : "v2_get_candidate.json");
  flasky_bench::candidate_app api;
  std::size_t sum = 0;
  bool ok = true;

  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_TOGGLE_COLLECT;
  for (long k = 0; k != rounds; ++k) {
    if (which == "--dom") {
      sum += boost::json::serialize(boost::json::parse(event)).size();
    } else {
      flasky::aws::lambda_invocation invocation;
      auto answer = flasky::aws::try_invoke_event(api.app, event, invocation);
      ok = ok && answer.has_value();
      if (answer) sum += answer->size();
    }
  }
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_STOP_INSTRUMENTATION;

  if (!ok) {
    std::fprintf(stderr, "callgrind_invoke: the event was not answered\n");
    return 1;
  }
  std::printf("%zu\n", sum);
  return 0;
}
