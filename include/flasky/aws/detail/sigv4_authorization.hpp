#pragma once
// Private: reading the signing fields of a request (Authorization header or X-Amz-* query).

#include <flasky/aws/detail/sigv4_encoding.hpp>
#include <flasky/aws/detail/sigv4_signing.hpp>
#include <flasky/aws/sigv4_error.hpp>
#include <flasky/detail/ascii.hpp>

#include <boost/system/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flasky::aws::detail {

// The fields every SigV4 signature carries, wherever they were found.
struct signing_fields {
  std::string algorithm;
  std::string credential;
  std::string signed_headers;
  std::string signature;
};

// A credential split into its five parts.
struct credential_parts {
  std::string access_key_id;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
};

// Reads "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." (the three
// components in any order, separated by commas and optional whitespace, each exactly once).
inline boost::system::result<signing_fields> parse_authorization(std::string_view value) {
  using flasky::detail::trim_ows;
  value = trim_ows(value);
  const auto space = value.find_first_of(" \t");
  signing_fields f;
  f.algorithm = std::string(value.substr(0, space));
  if (f.algorithm != sigv4_algorithm) return sigv4_error::unsupported_algorithm;
  if (space == std::string_view::npos) return sigv4_error::malformed_authorization;
  std::string_view rest = value.substr(space + 1);
  bool has_credential = false, has_headers = false, has_signature = false;
  while (true) {
    const auto comma = rest.find(',');
    const auto item = trim_ows(rest.substr(0, comma));
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq + 1 == item.size()) {
      return sigv4_error::malformed_authorization;
    }
    const auto key = item.substr(0, eq);
    const auto field_value = std::string(item.substr(eq + 1));
    bool* seen = nullptr;
    std::string* target = nullptr;
    if (key == "Credential") {
      seen = &has_credential, target = &f.credential;
    } else if (key == "SignedHeaders") {
      seen = &has_headers, target = &f.signed_headers;
    } else if (key == "Signature") {
      seen = &has_signature, target = &f.signature;
    } else {
      return sigv4_error::malformed_authorization;
    }
    if (*seen) return sigv4_error::malformed_authorization;
    *seen = true;
    *target = field_value;
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (!has_credential || !has_headers || !has_signature) {
    return sigv4_error::malformed_authorization;
  }
  return f;
}

// "<key id>/<yyyymmdd>/<region>/<service>/aws4_request", every part non-empty.
inline boost::system::result<credential_parts> parse_credential(std::string_view credential) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (true) {
    const auto slash = credential.find('/', pos);
    parts.push_back(credential.substr(pos, slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  if (parts.size() != 5 || parts[4] != sigv4_terminator) return sigv4_error::malformed_credential;
  for (auto p : parts) {
    if (p.empty()) return sigv4_error::malformed_credential;
  }
  if (parts[1].size() != 8) return sigv4_error::malformed_credential;
  for (char c : parts[1]) {
    if (c < '0' || c > '9') return sigv4_error::malformed_credential;
  }
  return credential_parts{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                          std::string(parts[3])};
}

// "host;x-amz-date" split into names; each must be a lower-case token, and the list sorted
// without repeats (as every SigV4 signer writes it).
inline std::optional<std::vector<std::string>> parse_signed_headers(std::string_view list) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (true) {
    const auto semi = list.find(';', pos);
    const auto name = list.substr(pos, semi - pos);
    if (!flasky::detail::is_token(name)) return std::nullopt;
    for (char c : name) {
      if (c >= 'A' && c <= 'Z') return std::nullopt;
    }
    if (!names.empty() && !(names.back() < name)) return std::nullopt;
    names.emplace_back(name);
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return names;
}

// Whether s is 64 lower-case hex digits.
inline bool is_hex_signature(std::string_view s) noexcept {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace flasky::aws::detail
