#pragma once
/// @file
/// Route parameter converters: the built-in ones and the trait for your own.

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <flasky/uuid.hpp>

namespace flasky {

/// Converts a decoded route parameter to a `T`; specialise it to add a converter.
///
/// A specialisation provides:
/// - `static constexpr std::string_view name`: the name used in patterns, `<name:param>`;
/// - `static std::optional<T> parse(std::string_view decoded)`: the value, or nothing when the
///   text is not a `T` (the route then does not match, and the request gets 404);
/// - optionally `static constexpr int priority` (default 50): lower is tried first among typed
///   converters; literals always come first, then typed converters, then strings, then paths.
///
/// Handlers take the parameter as a `T`; flasky finds the converter from the handler's
/// parameter type and checks at compile time that its name is the one in the pattern.
///
/// @code
/// struct hex_id { std::uint32_t value; };
/// template <> struct flasky::converter<hex_id> {
///   static constexpr std::string_view name = "hex";
///   static std::optional<hex_id> parse(std::string_view text) noexcept;
/// };
/// app.get("/items/<hex:id>", [](hex_id id) { ... });
/// @endcode
template <class T>
struct converter;

namespace detail {

constexpr bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

/// Parses decimal digits into an unsigned value no greater than `max`.
constexpr std::optional<std::uint64_t> parse_decimal(std::string_view s,
                                                     std::uint64_t max) noexcept {
  if (!all_digits(s)) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

/// True for Flask's float syntax, digits '.' digits, with an optional leading '-'.
constexpr bool is_float_text(std::string_view s) noexcept {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  auto dot = s.find('.');
  return dot != std::string_view::npos && all_digits(s.substr(0, dot)) &&
         all_digits(s.substr(dot + 1));
}

}  // namespace detail

/// `<int:name>`: a signed 64-bit decimal integer ("-12", "007"); out of range does not match.
template <>
struct converter<std::int64_t> {
  static constexpr std::string_view name = "int";
  static constexpr int priority = 20;
  static constexpr std::optional<std::int64_t> parse(std::string_view s) noexcept {
    bool negative = !s.empty() && s[0] == '-';
    if (negative) s.remove_prefix(1);
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    auto magnitude = detail::parse_decimal(s, negative ? max + 1 : max);
    if (!magnitude) return std::nullopt;
    if (negative) return static_cast<std::int64_t>(0 - *magnitude);
    return static_cast<std::int64_t>(*magnitude);
  }
};

/// `<uint:name>`: an unsigned 64-bit decimal integer; a sign or an out-of-range value does not match.
template <>
struct converter<std::uint64_t> {
  static constexpr std::string_view name = "uint";
  static constexpr int priority = 21;
  static constexpr std::optional<std::uint64_t> parse(std::string_view s) noexcept {
    return detail::parse_decimal(s, std::numeric_limits<std::uint64_t>::max());
  }
};

/// `<float:name>`: Flask's float syntax (digits '.' digits) with an optional '-', as a double.
///
/// No exponent, no "inf" or "nan": the value is always finite.
template <>
struct converter<double> {
  static constexpr std::string_view name = "float";
  static constexpr int priority = 30;
  static constexpr bool accepts(std::string_view s) noexcept { return detail::is_float_text(s); }
  static std::optional<double> parse(std::string_view s) noexcept {
    if (!accepts(s)) return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
  }
};

/// `<uuid:name>`: a UUID in 8-4-4-4-12 hex form, either case.
template <>
struct converter<uuid> {
  static constexpr std::string_view name = "uuid";
  static constexpr int priority = 10;
  static constexpr std::optional<uuid> parse(std::string_view s) noexcept { return uuid::parse(s); }
};

/// True when `converter<T>` has been specialised.
template <class T>
concept has_converter = requires(std::string_view s) {
  { converter<T>::name } -> std::convertible_to<std::string_view>;
  { converter<T>::parse(s) };
};

/// The priority of `converter<T>`: its own `priority`, else 50.
template <class T>
constexpr int converter_priority() noexcept {
  if constexpr (requires { converter<T>::priority; }) {
    return converter<T>::priority;
  } else {
    return 50;
  }
}

/// Whether `converter<T>` accepts `decoded` (its `accepts` when it has one, else `parse`).
template <class T>
constexpr bool converter_accepts(std::string_view decoded) noexcept {
  if constexpr (requires { converter<T>::accepts(decoded); }) {
    return converter<T>::accepts(decoded);
  } else {
    return converter<T>::parse(decoded).has_value();
  }
}

/// The names of the built-in converters, for messages.
inline constexpr std::string_view builtin_converter_names = "string, path, int, uint, float, uuid";

}  // namespace flasky
