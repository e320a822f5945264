// flasky-demo: runs the reference candidate API in process against the memory store and
// prints each request with its answer. (The local HTTP server comes with flasky-local.)
#include <iostream>
#include <string>
#include <vector>

#include <flasky/flasky.hpp>

#include "candidate_api.hpp"

int main() {
  flasky::memory_store store;
  flasky::router app;
  candidate_api::add_routes(app, store, "flasky-demo");
  flasky::test_client client(app);

  const std::vector<std::pair<std::string, std::string>> script = {
      {"GET", "/gtg"},          {"GET", "/gtg?details"},   {"GET", "/candidates"},
      {"POST", "/candidate/alice"}, {"POST", "/candidate/Zo%C3%AB%20Smith"},
      {"GET", "/candidate/alice"}, {"GET", "/candidate/bob"}, {"GET", "/candidates"},
      {"PUT", "/candidate/alice"}, {"OPTIONS", "/candidate/alice"}, {"GET", "/candidate/%2E%2E"},
  };
  for (const auto& [method, target] : script) {
    auto res = client.open(method, target);
    std::cout << method << ' ' << target << "\n  -> " << flasky::to_int(res.status()) << ' '
              << flasky::reason_phrase(res.status());
    if (auto allow = res.header("Allow")) std::cout << "  Allow: " << *allow;
    if (!res.body().empty()) std::cout << "\n     " << res.body();
    std::cout << '\n';
  }
}
