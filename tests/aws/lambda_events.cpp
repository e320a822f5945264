// Lambda HTTP event dialects: detection, event -> request, response -> answer, and the candidate
// API end to end in each dialect, from the fixture events in tests/fixtures/.
#include <flasky/aws/event_to_request.hpp>

#include <catch2/catch.hpp>

#include "fixture_event.hpp"

#include <flasky/aws/detect_dialect.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/event_options.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/aws/parse_event.hpp>
#include <flasky/aws/to_event_response.hpp>
#include <flasky/detail/ascii.hpp>
#include <flasky/memory_store.hpp>
#include <flasky/router.hpp>

#include "candidate_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace {

using flasky::aws::event_dialect;
using flasky::aws::lambda_error;

using flasky_test::read_fixture;

boost::json::value fixture(const std::string& name) {
  auto event = flasky::aws::try_parse_event(read_fixture(name));
  REQUIRE(event.has_value());
  return std::move(*event);
}

std::vector<std::string> all_headers(const flasky::request& req, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : req.headers()) {
    if (flasky::detail::iequals(n, name)) out.push_back(v);
  }
  return out;
}

flasky::request to_request(const boost::json::value& event,
                           const flasky::aws::event_options& options = {}) {
  auto dialect = flasky::aws::try_detect_dialect(event);
  REQUIRE(dialect.has_value());
  auto req = flasky::aws::try_to_request(event, *dialect, options);
  REQUIRE(req.has_value());
  return std::move(*req);
}

}  // namespace

TEST_CASE("each fixture event is detected as its dialect") {
  CHECK(flasky::aws::try_detect_dialect(fixture("rest_v1_get.json")).value() ==
        event_dialect::rest_v1);
  CHECK(flasky::aws::try_detect_dialect(fixture("rest_v1_post_null_maps.json")).value() ==
        event_dialect::rest_v1);
  CHECK(flasky::aws::try_detect_dialect(fixture("http_api_v2_get.json")).value() ==
        event_dialect::http_api_v2);
  CHECK(flasky::aws::try_detect_dialect(fixture("http_api_v2_post_base64.json")).value() ==
        event_dialect::http_api_v2);
  CHECK(flasky::aws::try_detect_dialect(fixture("alb_get.json")).value() == event_dialect::alb);
  CHECK(flasky::aws::try_detect_dialect(fixture("alb_multi_value_get.json")).value() ==
        event_dialect::alb_multi_value);
  CHECK(flasky::aws::try_detect_dialect(fixture("function_url_get.json")).value() ==
        event_dialect::function_url);
  CHECK(flasky::aws::try_detect_dialect(fixture("function_url_post_base64.json")).value() ==
        event_dialect::function_url);
}

TEST_CASE("an event of no known shape is an unknown-shape error") {
  auto s3 = flasky::aws::try_detect_dialect(fixture("unknown_s3_event.json"));
  REQUIRE(s3.has_error());
  CHECK(s3.error() == lambda_error::unknown_event_shape);
  CHECK(flasky::aws::try_detect_dialect(boost::json::value(42)).error() ==
        lambda_error::unknown_event_shape);
  CHECK(flasky::aws::try_to_request(boost::json::array{}, event_dialect::rest_v1).error() ==
        lambda_error::unknown_event_shape);
  // A REST-pinned event that lacks httpMethod.
  CHECK(flasky::aws::try_to_request(boost::json::parse(R"({"path":"/"})"), event_dialect::rest_v1)
            .error() == lambda_error::unknown_event_shape);
  CHECK(std::string(
            flasky::aws::make_error_code(lambda_error::unknown_event_shape).category().name()) ==
        "flasky.lambda");
}

TEST_CASE("malformed event JSON is reported as a malformed-event error before any dialect") {
  auto truncated = flasky::aws::try_parse_event(read_fixture("malformed_truncated.json"));
  REQUIRE(truncated.has_error());
  CHECK(truncated.error() == lambda_error::malformed_event);
  CHECK(flasky::aws::try_parse_event("").error() == lambda_error::malformed_event);
  CHECK(flasky::aws::try_parse_event(std::string(100, '[') + std::string(100, ']')).error() ==
        lambda_error::malformed_event);
  CHECK(flasky::aws::try_parse_event(read_fixture("alb_get.json")).has_value());
  // A field of the wrong type in a well-formed event is a malformed event too.
  auto bad_headers = fixture("alb_get.json");
  bad_headers.as_object()["headers"] = 7;
  CHECK(flasky::aws::try_to_request(bad_headers, event_dialect::alb).error() ==
        lambda_error::malformed_event);
  auto bad_flag = fixture("http_api_v2_get.json");
  bad_flag.as_object()["isBase64Encoded"] = "yes";
  CHECK(flasky::aws::try_to_request(bad_flag, event_dialect::http_api_v2).error() ==
        lambda_error::malformed_event);
  auto bad_cookies = fixture("http_api_v2_get.json");
  bad_cookies.as_object()["cookies"] = boost::json::array{1, 2};
  CHECK(flasky::aws::try_to_request(bad_cookies, event_dialect::http_api_v2).error() ==
        lambda_error::malformed_event);
}

TEST_CASE("a REST API event keeps its encoded path and encodes its decoded query once") {
  auto req = to_request(fixture("rest_v1_get.json"));
  CHECK(req.method() == "GET");
  CHECK(req.target() == "/candidate/al%20ice%20%C3%A9?q=a%20b%26c%3Dd&tag=x&tag=y");
  CHECK(req.query_param("q") == "a b&c=d");
  CHECK(all_headers(req, "accept") == std::vector<std::string>{"application/json", "text/plain"});
  CHECK(req.cookie("theme") == "dark");
  CHECK(req.body().empty());
}

TEST_CASE("a REST API event with null maps and the stage in its path maps to a request") {
  auto event = fixture("rest_v1_post_null_maps.json");
  auto req = to_request(event);
  CHECK(req.method() == "POST");
  CHECK(req.target() == "/candidate/bob");
  CHECK(req.headers().empty());
  CHECK(req.body() == R"({"CandidateName":"bob"})");
  flasky::aws::event_options keep;
  keep.strip_stage = false;
  CHECK(to_request(event, keep).target() == "/test/candidate/bob");
}

TEST_CASE("a REST API path keeps an encoded slash as it was sent") {
  auto event = fixture("rest_v1_get.json");
  event.as_object()["path"] = "/files/a%2Fb c";
  event.as_object()["multiValueQueryStringParameters"] = nullptr;
  event.as_object()["queryStringParameters"] = nullptr;
  CHECK(to_request(event).target() == "/files/a%2Fb%20c");
}

TEST_CASE("an HTTP API event encodes its decoded raw path once and keeps its raw query") {
  auto req = to_request(fixture("http_api_v2_get.json"));
  CHECK(req.method() == "GET");
  CHECK(req.target() == "/candidate/al%20ice%20%C3%A9?q=a%20b%26c%3Dd&tag=x&tag=y");
  CHECK(req.query_param("q") == "a b&c=d");
  CHECK(req.header("accept") == "application/json,text/plain");
  CHECK(all_headers(req, "cookie") == std::vector<std::string>{"session=s1; theme=dark"});
  CHECK(req.cookie("session") == "s1");
  CHECK(req.cookie("theme") == "dark");
}

TEST_CASE("an HTTP API event's base64 body is decoded and a percent sign in its path is encoded") {
  auto req = to_request(fixture("http_api_v2_post_base64.json"));
  CHECK(req.method() == "POST");
  CHECK(req.target() == "/upload/100%25");
  CHECK(req.body() == std::string("\x00\x01\xff\x80PK", 6));
  CHECK(req.header("content-type") == "application/octet-stream");
}

TEST_CASE("an ALB event keeps its query parameters as sent, since the ALB does not decode them") {
  auto req = to_request(fixture("alb_get.json"));
  CHECK(req.method() == "GET");
  CHECK(req.target() == "/candidate/al%20ice%20%C3%A9?q=a%20b%26c%3Dd&tag=y");
  CHECK(req.query_param("q") == "a b&c=d");
  CHECK(req.cookie("session") == "s1");
  CHECK(req.header("x-forwarded-proto") == "https");
}

TEST_CASE("an ALB multi-value event keeps every header and query value") {
  auto req = to_request(fixture("alb_multi_value_get.json"));
  CHECK(req.target() == "/candidate/al%20ice%20%C3%A9?q=a%20b%26c%3Dd&tag=x&tag=y");
  CHECK(all_headers(req, "accept") == std::vector<std::string>{"application/json", "text/plain"});
  CHECK(req.cookie("theme") == "dark");
}

TEST_CASE("a function URL event maps like an HTTP API event") {
  auto req = to_request(fixture("function_url_get.json"));
  CHECK(req.target() == "/candidate/al%20ice%20%C3%A9?q=a%20b%26c%3Dd&tag=x&tag=y");
  CHECK(req.cookie("session") == "s1");
  auto post = to_request(fixture("function_url_post_base64.json"));
  CHECK(post.method() == "POST");
  CHECK(post.target() == "/candidate/carol");
  CHECK(post.body() == R"({"CandidateName":"carol"})");
}

TEST_CASE("a body over the limit is refused as too large, before and after base64 decoding") {
  auto event = fixture("rest_v1_post_null_maps.json");
  event.as_object()["body"] = std::string(6 * 1024 * 1024 + 1, 'a');
  CHECK(flasky::aws::try_to_request(event, event_dialect::rest_v1).error() ==
        lambda_error::body_too_large);
  event.as_object()["body"] = std::string(6 * 1024 * 1024, 'a');
  CHECK(flasky::aws::try_to_request(event, event_dialect::rest_v1).has_value());
  // 8 MiB of base64 text decodes to 6 MiB exactly: accepted; 4 more characters are too many.
  event.as_object()["isBase64Encoded"] = true;
  event.as_object()["body"] = std::string(8 * 1024 * 1024, 'A');
  CHECK(flasky::aws::try_to_request(event, event_dialect::rest_v1).has_value());
  event.as_object()["body"] = std::string(8 * 1024 * 1024 + 4, 'A');
  CHECK(flasky::aws::try_to_request(event, event_dialect::rest_v1).error() ==
        lambda_error::body_too_large);
  flasky::aws::event_options small;
  small.max_body_size = 4;
  event.as_object()["body"] = "aGVsbG8=";  // "hello"
  CHECK(flasky::aws::try_to_request(event, event_dialect::rest_v1, small).error() ==
        lambda_error::body_too_large);
}

TEST_CASE("a body flagged base64 that is not base64 is a bad-base64 error") {
  auto event = fixture("function_url_post_base64.json");
  event.as_object()["body"] = "not base64!";
  CHECK(flasky::aws::try_to_request(event, event_dialect::function_url).error() ==
        lambda_error::bad_base64_body);
  for (const char* bad : {"YQ===", "YQ=", "Y", "YQ==YQ==", "YQ ==", "YQ\n=="}) {
    INFO(bad);
    event.as_object()["body"] = bad;
    CHECK(flasky::aws::try_to_request(event, event_dialect::function_url).error() ==
          lambda_error::bad_base64_body);
  }
  for (const char* good : {"YQ==", "YQ", "YWI=", "YWI", "YWJj", ""}) {
    INFO(good);
    event.as_object()["body"] = good;
    CHECK(flasky::aws::try_to_request(event, event_dialect::function_url).has_value());
  }
  event.as_object()["body"] = "YWI";
  CHECK(flasky::aws::try_to_request(event, event_dialect::function_url)->body() == "ab");
}

TEST_CASE("a REST API response carries single and multi-value headers") {
  flasky::response res = flasky::response::text("hi", flasky::status::created);
  res.headers().add("Set-Cookie", "a=1");
  res.headers().add("Set-Cookie", "b=2");
  auto out = flasky::aws::to_event_response(res, event_dialect::rest_v1);
  CHECK(out.at("statusCode") == 201);
  CHECK(out.at("headers").as_object().at("Content-Type") == "text/plain; charset=utf-8");
  CHECK_FALSE(out.at("headers").as_object().contains("Set-Cookie"));
  CHECK(out.at("multiValueHeaders").as_object().at("Set-Cookie") ==
        boost::json::array{"a=1", "b=2"});
  CHECK(out.at("body") == "hi");
  CHECK(out.at("isBase64Encoded") == false);
}

TEST_CASE("an HTTP API or function URL response sends Set-Cookie fields as cookies") {
  flasky::response res = flasky::response::json({{"CandidateName", "alice"}});
  res.headers().add("Set-Cookie", "a=1; Path=/");
  res.headers().add("set-cookie", "b=2");
  res.headers().add("Vary", "Accept");
  res.headers().add("Vary", "Origin");
  for (auto dialect : {event_dialect::http_api_v2, event_dialect::function_url}) {
    INFO(flasky::aws::to_string(dialect));
    auto out = flasky::aws::to_event_response(res, dialect);
    CHECK(out.at("statusCode") == 200);
    CHECK(out.at("cookies") == boost::json::array{"a=1; Path=/", "b=2"});
    const auto& headers = out.at("headers").as_object();
    CHECK(headers.at("Content-Type") == "application/json");
    CHECK(headers.at("Vary") == "Accept, Origin");
    CHECK_FALSE(headers.contains("Set-Cookie"));
    CHECK(out.at("body") == R"({"CandidateName":"alice"})");
    CHECK(out.at("isBase64Encoded") == false);
  }
}

TEST_CASE("an ALB response is answered in the header mode of its request") {
  flasky::response res = flasky::response::from_status(flasky::status::not_found);
  res.headers().add("Set-Cookie", "a=1");
  res.headers().add("Set-Cookie", "b=2");
  auto single = flasky::aws::to_event_response(res, event_dialect::alb);
  CHECK(single.at("statusCode") == 404);
  CHECK(single.at("statusDescription") == "404 Not Found");
  CHECK(single.at("headers").as_object().at("Set-Cookie") == "b=2");
  CHECK_FALSE(single.contains("multiValueHeaders"));
  CHECK(single.at("body") == "Not Found");
  auto multi = flasky::aws::to_event_response(res, event_dialect::alb_multi_value);
  CHECK(multi.at("statusDescription") == "404 Not Found");
  CHECK(multi.at("multiValueHeaders").as_object().at("Set-Cookie") ==
        boost::json::array{"a=1", "b=2"});
  CHECK(multi.at("multiValueHeaders").as_object().at("Content-Type") ==
        boost::json::array{"text/plain; charset=utf-8"});
  CHECK_FALSE(multi.contains("headers"));
}

TEST_CASE("a binary response body is sent base64-encoded, chosen by content type") {
  const std::string bytes("\x00\x01\xff\x80PK", 6);
  flasky::response png(flasky::status::ok, bytes, "image/png");
  for (auto dialect : {event_dialect::rest_v1, event_dialect::http_api_v2, event_dialect::alb,
                       event_dialect::alb_multi_value, event_dialect::function_url}) {
    INFO(flasky::aws::to_string(dialect));
    auto out = flasky::aws::to_event_response(png, dialect);
    CHECK(out.at("isBase64Encoded") == true);
    CHECK(out.at("body") == "AAH/gFBL");
  }
  // Text that happens to be in an octet-stream is binary too; JSON-like types are text.
  flasky::response octet(flasky::status::ok, "abc", "application/octet-stream");
  CHECK(flasky::aws::to_event_response(octet, event_dialect::rest_v1).at("body") == "YWJj");
  flasky::response problem(flasky::status::bad_request, "{}", "application/problem+json");
  CHECK(flasky::aws::to_event_response(problem, event_dialect::rest_v1).at("isBase64Encoded") ==
        false);
  // Bytes that are not UTF-8 cannot travel as a JSON string, whatever the content type says.
  flasky::response bad_text(flasky::status::ok, "\xff\xfe", "text/plain");
  CHECK(flasky::aws::to_event_response(bad_text, event_dialect::alb).at("body") == "//4=");
  // No body for a status that allows none.
  flasky::response empty(flasky::status::no_content);
  empty.body() = "ignored";
  CHECK(flasky::aws::to_event_response(empty, event_dialect::http_api_v2).at("body") == "");
}

TEST_CASE("the candidate API answers GET of an encoded name in every dialect") {
  flasky::memory_store store;
  REQUIRE(store.put(flasky::candidate{"al ice \xc3\xa9"}).has_value());
  flasky::router app;
  candidate_api::add_routes(app, store, "lambda-test");
  const std::vector<std::pair<std::string, event_dialect>> cases = {
      {"rest_v1_get.json", event_dialect::rest_v1},
      {"http_api_v2_get.json", event_dialect::http_api_v2},
      {"alb_get.json", event_dialect::alb},
      {"alb_multi_value_get.json", event_dialect::alb_multi_value},
      {"function_url_get.json", event_dialect::function_url}};
  for (const auto& [file, dialect] : cases) {
    INFO(file);
    auto event = boost::json::parse(read_fixture(file));
    auto detected = flasky::aws::try_detect_dialect(event);
    REQUIRE(detected.has_value());
    CHECK(*detected == dialect);
    auto req = flasky::aws::try_to_request(event, *detected);
    REQUIRE(req.has_value());
    auto answer = flasky::aws::to_event_response(app.dispatch(*req), *detected);
    CHECK(answer.at("statusCode") == 200);
    CHECK(boost::json::parse(answer.at("body").as_string()) ==
          boost::json::parse(R"([{"CandidateName":"al ice \u00e9"}])"));
    CHECK(answer.at("isBase64Encoded") == false);
  }
}

TEST_CASE("the candidate API stores a POST from a REST API and a function URL event") {
  flasky::memory_store store;
  flasky::router app;
  candidate_api::add_routes(app, store, "lambda-test");
  for (const auto* file : {"rest_v1_post_null_maps.json", "function_url_post_base64.json"}) {
    INFO(file);
    auto event = fixture(file);
    auto dialect = flasky::aws::try_detect_dialect(event).value();
    auto req = flasky::aws::try_to_request(event, dialect).value();
    auto answer = flasky::aws::to_event_response(app.dispatch(req), dialect);
    CHECK(answer.at("statusCode") == 200);
  }
  auto all = store.list().value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "bob");
  CHECK(all[1].name == "carol");
}

TEST_CASE("only a whole leading stage segment is stripped, and never the $default stage") {
  auto event = fixture("http_api_v2_get.json");
  auto& root = event.as_object();
  root["rawQueryString"] = "";
  root["rawPath"] = "/testing/x";
  CHECK(to_request(event).target() == "/testing/x");
  root["rawPath"] = "/test";
  CHECK(to_request(event).target() == "/");
  root["rawPath"] = "/test/";
  CHECK(to_request(event).target() == "/");
  root["requestContext"].as_object()["stage"] = "$default";
  root["rawPath"] = "/$default/x";
  CHECK(to_request(event).target() == "/$default/x");
}

TEST_CASE("an HTTP API event with null cookies, headers and body maps to a bare request") {
  auto event = fixture("http_api_v2_get.json");
  auto& root = event.as_object();
  root["cookies"] = nullptr;
  root["headers"] = nullptr;
  root["queryStringParameters"] = nullptr;
  root["body"] = nullptr;
  root["isBase64Encoded"] = nullptr;
  auto req = to_request(event);
  CHECK(req.headers().empty());
  CHECK(req.body().empty());
  CHECK(req.path() == "/candidate/al%20ice%20%C3%A9");
}

TEST_CASE("every lambda error has a message of its own") {
  using flasky::aws::make_error_code;
  std::vector<std::string> messages;
  for (auto e : {lambda_error::malformed_event, lambda_error::unknown_event_shape,
                 lambda_error::body_too_large, lambda_error::bad_base64_body}) {
    messages.push_back(make_error_code(e).message());
  }
  std::sort(messages.begin(), messages.end());
  CHECK(std::unique(messages.begin(), messages.end()) == messages.end());
  CHECK(make_error_code(lambda_error::body_too_large).message().find("6 MB") != std::string::npos);
}
