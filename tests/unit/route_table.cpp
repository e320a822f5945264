#include <flasky/route_table.hpp>

#include <catch2/catch.hpp>

using flasky::verb;
using flasky::verb_set;

namespace {
constexpr flasky::route_table routes{{
    {verb::get, "/gtg"},
    {verb_set{verb::get, verb::post}, "/candidate/<name>"},
    {verb::get, "/candidates"},
    {verb::get, "/items/<path:rest>"},
    {verb::get, "/items/<name>"},
    {verb::get, "/items/<int:id>"},
    {verb::get, "/items/new"},
    {verb::get, "/dir/"},
    {verb::post, "/n/<int:id>"},
}};
}  // namespace

TEST_CASE("the table finds routes by specificity in constant expressions") {
  STATIC_REQUIRE(routes.size() == 9);
  STATIC_REQUIRE(routes.find(verb::get, "/gtg").route == 0);
  STATIC_REQUIRE(routes.find(verb::post, "/candidate/alice").route == 1);
  STATIC_REQUIRE(routes.find(verb::get, "/items/new").route == 6);
  STATIC_REQUIRE(routes.find(verb::get, "/items/7").route == 5);
  STATIC_REQUIRE(routes.find(verb::get, "/items/seven").route == 4);
  STATIC_REQUIRE(routes.find(verb::get, "/items/a/b").route == 3);
  STATIC_REQUIRE(routes.find(verb::get, "/items/a/b").param_count == 1);
  STATIC_REQUIRE(routes.find(verb::get, "/items/a/b").params[0] == "a/b");
}

TEST_CASE("the table gives the status and Allow a router would give") {
  STATIC_REQUIRE(routes.find(verb::get, "/nope").status() == 404);
  STATIC_REQUIRE(routes.find(verb::put, "/candidate/alice").status() == 405);
  STATIC_REQUIRE(routes.find(verb::put, "/candidate/alice").allowed ==
                 verb_set{verb::get, verb::head, verb::post, verb::options});
  STATIC_REQUIRE(routes.find(verb::options, "/gtg").status() == 200);
  STATIC_REQUIRE(routes.find(verb::head, "/gtg").route == 0);
  STATIC_REQUIRE(routes.find(verb::get, "/dir").status() == 308);
  STATIC_REQUIRE(routes.find(verb::post, "/dir").status() == 404);
  STATIC_REQUIRE(routes.find(verb::options, "/dir").status() == 308);
  STATIC_REQUIRE(routes.find(verb::get, "/items/a/b/").params[0] == "a/b/");
  STATIC_REQUIRE(routes.find(verb::get, "/gtg/").status() == 404);
  STATIC_REQUIRE(routes.find(verb::get, "/candidate/a%2Fb").status() == 404);
  STATIC_REQUIRE(routes.find(verb::get, "/candidate/%zz").status() == 400);
  STATIC_REQUIRE(routes.find(verb::get, "/n/5").status() == 405);
  STATIC_REQUIRE(routes.find(verb::post, "/n/five").status() == 404);
  STATIC_REQUIRE(routes.allowed("/gtg") == verb_set{verb::get, verb::head, verb::options});
  STATIC_REQUIRE(routes.allowed("/nope").empty());
}

TEST_CASE("the table's policies match the router's") {
  constexpr flasky::route_table strict{{{verb::get, "/dir/"}}, flasky::trailing_slash::strict};
  STATIC_REQUIRE(strict.find(verb::get, "/dir").status() == 404);
  constexpr flasky::route_table ignore{{{verb::get, "/dir/"}}, flasky::trailing_slash::ignore};
  STATIC_REQUIRE(ignore.find(verb::get, "/dir").status() == 200);
  constexpr flasky::route_table short_params{{{verb::get, "/c/<name>"}},
                                             flasky::trailing_slash::redirect, 3};
  STATIC_REQUIRE(short_params.find(verb::get, "/c/abc").status() == 200);
  STATIC_REQUIRE(short_params.find(verb::get, "/c/abcd").status() == 404);
}

TEST_CASE("the table also answers at run time") {
  std::string path = "/candidate/";
  path += "bob";
  CHECK(routes.find(verb::get, path).route == 1);
}
