#pragma once
/// @file
/// A UUID value, as the `<uuid:...>` converter gives it.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flasky {

/// A 128-bit UUID parsed from its 8-4-4-4-12 hexadecimal text form.
///
/// Either letter case is accepted; `to_string` writes lower case, so
/// `uuid::parse(u.to_string()) == u` always holds.
///
/// @code
/// constexpr auto u = flasky::uuid::parse("123e4567-e89b-12d3-a456-426614174000");
/// static_assert(u && u->bytes[0] == 0x12);
/// @endcode
struct uuid {
  std::array<std::uint8_t, 16> bytes{};

  /// The UUID written as `text`, or nothing when `text` is not exactly 8-4-4-4-12 hex digits.
  static constexpr std::optional<uuid> parse(std::string_view text) noexcept {
    if (text.size() != 36) return std::nullopt;
    uuid out;
    std::size_t byte = 0;
    for (std::size_t i = 0; i < 36;) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (text[i] != '-') return std::nullopt;
        ++i;
        continue;
      }
      int hi = hex_digit(text[i]);
      int lo = hex_digit(text[i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.bytes[byte++] = static_cast<std::uint8_t>(hi * 16 + lo);
      i += 2;
    }
    return out;
  }

  /// The canonical lower-case text form.
  std::string to_string() const {
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i != 16; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
      out.push_back(digits[bytes[i] >> 4]);
      out.push_back(digits[bytes[i] & 0xf]);
    }
    return out;
  }

  friend constexpr bool operator==(const uuid&, const uuid&) = default;

 private:
  static constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
};

}  // namespace flasky
