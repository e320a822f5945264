// docs/aws.md: what a handler knows on Lambda (the invocation, the caller) and require_iam,
// driven by try_invoke_event, the step run_lambda takes for every event.
#include <flasky/aws/caller_identity.hpp>
#include <flasky/aws/invoke_event.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/aws/require_iam.hpp>
#include <flasky/flasky.hpp>

#include <boost/json/parse.hpp>

#include <cassert>
#include <chrono>
#include <string>

int main() {
  flasky::router app;

  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"123456789012"};
  allow.arns = {"arn:aws:sts::210987654321:assumed-role/ops/*"};  // any session of the role
  app.before_request(flasky::aws::require_iam(allow));

  app.get("/whoami", [](flasky::request& req) {
    auto caller = flasky::aws::try_caller_identity(req);
    const auto* invocation = req.extension<flasky::aws::lambda_invocation>();
    if (!caller || invocation == nullptr) return flasky::response::text("not on Lambda");
    return flasky::response::json({{"arn", caller->user_arn},
                                   {"request_id", invocation->request_id},
                                   {"ms_left", invocation->remaining_time().count() > 0}});
  });

  // An HTTP API (payload 2.0) event for GET /whoami, signed by an IAM role's session.
  const std::string event = R"({"version":"2.0","rawPath":"/whoami","rawQueryString":"",
    "requestContext":{"http":{"method":"GET","sourceIp":"198.51.100.7"},
      "authorizer":{"iam":{"accountId":"210987654321",
        "userArn":"arn:aws:sts::210987654321:assumed-role/ops/alice"}}}})";
  flasky::aws::lambda_invocation invocation;
  invocation.request_id = "c6af9ac6-7b61-11e6-9a41-93e812345678";
  invocation.deadline = std::chrono::system_clock::now() + std::chrono::seconds(3);
  auto answer = flasky::aws::try_invoke_event(app, event, invocation);
  assert(answer);
  auto out = boost::json::parse(*answer);
  assert(out.at("statusCode") == 200);
  assert(out.at("body") == R"({"arn":"arn:aws:sts::210987654321:assumed-role/ops/alice",)"
                           R"("request_id":"c6af9ac6-7b61-11e6-9a41-93e812345678","ms_left":true})");

  // Off Lambda there is no invocation, hence no caller: require_iam refuses.
  flasky::test_client client(app);
  assert(client.get("/whoami").status() == flasky::status::forbidden);
}
