#include <flasky/json.hpp>

#include <catch2/catch.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nested_objects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += R"({"k":)";
  text += "1";
  text += std::string(depth, '}');
  return text;
}

constexpr double infinity = std::numeric_limits<double>::infinity();
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("valid JSON parses into the matching value", "[json]") {
  auto parsed = flasky::try_parse_json(R"({"CandidateName":"alice","n":[1,2.5,true,null]})");
  REQUIRE(parsed.has_value());
  const auto& object = parsed->as_object();
  CHECK(object.at("CandidateName").as_string() == "alice");
  const auto& n = object.at("n").as_array();
  REQUIRE(n.size() == 4);
  CHECK(n[0].as_int64() == 1);
  CHECK(n[1].as_double() == 2.5);
  CHECK(n[2].as_bool());
  CHECK(n[3].is_null());
}

TEST_CASE("scalars and whitespace around a value are accepted", "[json]") {
  CHECK(flasky::try_parse_json("  42 \n")->as_int64() == 42);
  CHECK(flasky::try_parse_json("\"x\"")->as_string() == "x");
  CHECK(flasky::try_parse_json("null")->is_null());
  CHECK(flasky::try_parse_json("\t[]\r\n")->as_array().empty());
}

TEST_CASE("malformed JSON is a syntax error", "[json]") {
  for (const char* text :
       {"{", "{\"a\":}", "[1 2]", "{'a':1}", "{\"a\":1,}", "[1,]", "tru", "\"unterminated",
        "{\"a\":1} x", "[] []", "01", "+1", ".5", "1.", "// c\n1", "/* c */ 1", "\"tab\there\""}) {
    INFO("text: " << text);
    auto parsed = flasky::try_parse_json(text);
    REQUIRE(parsed.has_error());
    CHECK(parsed.error() == flasky::error::json_syntax);
  }
}

TEST_CASE("empty or blank text is a syntax error", "[json]") {
  CHECK(flasky::try_parse_json("").error() == flasky::error::json_syntax);
  CHECK(flasky::try_parse_json("   \n").error() == flasky::error::json_syntax);
}

TEST_CASE("Infinity and NaN literals are refused", "[json]") {
  for (const char* text :
       {"Infinity", "-Infinity", "NaN", "[NaN]", "{\"x\":Infinity}", "inf", "nan"}) {
    INFO("text: " << text);
    auto parsed = flasky::try_parse_json(text);
    REQUIRE(parsed.has_error());
    CHECK(parsed.error() == flasky::error::json_syntax);
  }
}

TEST_CASE("nesting of depth 32 is accepted and 33 is refused by default", "[json]") {
  STATIC_REQUIRE(flasky::default_json_max_depth == 32);
  CHECK(flasky::try_parse_json(nested_arrays(32)).has_value());
  CHECK(flasky::try_parse_json(nested_objects(32)).has_value());
  auto arrays = flasky::try_parse_json(nested_arrays(33));
  REQUIRE(arrays.has_error());
  CHECK(arrays.error() == flasky::error::json_too_deep);
  auto objects = flasky::try_parse_json(nested_objects(33));
  REQUIRE(objects.has_error());
  CHECK(objects.error() == flasky::error::json_too_deep);
}

TEST_CASE("very deep input is refused without exhausting the stack", "[json]") {
  auto parsed = flasky::try_parse_json(std::string(1'000'000, '['));
  REQUIRE(parsed.has_error());
  CHECK(parsed.error() == flasky::error::json_too_deep);
}

TEST_CASE("the depth limit can be chosen per call", "[json]") {
  CHECK(flasky::try_parse_json(nested_arrays(3), 3).has_value());
  CHECK(flasky::try_parse_json(nested_arrays(4), 3).error() == flasky::error::json_too_deep);
  CHECK(flasky::try_parse_json(nested_arrays(100), 100).has_value());
  CHECK(flasky::try_parse_json("1", 1).has_value());
}

TEST_CASE("invalid UTF-8 in a JSON string is refused", "[json]") {
  for (const char* text :
       {"\"\xff\"", "{\"a\":\"\xc3\"}", "[\"\xed\xa0\x80\"]", "\"\xc0\xaf\"", "{\"\xfe\":1}"}) {
    INFO("text: " << text);
    auto parsed = flasky::try_parse_json(text);
    REQUIRE(parsed.has_error());
    CHECK(parsed.error() == flasky::error::json_syntax);
  }
  CHECK(flasky::try_parse_json("\"caf\xc3\xa9 \xf0\x9f\x99\x82\"")->as_string() ==
        "caf\xc3\xa9 \xf0\x9f\x99\x82");
}

TEST_CASE("an unpaired surrogate escape is refused", "[json]") {
  CHECK(flasky::try_parse_json(R"("\ud800")").error() == flasky::error::json_syntax);
  CHECK(flasky::try_parse_json(R"("\ud83d\ude42")")->as_string() == "\xf0\x9f\x99\x82");
}

TEST_CASE("huge integers become doubles", "[json]") {
  auto max_u64 = flasky::try_parse_json("18446744073709551615");
  REQUIRE(max_u64.has_value());
  CHECK(max_u64->as_uint64() == std::numeric_limits<std::uint64_t>::max());
  auto beyond = flasky::try_parse_json("18446744073709551616");
  REQUIRE(beyond.has_value());
  CHECK(beyond->is_double());
  auto thirty_digits = flasky::try_parse_json("123456789012345678901234567890");
  REQUIRE(thirty_digits.has_value());
  CHECK(thirty_digits->as_double() == Approx(1.2345678901234568e29));
  CHECK(flasky::try_parse_json("-9223372036854775808")->as_int64() ==
        std::numeric_limits<std::int64_t>::min());
}

TEST_CASE("a number too large for a double is refused as non-finite", "[json]") {
  const std::string four_hundred_digits = "1" + std::string(400, '0');
  for (const std::string& text :
       {std::string("1e400"), std::string("-1e400"), std::string("[1, 2, 1E999]"),
        std::string(R"({"a":{"b":[9e9999]}})"), four_hundred_digits}) {
    INFO("text: " << text);
    auto parsed = flasky::try_parse_json(text);
    REQUIRE(parsed.has_error());
    CHECK(parsed.error() == flasky::error::json_non_finite);
  }
}

TEST_CASE("a number too small for a double becomes zero", "[json]") {
  auto parsed = flasky::try_parse_json("1e-400");
  REQUIRE(parsed.has_value());
  CHECK(parsed->as_double() == 0.0);
  CHECK(flasky::try_parse_json("1.7976931348623157e308")->as_double() ==
        std::numeric_limits<double>::max());
}

TEST_CASE("a syntax error is described with its offset", "[json]") {
  CHECK(flasky::describe_json_error(R"({"a": 1,})") == "not valid JSON: syntax error at offset 8");
  CHECK(flasky::describe_json_error("[1 2]") == "not valid JSON: syntax error at offset 3");
  CHECK(flasky::describe_json_error(R"({"a":1} x)") == "not valid JSON: extra data at offset 8");
  CHECK(flasky::describe_json_error(R"({"a")") == "not valid JSON: incomplete JSON at offset 4");
  CHECK(flasky::describe_json_error("Infinity") == "not valid JSON: syntax error at offset 0");
}

TEST_CASE("empty text is described as empty", "[json]") {
  CHECK(flasky::describe_json_error("") == "not valid JSON: the text is empty");
  CHECK(flasky::describe_json_error(" \r\n\t") == "not valid JSON: the text is empty");
}

TEST_CASE("too deep and non-finite input are described", "[json]") {
  CHECK(flasky::describe_json_error(nested_arrays(33)) ==
        "not acceptable JSON: arrays and objects nest deeper than 32 levels (at offset 32)");
  CHECK(flasky::describe_json_error(nested_arrays(5), 4) ==
        "not acceptable JSON: arrays and objects nest deeper than 4 levels (at offset 4)");
  CHECK(flasky::describe_json_error("[1e400]") ==
        "not acceptable JSON: a number is too large to be a finite double");
}

TEST_CASE("acceptable JSON has no description", "[json]") {
  CHECK(flasky::describe_json_error(R"({"a":[1,2,3]})").empty());
  CHECK(flasky::describe_json_error(nested_arrays(32)).empty());
}

TEST_CASE("a description never quotes the input", "[json]") {
  const auto description = flasky::describe_json_error("{\"secret-token\": oops}");
  CHECK(description.find("secret") == std::string::npos);
  CHECK(description.find("oops") == std::string::npos);
}

TEST_CASE("serialising a value gives compact JSON", "[json]") {
  boost::json::value v = {{"connected", "true"}, {"instance-id", "host-1"}};
  auto text = flasky::try_serialize_json(v);
  REQUIRE(text.has_value());
  CHECK(*text == R"({"connected":"true","instance-id":"host-1"})");
  CHECK(*flasky::try_serialize_json(boost::json::array{}) == "[]");
  CHECK(*flasky::try_serialize_json(nullptr) == "null");
  CHECK(*flasky::try_serialize_json(1.5) == "1.5E0");
  CHECK(*flasky::try_serialize_json("a\"b\n") == R"("a\"b\n")");
}

TEST_CASE("serialising what was parsed round-trips", "[json]") {
  const std::string text = R"({"a":[1,-2,true,false,null,"x"],"b":{"c":{}}})";
  auto parsed = flasky::try_parse_json(text);
  REQUIRE(parsed.has_value());
  CHECK(*flasky::try_serialize_json(*parsed) == text);
}

TEST_CASE("infinite and NaN numbers are refused when serialising", "[json]") {
  CHECK(flasky::try_serialize_json(infinity).error() == flasky::error::json_non_finite);
  CHECK(flasky::try_serialize_json(-infinity).error() == flasky::error::json_non_finite);
  CHECK(flasky::try_serialize_json(quiet_nan).error() == flasky::error::json_non_finite);
  CHECK(flasky::try_serialize_json(boost::json::array{1, 2, quiet_nan}).error() ==
        flasky::error::json_non_finite);
  boost::json::value nested = {{"a", {{"b", boost::json::array{1, {{"c", infinity}}}}}}};
  CHECK(flasky::try_serialize_json(nested).error() == flasky::error::json_non_finite);
  CHECK(flasky::try_serialize_json(std::numeric_limits<double>::max()).has_value());
  CHECK(flasky::try_serialize_json(std::numeric_limits<double>::denorm_min()).has_value());
}

TEST_CASE("a very deeply nested value is checked without recursion", "[json]") {
  boost::json::value v = boost::json::array{infinity};
  for (int i = 0; i < 100'000; ++i) {
    boost::json::array wrapper;
    wrapper.emplace_back(std::move(v));
    v = std::move(wrapper);
  }
  CHECK(flasky::try_serialize_json(v).error() == flasky::error::json_non_finite);
  // Unwind without recursive destruction of 100,000 levels.
  while (v.is_array() && !v.as_array().empty() && v.as_array()[0].is_array()) {
    boost::json::value inner = std::move(v.as_array()[0]);
    v = std::move(inner);
  }
}
