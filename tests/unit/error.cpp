#include <flasky/error.hpp>

#include <catch2/catch.hpp>

#include <boost/system/errc.hpp>
#include <boost/system/result.hpp>

#include <array>
#include <set>
#include <string>
#include <string_view>

namespace {

constexpr std::array all_errors{
    flasky::error::json_syntax,        flasky::error::json_too_deep,
    flasky::error::json_non_finite,    flasky::error::json_not_object,
    flasky::error::json_missing_field, flasky::error::json_wrong_type,
    flasky::error::body_too_large,     flasky::error::store_unavailable,
    flasky::error::store_failure,      flasky::error::invalid_name,
};

boost::system::result<int> parse_positive(int v) {
  if (v <= 0) return flasky::error::invalid_name;
  return v;
}

}  // namespace

TEST_CASE("the error category is called flasky", "[error]") {
  CHECK(std::string_view(flasky::error_category().name()) == "flasky");
}

TEST_CASE("the error category is one object", "[error]") {
  CHECK(&flasky::error_category() == &flasky::error_category());
  CHECK(flasky::error_category() == flasky::make_error_code(flasky::error::json_syntax).category());
}

TEST_CASE("the enumerators start at one so that no error means success", "[error]") {
  CHECK(static_cast<int>(flasky::error::json_syntax) == 1);
  for (auto e : all_errors) {
    boost::system::error_code ec = e;
    CHECK(ec.failed());
    CHECK(static_cast<bool>(ec));
  }
}

TEST_CASE("an error converts implicitly to an error code of the flasky category", "[error]") {
  boost::system::error_code ec = flasky::error::json_too_deep;
  CHECK(ec.value() == static_cast<int>(flasky::error::json_too_deep));
  CHECK(ec.category() == flasky::error_category());
  CHECK(ec == flasky::error::json_too_deep);
  CHECK(ec != flasky::error::json_syntax);
  CHECK(ec == flasky::make_error_code(flasky::error::json_too_deep));
}

TEST_CASE("every error has its own clear message", "[error]") {
  std::set<std::string> seen;
  for (auto e : all_errors) {
    const std::string message = flasky::make_error_code(e).message();
    INFO("error " << static_cast<int>(e) << ": " << message);
    CHECK(message.size() > 15);
    CHECK(message.find("unknown") == std::string::npos);
    // A sentence fragment: starts lower-case, no trailing full stop.
    CHECK(message.front() != ' ');
    CHECK(message.back() != '.');
    CHECK(seen.insert(message).second);
  }
}

TEST_CASE("messages name what went wrong", "[error]") {
  CHECK(flasky::make_error_code(flasky::error::json_syntax).message().find("not valid JSON") !=
        std::string::npos);
  CHECK(flasky::make_error_code(flasky::error::json_too_deep).message().find("nested deeper") !=
        std::string::npos);
  CHECK(flasky::make_error_code(flasky::error::json_non_finite).message().find("NaN") !=
        std::string::npos);
  CHECK(flasky::make_error_code(flasky::error::store_failure).message() ==
        "the data store failed to complete the operation");
}

TEST_CASE("the non-allocating message agrees with the string message", "[error]") {
  char buffer[8];
  for (auto e : all_errors) {
    const int ev = static_cast<int>(e);
    CHECK(std::string(flasky::error_category().message(ev, buffer, sizeof buffer)) ==
          flasky::error_category().message(ev));
  }
}

TEST_CASE("an unknown value still has a message", "[error]") {
  CHECK(flasky::error_category().message(0) == "unknown flasky error");
  CHECK(flasky::error_category().message(9999) == "unknown flasky error");
  CHECK(flasky::error_category().message(-1) == "unknown flasky error");
}

TEST_CASE("flasky errors are not equal to generic errors with the same value", "[error]") {
  boost::system::error_code ours = flasky::error::json_syntax;
  boost::system::error_code generic(1, boost::system::generic_category());
  CHECK(ours.value() == generic.value());
  CHECK(ours != generic);
}

TEST_CASE("a result can be built from an error", "[error]") {
  auto bad = parse_positive(-3);
  REQUIRE(bad.has_error());
  CHECK(bad.error() == flasky::error::invalid_name);
  CHECK(bad.error().message().find("name") != std::string::npos);
  auto good = parse_positive(3);
  REQUIRE(good.has_value());
  CHECK(*good == 3);
}
