#pragma once
/// @file
/// A string usable as a template argument.

#include <cstddef>
#include <string_view>

namespace flasky {

/// A string of `N` characters that can be a template argument, so route patterns are types.
///
/// Built from a string literal; CTAD deduces the length. It is a structural type: two
/// `fixed_string`s with the same characters name the same template specialisation.
///
/// @code
/// template <flasky::fixed_string S> struct tag {};
/// static_assert(std::is_same_v<tag<"/gtg">, tag<"/gtg">>);
/// @endcode
template <std::size_t N>
struct fixed_string {
  char chars[N + 1] = {};  // NOLINT: public so the type stays structural

  constexpr fixed_string() = default;
  constexpr fixed_string(const char (&text)[N + 1]) noexcept {  // NOLINT: implicit by design
    for (std::size_t i = 0; i != N + 1; ++i) chars[i] = text[i];
  }
  /// Copies the first `N` characters of `text`, which must have at least `N`.
  constexpr explicit fixed_string(std::string_view text) noexcept {
    for (std::size_t i = 0; i != N; ++i) chars[i] = text[i];
  }

  constexpr std::string_view view() const noexcept { return {chars, N}; }
  constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT
  static constexpr std::size_t size() noexcept { return N; }

  template <std::size_t M>
  constexpr fixed_string<N + M> operator+(const fixed_string<M>& rhs) const noexcept {
    fixed_string<N + M> out;
    for (std::size_t i = 0; i != N; ++i) out.chars[i] = chars[i];
    for (std::size_t i = 0; i != M; ++i) out.chars[N + i] = rhs.chars[i];
    return out;
  }
  template <std::size_t M>
  constexpr bool operator==(const fixed_string<M>& rhs) const noexcept {
    return view() == rhs.view();
  }
};

template <std::size_t M>
fixed_string(const char (&)[M]) -> fixed_string<M - 1>;

}  // namespace flasky
