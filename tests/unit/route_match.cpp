#include <flasky/route_match.hpp>

#include <catch2/catch.hpp>

TEST_CASE("an empty route match is a 404 with no handler and no parameters") {
  flasky::route_match m;
  CHECK(m.outcome == flasky::match_outcome::not_found);
  CHECK(m.handler == flasky::route_match::no_handler);
  CHECK(m.param_count == 0);
  CHECK(m.allowed.empty());
}
