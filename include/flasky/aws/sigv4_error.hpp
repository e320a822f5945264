#pragma once
/// @file
/// Why a request could not be signed or its AWS Signature Version 4 was refused.

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace flasky::aws {

/// The reasons SigV4 signing or verification fails, one per distinct cause.
///
/// They travel as `boost::system::error_code` values (category "flasky.sigv4") inside
/// `boost::system::result<T>`. `message()` says in one sentence exactly why; it never quotes the
/// request, the key or the signature, so it is safe to log and to send back to a client.
/// Every verification error maps to HTTP 403 (`not_signed`: 401, `crypto_unavailable`: 500).
///
/// @code
/// auto id = verifier.try_verify(req, now);
/// if (!id && id.error() == flasky::aws::sigv4_error::request_expired) { ... }
/// std::string why = id.error().message();  // "the request has expired: ..."
/// @endcode
enum class sigv4_error {
  /// Neither an `Authorization` header nor an `X-Amz-Algorithm` query parameter.
  not_signed = 1,
  /// Both an `Authorization` header and `X-Amz-*` signing query parameters.
  signed_twice,
  /// The `Authorization` header or the signing query parameters cannot be parsed.
  malformed_authorization,
  /// The algorithm is not `AWS4-HMAC-SHA256`.
  unsupported_algorithm,
  /// The credential is not `<key id>/<yyyymmdd>/<region>/<service>/aws4_request`.
  malformed_credential,
  /// There is no `X-Amz-Date` (header, or query parameter for a presigned request).
  missing_date,
  /// `X-Amz-Date` is not a UTC time written `yyyymmddThhmmssZ`.
  malformed_date,
  /// `X-Amz-Expires` is missing, not a number, or out of range.
  malformed_expires,
  /// The request is dated further in the past than the allowed clock skew.
  request_expired,
  /// A presigned request's validity (`X-Amz-Date` plus `X-Amz-Expires`) has ended.
  presigned_request_expired,
  /// The request is dated further in the future than the allowed clock skew.
  request_in_future,
  /// The credential scope's date is not the date of `X-Amz-Date`.
  scope_date_mismatch,
  /// The credential scope names another region than the verifier's.
  wrong_region,
  /// The credential scope names another service than the verifier's.
  wrong_service,
  /// The access key id is not in the key table.
  unknown_access_key,
  /// `host` is not among the signed headers.
  host_not_signed,
  /// The request has an `X-Amz-Date` header that is not among the signed headers.
  date_not_signed,
  /// A header named in the signed headers is not in the request.
  signed_header_missing,
  /// The request has no `Host` header (signing needs one).
  missing_host_header,
  /// The query string has a malformed percent escape.
  malformed_query,
  /// The body does not hash to the `X-Amz-Content-SHA256` header's value.
  payload_hash_mismatch,
  /// The session token is missing, unexpected or not the key's.
  session_token_mismatch,
  /// The signature does not match the request.
  signature_mismatch,
  /// OpenSSL could not compute SHA-256 or HMAC-SHA256.
  crypto_unavailable
};

namespace detail {

/// The message for each `sigv4_error` value; a fixed string for unknown values.
constexpr const char* sigv4_error_message(int ev) noexcept {
  switch (static_cast<sigv4_error>(ev)) {
    case sigv4_error::not_signed:
      return "the request is not signed: it has no Authorization header and no X-Amz-Algorithm "
             "query parameter";
    case sigv4_error::signed_twice:
      return "the request is signed twice: it has both an Authorization header and X-Amz-* "
             "signing query parameters";
    case sigv4_error::malformed_authorization:
      return "malformed Authorization: expected 'AWS4-HMAC-SHA256 Credential=..., "
             "SignedHeaders=..., Signature=<64 hex digits>' (or the same X-Amz-* query "
             "parameters, each exactly once)";
    case sigv4_error::unsupported_algorithm: return "the signing algorithm is not AWS4-HMAC-SHA256";
    case sigv4_error::malformed_credential:
      return "the credential is not '<access key id>/<yyyymmdd>/<region>/<service>/aws4_request'";
    case sigv4_error::missing_date: return "the request has no X-Amz-Date";
    case sigv4_error::malformed_date:
      return "X-Amz-Date is not a UTC date and time written yyyymmddThhmmssZ";
    case sigv4_error::malformed_expires:
      return "X-Amz-Expires is missing or not a whole number of seconds within the allowed range";
    case sigv4_error::request_expired:
      return "the request has expired: its X-Amz-Date is further in the past than the allowed "
             "clock skew";
    case sigv4_error::presigned_request_expired:
      return "the presigned request has expired: X-Amz-Date plus X-Amz-Expires has passed";
    case sigv4_error::request_in_future:
      return "the request is dated in the future: its X-Amz-Date is further ahead than the "
             "allowed clock skew";
    case sigv4_error::scope_date_mismatch:
      return "wrong credential scope: its date is not the date of X-Amz-Date";
    case sigv4_error::wrong_region:
      return "wrong credential scope: it names another region than this endpoint's";
    case sigv4_error::wrong_service:
      return "wrong credential scope: it names another service than this endpoint's";
    case sigv4_error::unknown_access_key: return "the access key id is not known";
    case sigv4_error::host_not_signed:
      return "missing signed header: host is not among the signed headers";
    case sigv4_error::date_not_signed:
      return "missing signed header: the request has an X-Amz-Date header that is not signed";
    case sigv4_error::signed_header_missing:
      return "a header named in the signed headers is not in the request";
    case sigv4_error::missing_host_header:
      return "the request has no Host header, which SigV4 signs";
    case sigv4_error::malformed_query: return "the query string has a malformed percent escape";
    case sigv4_error::payload_hash_mismatch:
      return "the body does not match its X-Amz-Content-SHA256 header";
    case sigv4_error::session_token_mismatch:
      return "the session token is missing, unexpected, or not the one issued with the key";
    case sigv4_error::signature_mismatch:
      return "signature mismatch: the signature does not match the request as received (it was "
             "changed after signing, or signed with another secret)";
    case sigv4_error::crypto_unavailable: return "OpenSSL could not compute SHA-256 or HMAC-SHA256";
  }
  return "unknown SigV4 error";
}

/// The category object behind `flasky::aws::sigv4_error_category()`.
class sigv4_error_category_impl final : public boost::system::error_category {
 public:
  // A fixed, random identifier, so codes compare equal even if this header-only object is
  // duplicated across shared libraries.
  constexpr sigv4_error_category_impl() noexcept
      : boost::system::error_category(0x5a1c7e93d24b806fULL) {}

  const char* name() const noexcept override { return "flasky.sigv4"; }

  std::string message(int ev) const override { return sigv4_error_message(ev); }

  const char* message(int ev, char*, std::size_t) const noexcept override {
    return sigv4_error_message(ev);
  }
};

}  // namespace detail

/// The error category of `sigv4_error`: its name is "flasky.sigv4" and its messages say why.
///
/// @code
/// assert(std::string_view(flasky::aws::sigv4_error_category().name()) == "flasky.sigv4");
/// @endcode
inline const boost::system::error_category& sigv4_error_category() noexcept {
  static const detail::sigv4_error_category_impl category;
  return category;
}

/// Makes an `error_code` in `sigv4_error_category()` from `e`.
///
/// Found by argument-dependent lookup, so `boost::system::error_code ec = e;` works too.
///
/// @code
/// boost::system::error_code ec = flasky::aws::sigv4_error::unknown_access_key;
/// assert(ec.message() == "the access key id is not known");
/// @endcode
inline boost::system::error_code make_error_code(sigv4_error e) noexcept {
  return {static_cast<int>(e), sigv4_error_category()};
}

}  // namespace flasky::aws

/// Lets `flasky::aws::sigv4_error` convert implicitly to `boost::system::error_code`.
template <>
struct boost::system::is_error_code_enum<flasky::aws::sigv4_error> : std::true_type {};
