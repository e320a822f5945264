#include <flasky/verb.hpp>

#include <catch2/catch.hpp>

TEST_CASE("verbs round-trip through their method tokens") {
  for (std::size_t i = 0; i != flasky::verb_count; ++i) {
    auto v = static_cast<flasky::verb>(i);
    CHECK(flasky::verb_from_string(flasky::to_string(v)) == v);
  }
  STATIC_REQUIRE(flasky::to_string(flasky::verb::delete_) == "DELETE");
}

TEST_CASE("methods are case-sensitive and unknown ones stay unknown") {
  STATIC_REQUIRE(flasky::verb_from_string("get") == flasky::verb::unknown);
  STATIC_REQUIRE(flasky::verb_from_string("FOO") == flasky::verb::unknown);
  STATIC_REQUIRE(flasky::verb_from_string("") == flasky::verb::unknown);
  STATIC_REQUIRE(flasky::to_string(flasky::verb::unknown) == "UNKNOWN");
}
