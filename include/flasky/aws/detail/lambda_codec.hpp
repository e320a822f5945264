#pragma once
// Private helpers of the Lambda event dialects: base64, percent-encoding, binary bodies.

#include <flasky/detail/ascii.hpp>
#include <flasky/detail/percent_encoding.hpp>
#include <flasky/detail/utf8.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace flasky::aws::detail {

inline constexpr char lambda_base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// data as standard base64 with padding (RFC 4648, section 4).
inline std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned>(static_cast<unsigned char>(data[k]));
  };
  for (; i + 3 <= data.size(); i += 3) {
    const unsigned n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += lambda_base64_alphabet[(n >> 18) & 63];
    out += lambda_base64_alphabet[(n >> 12) & 63];
    out += lambda_base64_alphabet[(n >> 6) & 63];
    out += lambda_base64_alphabet[n & 63];
  }
  if (const auto rest = data.size() - i; rest != 0) {
    unsigned n = byte(i) << 16;
    if (rest == 2) n |= byte(i + 1) << 8;
    out += lambda_base64_alphabet[(n >> 18) & 63];
    out += lambda_base64_alphabet[(n >> 12) & 63];
    out += rest == 2 ? lambda_base64_alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The value of a base64 digit, or -1.
constexpr int base64_digit(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes standard base64 (RFC 4648, section 4); padding is optional but must be right when
// present; whitespace and any other character are refused.
inline std::optional<std::string> base64_decode(std::string_view text) {
  if (!text.empty() && text.back() == '=') {
    // Padded: the whole text is a multiple of 4 long and ends in one or two '='.
    if (text.size() % 4 != 0) return std::nullopt;
    text.remove_suffix(1);
    if (text.back() == '=') text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int d = base64_digit(c);
    if (d < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// A decoded path encoded once: '/' separates segments and stays; every other byte outside
// pchar (including '%') is escaped.
inline std::string encode_decoded_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  flasky::detail::append_percent_encoded(
      out, path, [](char c) { return c == '/' || flasky::detail::is_path_char(c); });
  return out;
}

// An already-encoded path or query kept as it is, except that bytes which may never appear in a
// URI (controls, space, '#', DEL, non-ASCII) are escaped; '%' is left alone.
inline std::string escape_unsafe_bytes(std::string_view text, bool in_query) {
  std::string out;
  out.reserve(text.size());
  flasky::detail::append_percent_encoded(out, text, [in_query](char c) {
    return flasky::detail::is_visible_ascii(c) && c != '#' && (in_query || c != '?');
  });
  return out;
}

// Whether a body of this media type is text that Lambda's JSON can carry as a string.
inline bool is_text_media_type(std::string_view content_type) {
  using flasky::detail::iequals;
  const std::string_view t = flasky::detail::trim_ows(content_type.substr(0, content_type.find(';')));
  auto starts_with = [&](std::string_view s) {
    return t.size() >= s.size() && iequals(t.substr(0, s.size()), s);
  };
  auto ends_with = [&](std::string_view s) {
    return t.size() >= s.size() && iequals(t.substr(t.size() - s.size()), s);
  };
  if (starts_with("text/")) return true;
  for (std::string_view type : {"application/json", "application/xml", "application/javascript",
                                "application/ecmascript", "application/x-www-form-urlencoded",
                                "application/graphql", "application/yaml", "application/x-yaml"}) {
    if (iequals(t, type)) return true;
  }
  return ends_with("+json") || ends_with("+xml");
}

// Whether a response body goes out base64-encoded: a non-text media type, or bytes that are not
// valid UTF-8 (a JSON string cannot carry them). No content type: text when it is UTF-8.
inline bool is_binary_body(std::optional<std::string_view> content_type, std::string_view body) {
  if (body.empty()) return false;
  if (content_type && !is_text_media_type(*content_type)) return true;
  return !flasky::detail::is_valid_utf8(body);
}

}  // namespace flasky::aws::detail
