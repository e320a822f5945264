#pragma once
/// @file
/// The exception for a route that cannot be registered.

#include <stdexcept>
#include <string>

namespace flasky {

/// Thrown at registration when a route cannot be added: a malformed run-time pattern, an
/// unknown converter, a handler that reads a parameter the pattern lacks or takes it as the
/// wrong type, or a route that duplicates another. `what()` names the pattern(s) and the problem.
///
/// Routes given as compile-time patterns report the same problems as compile errors instead;
/// only duplicates, which depend on the whole set of routes, are found at run time for them.
class route_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace flasky
