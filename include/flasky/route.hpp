#pragma once
/// @file
/// A route pattern checked at compile time, as a value you can pass around.

#include <cstddef>
#include <string_view>
#include <type_traits>

#include <flasky/detail/diagnostics.hpp>
#include <flasky/fixed_string.hpp>
#include <flasky/route_pattern.hpp>

namespace flasky {

/// A route pattern known at compile time; a malformed pattern does not compile.
///
/// Route values name the routes of an application once: register handlers with them,
/// build URLs from them with `url_for`, and test them in a constexpr `route_table`.
/// Every problem is a compile error starting with "flasky:".
///
/// @code
/// inline constexpr flasky::route<"/candidate/<name>"> candidate_route;
/// app.get(candidate_route, [](std::string_view name) { return std::string(name); });
/// auto url = flasky::url_for(candidate_route, "alice");  // "/candidate/alice"
/// @endcode
template <fixed_string Pattern>
struct route {
  /// The pattern parsed; its views refer to the template argument, which lives forever.
  static constexpr parsed_pattern parsed = parse_pattern(Pattern.view());
  static_assert(detail::assert_pattern_ok<parsed.error>());

  static constexpr std::size_t param_count = parsed.param_count;

  /// The pattern text.
  static constexpr std::string_view pattern() noexcept { return Pattern.view(); }

  /// The index of the parameter called `Name`; naming one the route lacks does not compile.
  template <fixed_string Name>
  static constexpr std::size_t param_index() noexcept {
    constexpr std::size_t index = parsed.param_index(Name.view());
    static_assert(index != max_route_params, "flasky: the route has no parameter with this name");
    return index;
  }

  /// The converter name of parameter `Index`.
  template <std::size_t Index>
  static constexpr std::string_view converter_name() noexcept {
    return parsed.param_segment(Index).converter;
  }
};

namespace detail {
template <class T>
inline constexpr bool is_route = false;
template <fixed_string P>
inline constexpr bool is_route<route<P>> = true;
}  // namespace detail

/// True for `route<...>` types, whatever their cv-qualification.
template <class T>
inline constexpr bool is_route_v = detail::is_route<std::remove_cvref_t<T>>;

}  // namespace flasky
