#pragma once
/// @file
/// The caller identity API Gateway and Lambda Function URLs put in an event.

#include <flasky/aws/caller_identity_error.hpp>
#include <flasky/aws/detail/lambda_event_reader.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/request.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace flasky::aws {

/// Who called, as API Gateway (REST or HTTP API) or a Function URL says in the event.
///
/// With IAM authorization (`AWS_IAM`), the service has checked the caller's SigV4 signature
/// before invoking the function and names the caller: `account_id`, `user_arn`, `access_key`,
/// `caller` and `user` are then set and `iam_authenticated()` is true. Without it those are
/// empty, and only what any request has (source IP, user agent) is known. Every field is empty
/// when the event does not carry it (a `null` counts as absent).
///
/// | field | REST (1.0) `requestContext.identity` | HTTP API / Function URL `requestContext` |
/// |---|---|---|
/// | `account_id` | `accountId` | `authorizer.iam.accountId` |
/// | `caller` | `caller` | `authorizer.iam.callerId` |
/// | `user` | `user` | `authorizer.iam.userId` |
/// | `user_arn` | `userArn` | `authorizer.iam.userArn` |
/// | `access_key` | `accessKey` | `authorizer.iam.accessKey` |
/// | `principal_org_id` | `principalOrgId` | `authorizer.iam.principalOrgId` |
/// | `source_ip`, `user_agent` | `sourceIp`, `userAgent` | `http.sourceIp`, `http.userAgent` |
/// | `cognito_identity_id` | `cognitoIdentityId` | `authorizer.iam.cognitoIdentity.identityId` |
/// | `cognito_identity_pool_id` | `cognitoIdentityPoolId` | `...cognitoIdentity.identityPoolId` |
/// | `cognito_authentication_type` | `cognitoAuthenticationType` | — |
/// | `cognito_authentication_provider` | `cognitoAuthenticationProvider` | — |
/// | `cognito_amr` | — | `authorizer.iam.cognitoIdentity.amr` |
///
/// @code
/// auto identity = flasky::aws::try_caller_identity(req);
/// if (identity && identity->iam_authenticated())
///   return flasky::response::text("Hello, " + identity->user_arn);
/// @endcode
struct caller_identity {
  /// The caller's AWS account id, e.g. "123456789012".
  std::string account_id;
  /// The principal id (for an assumed role "AROA...:session-name").
  std::string caller;
  /// The user id (for an IAM user "AIDA...").
  std::string user;
  /// The caller's ARN, e.g. "arn:aws:iam::123456789012:user/alice" or
  /// "arn:aws:sts::123456789012:assumed-role/ci/session".
  std::string user_arn;
  /// The access key id the request was signed with.
  std::string access_key;
  /// The caller's AWS Organizations id.
  std::string principal_org_id;
  /// The client's IP address, as the service saw it.
  std::string source_ip;
  /// The client's `User-Agent`.
  std::string user_agent;
  /// The Amazon Cognito identity id, for callers with Cognito identity-pool credentials.
  std::string cognito_identity_id;
  /// The Amazon Cognito identity pool id.
  std::string cognito_identity_pool_id;
  /// "authenticated" or "unauthenticated" (REST events only).
  std::string cognito_authentication_type;
  /// The Cognito authentication provider (REST events only).
  std::string cognito_authentication_provider;
  /// The Cognito authentication methods (HTTP API and Function URL events only).
  std::vector<std::string> cognito_amr;

  /// Whether the service authenticated the caller with IAM (SigV4): an account and an ARN.
  bool iam_authenticated() const noexcept { return !account_id.empty() && !user_arn.empty(); }
};

namespace detail {

// The caller identity in an event read by read_lambda_event (see try_caller_identity).
inline boost::system::result<caller_identity> identity_from(const lambda_event& event,
                                                            event_dialect dialect) {
  const auto malformed = make_error_code(caller_identity_error::malformed_identity);
  if (dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value)
    return make_error_code(caller_identity_error::no_identity);
  if (event.root != json_kind::object) return malformed;
  auto absent = [](json_kind kind) { return kind == json_kind::absent || kind == json_kind::null; };
  caller_identity out;
  if (absent(event.context)) return out;
  if (event.context != json_kind::object) return malformed;

  // Copies the last entry `key` of `map` to `field`; false when it was not a string.
  auto read = [](const event_map& map, std::string_view key, std::string& field) {
    for (const auto& [name, value] : map.entries) {
      if (name != key) continue;
      if (is_not_a_string(value)) return false;
      field.assign(value);
    }
    return true;
  };

  if (dialect == event_dialect::rest_v1) {
    const auto& identity = event.identity;
    if (absent(identity.kind)) return out;
    if (identity.kind != json_kind::object) return malformed;
    const bool ok =
        read(identity, "accountId", out.account_id) && read(identity, "caller", out.caller) &&
        read(identity, "user", out.user) && read(identity, "userArn", out.user_arn) &&
        read(identity, "accessKey", out.access_key) &&
        read(identity, "principalOrgId", out.principal_org_id) &&
        read(identity, "sourceIp", out.source_ip) && read(identity, "userAgent", out.user_agent) &&
        read(identity, "cognitoIdentityId", out.cognito_identity_id) &&
        read(identity, "cognitoIdentityPoolId", out.cognito_identity_pool_id) &&
        read(identity, "cognitoAuthenticationType", out.cognito_authentication_type) &&
        read(identity, "cognitoAuthenticationProvider", out.cognito_authentication_provider);
    if (!ok) return malformed;
    return out;
  }

  // HTTP API and Function URL: requestContext.http, then authorizer.iam and its cognitoIdentity.
  bool bad = false;
  if (!absent(event.context_http) && event.context_http != json_kind::object) bad = true;
  out.source_ip.assign(event.context_source_ip.optional_string(bad));
  out.user_agent.assign(event.context_user_agent.optional_string(bad));
  if (!absent(event.context_authorizer) && event.context_authorizer != json_kind::object)
    return malformed;
  if (bad) return malformed;
  const auto& iam = event.iam;
  if (absent(iam.kind)) return out;
  if (iam.kind != json_kind::object) return malformed;
  bool ok = read(iam, "accountId", out.account_id) && read(iam, "callerId", out.caller) &&
            read(iam, "userId", out.user) && read(iam, "userArn", out.user_arn) &&
            read(iam, "accessKey", out.access_key) &&
            read(iam, "principalOrgId", out.principal_org_id);
  const auto& cognito = event.cognito;
  if (ok && !absent(cognito.kind)) {
    ok = cognito.kind == json_kind::object &&
         read(cognito, "identityId", out.cognito_identity_id) &&
         read(cognito, "identityPoolId", out.cognito_identity_pool_id) &&
         (absent(event.cognito_amr) || event.cognito_amr == json_kind::array);
    for (const auto& [name, value] : cognito.entries) {
      if (!ok) break;
      if (name != "amr") continue;
      ok = !is_not_a_string(value);
      if (ok) out.cognito_amr.emplace_back(value);
    }
  }
  if (!ok) return malformed;
  return out;
}

}  // namespace detail

/// The caller identity in a Lambda HTTP event of dialect `dialect`.
///
/// REST (1.0) events carry it in `requestContext.identity`, HTTP API (2.0) and Function URL
/// events in `requestContext.http` and, with IAM authorization, `requestContext.authorizer.iam`
/// (see `caller_identity` for each field). An identity without IAM fields is not an error: check
/// `iam_authenticated()`. ALB events carry none (`caller_identity_error::no_identity`); a field of
/// the wrong JSON type gives `caller_identity_error::malformed_identity`.
///
/// @code
/// auto identity = flasky::aws::try_caller_identity(event, flasky::aws::event_dialect::rest_v1);
/// @endcode
inline boost::system::result<caller_identity> try_caller_identity(const boost::json::value& event,
                                                                  event_dialect dialect) {
  const std::string text = boost::json::serialize(event);  // read's views point into it
  detail::lambda_event read;
  if (!detail::read_lambda_event(text, read))
    return make_error_code(caller_identity_error::malformed_identity);
  return detail::identity_from(read, dialect);
}

/// The caller identity in the event of `invocation`, while its request is dispatched;
/// `caller_identity_error::no_invocation` once the event is gone.
///
/// @code
/// if (const auto* invocation = req.extension<flasky::aws::lambda_invocation>())
///   auto identity = flasky::aws::try_caller_identity(*invocation);
/// @endcode
inline boost::system::result<caller_identity> try_caller_identity(
    const lambda_invocation& invocation) {
  if (invocation.read_event == nullptr)
    return make_error_code(caller_identity_error::no_invocation);
  return detail::identity_from(*invocation.read_event, invocation.dialect);
}

/// The caller identity of `req`, from the Lambda invocation it came from;
/// `caller_identity_error::no_invocation` when it did not come from one (local server, tests).
///
/// @code
/// app.get("/whoami", [](flasky::request& req) {
///   auto identity = flasky::aws::try_caller_identity(req);
///   if (!identity || !identity->iam_authenticated())
///     return flasky::response::text("Forbidden", flasky::status::forbidden);
///   return flasky::response::text(identity->user_arn);
/// });
/// @endcode
inline boost::system::result<caller_identity> try_caller_identity(const flasky::request& req) {
  const auto* invocation = req.extension<lambda_invocation>();
  if (invocation == nullptr) return make_error_code(caller_identity_error::no_invocation);
  return try_caller_identity(*invocation);
}

}  // namespace flasky::aws
