#pragma once
/// @file
/// A set of HTTP verbs, as an `Allow` header lists them.

#include <cstdint>
#include <initializer_list>
#include <string>

#include <flasky/verb.hpp>

namespace flasky {

/// A small set of verbs; usable in constant expressions.
///
/// @code
/// constexpr flasky::verb_set s{flasky::verb::get, flasky::verb::head};
/// static_assert(s.contains(flasky::verb::get) && !s.contains(flasky::verb::post));
/// // s.to_allow_header() == "GET, HEAD"
/// @endcode
class verb_set {
 public:
  constexpr verb_set() noexcept = default;
  constexpr verb_set(std::initializer_list<verb> verbs) noexcept {
    for (verb v : verbs) insert(v);
  }

  constexpr void insert(verb v) noexcept { bits_ |= bit(v); }
  constexpr void insert(verb_set other) noexcept { bits_ |= other.bits_; }
  constexpr bool contains(verb v) const noexcept { return (bits_ & bit(v)) != 0; }
  constexpr bool empty() const noexcept { return bits_ == 0; }
  constexpr std::uint16_t bits() const noexcept { return bits_; }
  friend constexpr bool operator==(verb_set, verb_set) noexcept = default;

  /// The verbs as an `Allow` header value, in `verb` order: "GET, HEAD, OPTIONS".
  std::string to_allow_header() const {
    std::string out;
    for (std::size_t i = 0; i != verb_count; ++i) {
      if (!contains(static_cast<verb>(i))) continue;
      if (!out.empty()) out += ", ";
      out += to_string(static_cast<verb>(i));
    }
    return out;
  }

 private:
  static constexpr std::uint16_t bit(verb v) noexcept {
    return static_cast<std::uint16_t>(1u << static_cast<unsigned>(v));
  }
  std::uint16_t bits_ = 0;
};

}  // namespace flasky
