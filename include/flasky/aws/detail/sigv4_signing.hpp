#pragma once
// Private: the canonical request, string to sign and signature, shared by signer and verifier.

#include <flasky/aws/detail/sigv4_crypto.hpp>
#include <flasky/aws/detail/sigv4_encoding.hpp>
#include <flasky/aws/sigv4_error.hpp>
#include <flasky/aws/sigv4_path_rules.hpp>
#include <flasky/aws/sigv4_signature.hpp>
#include <flasky/detail/ascii.hpp>
#include <flasky/header_map.hpp>

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace flasky::aws::detail {

inline constexpr std::string_view sigv4_algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view sigv4_terminator = "aws4_request";

// Everything one signature depends on.
struct signing_input {
  std::string_view method;
  std::string_view path;             // as received (percent-encoded on the wire)
  std::string_view canonical_query;  // already canonical (see canonical_query())
  const header_map* headers = nullptr;
  const std::vector<std::string>* signed_headers = nullptr;  // lower case, sorted, unique
  std::string_view payload_hash;                             // hex SHA-256 or UNSIGNED-PAYLOAD
  std::string_view amz_date;                                 // yyyymmddThhmmssZ
  std::string_view region;
  std::string_view service;
  std::string_view secret;
  sigv4_path_rules path_rules{};
};

// "name:value\n" for each signed header: the values of every field of that name (any case),
// folded, in the order received, joined with ','. Error signed_header_missing when a name has
// no field.
inline boost::system::result<std::string> canonical_headers(const header_map& headers,
                                                            const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += name;
    out.push_back(':');
    bool found = false;
    for (const auto& [field, value] : headers) {
      if (!flasky::detail::iequals(field, name)) continue;
      if (found) out.push_back(',');
      found = true;
      append_folded_value(out, value);
    }
    if (!found) return sigv4_error::signed_header_missing;
    out.push_back('\n');
  }
  return out;
}

// The names joined with ';'.
inline std::string join_signed_headers(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out.push_back(';');
    out += n;
  }
  return out;
}

// Computes the canonical request, the string to sign and the signature.
inline boost::system::result<sigv4_signature> compute_signature(const signing_input& in) {
  sigv4_signature s;
  s.signed_headers = join_signed_headers(*in.signed_headers);
  s.credential_scope.append(in.amz_date.substr(0, 8))
      .append("/")
      .append(in.region)
      .append("/")
      .append(in.service)
      .append("/")
      .append(sigv4_terminator);

  auto headers = canonical_headers(*in.headers, *in.signed_headers);
  if (!headers) return headers.error();

  auto& cr = s.canonical_request;
  cr.append(in.method).push_back('\n');
  cr.append(canonical_path(in.path, in.path_rules)).push_back('\n');
  cr.append(in.canonical_query).push_back('\n');
  cr.append(*headers).push_back('\n');
  cr.append(s.signed_headers).push_back('\n');
  cr.append(in.payload_hash);

  auto request_hash = sha256_hex(cr);
  if (!request_hash) return sigv4_error::crypto_unavailable;
  s.string_to_sign.append(sigv4_algorithm).push_back('\n');
  s.string_to_sign.append(in.amz_date).push_back('\n');
  s.string_to_sign.append(s.credential_scope).push_back('\n');
  s.string_to_sign.append(*request_hash);

  auto key = derive_signing_key(in.secret, in.amz_date.substr(0, 8), in.region, in.service);
  if (!key) return sigv4_error::crypto_unavailable;
  auto tag = hmac_sha256(as_bytes(*key), s.string_to_sign);
  OPENSSL_cleanse(key->data(), key->size());
  if (!tag) return sigv4_error::crypto_unavailable;
  s.signature = to_hex(*tag);
  return s;
}

}  // namespace flasky::aws::detail
