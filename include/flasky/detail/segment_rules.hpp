#pragma once
// Private: the rules a path and its parameter values must keep, shared by the run-time router
// and the constexpr route table so that both give the same answer.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <flasky/detail/utf8.hpp>

namespace flasky::detail {

constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// True when `raw` has no raw space, control character or DEL and every '%' starts a valid
/// escape.
constexpr bool is_well_formed_raw(std::string_view raw) noexcept {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (c <= 0x20 || c == 0x7f) return false;
    if (c == '%') {
      if (i + 2 >= raw.size() || hex_value(raw[i + 1]) < 0 || hex_value(raw[i + 2]) < 0)
        return false;
      i += 2;
    }
  }
  return true;
}

/// True when `path` is a well-formed encoded origin-form path: it starts with '/' and is
/// well formed as above.
constexpr bool is_well_formed_path(std::string_view path) noexcept {
  return !path.empty() && path[0] == '/' && is_well_formed_raw(path);
}

/// Checks an encoded parameter value against the rules every parameter keeps.
///
/// Decoding once, the value must be 1 to `max_bytes` bytes of valid UTF-8 with no control
/// character, and may not be "." or "..". It may contain '/' only when `is_path`; a path value
/// may not start with '/' (as Flask's), and none of its '/'-separated parts may be "." or ".."
/// (empty parts, as in "a//b" or "a/b/", are kept). `raw` must be well formed (see
/// `is_well_formed_path`). Returns whether the value may match.
constexpr bool is_acceptable_param(std::string_view raw, bool is_path,
                                   std::size_t max_bytes) noexcept {
  utf8_validator utf8;
  std::size_t decoded = 0;
  std::size_t part_length = 0;  // bytes in the current '/'-separated part
  std::size_t part_dots = 0;    // how many of those are '.'
  auto dot_part = [&]() { return part_length != 0 && part_dots == part_length && part_length <= 2; };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto b = static_cast<std::uint8_t>(raw[i]);
    if (b == '%') {
      b = static_cast<std::uint8_t>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
      i += 2;
    }
    if (++decoded > max_bytes) return false;
    if (b < 0x20 || b == 0x7f) return false;
    if (!utf8.feed(b)) return false;
    if (b == '/') {
      if (!is_path || decoded == 1 || dot_part()) return false;
      part_length = part_dots = 0;
      continue;
    }
    ++part_length;
    if (b == '.') ++part_dots;
  }
  return decoded != 0 && utf8.complete() && !dot_part();
}

/// True when `raw` contains a percent escape.
constexpr bool has_escape(std::string_view raw) noexcept {
  return raw.find('%') != std::string_view::npos;
}

/// Decodes a well-formed `raw` into `out`, which has room for `raw.size()` bytes; returns the length.
constexpr std::size_t percent_decode(std::string_view raw, char* out) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%') {
      out[n++] = static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
      i += 2;
    } else {
      out[n++] = raw[i];
    }
  }
  return n;
}

/// True when the well-formed encoded segment `raw` decodes to exactly `literal`.
constexpr bool decodes_to(std::string_view raw, std::string_view literal) noexcept {
  std::size_t j = 0;
  for (std::size_t i = 0; i < raw.size(); ++i, ++j) {
    char c = raw[i];
    if (c == '%') {
      c = static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
      i += 2;
    }
    if (j == literal.size() || literal[j] != c) return false;
  }
  return j == literal.size();
}

}  // namespace flasky::detail
