#pragma once
// The server's log lines: one JSON object a line, built from escaped pieces so numbers keep a
// readable form (Boost.JSON would write 1.5 as 1.5E0).

#include <flasky/detail/percent_encoding.hpp>
#include <flasky/detail/write_line.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

namespace flasky::net::detail {

using flasky::detail::write_line;

/// `t` as RFC 3339 in UTC with milliseconds: "2024-05-01T12:34:56.789Z".
inline std::string rfc3339_utc(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  long frac = static_cast<long>(ms % 1000);
  if (frac < 0) {
    frac += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

/// `text` as a JSON string literal (quoted and escaped by Boost.JSON).
inline std::string json_quote(std::string_view text) {
  return boost::json::serialize(boost::json::string_view(text.data(), text.size()));
}

/// `path` made safe and readable for a log: bytes outside printable ASCII become %XX, so a line
/// is always valid UTF-8 and a path cannot forge a second line.
inline std::string loggable_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  flasky::detail::append_percent_encoded(out, path, flasky::detail::is_visible_ascii);
  return out;
}

/// One access-log line. `path` must already be without its query.
inline std::string access_line(std::chrono::system_clock::time_point when, std::string_view method,
                               std::string_view path, unsigned status,
                               std::chrono::steady_clock::duration took) {
  const double ms =
      static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()) /
      1000.0;
  char number[32];
  std::snprintf(number, sizeof number, "%.3f", ms);
  std::string line = "{\"time\":" + json_quote(rfc3339_utc(when));
  line += ",\"method\":" + json_quote(loggable_path(method));
  line += ",\"path\":" + json_quote(loggable_path(path));
  line += ",\"status\":" + std::to_string(status);
  line += ",\"duration_ms\":";
  line += number;
  line += '}';
  return line;
}

/// One warning or error line: {"time":..., "level":..., "message":...}.
inline std::string event_line(std::string_view level, std::string_view message) {
  std::string line = "{\"time\":" + json_quote(rfc3339_utc(std::chrono::system_clock::now()));
  line += ",\"level\":" + json_quote(level);
  line += ",\"message\":" + json_quote(message);
  line += '}';
  return line;
}

}  // namespace flasky::net::detail
