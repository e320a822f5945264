#pragma once
/// @file
/// Who signed a request that a SigV4 verifier accepted.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace flasky::aws {

/// What a `sigv4_verifier` learnt from a request whose signature it accepted.
///
/// Only the signed parts of the request are trustworthy: the headers in `signed_headers`, the
/// method, path, query and (unless an unsigned payload was allowed) the body.
///
/// @code
/// auto id = verifier.try_verify(req, now);
/// if (id) log("caller " + id->access_key_id);
/// @endcode
struct sigv4_identity {
  /// The access key id that signed the request (a key of the verifier's table).
  std::string access_key_id;
  /// The session token the request carried, for temporary credentials.
  std::optional<std::string> session_token;
  /// When the request was signed (its `X-Amz-Date`).
  std::chrono::sys_seconds signed_at{};
  /// The signed header names, lower case, in the order of the signature (sorted).
  std::vector<std::string> signed_headers;
  /// True for a presigned request (signature in the query), false for an `Authorization` header.
  bool presigned = false;
};

}  // namespace flasky::aws
