#pragma once
/// @file
/// The caller identity API Gateway and Lambda Function URLs put in an event.

#include <flasky/aws/caller_identity_error.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/request.hpp>

#include <boost/json/object.hpp>
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

/// Reads `object[key]` into `out` when it is a string; absent or null leaves `out` empty.
inline bool read_identity_field(const boost::json::object& object, std::string_view key,
                                std::string& out) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return true;
  const auto* text = value->if_string();
  if (text == nullptr) return false;
  out.assign(text->data(), text->size());
  return true;
}

/// The object at `object[key]`: `nullptr` when absent or null, `*malformed` set when another type.
inline const boost::json::object* identity_object(const boost::json::object& object,
                                                  std::string_view key, bool& malformed) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return nullptr;
  const auto* inner = value->if_object();
  if (inner == nullptr) malformed = true;
  return inner;
}

inline boost::system::result<caller_identity> try_rest_identity(
    const boost::json::object& context) {
  caller_identity out;
  bool malformed = false;
  const auto* identity = identity_object(context, "identity", malformed);
  if (malformed) return make_error_code(caller_identity_error::malformed_identity);
  if (identity == nullptr) return out;
  const bool ok =
      read_identity_field(*identity, "accountId", out.account_id) &&
      read_identity_field(*identity, "caller", out.caller) &&
      read_identity_field(*identity, "user", out.user) &&
      read_identity_field(*identity, "userArn", out.user_arn) &&
      read_identity_field(*identity, "accessKey", out.access_key) &&
      read_identity_field(*identity, "principalOrgId", out.principal_org_id) &&
      read_identity_field(*identity, "sourceIp", out.source_ip) &&
      read_identity_field(*identity, "userAgent", out.user_agent) &&
      read_identity_field(*identity, "cognitoIdentityId", out.cognito_identity_id) &&
      read_identity_field(*identity, "cognitoIdentityPoolId", out.cognito_identity_pool_id) &&
      read_identity_field(*identity, "cognitoAuthenticationType",
                          out.cognito_authentication_type) &&
      read_identity_field(*identity, "cognitoAuthenticationProvider",
                          out.cognito_authentication_provider);
  if (!ok) return make_error_code(caller_identity_error::malformed_identity);
  return out;
}

inline boost::system::result<caller_identity> try_http_api_identity(
    const boost::json::object& context) {
  caller_identity out;
  bool malformed = false;
  if (const auto* http = identity_object(context, "http", malformed)) {
    if (!read_identity_field(*http, "sourceIp", out.source_ip) ||
        !read_identity_field(*http, "userAgent", out.user_agent))
      return make_error_code(caller_identity_error::malformed_identity);
  }
  const auto* authorizer = identity_object(context, "authorizer", malformed);
  const auto* iam = authorizer ? identity_object(*authorizer, "iam", malformed) : nullptr;
  if (malformed) return make_error_code(caller_identity_error::malformed_identity);
  if (iam == nullptr) return out;
  bool ok = read_identity_field(*iam, "accountId", out.account_id) &&
            read_identity_field(*iam, "callerId", out.caller) &&
            read_identity_field(*iam, "userId", out.user) &&
            read_identity_field(*iam, "userArn", out.user_arn) &&
            read_identity_field(*iam, "accessKey", out.access_key) &&
            read_identity_field(*iam, "principalOrgId", out.principal_org_id);
  if (const auto* cognito = identity_object(*iam, "cognitoIdentity", malformed); ok && cognito) {
    ok = read_identity_field(*cognito, "identityId", out.cognito_identity_id) &&
         read_identity_field(*cognito, "identityPoolId", out.cognito_identity_pool_id);
    if (const auto* amr = cognito->if_contains("amr"); ok && amr && !amr->is_null()) {
      const auto* list = amr->if_array();
      ok = list != nullptr;
      for (std::size_t i = 0; ok && i < list->size(); ++i) {
        const auto* method = (*list)[i].if_string();
        ok = method != nullptr;
        if (ok) out.cognito_amr.emplace_back(method->data(), method->size());
      }
    }
  }
  if (!ok || malformed) return make_error_code(caller_identity_error::malformed_identity);
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
  if (dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value)
    return make_error_code(caller_identity_error::no_identity);
  const auto* object = event.if_object();
  if (object == nullptr) return make_error_code(caller_identity_error::malformed_identity);
  bool malformed = false;
  const auto* context = detail::identity_object(*object, "requestContext", malformed);
  if (malformed) return make_error_code(caller_identity_error::malformed_identity);
  if (context == nullptr) return caller_identity{};
  if (dialect == event_dialect::rest_v1) return detail::try_rest_identity(*context);
  return detail::try_http_api_identity(*context);
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
  if (invocation.event == nullptr) return make_error_code(caller_identity_error::no_invocation);
  return try_caller_identity(*invocation.event, invocation.dialect);
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
