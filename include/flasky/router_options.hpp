#pragma once
/// @file
/// Settings of a router.

#include <cstddef>
#include <functional>
#include <string_view>

#include <flasky/trailing_slash.hpp>

namespace flasky {

/// How a `router` matches paths and where it reports failures.
struct router_options {
  /// What "/a" versus "/a/" means; Flask's behaviour by default.
  trailing_slash slash = trailing_slash::redirect;
  /// The longest decoded parameter value that matches, in bytes; longer ones get 404.
  std::size_t max_param_bytes = 256;
  /// Receives one line for each exception that escaped a handler (the route and the
  /// exception's message; never headers, cookies, bodies or query strings). Empty: stderr.
  std::function<void(std::string_view)> log = {};
};

}  // namespace flasky
