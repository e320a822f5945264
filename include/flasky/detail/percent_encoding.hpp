#pragma once
// Private: percent-encoding (RFC 3986, section 2.1), one mechanism for every place that escapes
// bytes in a URI or a log line; each caller says which bytes stay as they are.

#include <string>
#include <string_view>

namespace flasky::detail {

/// RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ (never percent-encoded by anyone).
constexpr bool is_unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

/// Whether `c` may stand for itself in a path segment: RFC 3986 pchar without pct-encoded
/// (unreserved, sub-delims, ':' and '@').
constexpr bool is_path_char(char c) noexcept {
  return is_unreserved(c) || std::string_view("!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

/// Whether `c` is printable ASCII other than space (0x21 to 0x7E): what may appear in a URI or a
/// log line as it is.
constexpr bool is_visible_ascii(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F;
}

/// Appends `byte` as %XX, with upper-case hex digits.
inline void append_percent_escape(std::string& out, unsigned char byte) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(hex[byte >> 4]);
  out.push_back(hex[byte & 0x0F]);
}

/// Appends `text` to `out`, each byte for which `keep(byte)` is false as %XX.
template <class Keep>
void append_percent_encoded(std::string& out, std::string_view text, Keep keep) {
  for (char c : text) {
    if (keep(c)) {
      out.push_back(c);
    } else {
      append_percent_escape(out, static_cast<unsigned char>(c));
    }
  }
}

}  // namespace flasky::detail
