#include <flasky/route.hpp>

#include <catch2/catch.hpp>

namespace {
constexpr flasky::route<"/repos/<owner>/<int:n>"> repo;
}

TEST_CASE("a route value knows its pattern and parameters at compile time") {
  STATIC_REQUIRE(repo.pattern() == "/repos/<owner>/<int:n>");
  STATIC_REQUIRE(decltype(repo)::param_count == 2);
  STATIC_REQUIRE(decltype(repo)::param_index<"n">() == 1);
  STATIC_REQUIRE(decltype(repo)::converter_name<1>() == "int");
  STATIC_REQUIRE(flasky::is_route_v<decltype(repo)>);
  STATIC_REQUIRE(!flasky::is_route_v<int>);
}
