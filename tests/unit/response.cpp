#include <flasky/response.hpp>

#include <catch2/catch.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view text_plain = "text/plain; charset=utf-8";

std::size_t count_fields(const flasky::header_map& h, std::string_view lower_name) {
  std::size_t n = 0;
  for (const auto& field : h) {
    std::string lower;
    for (char c : field.first) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if (lower == lower_name) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("a default response is 200 with nothing else", "[response]") {
  flasky::response r;
  CHECK(r.status() == flasky::status::ok);
  CHECK(r.headers().empty());
  CHECK(r.body().empty());
}

TEST_CASE("a response made from a status has an empty body and no fields", "[response]") {
  flasky::response r(flasky::status::no_content);
  CHECK(r.status() == flasky::status::no_content);
  CHECK(r.headers().empty());
  CHECK(r.body().empty());
}

TEST_CASE("a response with a content type sets the Content-Type field", "[response]") {
  flasky::response r(flasky::status::created, "<p>made</p>", "text/html; charset=utf-8");
  CHECK(r.status() == flasky::status::created);
  CHECK(r.body() == "<p>made</p>");
  CHECK(r.header("content-type") == "text/html; charset=utf-8");
  CHECK(r.headers().size() == 1);
  flasky::response no_type(flasky::status::ok, "raw", "");
  CHECK(no_type.headers().empty());
  CHECK(no_type.body() == "raw");
}

TEST_CASE("status, header fields and body can be changed", "[response]") {
  auto r = flasky::response::text("a");
  r.set_status(flasky::status::conflict);
  r.body() += "b";
  r.headers().add("Cache-Control", "no-store");
  CHECK(r.status() == flasky::status::conflict);
  CHECK(r.body() == "ab");
  CHECK(r.header("cache-control") == "no-store");
  CHECK(r.header("Content-Type") == text_plain);
  CHECK_FALSE(r.header("Location").has_value());
}

TEST_CASE("a text response is UTF-8 plain text", "[response]") {
  auto r = flasky::response::text("Unable to update", flasky::status::internal_server_error);
  CHECK(r.status() == flasky::status::internal_server_error);
  CHECK(r.body() == "Unable to update");
  CHECK(r.header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(count_fields(r.headers(), "content-type") == 1);
  CHECK(flasky::response::text("").status() == flasky::status::ok);
  CHECK(flasky::response::text("").body().empty());
}

TEST_CASE("a JSON response is compact JSON with the JSON content type", "[response]") {
  auto r = flasky::response::json({{"connected", "true"}, {"instance-id", "host-1"}});
  CHECK(r.status() == flasky::status::ok);
  CHECK(r.body() == R"({"connected":"true","instance-id":"host-1"})");
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(count_fields(r.headers(), "content-type") == 1);
}

TEST_CASE("a JSON response keeps the status it is given", "[response]") {
  boost::json::array candidates;
  candidates.push_back(boost::json::object{{"CandidateName", "alice"}});
  auto r = flasky::response::json(candidates, flasky::status::created);
  CHECK(r.status() == flasky::status::created);
  CHECK(r.body() == R"([{"CandidateName":"alice"}])");
  CHECK(flasky::response::json(boost::json::array{}).body() == "[]");
}

TEST_CASE("a JSON response with a non-finite number becomes a plain 500", "[response]") {
  for (double bad :
       {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN()}) {
    auto r = flasky::response::json({{"ratio", boost::json::array{1, bad}}}, flasky::status::ok);
    CHECK(r.status() == flasky::status::internal_server_error);
    CHECK(r.body() == "Internal Server Error");
    CHECK(r.header("Content-Type") == text_plain);
    CHECK(r.body().find("Infinity") == std::string::npos);
    CHECK(r.body().find("NaN") == std::string::npos);
  }
}

TEST_CASE("a redirect sets Location and a short text body", "[response]") {
  auto r = flasky::response::redirect("/candidates/");
  CHECK(r.status() == flasky::status::found);
  CHECK(r.header("Location") == "/candidates/");
  CHECK(r.body() == "Redirecting to /candidates/");
  CHECK(r.header("Content-Type") == text_plain);
  CHECK(count_fields(r.headers(), "location") == 1);
}

TEST_CASE("a redirect uses the status it is given", "[response]") {
  auto r = flasky::response::redirect("https://example.com/a?b=c%20d",
                                      flasky::status::permanent_redirect);
  CHECK(r.status() == flasky::status::permanent_redirect);
  CHECK(r.header("location") == "https://example.com/a?b=c%20d");
  CHECK(flasky::response::redirect("../up", flasky::status::see_other).header("Location") ==
        "../up");
}

TEST_CASE("a redirect location cannot inject header fields", "[response]") {
  auto r = flasky::response::redirect("/a\r\nSet-Cookie: evil=1");
  CHECK(r.header("Location") == "/a%0D%0ASet-Cookie:%20evil=1");
  CHECK(r.body() == "Redirecting to /a%0D%0ASet-Cookie:%20evil=1");
  CHECK(r.headers().size() == 2);
  CHECK(flasky::response::redirect(std::string("/n\0ul", 5)).header("Location") == "/n%00ul");
  CHECK(flasky::response::redirect("/caf\xC3\xA9\x7F").header("Location") == "/caf%C3%A9%7F");
}

TEST_CASE("a redirect with a status that allows no body has no body", "[response]") {
  auto r = flasky::response::redirect("/x", flasky::status::not_modified);
  CHECK(r.header("Location") == "/x");
  CHECK(r.body().empty());
  CHECK_FALSE(r.header("Content-Type").has_value());
}

TEST_CASE("a response from a status has the reason phrase as its body", "[response]") {
  auto not_found = flasky::response::from_status(flasky::status::not_found);
  CHECK(not_found.status() == flasky::status::not_found);
  CHECK(not_found.body() == "Not Found");
  CHECK(not_found.header("Content-Type") == text_plain);
  CHECK(flasky::response::from_status(flasky::status::method_not_allowed).body() ==
        "Method Not Allowed");
  CHECK(flasky::response::from_status(flasky::status::internal_server_error).body() ==
        "Internal Server Error");
  CHECK(flasky::response::from_status(flasky::status::ok).body() == "OK");
}

TEST_CASE("a response from a status that allows no body is empty", "[response]") {
  for (auto s : {flasky::status::no_content, flasky::status::not_modified,
                 static_cast<flasky::status>(100)}) {
    auto r = flasky::response::from_status(s);
    CHECK(r.status() == s);
    CHECK(r.body().empty());
    CHECK(r.headers().empty());
  }
}

TEST_CASE("a response from a code without a reason phrase is empty", "[response]") {
  auto r = flasky::response::from_status(static_cast<flasky::status>(418));
  CHECK(flasky::to_int(r.status()) == 418);
  CHECK(r.body().empty());
  CHECK(r.headers().empty());
}
