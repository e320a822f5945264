// docs/routing.md: patterns read at run time, checked when they are registered.
#include <flasky/flasky.hpp>

#include <cassert>
#include <cstdint>
#include <string>

int main() {
  flasky::router app;
  std::string pattern_from_config = "/repos/<owner>/<int:number>";
  app.add_route({flasky::verb::get}, pattern_from_config,
                [](flasky::arg<"owner"> owner, flasky::arg<"number", std::int64_t> number) {
                  return std::string(*owner) + "#" + std::to_string(*number);
                });
  assert(flasky::test_client(app).get("/repos/ann/7").body() == "ann#7");

  try {  // reading a parameter as the wrong type fails at registration, not on a request
    app.add_route({flasky::verb::get}, "/pages/<int:n>", [](flasky::arg<"n", int>) { return ""; });
    assert(false);
  } catch (const flasky::route_error& e) {
    // flasky: route '/pages/<int:n>': parameter 'n': an <int:...> parameter is
    // std::int64_t; a narrower type would truncate it
    assert(std::string(e.what()).find("'/pages/<int:n>'") != std::string::npos);
  }
}
