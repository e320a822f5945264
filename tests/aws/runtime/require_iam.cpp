// require_iam: a before_request hook that lets in only IAM callers on an allowlist.
#include <flasky/aws/require_iam.hpp>

#include <catch2/catch.hpp>

#include "../fixture_event.hpp"

#include <flasky/aws/caller_identity.hpp>
#include <flasky/aws/invoke_event.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/aws/require_iam_allowlist.hpp>
#include <flasky/router.hpp>
#include <flasky/test_client.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace {

using flasky_test::read_fixture;

struct answer {
  std::int64_t status;
  std::string body;
};

// The status and body with which `app` answers the event in fixture `file`.
answer invoke(flasky::router& app, const std::string& event_text) {
  flasky::aws::lambda_invocation invocation;
  auto text = flasky::aws::try_invoke_event(app, event_text, invocation);
  REQUIRE(text.has_value());
  auto out = boost::json::parse(*text).as_object();
  return {out.at("statusCode").as_int64(), std::string(out.at("body").as_string())};
}

void guard(flasky::router& app, flasky::aws::require_iam_allowlist allow) {
  app.before_request(flasky::aws::require_iam(std::move(allow)));
  app.get("/candidate/<name>", [](std::string_view name) { return "hello " + std::string(name); });
}

flasky::aws::caller_identity iam_caller(std::string account, std::string arn) {
  flasky::aws::caller_identity identity;
  identity.account_id = std::move(account);
  identity.user_arn = std::move(arn);
  return identity;
}

}  // namespace

TEST_CASE(
    "an allowlisted account lets its IAM callers in, in REST, HTTP API and Function URL events") {
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"123456789012", "210987654321"};
  flasky::router app;
  guard(app, allow);
  for (const char* file : {"rest_v1_iam.json", "http_api_v2_iam.json", "function_url_iam.json"}) {
    INFO(file);
    auto out = invoke(app, read_fixture(file));
    CHECK(out.status == 200);
    CHECK(out.body == "hello alice");
  }
}

TEST_CASE("an IAM caller of another account, not on the ARN list, is refused with 403") {
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"999999999999"};
  allow.arns = {"arn:aws:iam::210987654321:user/bob"};
  flasky::router app;
  guard(app, allow);
  for (const char* file : {"rest_v1_iam.json", "http_api_v2_iam.json", "function_url_iam.json"}) {
    INFO(file);
    auto out = invoke(app, read_fixture(file));
    CHECK(out.status == 403);
    CHECK(out.body == "Forbidden: caller not allowed");
  }
}

TEST_CASE("an allowlisted ARN lets that caller in, exactly or by a trailing star") {
  flasky::aws::require_iam_allowlist exact;
  exact.arns = {"arn:aws:iam::210987654321:user/alice"};
  flasky::router app;
  guard(app, exact);
  CHECK(invoke(app, read_fixture("http_api_v2_iam.json")).status == 200);
  CHECK(invoke(app, read_fixture("rest_v1_iam.json")).status == 403);

  flasky::aws::require_iam_allowlist role;
  role.arns = {"arn:aws:sts::123456789012:assumed-role/ci/*"};
  CHECK(role.allows(iam_caller("123456789012", "arn:aws:sts::123456789012:assumed-role/ci/s1")));
  CHECK_FALSE(
      role.allows(iam_caller("123456789012", "arn:aws:sts::123456789012:assumed-role/ci/")));
  CHECK_FALSE(
      role.allows(iam_caller("123456789012", "arn:aws:sts::123456789012:assumed-role/cicd/s1")));
  flasky::router role_app;
  guard(role_app, role);
  CHECK(invoke(role_app, read_fixture("rest_v1_iam.json")).status == 200);
  CHECK(invoke(role_app, read_fixture("function_url_iam.json")).status == 403);
}

TEST_CASE("an ARN entry without a star is not a prefix") {
  flasky::aws::require_iam_allowlist allow;
  allow.arns = {"arn:aws:iam::210987654321:user/al"};
  CHECK_FALSE(allow.allows(iam_caller("210987654321", "arn:aws:iam::210987654321:user/alice")));
  CHECK(allow.allows(iam_caller("210987654321", "arn:aws:iam::210987654321:user/al")));
}

TEST_CASE("an empty allowlist lets nobody in") {
  flasky::router app;
  guard(app, {});
  auto out = invoke(app, read_fixture("http_api_v2_iam.json"));
  CHECK(out.status == 403);
  CHECK(out.body == "Forbidden: caller not allowed");
}

TEST_CASE("a caller that is not IAM-authenticated is refused with 403 whatever the list") {
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"210987654321"};  // the API's own account, in requestContext.accountId
  allow.arns = {"*"};
  flasky::router app;
  guard(app, allow);
  for (const char* file : {"rest_v1_get.json", "http_api_v2_get.json", "function_url_get.json",
                           "alb_get.json", "alb_multi_value_get.json"}) {
    INFO(file);
    auto out = invoke(app, read_fixture(file));
    CHECK(out.status == 403);
    CHECK(out.body == "Forbidden: IAM authentication required");
  }
}

TEST_CASE("a malformed identity is refused, not let in") {
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"123456789012"};
  flasky::router app;
  guard(app, allow);
  auto event = boost::json::parse(read_fixture("rest_v1_iam.json"));
  event.at("requestContext").at("identity").as_object()["caller"] = boost::json::array{};
  auto out = invoke(app, boost::json::serialize(event));
  CHECK(out.status == 403);
  CHECK(out.body == "Forbidden: IAM authentication required");
}

TEST_CASE("outside Lambda there is no invocation, so every request is refused") {
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"123456789012"};
  flasky::router app;
  guard(app, allow);
  flasky::test_client client(app);
  auto res = client.get("/candidate/alice");
  CHECK(res.status() == flasky::status::forbidden);
  CHECK(res.body() == "Forbidden: IAM authentication required");
}

TEST_CASE("the refusal never names the caller") {
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"999999999999"};
  flasky::router app;
  guard(app, allow);
  auto out = invoke(app, read_fixture("rest_v1_iam.json"));
  CHECK(out.status == 403);
  CHECK(out.body.find("123456789012") == std::string::npos);
  CHECK(out.body.find("ci-session") == std::string::npos);
}
