#include <flasky/checked_pattern.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string_view>

namespace {
struct typed_handler {
  int operator()(std::int64_t) const { return 0; }
};
template <class H>
constexpr std::string_view text_of(flasky::checked_pattern<H> p) {
  return p.text;
}
}  // namespace

TEST_CASE("a checked pattern keeps the literal's text after the compile-time check") {
  STATIC_REQUIRE(text_of<typed_handler>("/items/<int:id>") == "/items/<int:id>");
}
