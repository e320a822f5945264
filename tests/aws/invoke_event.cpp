// try_invoke_event: one Lambda event's text in, the answer's text out, through a router.
#include <flasky/aws/invoke_event.hpp>

#include <catch2/catch.hpp>

#include "fixture_event.hpp"

#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/event_options.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/router.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <stdexcept>
#include <string>

namespace {

using flasky::aws::event_dialect;
using flasky::aws::lambda_error;

using flasky_test::read_fixture;

// Routes whose handlers show what they saw of the invocation.
void add_echo_routes(flasky::router& app) {
  auto echo = [](flasky::request& req) {
    const auto* invocation = req.extension<flasky::aws::lambda_invocation>();
    if (invocation == nullptr) return flasky::response::text("no invocation");
    return flasky::response::json(
        {{"request_id", invocation->request_id},
         {"dialect", flasky::aws::to_string(invocation->dialect)},
         {"has_event", !invocation->event.empty() && invocation->read_event != nullptr},
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
    CHECK(invocation.event.empty());  // not kept past the dispatch
    CHECK(invocation.read_event == nullptr);
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

namespace {

// The request a handler saw, as JSON: path, query, the x-test header and the body.
void add_request_echo(flasky::router& app) {
  app.route("/<path:rest>", {flasky::verb::get, flasky::verb::post}, [](flasky::request& req) {
    return flasky::response::json({{"target", std::string(req.target())},
                                   {"x_test", std::string(req.header("x-test").value_or("-"))},
                                   {"body", req.body()}});
  });
}

boost::json::object echoed(flasky::router& app, const std::string& event) {
  flasky::aws::lambda_invocation invocation;
  auto text = flasky::aws::try_invoke_event(app, event, invocation);
  REQUIRE(text.has_value());
  auto out = answer(*text);
  REQUIRE(out.at("statusCode").as_int64() == 200);
  return boost::json::parse(out.at("body").as_string()).as_object();
}

std::string v2_event(const std::string& members) {
  return R"({"version":"2.0","rawPath":"/a","rawQueryString":"","requestContext":{"http":{"method":"POST"}},)" +
         members + "}";
}

}  // namespace

TEST_CASE("JSON escapes in the event's strings reach the handler unescaped") {
  flasky::router app;
  add_request_echo(app);
  auto seen = echoed(
      app, R"({"version":"2.0","rawPath":"/caf\u00e9/\"q\"","rawQueryString":"a=\u0031",)"
           R"("headers":{"x-\u0074est":"tab\there"},"body":"line\nnext \\ \/",)"
           R"("requestContext":{"http":{"method":"POST"}}})");
  CHECK(seen.at("target").as_string() == "/caf%C3%A9/%22q%22?a=1");
  CHECK(seen.at("x_test").as_string() == "tab\there");
  CHECK(seen.at("body").as_string() == "line\nnext \\ /");
}

TEST_CASE("a long body with escapes throughout arrives byte for byte") {
  flasky::router app;
  add_request_echo(app);
  std::string body;
  std::string json_body;
  for (int i = 0; i != 20000; ++i) {
    body += "ab\"c\\";
    json_body += "ab\\\"c\\\\";
  }
  auto seen = echoed(app, v2_event(R"("body":")" + json_body + "\""));
  CHECK(seen.at("body").as_string() == body);
}

TEST_CASE("a repeated member counts once, the last one winning, as in a DOM") {
  flasky::router app;
  add_request_echo(app);
  auto seen = echoed(app, v2_event(R"("headers":{"x-test":"first"},"headers":{"x-test":"second"},)"
                                   R"("body":"one","body":"two")"));
  CHECK(seen.at("x_test").as_string() == "second");
  CHECK(seen.at("body").as_string() == "two");
}

TEST_CASE("text after the event, nesting past 64 levels and wrong member types are refused") {
  flasky::router app;
  add_request_echo(app);
  flasky::aws::lambda_invocation invocation;
  auto invoke = [&](const std::string& event) {
    return flasky::aws::try_invoke_event(app, event, invocation);
  };
  CHECK(invoke(v2_event(R"("body":"x")")).has_value());
  CHECK(invoke(v2_event(R"("body":"x")") + " {}").error() == lambda_error::malformed_event);

  const std::string deep = std::string(64, '[') + std::string(64, ']');
  CHECK(invoke(v2_event(R"("extra":)" + deep)).error() == lambda_error::malformed_event);
  const std::string fine = std::string(60, '[') + std::string(60, ']');
  CHECK(invoke(v2_event(R"("extra":)" + fine)).has_value());

  CHECK(invoke(v2_event(R"("headers":{"x-test":1})")).error() == lambda_error::malformed_event);
  CHECK(invoke(v2_event(R"("headers":["x"])")).error() == lambda_error::malformed_event);
  CHECK(invoke(v2_event(R"("isBase64Encoded":"yes")")).error() == lambda_error::malformed_event);
  CHECK(invoke(v2_event(R"("cookies":"a=b")")).error() == lambda_error::malformed_event);
  CHECK(invoke(v2_event(R"("cookies":["a=b",2])")).error() == lambda_error::malformed_event);
  // Members the dialect does not read may hold anything.
  CHECK(invoke(v2_event(R"("multiValueHeaders":7,"stageVariables":{"a":[1,{"b":null}]})"))
            .has_value());
  // A null header is left out, as AWS sends null maps and values.
  CHECK(invoke(v2_event(R"("headers":{"x-test":null},"cookies":null)")).has_value());
}
