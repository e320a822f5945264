#pragma once
/// @file
/// A named, typed route parameter for handlers of patterns known only at run time.

#include <string_view>
#include <utility>

#include <flasky/fixed_string.hpp>

namespace flasky {

/// A handler parameter that reads the route parameter called `Name` as a `T`.
///
/// Used with `router::add_route`, whose patterns come from configuration: the router checks
/// at registration that the pattern has a parameter called `Name` whose converter gives a
/// `T` (a `route_error` otherwise), so a mismatch never waits for the first request.
///
/// @code
/// app.add_route({flasky::verb::get}, pattern_from_config,
///               [](flasky::arg<"id", std::int64_t> id) { return std::to_string(*id); });
/// @endcode
template <fixed_string Name, class T = std::string_view>
struct arg {
  static constexpr std::string_view name = Name.view();
  using value_type = T;

  T value;

  constexpr const T& operator*() const noexcept { return value; }
  constexpr const T* operator->() const noexcept { return &value; }
};

/// True for `arg<...>` types.
template <class T>
inline constexpr bool is_arg_v = false;
template <fixed_string N, class T>
inline constexpr bool is_arg_v<arg<N, T>> = true;

}  // namespace flasky
