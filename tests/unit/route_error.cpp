#include <flasky/route_error.hpp>

#include <catch2/catch.hpp>

TEST_CASE("a route_error is an invalid_argument with its message") {
  try {
    throw flasky::route_error("flasky: route '/x': problem");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "flasky: route '/x': problem");
  }
}
