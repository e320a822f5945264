#pragma once
/// @file
/// Settings of a DynamoDB client: region, endpoint, credentials, retries, TLS trust, hooks.

#include <flasky/aws/aws_config_error.hpp>
#include <flasky/aws/aws_environment.hpp>
#include <flasky/aws/aws_error.hpp>
#include <flasky/aws/aws_http_response.hpp>
#include <flasky/aws/credentials_provider.hpp>
#include <flasky/aws/retry_policy.hpp>
#include <flasky/aws/trust_store.hpp>
#include <flasky/request.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace flasky::aws {

/// What a `dynamodb_client` needs: the region, the endpoint, where credentials come from, the
/// retry policy and the CA certificates it trusts; plus hooks for tests.
///
/// `try_from_environment(env)` fills them from the standard AWS environment (see
/// `aws_environment`): region from `AWS_REGION` / `AWS_DEFAULT_REGION`, endpoint from
/// `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL` (plain `http://` is allowed, for local
/// servers such as dynalite or DynamoDB Local), credentials from the environment or the
/// container credentials endpoint. It contacts nothing.
///
/// @code
/// flasky::aws::dynamodb_options options;
/// options.region = "us-east-1";
/// options.endpoint_url = "http://127.0.0.1:8000";   // dynalite
/// options.credentials = flasky::aws::credentials_provider::from_static({"AKIDEXAMPLE", "x"});
/// options.retry.max_attempts = 3;
/// auto client = flasky::aws::dynamodb_client::try_create(std::move(options));
/// @endcode
struct dynamodb_options {
  /// Sends one signed request and returns the answer, within the given deadline.
  using transport_function = std::function<boost::system::result<aws_http_response, aws_error>(
      const request&, std::chrono::milliseconds)>;

  /// The region, for example "us-east-1" (required).
  std::string region;
  /// `http(s)://host[:port]`; nullopt: `https://dynamodb.<region>.amazonaws.com` (`.com.cn` in
  /// China regions).
  std::optional<std::string> endpoint_url;
  /// Where the signing credentials come from (required).
  std::optional<credentials_provider> credentials;
  /// Attempts, backoff and deadlines.
  retry_policy retry{};
  /// A kept-alive connection idle for longer than this is closed and reopened rather than
  /// reused (as the AWS SDKs do; a connection can die silently while a Lambda is frozen).
  std::chrono::milliseconds connection_max_idle{std::chrono::seconds(60)};
  /// The CA certificates trusted for https; nullopt: `trust_store::locate()`.
  std::optional<trust_store> trust;

  /// Test hook: sends requests in place of the built-in kept-alive Beast connections (fault
  /// injection, or another HTTP stack). Empty: the built-in transport.
  transport_function transport;
  /// Test hook: the clock used to sign and to measure the retry budget. Empty: the system clock
  /// signs and the steady clock measures.
  std::function<std::chrono::system_clock::time_point()> clock;
  /// Test hook: how the client waits between attempts. Empty: `std::this_thread::sleep_for`.
  std::function<void(std::chrono::milliseconds)> sleep;

  /// Options from the environment read through `env`; fails with an `aws_config_error`
  /// (`no_region`, `malformed_endpoint`, `no_credentials`, ...).
  static boost::system::result<dynamodb_options> try_from_environment(
      const aws_environment& env = aws_environment::read()) {
    dynamodb_options options;
    if (!env.region || env.region->empty()) return aws_config_error::no_region;
    options.region = *env.region;
    options.endpoint_url = env.endpoint_url_for("DYNAMODB");
    auto provider = credentials_provider::try_from_environment(env);
    if (!provider) return provider.error();
    options.credentials = std::move(*provider);
    return options;
  }
};

}  // namespace flasky::aws
