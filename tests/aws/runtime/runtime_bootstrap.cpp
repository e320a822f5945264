// aws_runtime_bootstrap: a Lambda `bootstrap` for the runtime tests. The candidate API on a
// memory store, served by flasky::aws::run_lambda, plus routes under /_test/ that show what a
// handler sees of its invocation:
//   GET /_test/invocation        request id, ARN, deadline, trace id and _X_AMZN_TRACE_ID as JSON
//   GET /_test/boom              throws (the answer must be a 500, the process must live on)
//   GET /_test/identity          the caller identity as JSON (or the error's message)
//   GET /_test/private/<name>    guarded by require_iam (account 123456789012 and the ARN
//                                arn:aws:iam::210987654321:user/alice)
// Environment:
//   FLASKY_TEST_INIT_ERROR=<message>   report an init error (Runtime.ConfigurationError), exit 1
//   FLASKY_TEST_MAX_INVOCATIONS=<n>    return 0 after n invocations
#include <flasky/aws/lambda_runtime.hpp>

#include <flasky/aws/caller_identity.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/aws/lambda_runtime_options.hpp>
#include <flasky/aws/require_iam.hpp>
#include <flasky/aws/require_iam_allowlist.hpp>
#include <flasky/memory_store.hpp>
#include <flasky/router.hpp>

#include <candidate_api.hpp>

#include <boost/json/value_from.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

void add_test_routes(flasky::router& app) {
  app.get("/_test/invocation", [](flasky::request& req) {
    const auto* invocation = req.extension<flasky::aws::lambda_invocation>();
    if (invocation == nullptr) return flasky::response::text("no invocation");
    const char* trace = std::getenv("_X_AMZN_TRACE_ID");
    boost::json::object out;
    out["request_id"] = invocation->request_id;
    out["function_arn"] = invocation->function_arn;
    out["deadline_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                             invocation->deadline.time_since_epoch())
                             .count();
    out["remaining_ms"] = invocation->remaining_time().count();
    out["trace_id"] = invocation->trace_id;
    out["trace_env"] = trace == nullptr ? boost::json::value() : boost::json::value(trace);
    out["dialect"] = flasky::aws::to_string(invocation->dialect);
    return flasky::response::json(std::move(out));
  });
  app.get("/_test/boom", [](flasky::request&) -> flasky::response {
    throw std::runtime_error("a handler failed");
  });
  app.get("/_test/identity", [](flasky::request& req) {
    auto identity = flasky::aws::try_caller_identity(req);
    if (!identity) return flasky::response::text(identity.error().message());
    return flasky::response::json({{"iam", identity->iam_authenticated()},
                                   {"account_id", identity->account_id},
                                   {"user_arn", identity->user_arn},
                                   {"source_ip", identity->source_ip}});
  });
  app.get("/_test/private/<name>", [](std::string_view name) {
    return flasky::response::text("private " + std::string(name));
  });
  flasky::aws::require_iam_allowlist allow;
  allow.accounts = {"123456789012"};
  allow.arns = {"arn:aws:iam::210987654321:user/alice"};
  app.before_request([guard = flasky::aws::require_iam(allow)](
                         flasky::request& req) -> std::optional<flasky::response> {
    if (!req.path().starts_with("/_test/private/")) return std::nullopt;
    return guard(req);
  });
}

}  // namespace

int main() {
  if (auto message = env("FLASKY_TEST_INIT_ERROR"); !message.empty()) {
    auto reported = flasky::aws::try_report_init_error("Runtime.ConfigurationError", message);
    if (!reported)
      std::fprintf(stderr, "aws_runtime_bootstrap: cannot report the init error: %s\n",
                   reported.error().message().c_str());
    return 1;
  }
  flasky::memory_store store;
  flasky::router app;
  candidate_api::add_routes(app, store, env("AWS_LAMBDA_LOG_STREAM_NAME"));
  add_test_routes(app);
  flasky::aws::lambda_runtime_options options;
  if (auto max = env("FLASKY_TEST_MAX_INVOCATIONS"); !max.empty())
    options.max_invocations = std::stoul(max);
  return flasky::aws::run_lambda(app, options);
}
