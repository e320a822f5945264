#pragma once
// Private ASCII helpers for the HTTP types (not part of flasky's interface).

#include <cstddef>
#include <string_view>

namespace flasky::detail {

// 'A'..'Z' to 'a'..'z'; every other byte unchanged (no locale).
constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether a and b are equal ignoring ASCII case (header and cookie-attribute names).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Optional whitespace as HTTP defines it (RFC 9110, section 5.6.3): space or horizontal tab.
constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

// s without leading and trailing spaces and tabs.
constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// A token character (RFC 9110, section 5.6.2): the characters allowed in header and cookie names.
constexpr bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Whether s is a non-empty token.
constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

}  // namespace flasky::detail
