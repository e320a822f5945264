#pragma once
/// @file
/// Settings of a SigV4 verifier: clock skew, presigned lifetime, path rules, unsigned payloads.

#include <flasky/aws/sigv4_path_rules.hpp>

#include <chrono>

namespace flasky::aws {

/// What a `sigv4_verifier` accepts: how far a request's time may be from "now", how long a
/// presigned request may live, the path rules, and whether the body may go unsigned.
///
/// The skew applies in both directions and its bounds are inclusive: with the default five
/// minutes, a request dated exactly 5 min before or after "now" is accepted and one 5 min 1 s
/// away is refused. A presigned request is valid from its `X-Amz-Date` (less the skew) to its
/// `X-Amz-Date` plus `X-Amz-Expires` (inclusive); `X-Amz-Expires` may be 1 s to `max_expires`.
///
/// @code
/// flasky::aws::sigv4_verifier_options options;
/// options.max_clock_skew = std::chrono::minutes(15);
/// @endcode
struct sigv4_verifier_options {
  /// The largest accepted distance between the request's `X-Amz-Date` and "now".
  std::chrono::seconds max_clock_skew = std::chrono::minutes(5);
  /// The largest accepted `X-Amz-Expires` of a presigned request (AWS allows seven days).
  std::chrono::seconds max_expires = std::chrono::hours(24 * 7);
  /// How the path goes into the canonical request; the defaults are API Gateway's
  /// (`execute-api`) and those of every other service but S3.
  sigv4_path_rules path{};
  /// Accept `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD` (S3 style); otherwise that header, when
  /// present, must be the body's SHA-256.
  bool allow_unsigned_payload = false;
};

}  // namespace flasky::aws
