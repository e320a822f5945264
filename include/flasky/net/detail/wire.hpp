#pragma once
// What the server writes on the wire: responses from the router, and the short error responses
// the server itself sends before closing a connection.

#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <flasky/detail/ascii.hpp>
#include <flasky/header_map.hpp>
#include <flasky/response.hpp>
#include <flasky/status.hpp>
#include <string>
#include <string_view>

namespace flasky::net::detail {

/// The IMF-fixdate of `t` for the Date header: "Sun, 06 Nov 1994 08:49:37 GMT".
inline std::string http_date(std::chrono::system_clock::time_point t) {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7],
                tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

/// Whether `name: value` can be written as it is: a token name, and a value without CR, LF or NUL
/// (a handler's header must never split the response).
inline bool is_writable_field(std::string_view name, std::string_view value) noexcept {
  if (!flasky::detail::is_token(name)) return false;
  for (char c : value)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

/// The reason phrase for `code`, including 505, which `flasky::status` does not name.
inline std::string_view reason_for(unsigned code) noexcept {
  if (code == 505) return "HTTP Version Not Supported";
  return reason_phrase(static_cast<status>(code));
}

/// What the server decided about the connection, for the Connection header.
struct connection_choice {
  bool keep_alive = true;  ///< false: "Connection: close", and the server closes after writing
  bool http10 = false;     ///< the client spoke HTTP/1.0: keep-alive must be said explicitly
};

/// `res` as bytes for the wire, in HTTP/1.1.
///
/// The server owns the framing: Content-Length is the body's size (for a HEAD request, the one
/// the router set, and no body), Transfer-Encoding and Connection from the handler are dropped,
/// a status that allows no body (1xx, 204, 304) gets neither body nor Content-Length. A field
/// whose name is not a token or whose value holds CR, LF or NUL is left out; `dropped` counts
/// them.
inline std::string serialize_response(const response& res, bool head_request,
                                      connection_choice conn, std::string_view date,
                                      std::size_t* dropped = nullptr) {
  const unsigned code = to_int(res.status());
  std::string out;
  out.reserve(128 + res.body().size());
  out += "HTTP/1.1 ";
  out += std::to_string(code);
  out += ' ';
  out += reason_for(code);
  out += "\r\n";
  bool has_date = false;
  std::size_t skipped = 0;
  for (const auto& [name, value] : res.headers()) {
    if (flasky::detail::iequals(name, "Content-Length") ||
        flasky::detail::iequals(name, "Transfer-Encoding") ||
        flasky::detail::iequals(name, "Connection"))
      continue;
    if (!is_writable_field(name, value)) {
      ++skipped;
      continue;
    }
    has_date = has_date || flasky::detail::iequals(name, "Date");
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_date) out.append("Date: ").append(date).append("\r\n");
  const bool body_allowed = allows_body(res.status());
  if (body_allowed) {
    std::string length = std::to_string(res.body().size());
    if (head_request) {
      // The router set the length the GET would have had; keep it when it is a number.
      if (auto set = res.header("Content-Length")) {
        std::uint64_t n = 0;
        auto [end, ec] = std::from_chars(set->data(), set->data() + set->size(), n);
        if (ec == std::errc() && end == set->data() + set->size() && !set->empty())
          length = std::string(*set);
      }
    }
    out.append("Content-Length: ").append(length).append("\r\n");
  }
  if (!conn.keep_alive)
    out += "Connection: close\r\n";
  else if (conn.http10)
    out += "Connection: keep-alive\r\n";
  out += "\r\n";
  if (body_allowed && !head_request) out += res.body();
  if (dropped) *dropped = skipped;
  return out;
}

/// A short error response the server sends itself (400, 413, 414, 431, 505...), always with
/// "Connection: close": the body is the reason phrase as text.
inline std::string serialize_error(unsigned code, bool head_request, std::string_view date) {
  const std::string_view reason = reason_for(code);
  std::string out = "HTTP/1.1 " + std::to_string(code) + ' ' + std::string(reason) + "\r\n";
  out.append("Content-Type: text/plain; charset=utf-8\r\n");
  out.append("Date: ").append(date).append("\r\n");
  out.append("Content-Length: ").append(std::to_string(reason.size())).append("\r\n");
  out.append("Connection: close\r\n\r\n");
  if (!head_request) out.append(reason);
  return out;
}

}  // namespace flasky::net::detail
