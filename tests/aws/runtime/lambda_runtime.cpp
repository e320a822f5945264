// run_lambda and try_report_init_error where no Runtime API answers: the error values, the exit
// codes, and the runtime_api_error category. (What the loop sends to a Runtime API is tested by
// aws.runtime.scripted and aws.runtime.fun_contract.)
#include <flasky/aws/lambda_runtime.hpp>

#include <catch2/catch.hpp>

#include <flasky/aws/lambda_runtime_options.hpp>
#include <flasky/aws/runtime_api_error.hpp>
#include <flasky/aws/runtime_init_error.hpp>
#include <flasky/router.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdlib>
#include <set>
#include <string>

namespace {

using flasky::aws::runtime_api_error;

// host:port of a loopback port on which nothing listens (bound, then closed).
std::string closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  acceptor.close();
  return "127.0.0.1:" + std::to_string(port);
}

// Runs the test's body without AWS_LAMBDA_RUNTIME_API, restoring it afterwards.
struct without_runtime_api {
  std::string saved;
  bool had = false;
  without_runtime_api() {
    if (const char* value = std::getenv("AWS_LAMBDA_RUNTIME_API")) {
      saved = value;
      had = true;
    }
    ::unsetenv("AWS_LAMBDA_RUNTIME_API");
  }
  ~without_runtime_api() {
    if (had) ::setenv("AWS_LAMBDA_RUNTIME_API", saved.c_str(), 1);
  }
};

}  // namespace

TEST_CASE("outside Lambda an init error cannot be reported and says why") {
  without_runtime_api guard;
  auto sent = flasky::aws::try_report_init_error("Runtime.ConfigurationError", "no table");
  REQUIRE_FALSE(sent.has_value());
  CHECK(sent.error() == runtime_api_error::not_configured);
  CHECK(sent.error().message().find("AWS_LAMBDA_RUNTIME_API") != std::string::npos);
}

TEST_CASE("an address without a port is refused before any connection") {
  for (const char* address : {"localhost", ":9001", "127.0.0.1:"}) {
    INFO(address);
    flasky::aws::lambda_runtime_options options;
    options.runtime_api = address;
    auto sent = flasky::aws::try_report_init_error("Runtime.ConfigurationError", "x", options);
    REQUIRE_FALSE(sent.has_value());
    CHECK(sent.error() == runtime_api_error::bad_address);
  }
}

TEST_CASE("an unreachable Runtime API is the network error itself") {
  const auto numeric = closed_port();
  const auto port = numeric.substr(numeric.rfind(':'));
  // A numeric address is connected to directly, a name through the resolver.
  for (const auto& address : {numeric, "localhost" + port}) {
    INFO(address);
    flasky::aws::lambda_runtime_options options;
    options.runtime_api = address;
    auto sent = flasky::aws::try_report_init_error("Runtime.ConfigurationError", "x", options);
    REQUIRE_FALSE(sent.has_value());
    CHECK(sent.error() == boost::asio::error::connection_refused);
  }
}

TEST_CASE("run_lambda ends with exit code 1 when there is no Runtime API to poll") {
  flasky::router app;
  app.get("/gtg", [] { return flasky::response(flasky::status::ok); });
  {
    without_runtime_api guard;
    CHECK(flasky::aws::run_lambda(app) == 1);
  }
  flasky::aws::lambda_runtime_options options;
  options.runtime_api = closed_port();
  CHECK(flasky::aws::run_lambda(app, options) == 1);
  options.runtime_api = "no-port";
  CHECK(flasky::aws::run_lambda(app, options) == 1);
}

TEST_CASE("max_invocations 0 is no limit: run_lambda polls (and fails here)") {
  flasky::router app;
  flasky::aws::lambda_runtime_options options;
  options.runtime_api = closed_port();
  options.max_invocations = 0;
  CHECK(flasky::aws::run_lambda(app, options) == 1);
}

TEST_CASE("runtime_api_error values have their own category and distinct messages") {
  std::set<std::string> messages;
  for (auto e : {runtime_api_error::not_configured, runtime_api_error::bad_address,
                 runtime_api_error::connection_lost, runtime_api_error::unexpected_status,
                 runtime_api_error::missing_request_id}) {
    boost::system::error_code ec = e;
    CHECK(std::string(ec.category().name()) == "flasky.runtime_api");
    messages.insert(ec.message());
  }
  CHECK(messages.size() == 5);
  CHECK(flasky::aws::make_error_code(static_cast<runtime_api_error>(99)).message() ==
        "unknown Lambda Runtime API error");
}

TEST_CASE("default options poll AWS_LAMBDA_RUNTIME_API, set the trace id and never stop") {
  const flasky::aws::lambda_runtime_options options;
  CHECK(options.runtime_api.empty());
  CHECK(options.set_trace_id_environment);
  CHECK(options.max_invocations == 0);
  CHECK(options.events.strip_stage);
}
