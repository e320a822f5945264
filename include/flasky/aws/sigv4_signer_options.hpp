#pragma once
/// @file
/// Settings of a SigV4 signer: path rules, body hash header, session token placement.

#include <flasky/aws/sigv4_path_rules.hpp>

namespace flasky::aws {

/// How a `sigv4_signer` signs: which path rules, whether to send the body's hash, and whether
/// the session token is signed.
///
/// @code
/// flasky::aws::sigv4_signer_options options;
/// options.add_content_sha256 = true;   // S3 and some others require X-Amz-Content-SHA256
/// @endcode
struct sigv4_signer_options {
  /// How the path goes into the canonical request (the defaults suit every service but S3).
  sigv4_path_rules path{};
  /// Add and sign an `X-Amz-Content-SHA256` header with the body's hash (header signing only).
  bool add_content_sha256 = false;
  /// Sign the session token (the norm). When false, `X-Amz-Security-Token` is added only after
  /// the signature is computed, as a few services (AWS IoT) expect.
  bool sign_session_token = true;
};

}  // namespace flasky::aws
