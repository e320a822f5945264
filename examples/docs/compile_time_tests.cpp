// docs/compile-time-tests.md: route tests that run when this file compiles.
#include <flasky/route_table.hpp>

#include <catch2/catch.hpp>

using flasky::verb;

constexpr flasky::route_table routes{{
    {verb::get, "/gtg"},
    {flasky::verb_set{verb::get, verb::post}, "/candidate/<name>"},
    {verb::get, "/candidates"},
    {verb::get, "/items/<int:id>"},
    {verb::get, "/items/new"},
}};

// A failing static_assert stops the build, with the line of the broken expectation.
static_assert(routes.find(verb::get, "/candidate/alice").route == 1);
static_assert(routes.find(verb::get, "/items/new").route == 4);  // literal beats <int:id>
static_assert(routes.find(verb::get, "/items/x").status() == 404);
static_assert(routes.find(verb::put, "/gtg").status() == 405);

TEST_CASE("the candidate routes answer as the contract says") {
  STATIC_REQUIRE(routes.find(verb::post, "/candidate/alice").route == 1);
  STATIC_REQUIRE(routes.find(verb::get, "/candidate/a%2Fb").status() == 404);
  STATIC_REQUIRE(routes.allowed("/gtg") ==
                 flasky::verb_set{verb::get, verb::head, verb::options});
  STATIC_REQUIRE(routes.find(verb::get, "/candidates/").status() == 404);
}
