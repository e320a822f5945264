#pragma once
/// @file
/// Where an AWS client gets the credentials it signs with: the environment or the container
/// credentials endpoint.

#include <flasky/aws/aws_config_error.hpp>
#include <flasky/aws/aws_environment.hpp>
#include <flasky/aws/aws_error.hpp>
#include <flasky/aws/detail/http_connection.hpp>
#include <flasky/aws/detail/http_endpoint.hpp>
#include <flasky/aws/detail/tls_context.hpp>
#include <flasky/aws/sigv4_credentials.hpp>
#include <flasky/aws/trust_store.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace flasky::aws {

/// A thread-safe source of AWS credentials: fixed ones (from the environment), or the
/// container credentials endpoint (ECS, EKS Pod Identity, Lambda SnapStart, local tools).
///
/// `try_from_environment(env)` picks, like the AWS SDKs: `AWS_ACCESS_KEY_ID` +
/// `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`, as in Lambda) when set; else
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, or `http://169.254.170.2` +
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, sending `AWS_CONTAINER_AUTHORIZATION_TOKEN` (or the
/// contents of the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read at every fetch) as the
/// `Authorization` header. A plain http full URI must name a loopback host or an ECS / EKS
/// credentials address (169.254.170.2, 169.254.170.23, fd00:ec2::23); https may name any host.
///
/// Container credentials are fetched on first use (`try_get`), cached, and fetched again five
/// minutes before their `Expiration`; if a refresh fails while the cached ones are still valid,
/// the cached ones are returned. Copies share one cache.
///
/// @code
/// auto provider = flasky::aws::credentials_provider::try_from_environment(
///     flasky::aws::aws_environment::read());
/// if (!provider) fail(provider.error().message());      // "no AWS credentials: set ..."
/// auto creds = provider->try_get();                      // result<sigv4_credentials, aws_error>
/// @endcode
class credentials_provider {
 public:
  /// A provider of fixed credentials.
  static credentials_provider from_static(sigv4_credentials credentials) {
    credentials_provider p;
    p.state_->cached = std::move(credentials);
    p.state_->source = "environment";
    return p;
  }

  /// A provider of the container credentials endpoint at `uri`, authorised by `token` or by the
  /// contents of `token_file` (either may be absent). Fails with
  /// `aws_config_error::malformed_credentials_uri` (see the class description).
  static boost::system::result<credentials_provider> try_from_container(
      std::string_view uri, std::optional<std::string> token = std::nullopt,
      std::optional<std::string> token_file = std::nullopt) {
    auto ep = detail::parse_http_endpoint(uri, true);
    if (!ep) return aws_config_error::malformed_credentials_uri;
    if (!ep->tls && !detail::is_loopback_host(ep->host) && ep->host != "169.254.170.2" &&
        ep->host != "169.254.170.23" && ep->host != "fd00:ec2::23") {
      return aws_config_error::malformed_credentials_uri;
    }
    credentials_provider p;
    p.state_->source = "container";
    p.state_->endpoint = std::move(*ep);
    p.state_->token = std::move(token);
    p.state_->token_file = std::move(token_file);
    return p;
  }

  /// The provider the environment calls for (see the class description). Fails with
  /// `incomplete_credentials`, `no_credentials` or `malformed_credentials_uri`.
  static boost::system::result<credentials_provider> try_from_environment(
      const aws_environment& env) {
    if (env.access_key_id || env.secret_access_key) {
      if (!env.access_key_id || !env.secret_access_key) {
        return aws_config_error::incomplete_credentials;
      }
      return from_static(
          sigv4_credentials(*env.access_key_id, *env.secret_access_key, env.session_token));
    }
    std::optional<std::string> uri = env.container_credentials_full_uri;
    if (!uri && env.container_credentials_relative_uri) {
      const auto& relative = *env.container_credentials_relative_uri;
      if (relative.empty() || relative.front() != '/') {
        return aws_config_error::malformed_credentials_uri;
      }
      uri = "http://169.254.170.2" + relative;
    }
    if (!uri) return aws_config_error::no_credentials;
    return try_from_container(*uri, env.container_authorization_token,
                              env.container_authorization_token_file);
  }

  /// "environment" or "container": where the credentials come from (safe to log).
  const std::string& source() const noexcept { return state_->source; }

  /// The current credentials, fetching them first when needed (container endpoint). A fetch
  /// must finish within `timeout`. Fails with an `aws_error` of kind `credentials` saying why
  /// (endpoint unreachable, HTTP status, unreadable token file, malformed answer).
  boost::system::result<sigv4_credentials, aws_error> try_get(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    auto& s = *state_;
    std::lock_guard<std::mutex> lock(s.mutex);
    const auto now = std::chrono::system_clock::now();
    if (s.cached && (!s.expiration || *s.expiration - std::chrono::minutes(5) > now)) {
      return *s.cached;
    }
    auto fetched = fetch(s, timeout);
    if (fetched) return *fetched;
    if (s.cached && s.expiration && *s.expiration > now) return *s.cached;
    return fetched.error();
  }

 private:
  struct state {
    std::mutex mutex;
    std::string source;
    std::optional<sigv4_credentials> cached;
    std::optional<std::chrono::system_clock::time_point> expiration;
    detail::http_endpoint endpoint;
    std::optional<std::string> token;
    std::optional<std::string> token_file;
    std::shared_ptr<boost::asio::ssl::context> tls;
  };

  credentials_provider() : state_(std::make_shared<state>()) {}

  static aws_error credentials_error(std::string why) {
    return aws_error(
        aws_error::kind::credentials,
        "cannot get credentials from the container credentials endpoint: " + std::move(why));
  }

  // "2026-11-23T22:00:00Z" (fractional seconds allowed) -> time point; nullopt when malformed.
  static std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view t) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    const std::string text(t);
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) <
        6) {
      return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{y},
                                           std::chrono::month{static_cast<unsigned>(mo)},
                                           std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    return std::chrono::sys_days{date} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{s};
  }

  static boost::system::result<sigv4_credentials, aws_error> fetch(
      state& s, std::chrono::milliseconds timeout) {
    std::optional<std::string> token = s.token;
    if (!token && s.token_file) {
      std::ifstream in(*s.token_file, std::ios::binary);
      if (!in) return credentials_error("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
      std::ostringstream text;
      text << in.rdbuf();
      token = text.str();
      while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) {
        token->pop_back();
      }
    }
    if (token &&
        (token->find('\r') != std::string::npos || token->find('\n') != std::string::npos)) {
      return credentials_error("the authorization token contains a line break");
    }
    if (s.endpoint.tls && !s.tls) {
      auto ctx = detail::try_make_tls_context(trust_store::locate());
      if (!ctx) return credentials_error(ctx.error().message());
      s.tls = *ctx;
    }
    header_map headers;
    headers.add("Host", s.endpoint.host_header);
    headers.add("Accept", "application/json");
    if (token) headers.add("Authorization", *token);
    request req("GET", s.endpoint.path, std::move(headers));
    detail::http_connection connection(s.endpoint, s.tls);
    auto answer = connection.try_exchange(req, timeout);
    if (!answer) return credentials_error(answer.error().what());
    if (answer->status != 200) {
      return credentials_error("HTTP " + std::to_string(answer->status));
    }
    boost::system::error_code ec;
    const auto json = boost::json::parse(answer->body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    auto field = [&](const char* name) -> std::optional<std::string> {
      if (!object) return std::nullopt;
      const auto* v = object->if_contains(name);
      if (!v || !v->is_string()) return std::nullopt;
      return std::string(v->as_string());
    };
    auto id = field("AccessKeyId");
    auto secret = field("SecretAccessKey");
    if (!id || !secret || id->empty() || secret->empty()) {
      return credentials_error("the answer has no AccessKeyId and SecretAccessKey");
    }
    s.cached = sigv4_credentials(*id, *secret, field("Token"));
    s.expiration.reset();
    if (auto expiration = field("Expiration")) {
      s.expiration = parse_iso8601(*expiration);
      if (!s.expiration) return credentials_error("the answer's Expiration is not a UTC time");
    }
    return *s.cached;
  }

  std::shared_ptr<state> state_;
};

}  // namespace flasky::aws
