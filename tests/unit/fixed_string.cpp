#include <flasky/fixed_string.hpp>

#include <catch2/catch.hpp>

#include <type_traits>

namespace {
template <flasky::fixed_string S>
struct tag {
  static constexpr std::string_view text = S.view();
};
}  // namespace

TEST_CASE("equal fixed strings name the same template specialisation") {
  STATIC_REQUIRE(std::is_same_v<tag<"/gtg">, tag<"/gtg">>);
  STATIC_REQUIRE(!std::is_same_v<tag<"/gtg">, tag<"/gtG">>);
  STATIC_REQUIRE(tag<"/gtg">::text == "/gtg");
}

TEST_CASE("fixed strings concatenate and compare at compile time") {
  constexpr flasky::fixed_string a = "/api";
  constexpr flasky::fixed_string b = "/items";
  STATIC_REQUIRE((a + b).view() == "/api/items");
  STATIC_REQUIRE((a + b).size() == 10);
  STATIC_REQUIRE(a == flasky::fixed_string("/api"));
  STATIC_REQUIRE(!(a == b));
}
