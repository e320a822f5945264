#pragma once
/// @file
/// The answer to "which route serves this method and path".

#include <cstring>
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

/// The still-encoded parameter values of a match, `params[i]` for `i < param_count`.
///
/// Its storage is left uninitialised on purpose: a lookup writes only the values it finds, and
/// clears nothing (reading past `param_count` is a programming error).
class param_list {
 public:
  std::string_view operator[](std::size_t i) const noexcept {
    std::string_view value;
    std::memcpy(&value, bytes_ + i * sizeof value, sizeof value);
    return value;
  }
  void set(std::size_t i, std::string_view value) noexcept {
    std::memcpy(bytes_ + i * sizeof value, &value, sizeof value);
  }
  static constexpr std::size_t size() noexcept { return max_route_params; }

 private:
  alignas(std::string_view) unsigned char bytes_[max_route_params * sizeof(std::string_view)];
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
  param_list params;  ///< encoded, in pattern order; the first `param_count` are set
};

}  // namespace flasky
