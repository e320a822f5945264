#pragma once
/// @file
/// What signing a request produced: the canonical request, the string to sign, the signature.

#include <string>

namespace flasky::aws {

/// The intermediate texts and the result of computing one SigV4 signature.
///
/// `sigv4_signer::try_sign` and `try_presign` return it next to the request they change, so a
/// caller (or a test) can see exactly what was signed. The texts are those of the AWS
/// documentation, with `\n` between lines and no trailing newline.
///
/// @code
/// auto parts = signer.try_sign(req, now);
/// std::cout << parts->canonical_request << "\n\n" << parts->string_to_sign << '\n';
/// @endcode
struct sigv4_signature {
  /// Method, canonical path, canonical query, canonical headers, signed headers, payload hash.
  std::string canonical_request;
  /// `AWS4-HMAC-SHA256`, the time, the credential scope and the canonical request's SHA-256.
  std::string string_to_sign;
  /// The signature: HMAC-SHA256 of the string to sign, 64 lower-case hex digits.
  std::string signature;
  /// `<yyyymmdd>/<region>/<service>/aws4_request`.
  std::string credential_scope;
  /// The signed header names, lower case, sorted, joined with `;` (`host;x-amz-date`).
  std::string signed_headers;
};

}  // namespace flasky::aws
