#pragma once
/// @file
/// HTTP response status codes as flasky knows them.

#include <cstdint>
#include <string_view>

namespace flasky {

/// An HTTP response status code.
///
/// The enumerators are the codes flasky itself produces or that handlers commonly need; the
/// underlying value is the numeric code, so any other code can still be expressed with a cast
/// (`static_cast<flasky::status>(418)`). Such codes have no reason phrase (`reason_phrase`
/// returns an empty string) but otherwise behave normally.
///
/// @code
/// static_assert(flasky::to_int(flasky::status::not_found) == 404);
/// static_assert(flasky::reason_phrase(flasky::status::not_found) == "Not Found");
/// @endcode
enum class status : std::uint16_t {
  ok = 200,
  created = 201,
  no_content = 204,
  moved_permanently = 301,
  found = 302,
  see_other = 303,
  not_modified = 304,
  temporary_redirect = 307,
  permanent_redirect = 308,
  bad_request = 400,
  unauthorized = 401,
  forbidden = 403,
  not_found = 404,
  method_not_allowed = 405,
  conflict = 409,
  payload_too_large = 413,
  uri_too_long = 414,
  unsupported_media_type = 415,
  unprocessable_entity = 422,
  too_many_requests = 429,
  request_header_fields_too_large = 431,
  internal_server_error = 500,
  not_implemented = 501,
  service_unavailable = 503
};

/// The numeric value of `s`, e.g. 404 for `status::not_found`.
///
/// @code
/// unsigned code = flasky::to_int(flasky::status::created);  // 201
/// @endcode
constexpr unsigned to_int(status s) noexcept { return static_cast<unsigned>(s); }

/// The reason phrase for `s`, or "" for a code flasky does not name.
///
/// The phrase is what `response::from_status` uses as the body. The spelling is the widely used
/// one (as Boost.Beast writes it): 413 is "Payload Too Large" and 422 "Unprocessable Entity",
/// matching the enumerator names rather than RFC 9110's newer wording.
///
/// @code
/// static_assert(flasky::reason_phrase(flasky::status::not_found) == "Not Found");
/// static_assert(flasky::reason_phrase(static_cast<flasky::status>(299)).empty());
/// @endcode
constexpr std::string_view reason_phrase(status s) noexcept {
  switch (s) {
    case status::ok: return "OK";
    case status::created: return "Created";
    case status::no_content: return "No Content";
    case status::moved_permanently: return "Moved Permanently";
    case status::found: return "Found";
    case status::see_other: return "See Other";
    case status::not_modified: return "Not Modified";
    case status::temporary_redirect: return "Temporary Redirect";
    case status::permanent_redirect: return "Permanent Redirect";
    case status::bad_request: return "Bad Request";
    case status::unauthorized: return "Unauthorized";
    case status::forbidden: return "Forbidden";
    case status::not_found: return "Not Found";
    case status::method_not_allowed: return "Method Not Allowed";
    case status::conflict: return "Conflict";
    case status::payload_too_large: return "Payload Too Large";
    case status::uri_too_long: return "URI Too Long";
    case status::unsupported_media_type: return "Unsupported Media Type";
    case status::unprocessable_entity: return "Unprocessable Entity";
    case status::too_many_requests: return "Too Many Requests";
    case status::request_header_fields_too_large: return "Request Header Fields Too Large";
    case status::internal_server_error: return "Internal Server Error";
    case status::not_implemented: return "Not Implemented";
    case status::service_unavailable: return "Service Unavailable";
  }
  return {};
}

/// Whether a response with status `s` may carry a body.
///
/// False for informational codes (1xx), `204 No Content` and `304 Not Modified`
/// (RFC 9110, sections 15.2, 15.3.5 and 15.4.5); true for everything else.
///
/// @code
/// static_assert(!flasky::allows_body(flasky::status::no_content));
/// static_assert(flasky::allows_body(flasky::status::not_found));
/// @endcode
constexpr bool allows_body(status s) noexcept {
  const unsigned code = to_int(s);
  return !(code >= 100 && code < 200) && s != status::no_content && s != status::not_modified;
}

}  // namespace flasky
