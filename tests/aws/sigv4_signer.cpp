// The SigV4 signer: what it adds to a request and what it refuses (the AWS suite, in
// sigv4_suite.cpp, checks the signatures themselves).
#include <flasky/aws/sigv4_signer.hpp>

#include <flasky/aws/sigv4_verifier.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

namespace {

using namespace std::chrono_literals;
using flasky::aws::sigv4_error;

const std::chrono::sys_seconds t0 =
    std::chrono::sys_days{std::chrono::year{2000} / 2 / 29} + 23h + 59min + 59s;

const flasky::aws::sigv4_credentials key("AKIDEXAMPLE", "made-up/secret+for=tests");

flasky::aws::sigv4_signer signer() {
  return flasky::aws::sigv4_signer(key, "us-east-1", "execute-api");
}

flasky::request request_to_sign(std::string target = "/prod/x?b=2&a=1") {
  flasky::header_map h;
  h.add("Host", "api.example.com");
  h.add("User-Agent", "test/1.0");
  h.add("Connection", "keep-alive");
  h.add("X-Thing", "1");
  return flasky::request("GET", std::move(target), std::move(h));
}

std::size_t count(const flasky::header_map& h, std::string_view name) {
  std::size_t n = 0;
  for (const auto& [field, value] : h) n += flasky::detail::iequals(field, name) ? 1 : 0;
  return n;
}

bool accepted(const flasky::request& req, std::chrono::sys_seconds now) {
  const flasky::aws::sigv4_verifier v({key}, "us-east-1", "execute-api");
  auto id = v.try_verify(req, now);
  INFO((id ? std::string("accepted") : id.error().message()));
  return id.has_value();
}

}  // namespace

TEST_CASE("signing adds X-Amz-Date in UTC basic format and an Authorization header") {
  auto req = request_to_sign();
  auto parts = signer().try_sign(req, t0);
  REQUIRE(parts.has_value());
  CHECK(req.header("X-Amz-Date") == "20000229T235959Z");
  CHECK(parts->credential_scope == "20000229/us-east-1/execute-api/aws4_request");
  CHECK(req.header("Authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20000229/us-east-1/execute-api/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-thing, Signature=" +
            parts->signature);
  CHECK(accepted(req, t0));
}

TEST_CASE("headers that proxies change are not signed") {
  auto req = request_to_sign();
  auto parts = signer().try_sign(req, t0);
  REQUIRE(parts.has_value());
  CHECK(parts->signed_headers == "host;x-amz-date;x-thing");
}

TEST_CASE("signing again replaces the earlier signature") {
  auto req = request_to_sign();
  REQUIRE(signer().try_sign(req, t0).has_value());
  REQUIRE(signer().try_sign(req, t0 + 1h).has_value());
  CHECK(count(req.headers(), "Authorization") == 1);
  CHECK(count(req.headers(), "X-Amz-Date") == 1);
  CHECK(accepted(req, t0 + 1h));
}

TEST_CASE("the same request at the same time always gets the same signature") {
  auto a = request_to_sign();
  auto b = request_to_sign();
  CHECK(signer().try_sign(a, t0)->signature == signer().try_sign(b, t0)->signature);
  auto c = request_to_sign();
  CHECK(signer().try_sign(c, t0 + 1s)->signature != signer().try_sign(a, t0)->signature);
}

TEST_CASE("signing needs a Host header and leaves the request unchanged without one") {
  flasky::request req("GET", "/prod/x");
  auto parts = signer().try_sign(req, t0);
  REQUIRE_FALSE(parts.has_value());
  CHECK(parts.error() == sigv4_error::missing_host_header);
  CHECK(req.headers().empty());
  CHECK(signer().try_presign(req, t0, 60s).error() == sigv4_error::missing_host_header);
  CHECK(req.target() == "/prod/x");
}

TEST_CASE("a malformed percent escape in the query cannot be signed") {
  auto req = request_to_sign("/prod/x?a=%zz");
  CHECK(signer().try_sign(req, t0).error() == sigv4_error::malformed_query);
  CHECK(signer().try_presign(req, t0, 60s).error() == sigv4_error::malformed_query);
}

TEST_CASE("a caller's X-Amz-Content-SHA256 is signed as the payload hash") {
  auto req = request_to_sign();
  req.headers().add("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD");
  auto parts = signer().try_sign(req, t0);
  REQUIRE(parts.has_value());
  CHECK(parts->canonical_request.substr(parts->canonical_request.rfind('\n') + 1) ==
        "UNSIGNED-PAYLOAD");
}

TEST_CASE("presigning appends the signing parameters and keeps the target as written") {
  auto req = request_to_sign("/prod/a%20b?b=2&a=1#fragment");
  auto parts = signer().try_presign(req, t0, 300s);
  REQUIRE(parts.has_value());
  CHECK(req.target() ==
        "/prod/a%20b?b=2&a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F"
        "20000229%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20000229T235959Z&"
        "X-Amz-SignedHeaders=host%3Bx-thing&X-Amz-Expires=300&X-Amz-Signature=" +
            parts->signature);
  CHECK_FALSE(req.header("Authorization").has_value());
  CHECK_FALSE(req.header("X-Amz-Date").has_value());
  CHECK(accepted(req, t0 + 300s));
}

TEST_CASE("presigning again replaces the earlier signing parameters") {
  auto req = request_to_sign();
  REQUIRE(signer().try_presign(req, t0, 300s).has_value());
  REQUIRE(signer().try_presign(req, t0 + 1h, 60s).has_value());
  const std::string target(req.target());
  CHECK(target.find("X-Amz-Signature=") == target.rfind("X-Amz-Signature="));
  CHECK(target.rfind("/prod/x?b=2&a=1&X-Amz-Algorithm=", 0) == 0);
  CHECK(accepted(req, t0 + 1h));
}

TEST_CASE("an absolute-form target keeps its scheme and host when presigned") {
  auto req = request_to_sign("https://api.example.com/prod/x");
  REQUIRE(signer().try_presign(req, t0, 60s).has_value());
  CHECK(std::string(req.target()).rfind("https://api.example.com/prod/x?X-Amz-Algorithm=", 0) == 0);
  CHECK(accepted(req, t0));
}

TEST_CASE("a presigned request lives from 1 second to 7 days") {
  auto req = request_to_sign();
  CHECK(signer().try_presign(req, t0, 0s).error() == sigv4_error::malformed_expires);
  CHECK(signer().try_presign(req, t0, 604801s).error() == sigv4_error::malformed_expires);
  CHECK(req.target() == "/prod/x?b=2&a=1");
  REQUIRE(signer().try_presign(req, t0, 604800s).has_value());
  CHECK(accepted(req, t0 + 604800s));
}

TEST_CASE("temporary credentials send the session token, signed unless asked otherwise") {
  const flasky::aws::sigv4_credentials temp("ASIATEMP", "made-up", "tok/en+=");
  auto req = request_to_sign();
  auto parts = flasky::aws::sigv4_signer(temp, "us-east-1", "execute-api").try_sign(req, t0);
  REQUIRE(parts.has_value());
  CHECK(req.header("X-Amz-Security-Token") == "tok/en+=");
  CHECK(parts->signed_headers == "host;x-amz-date;x-amz-security-token;x-thing");

  flasky::aws::sigv4_signer_options options;
  options.sign_session_token = false;
  auto req2 = request_to_sign();
  auto parts2 =
      flasky::aws::sigv4_signer(temp, "us-east-1", "execute-api", options).try_sign(req2, t0);
  REQUIRE(parts2.has_value());
  CHECK(req2.header("X-Amz-Security-Token") == "tok/en+=");
  CHECK(parts2->signed_headers == "host;x-amz-date;x-thing");
}
