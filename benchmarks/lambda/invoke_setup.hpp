// What the Lambda per-invocation benchmarks share: the event files and the candidate API on a
// memory store holding "alice".
#pragma once

#include <flasky/memory_store.hpp>
#include <flasky/router.hpp>

#include "candidate_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace flasky_bench {

/// The event in benchmarks/lambda/events/<name> as compact JSON, as the Runtime API delivers it
/// (the files are indented for reading); exits with a message when it cannot be read.
inline std::string read_event(std::string_view name) {
  const std::string path = std::string(FLASKY_LAMBDA_EVENT_DIR) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return boost::json::serialize(boost::json::parse(text));
}

/// The candidate API over a memory store in which "alice" exists.
struct candidate_app {
  flasky::memory_store store;
  flasky::router app;
  candidate_app() {
    candidate_api::add_routes(app, store, "2026/11/23/[$LATEST]0123456789abcdef");
    (void)store.put(flasky::candidate{"alice"});
  }
};

}  // namespace flasky_bench
