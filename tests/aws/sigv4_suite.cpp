// The signer and the verifier against every case of the AWS SigV4 test suite (awslabs/aws-c-auth
// tests/aws-signing-test-suite/v4, in ../shared/data/aws-sigv4-suite): canonical request, string to
// sign and signature, for header signing and for query signing, each asserted exactly.
#include <flasky/aws/sigv4_signer.hpp>

#include <flasky/aws/sigv4_verifier.hpp>

#include <catch2/catch.hpp>

#include "sigv4_suite_data.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace {

using flasky::aws::sigv4_error;
using flasky_test::sigv4_case;

// The suite, loaded once; a missing directory or unreadable case fails every test that uses it.
const std::vector<sigv4_case>& suite() {
  static const std::vector<sigv4_case> cases = flasky_test::load_sigv4_suite();
  return cases;
}

flasky::aws::sigv4_signer signer_for(const sigv4_case& c) {
  flasky::aws::sigv4_signer_options options;
  options.path.normalize = c.normalize;
  options.add_content_sha256 = c.sign_body;
  options.sign_session_token = !c.omit_session_token;
  return flasky::aws::sigv4_signer(c.credentials, c.region, c.service, options);
}

flasky::aws::sigv4_verifier verifier_for(const sigv4_case& c) {
  flasky::aws::sigv4_verifier_options options;
  options.path.normalize = c.normalize;
  return flasky::aws::sigv4_verifier({c.credentials}, c.region, c.service, options);
}

// The header fields as (lower-case name, value) pairs, sorted: the suite's signed requests and
// ours may list the same fields in another order.
std::vector<std::pair<std::string, std::string>> sorted_fields(const flasky::header_map& h) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : h) {
    std::string lower = name;
    for (char& ch : lower) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    out.emplace_back(std::move(lower), value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the AWS SigV4 suite is there with all 38 cases") {
  INFO("suite directory: " << flasky_test::sigv4_suite_dir().string());
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
}

TEST_CASE(
    "header signing gives every suite case's canonical request, string to sign and signature") {
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
  for (const auto& c : suite()) {
    INFO("case " << c.name);
    auto req = flasky_test::parse_http_request(c.request_text);
    auto parts = signer_for(c).try_sign(req, c.timestamp);
    REQUIRE(parts.has_value());
    CHECK(parts->canonical_request == c.header_canonical_request);
    CHECK(parts->string_to_sign == c.header_string_to_sign);
    CHECK(parts->signature == c.header_signature);
  }
}

TEST_CASE("header signing produces every suite case's signed request") {
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
  for (const auto& c : suite()) {
    INFO("case " << c.name);
    auto req = flasky_test::parse_http_request(c.request_text);
    REQUIRE(signer_for(c).try_sign(req, c.timestamp).has_value());
    const auto expected = flasky_test::parse_http_request(c.header_signed_request);
    CHECK(req.method() == expected.method());
    CHECK(req.target() == expected.target());
    CHECK(req.body() == expected.body());
    CHECK(sorted_fields(req.headers()) == sorted_fields(expected.headers()));
  }
}

TEST_CASE(
    "query signing gives every suite case's canonical request, string to sign and signature") {
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
  for (const auto& c : suite()) {
    INFO("case " << c.name);
    auto req = flasky_test::parse_http_request(c.request_text);
    auto parts = signer_for(c).try_presign(req, c.timestamp, c.expiration);
    REQUIRE(parts.has_value());
    CHECK(parts->canonical_request == c.query_canonical_request);
    CHECK(parts->string_to_sign == c.query_string_to_sign);
    CHECK(parts->signature == c.query_signature);
  }
}

TEST_CASE("query signing produces every suite case's presigned request, target byte for byte") {
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
  for (const auto& c : suite()) {
    INFO("case " << c.name);
    auto req = flasky_test::parse_http_request(c.request_text);
    REQUIRE(signer_for(c).try_presign(req, c.timestamp, c.expiration).has_value());
    const auto expected = flasky_test::parse_http_request(c.query_signed_request);
    CHECK(req.method() == expected.method());
    CHECK(req.target() == expected.target());
    CHECK(req.body() == expected.body());
    CHECK(sorted_fields(req.headers()) == sorted_fields(expected.headers()));
  }
}

TEST_CASE("the verifier accepts every suite case's header-signed request at the case's time") {
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
  for (const auto& c : suite()) {
    INFO("case " << c.name);
    const auto req = flasky_test::parse_http_request(c.header_signed_request);
    auto id = verifier_for(c).try_verify(req, c.timestamp);
    INFO((id ? std::string("accepted") : id.error().message()));
    REQUIRE(id.has_value());
    CHECK(id->access_key_id == c.credentials.access_key_id);
    CHECK(id->signed_at == c.timestamp);
    CHECK_FALSE(id->presigned);
    CHECK(id->session_token == c.credentials.session_token);
  }
}

TEST_CASE(
    "the verifier accepts every suite case's query-signed request whose session token is signed") {
  REQUIRE(suite().size() == flasky_test::sigv4_suite_size);
  for (const auto& c : suite()) {
    INFO("case " << c.name);
    const auto req = flasky_test::parse_http_request(c.query_signed_request);
    auto id = verifier_for(c).try_verify(req, c.timestamp);
    if (c.credentials.session_token && c.omit_session_token) {
      // post-sts-header-after: the token was appended to the query after signing. A verifier
      // signs every query parameter but X-Amz-Signature, so this request cannot be verified.
      CHECK(id.error() == sigv4_error::signature_mismatch);
      continue;
    }
    INFO((id ? std::string("accepted") : id.error().message()));
    REQUIRE(id.has_value());
    CHECK(id->presigned);
    CHECK(id->access_key_id == c.credentials.access_key_id);
  }
}
