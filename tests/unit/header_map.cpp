#include <flasky/header_map.hpp>

#include <catch2/catch.hpp>

#include <iterator>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

std::vector<std::pair<std::string, std::string>> fields_of(const flasky::header_map& h) {
  return {h.begin(), h.end()};
}

using field_list = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("a new header map is empty", "[header_map]") {
  flasky::header_map h;
  CHECK(h.empty());
  CHECK(h.size() == 0);
  CHECK(h.begin() == h.end());
  CHECK_FALSE(h.find("Content-Type").has_value());
  CHECK_FALSE(h.contains("Content-Type"));
}

TEST_CASE("a header lookup ignores case", "[header_map]") {
  flasky::header_map h;
  h.add("Content-Type", "application/json");
  CHECK(h.find("Content-Type") == "application/json");
  CHECK(h.find("content-type") == "application/json");
  CHECK(h.find("CONTENT-TYPE") == "application/json");
  CHECK(h.find("cOnTeNt-TyPe") == "application/json");
  CHECK(h.contains("content-TYPE"));
  CHECK_FALSE(h.find("Content-Typ").has_value());
  CHECK_FALSE(h.find("Content-Type ").has_value());
  CHECK_FALSE(h.find("").has_value());
}

TEST_CASE("case folding is ASCII only", "[header_map]") {
  flasky::header_map h;
  h.add("X-\xC3\x84", "upper a umlaut");
  CHECK(h.find("X-\xC3\x84") == "upper a umlaut");
  CHECK(h.find("x-\xC3\x84") == "upper a umlaut");
  CHECK_FALSE(h.find("x-\xC3\xA4").has_value());  // lower-case a umlaut is a different name
}

TEST_CASE("add keeps duplicate headers in order", "[header_map]") {
  flasky::header_map h;
  h.add("Set-Cookie", "a=1");
  h.add("X-Other", "x");
  h.add("set-cookie", "b=2");
  CHECK(h.size() == 3);
  CHECK(h.find("Set-Cookie") == "a=1");
  CHECK(fields_of(h) == field_list{{"Set-Cookie", "a=1"}, {"X-Other", "x"}, {"set-cookie", "b=2"}});
}

TEST_CASE("names keep the spelling they were added with", "[header_map]") {
  flasky::header_map h;
  h.add("x-REQUEST-id", "7");
  CHECK(h.begin()->first == "x-REQUEST-id");
}

TEST_CASE("empty values are values", "[header_map]") {
  flasky::header_map h;
  h.add("X-Empty", "");
  REQUIRE(h.find("x-empty").has_value());
  CHECK(h.find("x-empty")->empty());
  CHECK(h.contains("X-Empty"));
}

TEST_CASE("set replaces every field of that name in place of the first", "[header_map]") {
  flasky::header_map h;
  h.add("A", "1");
  h.add("Vary", "Accept");
  h.add("B", "2");
  h.add("VARY", "Origin");
  h.set("vary", "Cookie");
  CHECK(fields_of(h) == field_list{{"A", "1"}, {"vary", "Cookie"}, {"B", "2"}});
}

TEST_CASE("set appends a field that does not exist yet", "[header_map]") {
  flasky::header_map h;
  h.add("A", "1");
  h.set("Location", "/next");
  CHECK(fields_of(h) == field_list{{"A", "1"}, {"Location", "/next"}});
  h.set("location", "/other");
  CHECK(fields_of(h) == field_list{{"A", "1"}, {"location", "/other"}});
}

TEST_CASE("erase removes every field of that name and says how many", "[header_map]") {
  flasky::header_map h;
  h.add("Set-Cookie", "a=1");
  h.add("Keep", "me");
  h.add("SET-COOKIE", "b=2");
  CHECK(h.erase("set-cookie") == 2);
  CHECK(fields_of(h) == field_list{{"Keep", "me"}});
  CHECK(h.erase("set-cookie") == 0);
  CHECK(h.erase("KEEP") == 1);
  CHECK(h.empty());
}

TEST_CASE("a header map is iterable with structured bindings", "[header_map]") {
  flasky::header_map h;
  h.add("One", "1");
  h.add("Two", "2");
  std::string joined;
  for (const auto& [name, value] : h) joined += name + "=" + value + ";";
  CHECK(joined == "One=1;Two=2;");
  CHECK(std::distance(h.begin(), h.end()) == 2);
  STATIC_REQUIRE(std::is_same_v<decltype(*h.begin()), const std::pair<std::string, std::string>&>);
}

TEST_CASE("a copied header map is independent", "[header_map]") {
  flasky::header_map a;
  a.add("X", "1");
  flasky::header_map b = a;
  b.set("X", "2");
  CHECK(a.find("x") == "1");
  CHECK(b.find("x") == "2");
}

TEST_CASE("values may contain any bytes the caller stored", "[header_map]") {
  flasky::header_map h;
  h.add("X-Bytes", std::string("a\0b", 3));
  REQUIRE(h.find("x-bytes").has_value());
  CHECK(h.find("x-bytes")->size() == 3);
}

TEST_CASE("reserving room keeps the fields and their order", "[header_map]") {
  flasky::header_map h;
  h.add("A", "1");
  h.reserve(8);
  h.add("B", "2");
  REQUIRE(h.size() == 2);
  CHECK(h.find("a") == "1");
  CHECK(h.begin()->first == "A");
  CHECK((h.begin() + 1)->first == "B");
}
