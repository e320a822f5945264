#pragma once
// Private: UTF-8 well-formedness (RFC 3629), shared by path matching and candidate names.

#include <cstdint>
#include <string_view>

namespace flasky::detail {

/// Incremental UTF-8 validation: no overlong forms, no surrogates, nothing past U+10FFFF.
struct utf8_validator {
  std::uint8_t pending = 0;  // continuation bytes still expected
  std::uint8_t low = 0x80, high = 0xbf;

  constexpr bool feed(std::uint8_t b) noexcept {
    if (pending != 0) {
      if (b < low || b > high) return false;
      --pending;
      low = 0x80;
      high = 0xbf;
      return true;
    }
    if (b < 0x80) return true;
    if (b >= 0xc2 && b <= 0xdf) {
      pending = 1;
    } else if (b == 0xe0) {
      pending = 2, low = 0xa0;
    } else if ((b >= 0xe1 && b <= 0xec) || b == 0xee || b == 0xef) {
      pending = 2;
    } else if (b == 0xed) {
      pending = 2, high = 0x9f;
    } else if (b == 0xf0) {
      pending = 3, low = 0x90;
    } else if (b >= 0xf1 && b <= 0xf3) {
      pending = 3;
    } else if (b == 0xf4) {
      pending = 3, high = 0x8f;
    } else {
      return false;
    }
    return true;
  }
  constexpr bool complete() const noexcept { return pending == 0; }
};

/// True when `text` is well-formed UTF-8.
constexpr bool is_valid_utf8(std::string_view text) noexcept {
  utf8_validator v;
  for (char c : text)
    if (!v.feed(static_cast<std::uint8_t>(c))) return false;
  return v.complete();
}

}  // namespace flasky::detail
