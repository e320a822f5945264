#pragma once
/// @file
/// HTTP request methods as flasky knows them.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace flasky {

/// An HTTP request method.
///
/// Methods are case-sensitive (RFC 9110, section 9.1): "get" is not GET. Anything flasky does
/// not know is `verb::unknown`; the request keeps the text it received, and the router answers
/// such a request with 405 when the path exists and 404 otherwise.
///
/// @code
/// static_assert(flasky::verb_from_string("DELETE") == flasky::verb::delete_);
/// @endcode
enum class verb : std::uint8_t { get, head, post, put, delete_, patch, options, connect, trace, unknown };

/// The number of known verbs (`verb::unknown` excluded).
inline constexpr std::size_t verb_count = static_cast<std::size_t>(verb::unknown);

/// The method token for `v`: "GET", "DELETE", ...; "UNKNOWN" for `verb::unknown`.
constexpr std::string_view to_string(verb v) noexcept {
  switch (v) {
    case verb::get: return "GET";
    case verb::head: return "HEAD";
    case verb::post: return "POST";
    case verb::put: return "PUT";
    case verb::delete_: return "DELETE";
    case verb::patch: return "PATCH";
    case verb::options: return "OPTIONS";
    case verb::connect: return "CONNECT";
    case verb::trace: return "TRACE";
    case verb::unknown: break;
  }
  return "UNKNOWN";
}

/// The verb whose token is exactly `method`, or `verb::unknown`.
constexpr verb verb_from_string(std::string_view method) noexcept {
  for (std::size_t i = 0; i < verb_count; ++i) {
    if (to_string(static_cast<verb>(i)) == method) return static_cast<verb>(i);
  }
  return verb::unknown;
}

}  // namespace flasky
