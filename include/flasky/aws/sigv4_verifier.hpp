#pragma once
/// @file
/// Checks the AWS Signature Version 4 of incoming requests against a table of keys.

#include <flasky/aws/detail/sigv4_authorization.hpp>
#include <flasky/aws/detail/sigv4_crypto.hpp>
#include <flasky/aws/detail/sigv4_encoding.hpp>
#include <flasky/aws/detail/sigv4_signing.hpp>
#include <flasky/aws/detail/sigv4_time.hpp>
#include <flasky/aws/sigv4_error.hpp>
#include <flasky/aws/sigv4_identity.hpp>
#include <flasky/aws/sigv4_key_table.hpp>
#include <flasky/aws/sigv4_verifier_options.hpp>
#include <flasky/detail/ascii.hpp>
#include <flasky/request.hpp>

#include <boost/system/result.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky::aws {

/// Verifies the SigV4 signature of incoming requests for one region and service, against a
/// local table of keys, the way an AWS endpoint (API Gateway with IAM auth) does.
///
/// `try_verify` accepts a request signed with an `Authorization` header or presigned (signature
/// in the query), and answers with the signer's identity or with the one reason it is refused
/// (`sigv4_error`, whose message says exactly why). In order, it checks that:
/// 1. the request is signed one way only, and the fields parse (`AWS4-HMAC-SHA256`, a credential
///    `<key id>/<yyyymmdd>/<region>/<service>/aws4_request`, sorted lower-case signed headers,
///    a 64-hex-digit signature; a presigned request also needs `X-Amz-Expires`);
/// 2. `X-Amz-Date` is present and well formed, and within `max_clock_skew` of `now` in either
///    direction (a presigned request: not more than the skew in the future, and not past
///    `X-Amz-Date + X-Amz-Expires`);
/// 3. the credential scope's date is the date of `X-Amz-Date`, and its region and service are
///    the verifier's;
/// 4. the access key id is in the table;
/// 5. `host` is signed, and so is the `X-Amz-Date` header when there is one;
/// 6. the session token is the key's (present if and only if the key has one);
/// 7. an `X-Amz-Content-SHA256` header, if any, is the body's SHA-256 (or `UNSIGNED-PAYLOAD`
///    when allowed);
/// 8. the signature recomputed from the request as received equals the one sent, compared in
///    constant time (every signed header must be present).
///
/// The canonical request is built from the request as received: the method, the raw path
/// (normalised and encoded again by the default rules, which are API Gateway's), every query
/// parameter but `X-Amz-Signature` (decoded, re-encoded, sorted; `+` is a plus sign), the
/// signed headers (values trimmed, inner whitespace folded, repeated fields joined with `,`)
/// and the body's SHA-256. The `Date` header is not supported as a substitute for `X-Amz-Date`.
///
/// A verifier is immutable after construction; `try_verify` may run on many threads at once.
///
/// @code
/// flasky::aws::sigv4_verifier verifier({{"AKIDEXAMPLE", "secret"}}, "us-east-1", "execute-api");
/// router.before_request([&](flasky::request& req) -> std::optional<flasky::response> {
///   auto id = verifier.try_verify(req);
///   if (!id) return flasky::response::text(id.error().message(), flasky::status::forbidden);
///   return std::nullopt;
/// });
/// @endcode
class sigv4_verifier {
 public:
  /// A verifier that accepts requests signed with `keys` for `region` and `service`.
  sigv4_verifier(sigv4_key_table keys, std::string region, std::string service,
                 sigv4_verifier_options options = {})
      : keys_(std::move(keys)),
        region_(std::move(region)),
        service_(std::move(service)),
        options_(options) {}

  /// Verifies `req` as if the time were `now`; the identity of its signer, or why it is refused.
  ///
  /// @code
  /// using namespace std::chrono;
  /// auto id = verifier.try_verify(req, sys_days{2015y / August / 30} + 12h + 36min);
  /// if (!id) std::cerr << id.error().message() << '\n';
  /// @endcode
  boost::system::result<sigv4_identity> try_verify(const request& req,
                                                   std::chrono::sys_seconds now) const {
    auto params = detail::parse_query(req.query_string());
    if (!params) return sigv4_error::malformed_query;

    std::size_t authorization_count = 0;
    std::string_view authorization;
    for (const auto& [name, value] : req.headers()) {
      if (flasky::detail::iequals(name, "Authorization")) {
        ++authorization_count;
        authorization = value;
      }
    }
    const bool in_query = has_param(*params, "X-Amz-Algorithm");
    if (authorization_count != 0 && in_query) return sigv4_error::signed_twice;
    if (authorization_count == 0 && !in_query) return sigv4_error::not_signed;

    // 1. The signing fields.
    detail::signing_fields fields;
    std::string amz_date;
    std::optional<std::string> session_token;
    std::chrono::seconds expires{0};
    if (in_query) {
      auto f = query_fields(*params);
      if (!f) return f.error();
      fields = std::move(*f);
      auto date = unique_param(*params, "X-Amz-Date");
      if (!date) return date.error();
      if (!*date) return sigv4_error::missing_date;
      amz_date = **date;
      auto token = unique_param(*params, "X-Amz-Security-Token");
      if (!token) return token.error();
      session_token = *token;
      auto exp = unique_param(*params, "X-Amz-Expires");
      if (!exp || !*exp) return sigv4_error::malformed_expires;
      auto seconds = parse_seconds(**exp);
      if (!seconds || *seconds < std::chrono::seconds(1) || *seconds > options_.max_expires) {
        return sigv4_error::malformed_expires;
      }
      expires = *seconds;
    } else {
      if (authorization_count != 1) return sigv4_error::malformed_authorization;
      auto f = detail::parse_authorization(authorization);
      if (!f) return f.error();
      fields = std::move(*f);
      auto date = req.header("X-Amz-Date");
      if (!date) return sigv4_error::missing_date;
      amz_date = std::string(flasky::detail::trim_ows(*date));
      if (auto token = req.header("X-Amz-Security-Token")) {
        session_token = std::string(flasky::detail::trim_ows(*token));
      }
    }
    if (fields.algorithm != detail::sigv4_algorithm) return sigv4_error::unsupported_algorithm;
    auto credential = detail::parse_credential(fields.credential);
    if (!credential) return credential.error();
    auto signed_headers = detail::parse_signed_headers(fields.signed_headers);
    if (!signed_headers || !detail::is_hex_signature(fields.signature)) {
      return sigv4_error::malformed_authorization;
    }

    // 2. The time.
    const auto signed_at = detail::parse_amz_date(amz_date);
    if (!signed_at) return sigv4_error::malformed_date;
    if (*signed_at > now + options_.max_clock_skew) return sigv4_error::request_in_future;
    if (in_query) {
      if (now > *signed_at + expires) return sigv4_error::presigned_request_expired;
    } else if (*signed_at < now - options_.max_clock_skew) {
      return sigv4_error::request_expired;
    }

    // 3. The scope.
    if (credential->date != std::string_view(amz_date).substr(0, 8)) {
      return sigv4_error::scope_date_mismatch;
    }
    if (credential->region != region_) return sigv4_error::wrong_region;
    if (credential->service != service_) return sigv4_error::wrong_service;

    // 4. The key.
    const sigv4_credentials* key = keys_.find(credential->access_key_id);
    if (key == nullptr) return sigv4_error::unknown_access_key;

    // 5. The headers that must be signed.
    auto is_signed = [&](std::string_view name) {
      return std::binary_search(signed_headers->begin(), signed_headers->end(), name);
    };
    if (!is_signed("host")) return sigv4_error::host_not_signed;
    if (!in_query && !is_signed("x-amz-date")) return sigv4_error::date_not_signed;

    // 6. The session token.
    if (key->session_token.has_value() != session_token.has_value() ||
        (session_token && !detail::constant_time_equal(*session_token, *key->session_token))) {
      return sigv4_error::session_token_mismatch;
    }

    // 7. The payload.
    auto body_hash = detail::sha256_hex(req.body());
    if (!body_hash) return sigv4_error::crypto_unavailable;
    std::string payload_hash = *body_hash;
    if (auto declared = req.header("X-Amz-Content-SHA256")) {
      const auto value = flasky::detail::trim_ows(*declared);
      if (options_.allow_unsigned_payload && value == "UNSIGNED-PAYLOAD") {
        payload_hash = std::string(value);
      } else if (!flasky::detail::iequals(value, *body_hash)) {
        return sigv4_error::payload_hash_mismatch;
      } else {
        payload_hash = std::string(value);
      }
    }

    // 8. The signature.
    const std::string query = detail::canonical_query(*params, in_query ? "X-Amz-Signature" : "");
    detail::signing_input in;
    in.method = req.method();
    in.path = req.path();
    in.canonical_query = query;
    in.headers = &req.headers();
    in.signed_headers = &*signed_headers;
    in.payload_hash = payload_hash;
    in.amz_date = amz_date;
    in.region = region_;
    in.service = service_;
    in.secret = key->secret_access_key;
    in.path_rules = options_.path;
    auto expected = detail::compute_signature(in);
    if (!expected) return expected.error();
    if (!detail::constant_time_equal(expected->signature, fields.signature)) {
      return sigv4_error::signature_mismatch;
    }

    sigv4_identity id;
    id.access_key_id = key->access_key_id;
    id.session_token = std::move(session_token);
    id.signed_at = *signed_at;
    id.signed_headers = std::move(*signed_headers);
    id.presigned = in_query;
    return id;
  }

  /// Verifies `req` at the current time of the system clock.
  boost::system::result<sigv4_identity> try_verify(const request& req) const {
    return try_verify(req,
                      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  }

  /// The keys this verifier accepts.
  const sigv4_key_table& keys() const noexcept { return keys_; }
  /// The region requests must be signed for, for example "us-east-1".
  const std::string& region() const noexcept { return region_; }
  /// The service requests must be signed for, for example "execute-api".
  const std::string& service() const noexcept { return service_; }
  /// The options given at construction.
  const sigv4_verifier_options& options() const noexcept { return options_; }

 private:
  using params_type = std::vector<detail::query_param>;

  static bool has_param(const params_type& params, std::string_view key) {
    return std::any_of(params.begin(), params.end(),
                       [&](const detail::query_param& p) { return p.key == key; });
  }

  // The value of the parameter `key`: nullopt when absent, an error when repeated.
  static boost::system::result<std::optional<std::string>> unique_param(const params_type& params,
                                                                        std::string_view key) {
    std::optional<std::string> found;
    for (const auto& p : params) {
      if (p.key != key) continue;
      if (found) return sigv4_error::malformed_authorization;
      found = p.value;
    }
    return found;
  }

  static boost::system::result<detail::signing_fields> query_fields(const params_type& params) {
    detail::signing_fields f;
    const std::array<std::pair<std::string_view, std::string*>, 4> wanted = {
        {{"X-Amz-Algorithm", &f.algorithm},
         {"X-Amz-Credential", &f.credential},
         {"X-Amz-SignedHeaders", &f.signed_headers},
         {"X-Amz-Signature", &f.signature}}};
    for (const auto& [key, target] : wanted) {
      auto value = unique_param(params, key);
      if (!value) return value.error();
      if (!*value) return sigv4_error::malformed_authorization;
      *target = std::move(**value);
    }
    return f;
  }

  // A whole number of seconds written in 1 to 9 decimal digits.
  static std::optional<std::chrono::seconds> parse_seconds(std::string_view s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    long long v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return std::chrono::seconds(v);
  }

  sigv4_key_table keys_;
  std::string region_;
  std::string service_;
  sigv4_verifier_options options_;
};

}  // namespace flasky::aws
