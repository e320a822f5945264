// try_invoke_event: one Lambda event's text in, the answer's text out, through a router.
#include <flasky/aws/invoke_event.hpp>

#include <catch2/catch.hpp>

#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/event_options.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/router.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace {

using flasky::aws::event_dialect;
using flasky::aws::lambda_error;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(FLASKY_FIXTURE_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Routes whose handlers show what they saw of the invocation.
void add_echo_routes(flasky::router& app) {
  auto echo = [](flasky::request& req) {
    const auto* invocation = req.extension<flasky::aws::lambda_invocation>();
    if (invocation == nullptr) return flasky::response::text("no invocation");
    return flasky::response::json(
        {{"request_id", invocation->request_id},
         {"dialect", flasky::aws::to_string(invocation->dialect)},
         {"has_event", invocation->event != nullptr},
         {"path", std::string(req.path())}});
  };
  app.route("/<path:rest>", {flasky::verb::get, flasky::verb::post}, echo);
  app.get("/boom", [](flasky::request&) -> flasky::response {
    throw std::runtime_error("handler failed");
  });
}

boost::json::object answer(const std::string& text) { return boost::json::parse(text).as_object(); }

}  // namespace

TEST_CASE("each dialect's event is answered in its dialect with the invocation attached") {
  flasky::router app;
  add_echo_routes(app);
  struct expectation {
    const char* file;
    event_dialect dialect;
  };
  for (const auto& [file, dialect] : {expectation{"rest_v1_get.json", event_dialect::rest_v1},
                                      expectation{"http_api_v2_get.json", event_dialect::http_api_v2},
                                      expectation{"alb_get.json", event_dialect::alb},
                                      expectation{"alb_multi_value_get.json",
                                                  event_dialect::alb_multi_value},
                                      expectation{"function_url_get.json",
                                                  event_dialect::function_url}}) {
    INFO(file);
    flasky::aws::lambda_invocation invocation;
    invocation.request_id = "req-1";
    auto text = flasky::aws::try_invoke_event(app, read_fixture(file), invocation);
    REQUIRE(text.has_value());
    CHECK(invocation.dialect == dialect);
    CHECK(invocation.event == nullptr);  // not kept past the dispatch
    auto out = answer(*text);
    CHECK(out.at("statusCode").as_int64() == 200);
    const auto alb = dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value;
    CHECK(out.contains("statusDescription") == alb);
    CHECK(out.contains("multiValueHeaders") ==
          (dialect == event_dialect::rest_v1 || dialect == event_dialect::alb_multi_value));
    auto body = boost::json::parse(out.at("body").as_string()).as_object();
    CHECK(body.at("request_id").as_string() == "req-1");
    CHECK(body.at("dialect").as_string() == flasky::aws::to_string(dialect));
    CHECK(body.at("has_event").as_bool());
  }
}

TEST_CASE("malformed event text is an invocation error, not an answer") {
  flasky::router app;
  add_echo_routes(app);
  flasky::aws::lambda_invocation invocation;
  auto text = flasky::aws::try_invoke_event(app, read_fixture("malformed_truncated.json"),
                                            invocation);
  REQUIRE(text.has_error());
  CHECK(text.error() == lambda_error::malformed_event);
  CHECK(flasky::aws::try_invoke_event(app, "", invocation).error() ==
        lambda_error::malformed_event);
}

TEST_CASE("an event of no HTTP shape is an invocation error") {
  flasky::router app;
  add_echo_routes(app);
  flasky::aws::lambda_invocation invocation;
  CHECK(flasky::aws::try_invoke_event(app, read_fixture("unknown_s3_event.json"), invocation)
            .error() == lambda_error::unknown_event_shape);
  CHECK(flasky::aws::try_invoke_event(app, "[1,2]", invocation).error() ==
        lambda_error::unknown_event_shape);
}

TEST_CASE("a body over the limit is answered 413 and bad base64 400, in the event's dialect") {
  flasky::router app;
  add_echo_routes(app);
  flasky::aws::lambda_invocation invocation;
  flasky::aws::event_options small;
  small.max_body_size = 4;
  auto too_large = flasky::aws::try_invoke_event(
      app, read_fixture("http_api_v2_post_base64.json"), invocation, small);
  REQUIRE(too_large.has_value());
  CHECK(answer(*too_large).at("statusCode").as_int64() == 413);

  auto event = boost::json::parse(read_fixture("http_api_v2_post_base64.json")).as_object();
  event["body"] = "not base64!";
  auto bad = flasky::aws::try_invoke_event(app, boost::json::serialize(event), invocation);
  REQUIRE(bad.has_value());
  CHECK(answer(*bad).at("statusCode").as_int64() == 400);
  CHECK(answer(*bad).at("body").as_string() == "Bad Request: the body is not valid base64");
}

TEST_CASE("an exception in a handler is a 500 answer, and the next event is answered") {
  flasky::router app;
  add_echo_routes(app);
  auto event = boost::json::parse(read_fixture("http_api_v2_get.json")).as_object();
  event["rawPath"] = "/boom";
  event["rawQueryString"] = "";
  flasky::aws::lambda_invocation invocation;
  auto failed = flasky::aws::try_invoke_event(app, boost::json::serialize(event), invocation);
  REQUIRE(failed.has_value());
  CHECK(answer(*failed).at("statusCode").as_int64() == 500);
  auto next = flasky::aws::try_invoke_event(app, read_fixture("http_api_v2_get.json"), invocation);
  REQUIRE(next.has_value());
  CHECK(answer(*next).at("statusCode").as_int64() == 200);
}

TEST_CASE("a pinned dialect is used instead of detection") {
  flasky::router app;
  add_echo_routes(app);
  flasky::aws::event_options pinned;
  pinned.dialect = event_dialect::alb;
  flasky::aws::lambda_invocation invocation;
  // An ALB multi-value event read as single-value ALB is answered with plain headers.
  auto text = flasky::aws::try_invoke_event(app, read_fixture("alb_multi_value_get.json"),
                                            invocation, pinned);
  REQUIRE(text.has_value());
  CHECK(invocation.dialect == event_dialect::alb);
  CHECK(answer(*text).contains("headers"));
  CHECK_FALSE(answer(*text).contains("multiValueHeaders"));
  // A REST event lacks what an HTTP API 2.0 event must have.
  pinned.dialect = event_dialect::http_api_v2;
  CHECK(flasky::aws::try_invoke_event(app, read_fixture("rest_v1_get.json"), invocation, pinned)
            .error() == lambda_error::unknown_event_shape);
}

TEST_CASE("the remaining time counts down to the deadline") {
  flasky::aws::lambda_invocation invocation;
  const auto now = std::chrono::system_clock::now();
  invocation.deadline = now + std::chrono::milliseconds(2500);
  CHECK(invocation.remaining_time(now) == std::chrono::milliseconds(2500));
  CHECK(invocation.remaining_time(now + std::chrono::seconds(3)) < std::chrono::milliseconds(0));
}
