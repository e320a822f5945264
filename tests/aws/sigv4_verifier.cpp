// The SigV4 verifier: what it accepts, and each refusal with its own reason.
#include <flasky/aws/sigv4_verifier.hpp>

#include <flasky/aws/sigv4_signer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using flasky::aws::sigv4_error;

// A fixed signing time (tests never read the clock).
const std::chrono::sys_seconds t0 =
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + 10h + 20min + 30s;

const flasky::aws::sigv4_credentials key{"AKIDEXAMPLE", "dGVzdC1zZWNyZXQtbm90LXJlYWwtMTIzNDU2Nzg5"};
const flasky::aws::sigv4_credentials temp_key{"ASIAEXAMPLETEMP", "another/made+up=secret",
                                              "session-token-for-tests/+="};

flasky::aws::sigv4_verifier verifier(flasky::aws::sigv4_verifier_options options = {}) {
  return flasky::aws::sigv4_verifier({key, temp_key}, "us-east-1", "execute-api", options);
}

flasky::request unsigned_request() {
  flasky::header_map h;
  h.add("Host", "abc123.execute-api.us-east-1.amazonaws.com");
  h.add("Content-Type", "application/json");
  h.add("X-Custom", "one   two");
  return flasky::request("POST", "/prod/candidate/al%20ice?b=2&a=1&a=0", std::move(h),
                         R"({"CandidateName":"al ice"})");
}

flasky::request header_signed(flasky::request req = unsigned_request(),
                              const flasky::aws::sigv4_credentials& creds = key,
                              std::string region = "us-east-1", std::string service = "execute-api",
                              flasky::aws::sigv4_signer_options options = {}) {
  flasky::aws::sigv4_signer signer(creds, std::move(region), std::move(service), options);
  REQUIRE(signer.try_sign(req, t0).has_value());
  return req;
}

flasky::request presigned(flasky::request req = unsigned_request(),
                          std::chrono::seconds expires = 900s,
                          const flasky::aws::sigv4_credentials& creds = key) {
  flasky::aws::sigv4_signer signer(creds, "us-east-1", "execute-api");
  REQUIRE(signer.try_presign(req, t0, expires).has_value());
  return req;
}

// The same request with another target.
flasky::request with_target(const flasky::request& req, std::string target) {
  return flasky::request(req.method(), std::move(target), req.headers(), req.body());
}

// The same request with another method.
flasky::request with_method(const flasky::request& req, std::string_view method) {
  return flasky::request(method, std::string(req.target()), req.headers(), req.body());
}

// s with the first `from` replaced by `to` (which must be there).
std::string replaced(std::string s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

// The request with its Authorization header's first `from` replaced by `to`.
flasky::request with_authorization_edit(flasky::request req, std::string_view from,
                                        std::string_view to) {
  const std::string auth(*req.header("Authorization"));
  req.headers().set("Authorization", replaced(auth, from, to));
  return req;
}

// The error of a refused verification (the test fails if it was accepted).
boost::system::error_code refusal(const boost::system::result<flasky::aws::sigv4_identity>& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

}  // namespace

TEST_CASE("a header-signed request is accepted and names its signer") {
  const auto req = header_signed();
  auto id = verifier().try_verify(req, t0);
  INFO((id ? std::string("accepted") : id.error().message()));
  REQUIRE(id.has_value());
  CHECK(id->access_key_id == "AKIDEXAMPLE");
  CHECK_FALSE(id->session_token.has_value());
  CHECK(id->signed_at == t0);
  CHECK_FALSE(id->presigned);
  CHECK(id->signed_headers ==
        std::vector<std::string>{"content-type", "host", "x-amz-date", "x-custom"});
}

TEST_CASE("the clock skew bound is inclusive: exactly 5 minutes either way is accepted") {
  const auto req = header_signed();
  CHECK(verifier().try_verify(req, t0 + 5min).has_value());
  CHECK(verifier().try_verify(req, t0 - 5min).has_value());
}

TEST_CASE("a request 5 minutes and 1 second old has expired") {
  const auto req = header_signed();
  const auto ec = refusal(verifier().try_verify(req, t0 + 5min + 1s));
  CHECK(ec == sigv4_error::request_expired);
  CHECK(ec.message().find("expired") != std::string::npos);
}

TEST_CASE("a request dated 5 minutes and 1 second ahead is in the future") {
  const auto req = header_signed();
  const auto ec = refusal(verifier().try_verify(req, t0 - 5min - 1s));
  CHECK(ec == sigv4_error::request_in_future);
  CHECK(ec.message().find("future") != std::string::npos);
}

TEST_CASE("the allowed clock skew is configurable") {
  flasky::aws::sigv4_verifier_options options;
  options.max_clock_skew = 15min;
  const auto req = header_signed();
  CHECK(verifier(options).try_verify(req, t0 + 15min).has_value());
  CHECK(verifier(options).try_verify(req, t0 - 15min).has_value());
  CHECK(refusal(verifier(options).try_verify(req, t0 + 15min + 1s)) ==
        sigv4_error::request_expired);
  CHECK(refusal(verifier(options).try_verify(req, t0 - 15min - 1s)) ==
        sigv4_error::request_in_future);
}

TEST_CASE("a tampered body is a signature mismatch") {
  auto req = header_signed();
  req.body() = R"({"CandidateName":"mallory"})";
  const auto ec = refusal(verifier().try_verify(req, t0));
  CHECK(ec == sigv4_error::signature_mismatch);
  CHECK(ec.message().find("signature mismatch") != std::string::npos);
}

TEST_CASE("a body that does not match its signed X-Amz-Content-SHA256 is refused as such") {
  flasky::aws::sigv4_signer_options options;
  options.add_content_sha256 = true;
  auto req = header_signed(unsigned_request(), key, "us-east-1", "execute-api", options);
  REQUIRE(verifier().try_verify(req, t0).has_value());
  req.body() += " ";
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::payload_hash_mismatch);
}

TEST_CASE("UNSIGNED-PAYLOAD is accepted only when the options allow it") {
  // Signed with the header set to UNSIGNED-PAYLOAD, as S3 clients do.
  auto req = unsigned_request();
  req.headers().add("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD");
  req = header_signed(std::move(req));
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::payload_hash_mismatch);
  flasky::aws::sigv4_verifier_options options;
  options.allow_unsigned_payload = true;
  CHECK(verifier(options).try_verify(req, t0).has_value());
  // The body is then not protected by the signature.
  req.body() = "anything";
  CHECK(verifier(options).try_verify(req, t0).has_value());
}

TEST_CASE("a tampered signed header is a signature mismatch") {
  auto req = header_signed();
  req.headers().set("X-Custom", "three");
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::signature_mismatch);
}

TEST_CASE("whitespace inside a signed header value may change without breaking the signature") {
  auto req = header_signed();
  req.headers().set("X-Custom", "  one \t two ");
  CHECK(verifier().try_verify(req, t0).has_value());
}

TEST_CASE("an added or changed unsigned header does not matter") {
  auto req = header_signed();
  req.headers().add("User-Agent", "curl/8.0");
  req.headers().add("X-Forwarded-For", "10.0.0.1");
  CHECK(verifier().try_verify(req, t0).has_value());
}

TEST_CASE("a tampered path is a signature mismatch") {
  const auto req = header_signed();
  CHECK(refusal(verifier().try_verify(with_target(req, "/prod/candidate/bob?b=2&a=1&a=0"), t0)) ==
        sigv4_error::signature_mismatch);
  // Encoded once more on the wire: a different path for SigV4 too.
  CHECK(refusal(verifier().try_verify(with_target(req, "/prod/candidate/al%2520ice?b=2&a=1&a=0"),
                                      t0)) == sigv4_error::signature_mismatch);
}

TEST_CASE("a path that normalises to the signed one is accepted") {
  const auto req = header_signed();
  CHECK(verifier()
            .try_verify(with_target(req, "/prod//x/../candidate/./al%20ice?b=2&a=1&a=0"), t0)
            .has_value());
}

TEST_CASE("a tampered query is a signature mismatch") {
  const auto req = header_signed();
  for (const char* target :
       {"/prod/candidate/al%20ice?b=3&a=1&a=0", "/prod/candidate/al%20ice?b=2&a=1&a=0&admin=true",
        "/prod/candidate/al%20ice?b=2&a=1", "/prod/candidate/al%20ice"}) {
    INFO(target);
    CHECK(refusal(verifier().try_verify(with_target(req, target), t0)) ==
          sigv4_error::signature_mismatch);
  }
}

TEST_CASE("query parameters may come in any order and with any percent-encoding of the same text") {
  const auto req = header_signed();
  CHECK(verifier()
            .try_verify(with_target(req, "/prod/candidate/al%20ice?a=0&%61=1&b=%32"), t0)
            .has_value());
}

TEST_CASE("a tampered method is a signature mismatch") {
  const auto req = header_signed();
  CHECK(refusal(verifier().try_verify(with_method(req, "PUT"), t0)) ==
        sigv4_error::signature_mismatch);
}

TEST_CASE("a signed header missing from the request is refused") {
  auto req = header_signed();
  req.headers().erase("X-Custom");
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::signed_header_missing);
}

TEST_CASE("host must be a signed header") {
  const auto req = with_authorization_edit(header_signed(), "SignedHeaders=content-type;host;",
                                           "SignedHeaders=content-type;");
  const auto ec = refusal(verifier().try_verify(req, t0));
  CHECK(ec == sigv4_error::host_not_signed);
  CHECK(ec.message().find("missing signed header: host") != std::string::npos);
}

TEST_CASE("an X-Amz-Date header must be a signed header") {
  const auto req = with_authorization_edit(header_signed(), ";x-amz-date;x-custom", ";x-custom");
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::date_not_signed);
}

TEST_CASE("a credential scope for another region, service or date is the wrong scope") {
  SECTION("region") {
    const auto req = header_signed(unsigned_request(), key, "eu-west-1");
    const auto ec = refusal(verifier().try_verify(req, t0));
    CHECK(ec == sigv4_error::wrong_region);
    CHECK(ec.message().find("wrong credential scope") != std::string::npos);
  }
  SECTION("service") {
    const auto req = header_signed(unsigned_request(), key, "us-east-1", "lambda");
    CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::wrong_service);
  }
  SECTION("date") {
    const auto req = with_authorization_edit(header_signed(), "/20260115/", "/20260114/");
    CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::scope_date_mismatch);
  }
  SECTION("terminator") {
    const auto req = with_authorization_edit(header_signed(), "/aws4_request", "/aws4_reques");
    CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::malformed_credential);
  }
}

TEST_CASE("an unknown access key is refused") {
  const flasky::aws::sigv4_credentials stranger{"AKIDUNKNOWN", "whatever"};
  const auto ec = refusal(verifier().try_verify(header_signed(unsigned_request(), stranger), t0));
  CHECK(ec == sigv4_error::unknown_access_key);
  CHECK(ec.message() == "the access key id is not known");
}

TEST_CASE("a known access key signed with another secret is a signature mismatch") {
  const flasky::aws::sigv4_credentials impostor{key.access_key_id, "not-the-secret"};
  CHECK(refusal(verifier().try_verify(header_signed(unsigned_request(), impostor), t0)) ==
        sigv4_error::signature_mismatch);
}

TEST_CASE("a request without a signature is not signed") {
  CHECK(refusal(verifier().try_verify(unsigned_request(), t0)) == sigv4_error::not_signed);
}

TEST_CASE("a malformed Authorization header is refused as malformed") {
  const auto good = header_signed();
  const std::string auth(*good.header("Authorization"));
  const std::string signature = auth.substr(auth.find("Signature=") + 10);
  const std::string credential =
      auth.substr(auth.find("Credential="), auth.find(',') - auth.find("Credential="));
  for (const std::string& bad : {
           std::string("AWS4-HMAC-SHA256"),
           std::string("AWS4-HMAC-SHA256 garbage"),
           replaced(auth, ", Signature=" + signature, ""),
           auth + ", Signature=" + signature,
           replaced(auth, signature, signature.substr(1)),
           replaced(auth, signature, "Z" + signature.substr(1)),
           replaced(auth, "SignedHeaders=content-type;host", "SignedHeaders=host;content-type"),
           replaced(auth, "SignedHeaders=content-type", "SignedHeaders=Content-Type"),
           replaced(auth, "x-custom", "x-custom;x-custom"),
           replaced(auth, credential + ",", credential + ", Extra=1,"),
       }) {
    INFO(bad);
    auto req = good;
    req.headers().set("Authorization", bad);
    const auto ec = refusal(verifier().try_verify(req, t0));
    CHECK(ec == sigv4_error::malformed_authorization);
    CHECK(ec.message().find("malformed Authorization") != std::string::npos);
  }
}

TEST_CASE("two Authorization headers are refused as malformed") {
  auto req = header_signed();
  req.headers().add("Authorization", std::string(*req.header("Authorization")));
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::malformed_authorization);
}

TEST_CASE("another algorithm than AWS4-HMAC-SHA256 is unsupported") {
  auto req = header_signed();
  const std::string auth(*req.header("Authorization"));
  req.headers().set("Authorization", replaced(auth, "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"));
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::unsupported_algorithm);
  req.headers().set("Authorization", "Bearer abc");
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::unsupported_algorithm);
}

TEST_CASE("a missing or malformed X-Amz-Date is refused") {
  auto req = header_signed();
  const std::string date(*req.header("X-Amz-Date"));
  req.headers().erase("X-Amz-Date");
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::missing_date);
  for (const char* bad : {"2026-01-15T10:20:30Z", "20260115T102030", "20260230T102030Z",
                          "20260115T242030Z", "20260115T106030Z", "2026011xT102030Z", ""}) {
    INFO(bad);
    req.headers().set("X-Amz-Date", bad);
    CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::malformed_date);
  }
  req.headers().set("X-Amz-Date", date);
  CHECK(verifier().try_verify(req, t0).has_value());
}

TEST_CASE("a malformed percent escape in the query is refused") {
  const auto req = header_signed();
  CHECK(refusal(verifier().try_verify(with_target(req, "/prod/candidate/al%20ice?b=%2&a=1"), t0)) ==
        sigv4_error::malformed_query);
}

TEST_CASE("temporary credentials need their own session token") {
  const auto req = header_signed(unsigned_request(), temp_key);
  auto id = verifier().try_verify(req, t0);
  REQUIRE(id.has_value());
  CHECK(id->session_token == temp_key.session_token);

  SECTION("a missing token is refused") {
    auto r = req;
    r.headers().erase("X-Amz-Security-Token");
    CHECK(refusal(verifier().try_verify(r, t0)) == sigv4_error::session_token_mismatch);
  }
  SECTION("another token is refused") {
    auto r = req;
    r.headers().set("X-Amz-Security-Token", "session-token-for-tests/+-");
    CHECK(refusal(verifier().try_verify(r, t0)) == sigv4_error::session_token_mismatch);
  }
  SECTION("a token sent with a long-term key is refused") {
    auto r = unsigned_request();
    r.headers().add("X-Amz-Security-Token", "made-up");
    r = header_signed(std::move(r));
    CHECK(refusal(verifier().try_verify(r, t0)) == sigv4_error::session_token_mismatch);
  }
}

TEST_CASE("a session token added after signing is accepted when it is the key's") {
  flasky::aws::sigv4_signer_options options;
  options.sign_session_token = false;
  const auto req = header_signed(unsigned_request(), temp_key, "us-east-1", "execute-api", options);
  auto id = verifier().try_verify(req, t0);
  REQUIRE(id.has_value());
  CHECK(std::find(id->signed_headers.begin(), id->signed_headers.end(), "x-amz-security-token") ==
        id->signed_headers.end());
}

TEST_CASE("a presigned request is accepted until X-Amz-Date plus X-Amz-Expires") {
  const auto req = presigned();
  auto id = verifier().try_verify(req, t0 + 900s);
  REQUIRE(id.has_value());
  CHECK(id->presigned);
  CHECK(id->signed_headers == std::vector<std::string>{"content-type", "host", "x-custom"});
  CHECK(verifier().try_verify(req, t0).has_value());
  CHECK(verifier().try_verify(req, t0 - 5min).has_value());
}

TEST_CASE("a presigned request one second past its expiry has expired") {
  const auto ec = refusal(verifier().try_verify(presigned(), t0 + 900s + 1s));
  CHECK(ec == sigv4_error::presigned_request_expired);
  CHECK(ec.message().find("expired") != std::string::npos);
}

TEST_CASE("a presigned request dated more than the skew ahead is in the future") {
  CHECK(refusal(verifier().try_verify(presigned(), t0 - 5min - 1s)) ==
        sigv4_error::request_in_future);
}

TEST_CASE("a presigned request with a tampered query, path or header is a signature mismatch") {
  const auto req = presigned();
  const std::string target(req.target());
  CHECK(refusal(verifier().try_verify(with_target(req, replaced(target, "b=2", "b=3")), t0)) ==
        sigv4_error::signature_mismatch);
  CHECK(refusal(verifier().try_verify(with_target(req, target + "&extra=1"), t0)) ==
        sigv4_error::signature_mismatch);
  CHECK(refusal(verifier().try_verify(with_target(req, replaced(target, "al%20ice", "bob")), t0)) ==
        sigv4_error::signature_mismatch);
  CHECK(refusal(verifier().try_verify(
            with_target(req, replaced(target, "X-Amz-Expires=900", "X-Amz-Expires=3600")), t0)) ==
        sigv4_error::signature_mismatch);
  auto r = req;
  r.headers().set("X-Custom", "two");
  CHECK(refusal(verifier().try_verify(r, t0)) == sigv4_error::signature_mismatch);
}

TEST_CASE("a presigned request needs a valid X-Amz-Expires") {
  const auto req = presigned();
  const std::string target(req.target());
  for (const char* bad : {"X-Amz-Expires=0", "X-Amz-Expires=604801", "X-Amz-Expires=abc",
                          "X-Amz-Expires=", "X-Amz-Expires=-1", "X-Amz-Ex=900"}) {
    INFO(bad);
    CHECK(refusal(verifier().try_verify(
              with_target(req, replaced(target, "X-Amz-Expires=900", bad)), t0)) ==
          sigv4_error::malformed_expires);
  }
}

TEST_CASE("presigned signing parameters must each appear exactly once") {
  const auto req = presigned();
  const std::string target(req.target());
  CHECK(refusal(verifier().try_verify(with_target(req, target + "&X-Amz-Signature=00"), t0)) ==
        sigv4_error::malformed_authorization);
  CHECK(refusal(verifier().try_verify(with_target(req, target + "&X-Amz-Date=20260115T102030Z"),
                                      t0)) == sigv4_error::malformed_authorization);
  const auto no_signature = target.substr(0, target.find("&X-Amz-Signature="));
  CHECK(refusal(verifier().try_verify(with_target(req, no_signature), t0)) ==
        sigv4_error::malformed_authorization);
}

TEST_CASE("a presigned request for another region or from an unknown key is refused") {
  auto req = unsigned_request();
  flasky::aws::sigv4_signer west(key, "us-west-2", "execute-api");
  REQUIRE(west.try_presign(req, t0, 60s).has_value());
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::wrong_region);
  const flasky::aws::sigv4_credentials stranger{"AKIDUNKNOWN", "whatever"};
  CHECK(refusal(verifier().try_verify(presigned(unsigned_request(), 60s, stranger), t0)) ==
        sigv4_error::unknown_access_key);
}

TEST_CASE("a presigned request with temporary credentials carries its token in the query") {
  const auto req = presigned(unsigned_request(), 60s, temp_key);
  CHECK(std::string(req.target()).find("X-Amz-Security-Token=session-token-for-tests%2F%2B%3D") !=
        std::string::npos);
  auto id = verifier().try_verify(req, t0);
  REQUIRE(id.has_value());
  CHECK(id->session_token == temp_key.session_token);
}

TEST_CASE("a request signed both ways is refused") {
  auto req = presigned();
  req.headers().add("Authorization", "AWS4-HMAC-SHA256 Credential=x");
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::signed_twice);
}

TEST_CASE("with S3 path rules the path is signed as sent") {
  flasky::aws::sigv4_signer_options signer_options;
  signer_options.path = flasky::aws::sigv4_path_rules::s3();
  flasky::aws::sigv4_verifier_options verifier_options;
  verifier_options.path = flasky::aws::sigv4_path_rules::s3();
  auto req = unsigned_request();
  req = with_target(req, "/bucket//key/./a%20b");
  req = header_signed(std::move(req), key, "us-east-1", "execute-api", signer_options);
  CHECK(verifier(verifier_options).try_verify(req, t0).has_value());
  // The default rules normalise and encode again, so they compute another signature.
  CHECK(refusal(verifier().try_verify(req, t0)) == sigv4_error::signature_mismatch);
  // Without normalisation, "/bucket/key/a%20b" is another path.
  CHECK(refusal(verifier(verifier_options).try_verify(with_target(req, "/bucket/key/a%20b"), t0)) ==
        sigv4_error::signature_mismatch);
}

TEST_CASE("every refusal has its own message") {
  std::vector<std::string> messages;
  for (int e = static_cast<int>(sigv4_error::not_signed);
       e <= static_cast<int>(sigv4_error::crypto_unavailable); ++e) {
    const boost::system::error_code ec = static_cast<sigv4_error>(e);
    CHECK(ec.category().name() == std::string_view("flasky.sigv4"));
    CHECK(ec.message() != "unknown SigV4 error");
    messages.push_back(ec.message());
  }
  std::sort(messages.begin(), messages.end());
  CHECK(std::adjacent_find(messages.begin(), messages.end()) == messages.end());
}
