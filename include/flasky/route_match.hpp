#pragma once
/// @file
/// The answer to "which route serves this method and path".

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include <flasky/route_pattern.hpp>
#include <flasky/verb_set.hpp>

namespace flasky {

/// How a lookup ended; each outcome maps to one HTTP answer.
enum class match_outcome : std::uint8_t {
  found,               ///< a handler serves it
  not_found,           ///< 404: no route has this path
  method_not_allowed,  ///< 405: routes have this path, none under this method (see `allowed`)
  options,             ///< 200 for an automatic OPTIONS (see `allowed`)
  redirect,            ///< 308 to the same path with a trailing slash
  bad_request,         ///< 400: the path is malformed (bad percent escape, control character)
};

/// The result of `router::match`: outcome, handler, and the still-encoded parameter values.
///
/// It refers into the router and into the matched path; it allocates nothing.
struct route_match {
  static constexpr std::uint32_t no_handler = std::numeric_limits<std::uint32_t>::max();

  match_outcome outcome = match_outcome::not_found;
  std::uint32_t handler = no_handler;  ///< the router's handler index when found
  verb_set allowed;                    ///< for 405 and OPTIONS
  std::uint8_t param_count = 0;
  std::array<std::string_view, max_route_params> params{};  ///< encoded, in pattern order
};

}  // namespace flasky
