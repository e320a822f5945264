#pragma once
/// @file
/// The standard AWS environment variables, read the way the AWS SDKs read them.

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace flasky::aws {

/// The AWS settings a process gets from its environment: region, credentials, container
/// credentials endpoint, endpoint override and the candidates table.
///
/// `read(lookup)` takes a function from variable name to value (empty values count as unset);
/// `read()` reads the process environment. Nothing is validated here: clients check what they
/// need and say what is wrong (see `aws_config_error`).
///
/// - region: `AWS_REGION`, else `AWS_DEFAULT_REGION`;
/// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`;
/// - container credentials: `AWS_CONTAINER_CREDENTIALS_FULL_URI`, else
///   `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (relative to `http://169.254.170.2`), with
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN`, else the contents of
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, as the `Authorization` header;
/// - endpoint: `AWS_ENDPOINT_URL_<SERVICE>` (for DynamoDB `AWS_ENDPOINT_URL_DYNAMODB`), else
///   `AWS_ENDPOINT_URL`; both are ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`;
/// - `CANDIDATES_TABLE` (default `Candidates`).
///
/// @code
/// auto env = flasky::aws::aws_environment::read();
/// if (!env.region) std::cerr << "set AWS_REGION\n";
/// auto endpoint = env.endpoint_url_for("DYNAMODB");  // nullopt: the AWS default endpoint
/// @endcode
struct aws_environment {
  /// Looks up one environment variable; nullopt when unset.
  using lookup = std::function<std::optional<std::string>(std::string_view)>;

  /// The region, for example "us-east-1".
  std::optional<std::string> region;
  /// `AWS_ACCESS_KEY_ID`.
  std::optional<std::string> access_key_id;
  /// `AWS_SECRET_ACCESS_KEY`.
  std::optional<std::string> secret_access_key;
  /// `AWS_SESSION_TOKEN` (temporary credentials, as in Lambda).
  std::optional<std::string> session_token;
  /// `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
  std::optional<std::string> container_credentials_full_uri;
  /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
  std::optional<std::string> container_credentials_relative_uri;
  /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
  std::optional<std::string> container_authorization_token;
  /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every credentials fetch).
  std::optional<std::string> container_authorization_token_file;
  /// `AWS_ENDPOINT_URL`.
  std::optional<std::string> endpoint_url;
  /// Looks up `AWS_ENDPOINT_URL_<SERVICE>` for a service; empty when endpoint URLs are ignored.
  std::function<std::optional<std::string>(std::string_view)> service_endpoint_lookup;
  /// `CANDIDATES_TABLE`, else "Candidates".
  std::string candidates_table = "Candidates";

  /// The endpoint override for `service` (upper case, for example "DYNAMODB"):
  /// `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`; nullopt for the AWS default.
  std::optional<std::string> endpoint_url_for(std::string_view service) const {
    if (service_endpoint_lookup) {
      if (auto specific = service_endpoint_lookup(service)) return specific;
    }
    return endpoint_url;
  }

  /// The process environment, as a lookup.
  static lookup process_lookup() {
    return [](std::string_view name) -> std::optional<std::string> {
      const char* value = std::getenv(std::string(name).c_str());
      if (value == nullptr || *value == '\0') return std::nullopt;
      return std::string(value);
    };
  }

  /// Reads the settings through `get` (the process environment by default).
  static aws_environment read(const lookup& get = process_lookup()) {
    aws_environment env;
    env.region = get("AWS_REGION");
    if (!env.region) env.region = get("AWS_DEFAULT_REGION");
    env.access_key_id = get("AWS_ACCESS_KEY_ID");
    env.secret_access_key = get("AWS_SECRET_ACCESS_KEY");
    env.session_token = get("AWS_SESSION_TOKEN");
    env.container_credentials_full_uri = get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    env.container_credentials_relative_uri = get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    env.container_authorization_token = get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    env.container_authorization_token_file = get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    const auto ignore = get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    const bool ignored = ignore && (*ignore == "true" || *ignore == "TRUE" || *ignore == "True");
    if (!ignored) {
      env.endpoint_url = get("AWS_ENDPOINT_URL");
      env.service_endpoint_lookup = [get](std::string_view service) {
        return get("AWS_ENDPOINT_URL_" + std::string(service));
      };
    }
    if (auto table = get("CANDIDATES_TABLE")) env.candidates_table = *table;
    return env;
  }
};

}  // namespace flasky::aws
