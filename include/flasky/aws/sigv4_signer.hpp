#pragma once
/// @file
/// Signs outgoing requests with AWS Signature Version 4 (header or presigned query).

#include <flasky/aws/detail/sigv4_crypto.hpp>
#include <flasky/aws/detail/sigv4_encoding.hpp>
#include <flasky/aws/detail/sigv4_signing.hpp>
#include <flasky/aws/detail/sigv4_time.hpp>
#include <flasky/aws/sigv4_credentials.hpp>
#include <flasky/aws/sigv4_error.hpp>
#include <flasky/aws/sigv4_signature.hpp>
#include <flasky/aws/sigv4_signer_options.hpp>
#include <flasky/detail/ascii.hpp>
#include <flasky/header_map.hpp>
#include <flasky/request.hpp>

#include <boost/system/result.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky::aws {

/// Signs `flasky::request`s with AWS Signature Version 4 for one region and service.
///
/// `try_sign` signs with headers: it sets `X-Amz-Date`, `X-Amz-Security-Token` (temporary
/// credentials) and, if asked, `X-Amz-Content-SHA256`, then adds `Authorization`. `try_presign`
/// signs with the query instead (a presigned URL): it appends `X-Amz-Algorithm`,
/// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Expires`,
/// `X-Amz-Security-Token` and `X-Amz-Signature` to the target. The time is a parameter, so the
/// same input always gives the same signature.
///
/// What is signed: the method as written, the path (rules in `sigv4_signer_options::path`), every
/// query parameter, the body's SHA-256, and every header except `Authorization` and those that
/// proxies change or drop (`Connection`, `Expect`, `Keep-Alive`, `Proxy-Authenticate`,
/// `Proxy-Authorization`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`, `User-Agent`,
/// `X-Amzn-Trace-Id`). The request must have a `Host` header. Its target should be what goes on
/// the wire: a path already percent-encoded once (the default rules encode it again for the
/// signature, as AWS expects), and a query whose `+` means a plus sign (`%20` is a space).
///
/// A signer is immutable after construction and may be shared between threads.
///
/// @code
/// flasky::aws::sigv4_signer signer({"AKIDEXAMPLE", "secret"}, "us-east-1", "execute-api");
/// flasky::header_map h;
/// h.add("Host", "abc123.execute-api.us-east-1.amazonaws.com");
/// flasky::request req("GET", "/prod/candidates", std::move(h));
/// auto signed_parts = signer.try_sign(req, std::chrono::floor<std::chrono::seconds>(
///                                              std::chrono::system_clock::now()));
/// if (!signed_parts) fail(signed_parts.error().message());   // for instance, no Host header
/// // req now has X-Amz-Date and Authorization.
/// @endcode
class sigv4_signer {
 public:
  /// A signer for `credentials` in `region` (for example "us-east-1") and `service` (for example
  /// "execute-api").
  sigv4_signer(sigv4_credentials credentials, std::string region, std::string service,
               sigv4_signer_options options = {})
      : credentials_(std::move(credentials)),
        region_(std::move(region)),
        service_(std::move(service)),
        options_(options) {}

  /// Signs `req` with headers at time `now`; returns what was signed.
  ///
  /// Replaces any `Authorization` and `X-Amz-Date` headers, the `X-Amz-Security-Token` header
  /// when the credentials have a session token, and `X-Amz-Content-SHA256` when
  /// `add_content_sha256` is set. An `X-Amz-Content-SHA256` header the caller set (for example
  /// `UNSIGNED-PAYLOAD`) is signed as the payload hash in place of the body's hash. Fails with
  /// `sigv4_error::missing_host_header`, `malformed_query` (a bad `%` escape in the target's
  /// query) or `crypto_unavailable`, leaving `req` unchanged.
  ///
  /// @code
  /// auto parts = signer.try_sign(req, std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} +
  ///                                       std::chrono::hours{12} + std::chrono::minutes{36});
  /// assert(req.header("x-amz-date") == "20150830T123600Z");
  /// @endcode
  boost::system::result<sigv4_signature> try_sign(request& req,
                                                  std::chrono::sys_seconds now) const {
    if (!req.header("host")) return sigv4_error::missing_host_header;
    auto params = detail::parse_query(req.query_string());
    if (!params) return sigv4_error::malformed_query;
    auto payload_hash = detail::sha256_hex(req.body());
    if (!payload_hash) return sigv4_error::crypto_unavailable;

    header_map headers = req.headers();
    headers.erase("Authorization");
    headers.erase("X-Amz-Date");
    const bool with_token = credentials_.session_token.has_value();
    if (with_token) headers.erase("X-Amz-Security-Token");
    if (with_token && options_.sign_session_token) {
      headers.add("X-Amz-Security-Token", *credentials_.session_token);
    }
    const std::string amz_date = detail::format_amz_date(now);
    headers.add("X-Amz-Date", amz_date);
    if (options_.add_content_sha256) {
      headers.erase("X-Amz-Content-SHA256");
      headers.add("X-Amz-Content-SHA256", *payload_hash);
    }

    const auto names = signable_header_names(headers);
    const std::string query = detail::canonical_query(*params);
    auto parts = compute(req, headers, names, query, declared_payload_hash(headers, *payload_hash),
                         amz_date);
    if (!parts) return parts.error();

    headers.add("Authorization", authorization_value(*parts));
    if (with_token && !options_.sign_session_token) {
      headers.add("X-Amz-Security-Token", *credentials_.session_token);
    }
    req.headers() = std::move(headers);
    return parts;
  }

  /// Signs `req` with query parameters at time `now`, valid for `expires` (1 s to 7 days).
  ///
  /// Replaces `req` by the same request whose target has the signing parameters appended
  /// (path and existing parameters are kept as written; earlier `X-Amz-*` signing parameters are
  /// removed). The headers are signed as they are and must be sent unchanged. Fails with
  /// `sigv4_error::missing_host_header`, `malformed_expires`, `malformed_query` or
  /// `crypto_unavailable`, leaving `req` unchanged.
  ///
  /// @code
  /// auto parts = signer.try_presign(req, now, std::chrono::minutes(15));
  /// std::string url = "https://" + host + std::string(req.target());
  /// @endcode
  boost::system::result<sigv4_signature> try_presign(request& req, std::chrono::sys_seconds now,
                                                     std::chrono::seconds expires) const {
    if (!req.header("host")) return sigv4_error::missing_host_header;
    if (expires < std::chrono::seconds(1) || expires > std::chrono::hours(24 * 7)) {
      return sigv4_error::malformed_expires;
    }
    auto payload_hash = detail::sha256_hex(req.body());
    if (!payload_hash) return sigv4_error::crypto_unavailable;

    // The target up to the query, and the query without earlier signing parameters.
    const std::string_view target = req.target();
    const auto query_start = target.find_first_of("?#");
    const std::string_view before_query = target.substr(0, query_start);
    std::string query = without_signing_params(req.query_string());
    if (!detail::parse_query(query)) return sigv4_error::malformed_query;

    header_map headers = req.headers();
    headers.erase("Authorization");
    const auto names = signable_header_names(headers);
    const std::string amz_date = detail::format_amz_date(now);

    auto append = [&query](std::string_view key, std::string_view value) {
      if (!query.empty()) query.push_back('&');
      query.append(key).push_back('=');
      detail::append_uri_encoded(query, value, false);
    };
    append("X-Amz-Algorithm", detail::sigv4_algorithm);
    append("X-Amz-Credential", credentials_.access_key_id + "/" + amz_date.substr(0, 8) + "/" +
                                   region_ + "/" + service_ + "/" +
                                   std::string(detail::sigv4_terminator));
    append("X-Amz-Date", amz_date);
    append("X-Amz-SignedHeaders", detail::join_signed_headers(names));
    append("X-Amz-Expires", std::to_string(expires.count()));
    const bool with_token = credentials_.session_token.has_value();
    if (with_token && options_.sign_session_token) {
      append("X-Amz-Security-Token", *credentials_.session_token);
    }

    auto params = detail::parse_query(query);
    if (!params) return sigv4_error::malformed_query;
    auto parts = compute(req, headers, names, detail::canonical_query(*params),
                         declared_payload_hash(headers, *payload_hash), amz_date);
    if (!parts) return parts.error();

    if (with_token && !options_.sign_session_token) {
      append("X-Amz-Security-Token", *credentials_.session_token);
    }
    append("X-Amz-Signature", parts->signature);

    std::string new_target(before_query);
    new_target.push_back('?');
    new_target += query;
    req = request(std::string(req.method()), std::move(new_target), std::move(headers),
                  std::move(req.body()));
    return parts;
  }

  /// The access key id of the credentials this signer signs with.
  const std::string& access_key_id() const noexcept { return credentials_.access_key_id; }
  /// The region, for example "us-east-1".
  const std::string& region() const noexcept { return region_; }
  /// The service, for example "execute-api".
  const std::string& service() const noexcept { return service_; }
  /// The options given at construction.
  const sigv4_signer_options& options() const noexcept { return options_; }

 private:
  // The lower-case, sorted, unique names of the headers that are signed.
  static std::vector<std::string> signable_header_names(const header_map& headers) {
    static constexpr std::array<std::string_view, 12> unsigned_names = {"authorization",
                                                                        "connection",
                                                                        "expect",
                                                                        "keep-alive",
                                                                        "proxy-authenticate",
                                                                        "proxy-authorization",
                                                                        "te",
                                                                        "trailer",
                                                                        "transfer-encoding",
                                                                        "upgrade",
                                                                        "user-agent",
                                                                        "x-amzn-trace-id"};
    std::vector<std::string> names;
    for (const auto& field : headers) {
      auto lower = detail::to_lower(field.first);
      if (std::find(unsigned_names.begin(), unsigned_names.end(), lower) != unsigned_names.end()) {
        continue;
      }
      names.push_back(std::move(lower));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

  // The payload hash to sign: the X-Amz-Content-SHA256 header's value when the request has one
  // (for instance UNSIGNED-PAYLOAD), else the body's hash.
  static std::string_view declared_payload_hash(const header_map& headers,
                                                std::string_view body_hash) {
    if (auto declared = headers.find("X-Amz-Content-SHA256")) {
      return flasky::detail::trim_ows(*declared);
    }
    return body_hash;
  }

  // The query without X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
  // -Security-Token and -Signature (pieces kept as written).
  static std::string without_signing_params(std::string_view query) {
    static constexpr std::array<std::string_view, 7> signing = {
        "X-Amz-Algorithm",     "X-Amz-Credential",     "X-Amz-Date",     "X-Amz-Expires",
        "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"};
    std::string out;
    std::size_t pos = 0;
    while (!query.empty() && pos <= query.size()) {
      auto amp = query.find('&', pos);
      if (amp == std::string_view::npos) amp = query.size();
      const auto piece = query.substr(pos, amp - pos);
      pos = amp + 1;
      if (piece.empty()) continue;
      const auto key = detail::percent_decode(piece.substr(0, piece.find('=')));
      if (key && std::find(signing.begin(), signing.end(), *key) != signing.end()) continue;
      if (!out.empty()) out.push_back('&');
      out += piece;
    }
    return out;
  }

  boost::system::result<sigv4_signature> compute(const request& req, const header_map& headers,
                                                 const std::vector<std::string>& names,
                                                 std::string_view canonical_query,
                                                 std::string_view payload_hash,
                                                 std::string_view amz_date) const {
    detail::signing_input in;
    in.method = req.method();
    in.path = req.path();
    in.canonical_query = canonical_query;
    in.headers = &headers;
    in.signed_headers = &names;
    in.payload_hash = payload_hash;
    in.amz_date = amz_date;
    in.region = region_;
    in.service = service_;
    in.secret = credentials_.secret_access_key;
    in.path_rules = options_.path;
    return detail::compute_signature(in);
  }

  std::string authorization_value(const sigv4_signature& parts) const {
    std::string out(detail::sigv4_algorithm);
    out += " Credential=";
    out += credentials_.access_key_id;
    out.push_back('/');
    out += parts.credential_scope;
    out += ", SignedHeaders=";
    out += parts.signed_headers;
    out += ", Signature=";
    out += parts.signature;
    return out;
  }

  sigv4_credentials credentials_;
  std::string region_;
  std::string service_;
  sigv4_signer_options options_;
};

}  // namespace flasky::aws
