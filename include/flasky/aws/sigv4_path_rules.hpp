#pragma once
/// @file
/// How a service writes the path of a request into the SigV4 canonical request.

namespace flasky::aws {

/// How the path goes into the canonical request: normalised or not, encoded again or not.
///
/// The defaults are the rules of almost every AWS service, `execute-api` (API Gateway)
/// included: the path is normalised (empty segments, `.` and `..` removed, a trailing `/`
/// kept) and then percent-encoded byte by byte, so a path that is already encoded on the
/// wire is encoded a second time (`/a%20b` becomes `/a%2520b`). Bytes outside the RFC 3986
/// unreserved set (`A-Z a-z 0-9 - . _ ~`) and `/` become `%XX` with upper-case hex digits.
///
/// S3 does neither (`sigv4_path_rules::s3()`): the path is signed as sent, with only bytes
/// that cannot appear in a URI (space, control and non-ASCII bytes) percent-encoded.
///
/// @code
/// flasky::aws::sigv4_signer_options options;
/// options.path = flasky::aws::sigv4_path_rules::s3();
/// @endcode
struct sigv4_path_rules {
  /// Remove empty segments, `.` and `..` before encoding.
  bool normalize = true;
  /// Percent-encode the (already encoded) path again, `%` included.
  bool double_encode = true;

  /// The rules of S3: no normalisation, no second encoding.
  static constexpr sigv4_path_rules s3() noexcept { return {false, false}; }
};

}  // namespace flasky::aws
