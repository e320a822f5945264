#pragma once
/// @file
/// The AWS credentials that sign a request, or that a verifier knows a key by.

#include <optional>
#include <string>
#include <utility>

namespace flasky::aws {

/// An AWS access key: its id, its secret and, for temporary credentials, a session token.
///
/// A signer signs with it; a `sigv4_key_table` holds one per key the verifier accepts. The
/// secret never leaves the process: only the id and an HMAC derived from the secret are sent.
/// With a session token (temporary credentials from STS), the signer sends it as
/// `X-Amz-Security-Token` and the verifier requires the request to carry exactly that token.
///
/// @code
/// flasky::aws::sigv4_credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
/// creds.session_token = "FwoGZXIvYXdzE...";  // only for temporary credentials
/// @endcode
struct sigv4_credentials {
  /// Empty credentials (fill the members in).
  sigv4_credentials() = default;

  /// Credentials with this id and secret and, for temporary credentials, a session token.
  sigv4_credentials(std::string id, std::string secret,
                    std::optional<std::string> token = std::nullopt)
      : access_key_id(std::move(id)),
        secret_access_key(std::move(secret)),
        session_token(std::move(token)) {}

  /// The access key id, for example "AKIDEXAMPLE"; it is sent in the credential scope.
  std::string access_key_id;
  /// The secret access key; it is never sent.
  std::string secret_access_key;
  /// The session token of temporary credentials, sent as `X-Amz-Security-Token`.
  std::optional<std::string> session_token;
};

}  // namespace flasky::aws
