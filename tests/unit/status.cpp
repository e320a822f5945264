#include <flasky/status.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <string_view>

namespace {

constexpr std::array all_statuses{
    flasky::status::ok,
    flasky::status::created,
    flasky::status::no_content,
    flasky::status::moved_permanently,
    flasky::status::found,
    flasky::status::see_other,
    flasky::status::not_modified,
    flasky::status::temporary_redirect,
    flasky::status::permanent_redirect,
    flasky::status::bad_request,
    flasky::status::unauthorized,
    flasky::status::forbidden,
    flasky::status::not_found,
    flasky::status::method_not_allowed,
    flasky::status::conflict,
    flasky::status::payload_too_large,
    flasky::status::uri_too_long,
    flasky::status::unsupported_media_type,
    flasky::status::unprocessable_entity,
    flasky::status::too_many_requests,
    flasky::status::request_header_fields_too_large,
    flasky::status::internal_server_error,
    flasky::status::not_implemented,
    flasky::status::service_unavailable,
};

}  // namespace

TEST_CASE("every status has its numeric code as its value", "[status]") {
  STATIC_REQUIRE(flasky::to_int(flasky::status::ok) == 200);
  STATIC_REQUIRE(flasky::to_int(flasky::status::no_content) == 204);
  STATIC_REQUIRE(flasky::to_int(flasky::status::permanent_redirect) == 308);
  STATIC_REQUIRE(flasky::to_int(flasky::status::method_not_allowed) == 405);
  STATIC_REQUIRE(flasky::to_int(flasky::status::request_header_fields_too_large) == 431);
  STATIC_REQUIRE(flasky::to_int(flasky::status::service_unavailable) == 503);
  STATIC_REQUIRE(sizeof(flasky::status) == 2);
}

TEST_CASE("reason phrases are the standard ones", "[status]") {
  STATIC_REQUIRE(flasky::reason_phrase(flasky::status::ok) == "OK");
  STATIC_REQUIRE(flasky::reason_phrase(flasky::status::not_found) == "Not Found");
  CHECK(flasky::reason_phrase(flasky::status::created) == "Created");
  CHECK(flasky::reason_phrase(flasky::status::found) == "Found");
  CHECK(flasky::reason_phrase(flasky::status::permanent_redirect) == "Permanent Redirect");
  CHECK(flasky::reason_phrase(flasky::status::method_not_allowed) == "Method Not Allowed");
  CHECK(flasky::reason_phrase(flasky::status::payload_too_large) == "Payload Too Large");
  CHECK(flasky::reason_phrase(flasky::status::uri_too_long) == "URI Too Long");
  CHECK(flasky::reason_phrase(flasky::status::unprocessable_entity) == "Unprocessable Entity");
  CHECK(flasky::reason_phrase(flasky::status::request_header_fields_too_large) ==
        "Request Header Fields Too Large");
  CHECK(flasky::reason_phrase(flasky::status::internal_server_error) == "Internal Server Error");
}

TEST_CASE("every named status has a non-empty reason phrase", "[status]") {
  for (auto s : all_statuses) {
    INFO("status " << flasky::to_int(s));
    CHECK_FALSE(flasky::reason_phrase(s).empty());
  }
}

TEST_CASE("a code flasky does not name has an empty reason phrase", "[status]") {
  STATIC_REQUIRE(flasky::reason_phrase(static_cast<flasky::status>(418)).empty());
  CHECK(flasky::reason_phrase(static_cast<flasky::status>(0)).empty());
  CHECK(flasky::reason_phrase(static_cast<flasky::status>(999)).empty());
  CHECK(flasky::to_int(static_cast<flasky::status>(418)) == 418);
}

TEST_CASE("no content, not modified and informational codes allow no body", "[status]") {
  STATIC_REQUIRE_FALSE(flasky::allows_body(flasky::status::no_content));
  STATIC_REQUIRE_FALSE(flasky::allows_body(flasky::status::not_modified));
  CHECK_FALSE(flasky::allows_body(static_cast<flasky::status>(100)));
  CHECK_FALSE(flasky::allows_body(static_cast<flasky::status>(101)));
  CHECK_FALSE(flasky::allows_body(static_cast<flasky::status>(199)));
}

TEST_CASE("every other status allows a body", "[status]") {
  STATIC_REQUIRE(flasky::allows_body(flasky::status::ok));
  for (auto s : all_statuses) {
    if (s == flasky::status::no_content || s == flasky::status::not_modified) continue;
    INFO("status " << flasky::to_int(s));
    CHECK(flasky::allows_body(s));
  }
  CHECK(flasky::allows_body(static_cast<flasky::status>(200)));
  CHECK(flasky::allows_body(static_cast<flasky::status>(205)));
  CHECK(flasky::allows_body(static_cast<flasky::status>(418)));
}
