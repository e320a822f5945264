#pragma once
// Private: SHA-256, HMAC-SHA256, hex and constant-time comparison for SigV4, on OpenSSL 3.

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace flasky::aws::detail {

// A SHA-256 digest or HMAC-SHA256 tag.
using digest32 = std::array<unsigned char, 32>;

// SHA-256 of data; nullopt when OpenSSL cannot compute it (no provider, out of memory).
inline std::optional<digest32> sha256(std::string_view data) {
  digest32 out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != out.size()) {
    return std::nullopt;
  }
  return out;
}

// HMAC-SHA256 of data under key; nullopt when OpenSSL cannot compute it.
inline std::optional<digest32> hmac_sha256(std::string_view key, std::string_view data) {
  digest32 out{};
  unsigned int length = 0;
  // An empty key is legal; OpenSSL wants a non-null pointer for it.
  static constexpr unsigned char empty_key = 0;
  const void* key_bytes = key.empty() ? static_cast<const void*>(&empty_key) : key.data();
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
           &length) == nullptr ||
      length != out.size()) {
    return std::nullopt;
  }
  return out;
}

// The bytes of a digest, as a string_view (to chain HMACs).
inline std::string_view as_bytes(const digest32& d) noexcept {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

// Lower-case hex of a digest (64 characters).
inline std::string to_hex(const digest32& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(d.size() * 2);
  for (unsigned char b : d) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0f]);
  }
  return out;
}

// Lower-case hex SHA-256 of data, or nullopt.
inline std::optional<std::string> sha256_hex(std::string_view data) {
  auto d = sha256(data);
  if (!d) return std::nullopt;
  return to_hex(*d);
}

// Whether a and b are equal, in time that depends only on their lengths (CRYPTO_memcmp).
inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The SigV4 signing key: HMAC chain over date (yyyymmdd), region, service and "aws4_request".
inline std::optional<digest32> derive_signing_key(std::string_view secret, std::string_view date,
                                                  std::string_view region,
                                                  std::string_view service) {
  std::string seed = "AWS4";
  seed.append(secret);
  auto k_date = hmac_sha256(seed, date);
  // Do not leave a copy of the secret in freed memory.
  OPENSSL_cleanse(seed.data(), seed.size());
  if (!k_date) return std::nullopt;
  auto k_region = hmac_sha256(as_bytes(*k_date), region);
  if (!k_region) return std::nullopt;
  auto k_service = hmac_sha256(as_bytes(*k_region), service);
  if (!k_service) return std::nullopt;
  return hmac_sha256(as_bytes(*k_service), "aws4_request");
}

}  // namespace flasky::aws::detail
