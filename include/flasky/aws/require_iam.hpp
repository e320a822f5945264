#pragma once
/// @file
/// A `before_request` hook that lets in only IAM callers on an allowlist.

#include <flasky/aws/caller_identity.hpp>
#include <flasky/aws/require_iam_allowlist.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/status.hpp>

#include <functional>
#include <optional>
#include <utility>

namespace flasky::aws {

/// A hook for `router::before_request` that answers `403` unless the caller is IAM-authenticated
/// and on `allow`.
///
/// The caller is the one API Gateway (REST or HTTP API with `AWS_IAM` authorization) or a Lambda
/// Function URL (`AuthType: AWS_IAM`) names in the event, after it checked the request's SigV4
/// signature (see `try_caller_identity`). Refusals are `403` with a short text body that never
/// names the caller: "Forbidden: IAM authentication required" when there is no IAM caller,
/// "Forbidden: caller not allowed" when the caller is not on the list.
///
/// Outside Lambda (the local server, `flasky::test_client`) a request has no invocation, hence
/// no caller, and is refused: the hook never lets a request in on trust. To serve the same router
/// locally, add the hook only in the Lambda `main` (or check the request yourself). Events that
/// carry no identity (ALB) are refused too; the hook does not itself verify signatures (for
/// that, see `sigv4_verifier`).
///
/// @code
/// flasky::aws::require_iam_allowlist allow;
/// allow.accounts = {"123456789012"};
/// app.before_request(flasky::aws::require_iam(allow));
/// return flasky::aws::run_lambda(app);
/// @endcode
inline std::function<std::optional<flasky::response>(flasky::request&)> require_iam(
    require_iam_allowlist allow) {
  return [allow = std::move(allow)](flasky::request& req) -> std::optional<flasky::response> {
    auto identity = try_caller_identity(req);
    if (!identity || !identity->iam_authenticated())
      return flasky::response::text("Forbidden: IAM authentication required",
                                    flasky::status::forbidden);
    if (!allow.allows(*identity))
      return flasky::response::text("Forbidden: caller not allowed", flasky::status::forbidden);
    return std::nullopt;
  };
}

}  // namespace flasky::aws
