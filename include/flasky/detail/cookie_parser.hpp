#pragma once
// Private: parsing of the Cookie request header (RFC 6265, section 4.2), leniently.

#include <flasky/detail/ascii.hpp>

#include <optional>
#include <string_view>

namespace flasky::detail {

// Whether c may appear in a cookie value. RFC 6265's cookie-octet excludes controls, space,
// DQUOTE, comma, semicolon and backslash; like most servers we also accept space (inside the
// value), comma and backslash, which real clients send, and bytes >= 0x80 (UTF-8). Controls,
// DEL and DQUOTE stay out.
constexpr bool is_cookie_value_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u != 0x7F && c != '"' && c != ';';
}

// The value of one cookie-pair's value part (already trimmed), without the optional quotes;
// nullopt when the value is malformed (stray or unbalanced quote, control character).
constexpr std::optional<std::string_view> cookie_value(std::string_view raw) noexcept {
  if (!raw.empty() && raw.front() == '"') {
    if (raw.size() < 2 || raw.back() != '"') return std::nullopt;
    raw = raw.substr(1, raw.size() - 2);
  }
  for (char c : raw) {
    if (!is_cookie_value_char(c)) return std::nullopt;
  }
  return raw;
}

// Calls visit(name, value) for each well-formed cookie-pair of a Cookie header value, in order,
// until visit returns true; returns whether it did. Pairs are separated by ';' with optional
// spaces or tabs around each part; a pair without '=', with a name that is not a token, or with
// a malformed value is skipped. Names are case-sensitive; values are not decoded.
template <class Visit>
constexpr bool for_each_cookie(std::string_view header_value, Visit&& visit) {
  while (!header_value.empty()) {
    const auto semicolon = header_value.find(';');
    std::string_view pair = header_value.substr(0, semicolon);
    header_value = semicolon == std::string_view::npos ? std::string_view{}
                                                       : header_value.substr(semicolon + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = trim_ows(pair.substr(0, equals));
    if (!is_token(name)) continue;
    const auto value = cookie_value(trim_ows(pair.substr(equals + 1)));
    if (!value) continue;
    if (visit(name, *value)) return true;
  }
  return false;
}

// The value of the first well-formed cookie called name in a Cookie header value.
constexpr std::optional<std::string_view> find_cookie(std::string_view header_value,
                                                      std::string_view name) {
  std::optional<std::string_view> found;
  for_each_cookie(header_value, [&](std::string_view n, std::string_view v) {
    if (n != name) return false;
    found = v;
    return true;
  });
  return found;
}

}  // namespace flasky::detail
