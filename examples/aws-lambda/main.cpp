// flasky-lambda: the reference candidate API as an AWS Lambda function (custom runtime,
// provided.al2023), stored in DynamoDB.
//
// Packaged by flasky_add_lambda_package (cmake/FlaskyLambda.cmake) as `bootstrap`, linked fully
// statically. Lambda starts it with AWS_LAMBDA_RUNTIME_API, the function's credentials and
// AWS_REGION; CANDIDATES_TABLE names the table (default "Candidates") and
// AWS_ENDPOINT_URL_DYNAMODB may point the store elsewhere (dynalite in the tests). `/gtg?details`
// reports the log stream name (AWS_LAMBDA_LOG_STREAM_NAME) as its instance-id: each execution
// environment writes to a stream of its own.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include <candidate_api.hpp>
#include <flasky/aws/dynamodb_store.hpp>
#include <flasky/aws/lambda_runtime.hpp>
#include <flasky/aws/runtime_init_error.hpp>
#include <flasky/router.hpp>

int main() {
  auto store = flasky::aws::dynamodb_store::try_from_environment();
  if (!store) {
    std::fprintf(stderr, "flasky-lambda: cannot start: %s\n", store.error().message().c_str());
    // Lambda shows the init error in the invocation's answer and the logs; exit so it restarts.
    (void)flasky::aws::try_report_init_error("Runtime.ConfigurationError", store.error().message());
    return 1;
  }
  const char* log_stream = std::getenv("AWS_LAMBDA_LOG_STREAM_NAME");
  flasky::router app;
  candidate_api::add_routes(app, *store, log_stream ? log_stream : "");
  return flasky::aws::run_lambda(app);
}
