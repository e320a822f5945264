#pragma once
/// @file
/// What the router does when a path differs from a route only by a trailing slash.

#include <cstdint>

namespace flasky {

/// The router's trailing-slash policy.
///
/// - `strict`: "/a" and "/a/" are different paths; each matches only its own route.
/// - `redirect` (the default, as Flask): a request for "/a" that only "/a/" would serve, under
///   the same method, gets `308 Permanent Redirect` with the relative `Location: /a/` (query
///   kept). "/a/" never redirects to "/a".
/// - `ignore`: a trailing slash is ignored on both sides; "/a" and "/a/" are one route.
enum class trailing_slash : std::uint8_t { strict, redirect, ignore };

}  // namespace flasky
