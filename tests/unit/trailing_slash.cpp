#include <flasky/trailing_slash.hpp>

#include <catch2/catch.hpp>

TEST_CASE("the three trailing-slash policies are distinct") {
  STATIC_REQUIRE(flasky::trailing_slash::strict != flasky::trailing_slash::redirect);
  STATIC_REQUIRE(flasky::trailing_slash::redirect != flasky::trailing_slash::ignore);
}
