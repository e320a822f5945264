#include <flasky/verb_set.hpp>

#include <catch2/catch.hpp>

using flasky::verb;

TEST_CASE("a verb set holds verbs and writes an Allow header in verb order") {
  flasky::verb_set s{verb::options, verb::get, verb::delete_};
  CHECK(s.contains(verb::get));
  CHECK(!s.contains(verb::post));
  CHECK(s.to_allow_header() == "GET, DELETE, OPTIONS");
  CHECK(flasky::verb_set{}.to_allow_header().empty());
}

TEST_CASE("verb sets merge and compare in constant expressions") {
  constexpr auto merged = [] {
    flasky::verb_set a{verb::get};
    a.insert(flasky::verb_set{verb::post});
    return a;
  }();
  STATIC_REQUIRE(merged == flasky::verb_set{verb::post, verb::get});
  STATIC_REQUIRE(flasky::verb_set{}.empty());
}
