// try_caller_identity: the caller API Gateway and Function URLs name in an event, typed.
#include <flasky/aws/caller_identity.hpp>

#include <catch2/catch.hpp>

#include "../fixture_event.hpp"

#include <flasky/aws/caller_identity_error.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/invoke_event.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/request.hpp>
#include <flasky/router.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace {

using flasky::aws::caller_identity_error;
using flasky::aws::event_dialect;

using flasky_test::read_fixture;

using flasky_test::fixture;

}  // namespace

TEST_CASE("a REST event with IAM authorization names the caller in every field") {
  auto identity =
      flasky::aws::try_caller_identity(fixture("rest_v1_iam.json"), event_dialect::rest_v1);
  REQUIRE(identity.has_value());
  CHECK(identity->iam_authenticated());
  CHECK(identity->account_id == "123456789012");
  CHECK(identity->caller == "AROAEXAMPLEROLEID:ci-session");
  CHECK(identity->user == "AROAEXAMPLEROLEID:ci-session");
  CHECK(identity->user_arn == "arn:aws:sts::123456789012:assumed-role/ci/ci-session");
  CHECK(identity->access_key == "ASIAEXAMPLEKEY000001");
  CHECK(identity->principal_org_id == "o-exampleorg1");
  CHECK(identity->source_ip == "198.51.100.7");
  CHECK(identity->user_agent == "aws-cli/2.15.0");
  CHECK(identity->cognito_identity_id.empty());  // null is absent
  CHECK(identity->cognito_authentication_type.empty());
  CHECK(identity->cognito_amr.empty());
}

TEST_CASE("an HTTP API event with IAM authorization names the caller from authorizer.iam") {
  auto identity =
      flasky::aws::try_caller_identity(fixture("http_api_v2_iam.json"), event_dialect::http_api_v2);
  REQUIRE(identity.has_value());
  CHECK(identity->iam_authenticated());
  CHECK(identity->account_id == "210987654321");
  CHECK(identity->caller == "AIDAEXAMPLEUSERID0001");
  CHECK(identity->user == "AIDAEXAMPLEUSERID0001");
  CHECK(identity->user_arn == "arn:aws:iam::210987654321:user/alice");
  CHECK(identity->access_key == "AKIDEXAMPLE");
  CHECK(identity->principal_org_id.empty());
  CHECK(identity->source_ip == "203.0.113.9");
  CHECK(identity->user_agent == "Boto3/1.34.0");
  CHECK(identity->cognito_identity_id == "eu-west-1:11111111-2222-3333-4444-555555555555");
  CHECK(identity->cognito_identity_pool_id == "eu-west-1:66666666-7777-8888-9999-000000000000");
  CHECK(identity->cognito_amr ==
        std::vector<std::string>{"authenticated",
                                 "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE"});
}

TEST_CASE("a Function URL event with IAM auth names the caller like an HTTP API event") {
  auto identity = flasky::aws::try_caller_identity(fixture("function_url_iam.json"),
                                                   event_dialect::function_url);
  REQUIRE(identity.has_value());
  CHECK(identity->iam_authenticated());
  CHECK(identity->account_id == "123456789012");
  CHECK(identity->user_arn == "arn:aws:sts::123456789012:assumed-role/ops/ops-session");
  CHECK(identity->principal_org_id == "o-exampleorg1");
  CHECK(identity->cognito_identity_id.empty());  // "cognitoIdentity": null
}

TEST_CASE("events without IAM authorization give an identity that is not IAM-authenticated") {
  auto rest = flasky::aws::try_caller_identity(fixture("rest_v1_get.json"), event_dialect::rest_v1);
  REQUIRE(rest.has_value());
  CHECK_FALSE(rest->iam_authenticated());
  CHECK(rest->source_ip == "198.51.100.7");
  CHECK(rest->user_arn.empty());
  auto v2 =
      flasky::aws::try_caller_identity(fixture("http_api_v2_get.json"), event_dialect::http_api_v2);
  REQUIRE(v2.has_value());
  CHECK_FALSE(v2->iam_authenticated());
  CHECK(v2->user_agent == "curl/8.5.0");
  auto url = flasky::aws::try_caller_identity(fixture("function_url_get.json"),
                                              event_dialect::function_url);
  REQUIRE(url.has_value());
  CHECK_FALSE(url->iam_authenticated());
  CHECK(url->account_id.empty());  // requestContext.accountId "anonymous" is not the caller's
}

TEST_CASE("an identity with an account but no ARN is not IAM-authenticated") {
  auto event = fixture("rest_v1_iam.json");
  event.at("requestContext").at("identity").as_object()["userArn"] = nullptr;
  auto identity = flasky::aws::try_caller_identity(event, event_dialect::rest_v1);
  REQUIRE(identity.has_value());
  CHECK(identity->account_id == "123456789012");
  CHECK_FALSE(identity->iam_authenticated());
}

TEST_CASE("ALB events carry no identity") {
  for (auto dialect : {event_dialect::alb, event_dialect::alb_multi_value}) {
    auto identity = flasky::aws::try_caller_identity(fixture("alb_get.json"), dialect);
    REQUIRE_FALSE(identity.has_value());
    CHECK(identity.error() == caller_identity_error::no_identity);
  }
}

TEST_CASE("identity fields of the wrong JSON type are a malformed identity") {
  auto rest = fixture("rest_v1_iam.json");
  rest.at("requestContext").at("identity").as_object()["userArn"] = 42;
  CHECK(flasky::aws::try_caller_identity(rest, event_dialect::rest_v1).error() ==
        caller_identity_error::malformed_identity);
  auto rest2 = fixture("rest_v1_iam.json");
  rest2.at("requestContext").as_object()["identity"] = "me";
  CHECK(flasky::aws::try_caller_identity(rest2, event_dialect::rest_v1).error() ==
        caller_identity_error::malformed_identity);
  auto v2 = fixture("http_api_v2_iam.json");
  v2.at("requestContext").at("authorizer").as_object()["iam"] = boost::json::array{};
  CHECK(flasky::aws::try_caller_identity(v2, event_dialect::http_api_v2).error() ==
        caller_identity_error::malformed_identity);
  auto amr = fixture("http_api_v2_iam.json");
  amr.at("requestContext").at("authorizer").at("iam").at("cognitoIdentity").as_object()["amr"] =
      boost::json::array{1, 2};
  CHECK(flasky::aws::try_caller_identity(amr, event_dialect::http_api_v2).error() ==
        caller_identity_error::malformed_identity);
  CHECK(flasky::aws::try_caller_identity(boost::json::value(7), event_dialect::rest_v1).error() ==
        caller_identity_error::malformed_identity);
  CHECK(std::string(flasky::aws::make_error_code(caller_identity_error::malformed_identity)
                        .category()
                        .name()) == "flasky.caller_identity");
}

TEST_CASE("a handler reads the caller identity of the invocation its request came from") {
  flasky::router app;
  app.get("/candidate/<name>", [](flasky::request& req, std::string_view) {
    auto identity = flasky::aws::try_caller_identity(req);
    if (!identity) return flasky::response::text(identity.error().message());
    return flasky::response::text(identity->user_arn);
  });
  flasky::aws::lambda_invocation invocation;
  auto answer =
      flasky::aws::try_invoke_event(app, read_fixture("http_api_v2_iam.json"), invocation);
  REQUIRE(answer.has_value());
  auto body = boost::json::parse(*answer).at("body").as_string();
  CHECK(body == "arn:aws:iam::210987654321:user/alice");
  // After the dispatch, the event is gone.
  CHECK(flasky::aws::try_caller_identity(invocation).error() ==
        caller_identity_error::no_invocation);
}

TEST_CASE("a request that did not come from Lambda has no caller identity") {
  flasky::request req(flasky::verb::get, "/candidate/alice");
  CHECK(flasky::aws::try_caller_identity(req).error() == caller_identity_error::no_invocation);
}

TEST_CASE("identity members that are not read may hold any JSON type") {
  auto rest = fixture("rest_v1_iam.json");
  rest.at("requestContext").at("identity").as_object()["clientCert"] =
      boost::json::object{{"clientCertPem", "-----BEGIN CERTIFICATE-----"}, {"validity", {}}};
  auto identity = flasky::aws::try_caller_identity(rest, event_dialect::rest_v1);
  REQUIRE(identity.has_value());
  CHECK(identity->iam_authenticated());
  auto v2 = fixture("http_api_v2_iam.json");
  v2.at("requestContext").at("authorizer").at("iam").as_object()["extra"] =
      boost::json::array{1, 2};
  CHECK(flasky::aws::try_caller_identity(v2, event_dialect::http_api_v2).has_value());
}

TEST_CASE("a handler reads the Cognito methods and the source of an HTTP API caller") {
  auto event = fixture("http_api_v2_iam.json");
  event.at("requestContext").at("authorizer").at("iam").as_object()["cognitoIdentity"] =
      boost::json::object{{"amr", boost::json::array{"authenticated", "cognito-idp"}},
                          {"identityId", "eu-west-1:1234"},
                          {"identityPoolId", "eu-west-1:pool"}};
  flasky::router app;
  app.get("/candidate/<name>", [](flasky::request& req, std::string_view) {
    auto identity = flasky::aws::try_caller_identity(req);
    if (!identity) return flasky::response::text(identity.error().message());
    std::string seen = identity->cognito_identity_id + "|" + identity->cognito_identity_pool_id;
    for (const auto& method : identity->cognito_amr) seen += "|" + method;
    return flasky::response::text(seen + "|" + identity->source_ip);
  });
  flasky::aws::lambda_invocation invocation;
  auto answer =
      flasky::aws::try_invoke_event(app, boost::json::serialize(event), invocation);
  REQUIRE(answer.has_value());
  CHECK(boost::json::parse(*answer).at("body").as_string() ==
        "eu-west-1:1234|eu-west-1:pool|authenticated|cognito-idp|" +
            std::string(event.at("requestContext").at("http").at("sourceIp").as_string()));
}
