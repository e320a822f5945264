#include <flasky/converter.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

using flasky::converter;

TEST_CASE("the int converter reads signed 64-bit decimals and nothing else") {
  STATIC_REQUIRE(converter<std::int64_t>::parse("42") == 42);
  STATIC_REQUIRE(converter<std::int64_t>::parse("-42") == -42);
  STATIC_REQUIRE(converter<std::int64_t>::parse("007") == 7);
  STATIC_REQUIRE(converter<std::int64_t>::parse("9223372036854775807") ==
                 std::numeric_limits<std::int64_t>::max());
  STATIC_REQUIRE(converter<std::int64_t>::parse("-9223372036854775808") ==
                 std::numeric_limits<std::int64_t>::min());
  STATIC_REQUIRE(!converter<std::int64_t>::parse("9223372036854775808"));
  STATIC_REQUIRE(!converter<std::int64_t>::parse("-9223372036854775809"));
  STATIC_REQUIRE(!converter<std::int64_t>::parse(""));
  STATIC_REQUIRE(!converter<std::int64_t>::parse("-"));
  STATIC_REQUIRE(!converter<std::int64_t>::parse("+1"));
  STATIC_REQUIRE(!converter<std::int64_t>::parse("1.0"));
  STATIC_REQUIRE(!converter<std::int64_t>::parse("0x10"));
  STATIC_REQUIRE(!converter<std::int64_t>::parse(" 1"));
}

TEST_CASE("the uint converter reads unsigned 64-bit decimals without a sign") {
  STATIC_REQUIRE(converter<std::uint64_t>::parse("18446744073709551615") ==
                 std::numeric_limits<std::uint64_t>::max());
  STATIC_REQUIRE(!converter<std::uint64_t>::parse("18446744073709551616"));
  STATIC_REQUIRE(!converter<std::uint64_t>::parse("-1"));
  STATIC_REQUIRE(converter<std::uint64_t>::parse("0") == 0u);
}

TEST_CASE("the float converter takes Flask's digits-dot-digits with an optional minus") {
  CHECK(converter<double>::parse("1.5") == 1.5);
  CHECK(converter<double>::parse("-0.25") == -0.25);
  CHECK(!converter<double>::parse("1"));
  CHECK(!converter<double>::parse(".5"));
  CHECK(!converter<double>::parse("5."));
  CHECK(!converter<double>::parse("1e5"));
  CHECK(!converter<double>::parse("inf"));
  CHECK(!converter<double>::parse("nan"));
  STATIC_REQUIRE(converter<double>::accepts("3.14"));
  STATIC_REQUIRE(!converter<double>::accepts("3,14"));
}

TEST_CASE("the uuid converter takes 8-4-4-4-12 hex in either case") {
  STATIC_REQUIRE(converter<flasky::uuid>::parse("123e4567-E89B-12d3-a456-426614174000").has_value());
  STATIC_REQUIRE(!converter<flasky::uuid>::parse("123e4567e89b12d3a456426614174000"));
}

namespace {
struct hex_id {
  std::uint32_t value;
};
}  // namespace

template <>
struct flasky::converter<hex_id> {
  static constexpr std::string_view name = "hex";
  static constexpr int priority = 15;
  static std::optional<hex_id> parse(std::string_view s) noexcept {
    if (s.empty() || s.size() > 8) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return hex_id{v};
  }
};

TEST_CASE("a custom converter is found through the trait, with its priority") {
  STATIC_REQUIRE(flasky::has_converter<hex_id>);
  STATIC_REQUIRE(!flasky::has_converter<float>);
  STATIC_REQUIRE(flasky::converter_priority<hex_id>() == 15);
  STATIC_REQUIRE(flasky::converter_priority<std::int64_t>() == 20);
  CHECK(flasky::converter_accepts<hex_id>("ff"));
  CHECK(!flasky::converter_accepts<hex_id>("fg"));
  CHECK(flasky::converter<hex_id>::parse("ff")->value == 255);
}
