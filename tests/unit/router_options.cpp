#include <flasky/router_options.hpp>

#include <catch2/catch.hpp>

TEST_CASE("router options default to Flask's slash policy and 256-byte parameters") {
  flasky::router_options options;
  CHECK(options.slash == flasky::trailing_slash::redirect);
  CHECK(options.max_param_bytes == 256);
  CHECK(!options.log);
}
