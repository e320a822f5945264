// aws.dynamodb.unit: configuration from the environment, the trust store lookup, the retry
// policy, fault injection in the client's transport (throttling, 5xx, non-retryable errors,
// corrupted answers), a scripted loopback server for what no real server produces (dropped and
// slow connections, keep-alive), and the container credentials endpoint.
#include <flasky/aws/dynamodb_store.hpp>

#include <catch2/catch.hpp>

#include <flasky/aws/aws_environment.hpp>
#include <flasky/aws/credentials_provider.hpp>
#include <flasky/aws/retry_policy.hpp>
#include <flasky/aws/trust_store.hpp>

#include "result_string.hpp"
#include "scripted_server.hpp"

#include <boost/crc.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace aws = flasky::aws;
using namespace std::chrono_literals;
using test_support::scripted_reply;
using test_support::scripted_server;

namespace {

aws::aws_environment::lookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

std::map<std::string, std::string> local_env(std::string endpoint) {
  return {{"AWS_REGION", "us-east-1"},
          {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
          {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
          {"AWS_ENDPOINT_URL_DYNAMODB", std::move(endpoint)}};
}

// A fake clock that only moves when the client sleeps (plus one second per request), so that
// the tests observe delays and budgets without measuring wall-clock time.
struct fake_time {
  std::chrono::system_clock::time_point now =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 12h;
  std::vector<std::chrono::milliseconds> sleeps;
};

struct recorded_request {
  std::string amz_date;
  std::string authorization;
  std::string target;
};

// Options whose transport is `answer(attempt)` (fault injection), recording each request.
aws::dynamodb_options injected(
    fake_time& time, std::vector<recorded_request>& seen,
    std::function<boost::system::result<aws::aws_http_response, aws::aws_error>(int)> answer) {
  aws::dynamodb_options options;
  options.region = "us-east-1";
  options.endpoint_url = "http://127.0.0.1:9";
  options.credentials = aws::credentials_provider::from_static({"AKIDEXAMPLE", "not-a-secret"});
  options.clock = [&time] { return time.now; };
  options.sleep = [&time](std::chrono::milliseconds d) {
    time.sleeps.push_back(d);
    time.now += d;
  };
  options.transport = [&time, &seen, answer](const flasky::request& req,
                                             std::chrono::milliseconds) {
    seen.push_back({std::string(req.header("x-amz-date").value_or("")),
                    std::string(req.header("authorization").value_or("")),
                    std::string(req.header("x-amz-target").value_or(""))});
    time.now += 1s;  // each attempt takes a second
    return answer(static_cast<int>(seen.size()));
  };
  return options;
}

aws::aws_http_response aws_error_answer(int status, std::string type) {
  return {status,
          {},
          R"({"__type":"com.amazonaws.dynamodb.v20120810#)" + type + R"(","message":"scripted"})"};
}

aws::aws_http_response ok_answer(std::string body = "{}") {
  boost::crc_32_type crc;
  crc.process_bytes(body.data(), body.size());
  flasky::header_map headers;
  headers.add("x-amz-crc32", std::to_string(crc.checksum()));
  return {200, std::move(headers), std::move(body)};
}

aws::dynamodb_client make_client(aws::dynamodb_options options) {
  auto client = aws::dynamodb_client::try_create(std::move(options));
  REQUIRE(client);
  return *client;
}

}  // namespace

// ---------------------------------------------------------------- configuration

TEST_CASE("the environment is read the way the AWS SDKs read it", "[unit]") {
  auto env = aws::aws_environment::read(env_of({{"AWS_REGION", "eu-west-1"},
                                                {"AWS_DEFAULT_REGION", "us-east-1"},
                                                {"AWS_ENDPOINT_URL", "http://general:1"},
                                                {"AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:2"}}));
  CHECK(env.region == "eu-west-1");
  CHECK(env.endpoint_url_for("DYNAMODB") == "http://ddb:2");
  CHECK(env.endpoint_url_for("S3") == "http://general:1");
  CHECK(env.candidates_table == "Candidates");

  auto fallback = aws::aws_environment::read(
      env_of({{"AWS_DEFAULT_REGION", "us-east-2"}, {"CANDIDATES_TABLE", "Mine"}}));
  CHECK(fallback.region == "us-east-2");
  CHECK(fallback.candidates_table == "Mine");
  CHECK_FALSE(fallback.endpoint_url_for("DYNAMODB"));

  auto ignored =
      aws::aws_environment::read(env_of({{"AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:2"},
                                         {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}}));
  CHECK_FALSE(ignored.endpoint_url_for("DYNAMODB"));
}

TEST_CASE(
    "a store configured from a Lambda-like environment signs with the session token and "
    "contacts nothing",
    "[unit]") {
  auto vars = local_env("http://127.0.0.1:9");  // the discard port: nothing listens
  vars["AWS_SESSION_TOKEN"] = "FQoGZXIvYXdzEXAMPLETOKEN";
  auto store = aws::dynamodb_store::try_from_environment(aws::aws_environment::read(env_of(vars)));
  REQUIRE(store);
  CHECK(store->table() == "Candidates");
  CHECK(store->client().endpoint() == "127.0.0.1:9");
  auto credentials = store->client().options().credentials->try_get();
  REQUIRE(credentials);
  CHECK(credentials->session_token == "FQoGZXIvYXdzEXAMPLETOKEN");
  CHECK(store->client().options().credentials->source() == "environment");
}

TEST_CASE("a store from an incomplete or malformed environment is an error saying what is wrong",
          "[unit]") {
  auto attempt = [](std::map<std::string, std::string> vars) {
    return aws::dynamodb_store::try_from_environment(aws::aws_environment::read(env_of(vars)));
  };
  auto vars = local_env("http://127.0.0.1:8000");

  auto no_region = vars;
  no_region.erase("AWS_REGION");
  auto r1 = attempt(no_region);
  REQUIRE(r1.has_error());
  CHECK(r1.error() == aws::aws_config_error::no_region);
  CHECK_THAT(r1.error().message(), Catch::Contains("AWS_REGION"));

  for (const char* bad : {"ftp://127.0.0.1:8000", "http://", "http://h:99999", "http://h:8000/path",
                          "http://user@h:8000", "not a url"}) {
    auto v = vars;
    v["AWS_ENDPOINT_URL_DYNAMODB"] = bad;
    auto r = attempt(v);
    INFO(bad);
    REQUIRE(r.has_error());
    CHECK(r.error() == aws::aws_config_error::malformed_endpoint);
    CHECK_THAT(r.error().message(), Catch::Contains("AWS_ENDPOINT_URL_DYNAMODB"));
  }

  auto no_secret = vars;
  no_secret.erase("AWS_SECRET_ACCESS_KEY");
  CHECK(attempt(no_secret).error() == aws::aws_config_error::incomplete_credentials);

  auto nothing = vars;
  nothing.erase("AWS_SECRET_ACCESS_KEY");
  nothing.erase("AWS_ACCESS_KEY_ID");
  auto r3 = attempt(nothing);
  CHECK(r3.error() == aws::aws_config_error::no_credentials);
  CHECK_THAT(r3.error().message(), Catch::Contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"));

  auto plain_remote = nothing;
  plain_remote["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://example.com/creds";
  CHECK(attempt(plain_remote).error() == aws::aws_config_error::malformed_credentials_uri);
  auto loopback = nothing;
  loopback["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/creds";
  CHECK(attempt(loopback));
  auto relative = nothing;
  relative["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  REQUIRE(attempt(relative));
  CHECK(attempt(relative)->client().options().credentials->source() == "container");

  for (const char* bad_table : {"ab", "has space", "sl/ash"}) {
    auto v = vars;
    v["CANDIDATES_TABLE"] = bad_table;
    CHECK(attempt(v).error() == aws::aws_config_error::malformed_table_name);
  }

  auto default_endpoint = vars;
  default_endpoint.erase("AWS_ENDPOINT_URL_DYNAMODB");
  default_endpoint["SSL_CERT_FILE"] = "/nonexistent/ca.pem";
  auto real = aws::dynamodb_client::try_from_environment(
      aws::aws_environment::read(env_of(default_endpoint)));
  // The default endpoint is https and SSL_CERT_FILE is not in the aws_environment lookup: the
  // TLS context is made from the process's trust store, so only the endpoint is checked here.
  REQUIRE(real);
  CHECK(real->endpoint() == "dynamodb.us-east-1.amazonaws.com:443");
}

// ---------------------------------------------------------------- trust store

TEST_CASE("the trust store honours SSL_CERT_FILE and SSL_CERT_DIR before probing", "[unit]") {
  const auto never = [](std::string_view, bool) { return true; };
  auto file = aws::trust_store::locate(env_of({{"SSL_CERT_FILE", "/tmp/test-ca.pem"}}), never);
  CHECK(file.file == "/tmp/test-ca.pem");
  CHECK_FALSE(file.directory);
  auto dir = aws::trust_store::locate(env_of({{"SSL_CERT_DIR", "/tmp/certs"}}), never);
  CHECK(dir.directory == "/tmp/certs");
  CHECK_FALSE(dir.file);
}

TEST_CASE("the trust store probes bundle files in order, then directories", "[unit]") {
  std::vector<std::string> probed;
  std::set<std::string> present;
  auto probe = [&](std::string_view path, bool directory) {
    probed.push_back(std::string(path) + (directory ? "/" : ""));
    return present.count(std::string(path)) > 0;
  };
  const auto empty_env = env_of({});

  present = {"/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs/ca-certificates.crt"};
  auto amazon = aws::trust_store::locate(empty_env, probe);
  CHECK(amazon.file == "/etc/pki/tls/certs/ca-bundle.crt");  // Amazon Linux first
  CHECK(probed.size() == 1);

  probed.clear();
  present = {"/etc/ssl/cert.pem", "/etc/ssl/certs/ca-certificates.crt"};
  CHECK(aws::trust_store::locate(empty_env, probe).file == "/etc/ssl/certs/ca-certificates.crt");
  CHECK(probed == std::vector<std::string>{"/etc/pki/tls/certs/ca-bundle.crt",
                                           "/etc/ssl/certs/ca-certificates.crt"});

  probed.clear();
  present = {"/etc/pki/tls/certs"};
  auto dir_only = aws::trust_store::locate(empty_env, probe);
  CHECK_FALSE(dir_only.file);
  CHECK(dir_only.directory == "/etc/pki/tls/certs");
  CHECK(probed.size() == aws::trust_store::bundle_paths.size() + 2);

  present.clear();
  CHECK(aws::trust_store::locate(empty_env, probe).empty());
}

TEST_CASE("the trust store finds this machine's CA bundle on the real file system", "[unit]") {
  auto found = aws::trust_store::locate(env_of({}));
  REQUIRE(found.file);
  std::ifstream in(*found.file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_THAT(text, Catch::Contains("-----BEGIN CERTIFICATE-----"));
}

// ---------------------------------------------------------------- retry policy

TEST_CASE("full-jitter backoff spans zero to a doubling, capped bound", "[unit]") {
  aws::retry_policy policy;
  policy.base_delay = 100ms;
  policy.max_backoff = 1000ms;
  CHECK(policy.backoff_cap(1) == 100ms);
  CHECK(policy.backoff_cap(2) == 200ms);
  CHECK(policy.backoff_cap(4) == 800ms);
  CHECK(policy.backoff_cap(5) == 1000ms);
  CHECK(policy.backoff_cap(60) == 1000ms);
  std::mt19937_64 random{7};
  std::set<long long> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto d = policy.backoff(3, random);
    CHECK(d >= 0ms);
    CHECK(d <= 400ms);
    seen.insert(d.count());
  }
  CHECK(seen.size() > 300);   // jitter, not a fixed delay
  CHECK(*seen.begin() <= 5);  // the whole range [0, cap] is used
  CHECK(*seen.rbegin() >= 395);
}

TEST_CASE("throttling and 5xx are retryable; client errors are not", "[unit]") {
  CHECK(aws::retry_policy::is_retryable(500, ""));
  CHECK(aws::retry_policy::is_retryable(503, "ServiceUnavailable"));
  CHECK(aws::retry_policy::is_retryable(429, ""));
  CHECK(aws::retry_policy::is_retryable(400, "ProvisionedThroughputExceededException"));
  CHECK(aws::retry_policy::is_retryable(400, "ThrottlingException"));
  CHECK_FALSE(aws::retry_policy::is_retryable(400, "ValidationException"));
  CHECK_FALSE(aws::retry_policy::is_retryable(400, "ResourceNotFoundException"));
  CHECK_FALSE(aws::retry_policy::is_retryable(400, "AccessDeniedException"));
  CHECK_FALSE(aws::retry_policy::is_retryable(403, "InvalidSignatureException"));
}

// ---------------------------------------------------------------- fault injection

TEST_CASE("fault injection: a throttled call is retried, each attempt signed afresh", "[unit]") {
  fake_time time;
  std::vector<recorded_request> seen;
  auto client = make_client(injected(time, seen, [](int attempt) {
    if (attempt == 1) return aws_error_answer(400, "ProvisionedThroughputExceededException");
    if (attempt == 2) return aws_error_answer(400, "ThrottlingException");
    return ok_answer(R"({"Item":{"CandidateName":{"S":"alice"}}})");
  }));
  auto item = client.try_get_item("Candidates", {{"CandidateName", {{"S", "alice"}}}});
  REQUIRE(item);
  REQUIRE(*item);
  CHECK(seen.size() == 3);
  CHECK(time.sleeps.size() == 2);
  std::set<std::string> dates, signatures;
  for (const auto& r : seen) {
    CHECK(r.target == "DynamoDB_20120810.GetItem");
    CHECK_THAT(r.authorization, Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    dates.insert(r.amz_date);
    signatures.insert(r.authorization.substr(r.authorization.find("Signature=")));
  }
  CHECK(dates.size() == 3);
  CHECK(signatures.size() == 3);
}

TEST_CASE(
    "fault injection: 500s are retried up to max_attempts, then the error carries the "
    "AWS type, the status and the attempts",
    "[unit]") {
  fake_time time;
  std::vector<recorded_request> seen;
  auto options =
      injected(time, seen, [](int) { return aws_error_answer(500, "InternalServerError"); });
  options.retry.max_attempts = 4;
  auto client = make_client(std::move(options));
  auto put = client.try_put_item("Candidates", {{"CandidateName", {{"S", "bob"}}}});
  REQUIRE(put.has_error());
  CHECK(seen.size() == 4);
  CHECK(time.sleeps.size() == 3);
  CHECK(put.error().what_kind() == aws::aws_error::kind::service);
  CHECK(put.error().aws_type() == "InternalServerError");
  CHECK(put.error().http_status() == 500);
  CHECK(put.error().attempts() == 4);
  CHECK(std::string(put.error().what()) ==
        "DynamoDB PutItem: InternalServerError (HTTP 500): scripted [4 attempts]");
}

TEST_CASE(
    "fault injection: full-jitter delays stay under their caps and the time budget ends "
    "the call before max_attempts",
    "[unit]") {
  fake_time time;
  std::vector<recorded_request> seen;
  auto options =
      injected(time, seen, [](int) { return aws_error_answer(503, "ServiceUnavailable"); });
  options.retry.max_attempts = 100;
  options.retry.base_delay = 200ms;
  options.retry.max_backoff = 1500ms;
  options.retry.max_total_time = 8000ms;  // each attempt takes 1 s of fake time
  auto client = make_client(options);
  auto answer = client.try_call("Scan", {{"TableName", "Candidates"}});
  REQUIRE(answer.has_error());
  CHECK(answer.error().attempts() == static_cast<int>(seen.size()));
  CHECK(seen.size() < 100);
  CHECK(seen.size() >= 4);
  std::chrono::milliseconds slept{0};
  for (std::size_t i = 0; i < time.sleeps.size(); ++i) {
    CHECK(time.sleeps[i] <= options.retry.backoff_cap(static_cast<int>(i) + 1));
    slept += time.sleeps[i];
  }
  // Attempts and delays together stay inside the budget.
  CHECK(std::chrono::milliseconds(1000 * static_cast<long>(seen.size())) + slept <=
        options.retry.max_total_time + 1000ms);
}

TEST_CASE("fault injection: non-retryable errors are returned after one attempt", "[unit]") {
  for (const char* type : {"ValidationException", "ResourceNotFoundException",
                           "AccessDeniedException", "ConditionalCheckFailedException"}) {
    fake_time time;
    std::vector<recorded_request> seen;
    auto client =
        make_client(injected(time, seen, [type](int) { return aws_error_answer(400, type); }));
    auto put = client.try_put_item("Candidates", {{"CandidateName", {{"S", "x"}}}});
    INFO(type);
    REQUIRE(put.has_error());
    CHECK(seen.size() == 1);
    CHECK(time.sleeps.empty());
    CHECK(put.error().aws_type() == type);
    CHECK(put.error().attempts() == 1);
  }
}

TEST_CASE("fault injection: transport failures and corrupted answers are retried", "[unit]") {
  fake_time time;
  std::vector<recorded_request> seen;
  auto client = make_client(injected(
      time, seen, [](int attempt) -> boost::system::result<aws::aws_http_response, aws::aws_error> {
        if (attempt == 1) {
          return aws::aws_error(aws::aws_error::kind::connection,
                                "no complete answer from 127.0.0.1:9: end of stream",
                                boost::asio::error::eof);
        }
        if (attempt == 2) {
          auto corrupted = ok_answer(R"({"Items":[],"Count":0})");
          corrupted.body[2] = 'X';  // the checksum no longer matches
          return corrupted;
        }
        return ok_answer(R"({"Items":[],"Count":0})");
      }));
  auto scan = client.try_scan({{"TableName", "Candidates"}});
  REQUIRE(scan);
  CHECK(scan->items.empty());
  CHECK(seen.size() == 3);
}

TEST_CASE(
    "fault injection: a candidate store maps errors to values and logs one line without "
    "secrets",
    "[unit]") {
  fake_time time;
  std::vector<recorded_request> seen;
  auto client = make_client(
      injected(time, seen, [](int) { return aws_error_answer(400, "ResourceNotFoundException"); }));
  aws::dynamodb_store store(client, "Candidates");
  std::vector<std::string> lines;
  store.set_logger([&](std::string_view line) { lines.emplace_back(line); });
  auto put = store.put(flasky::candidate{"alice"});
  REQUIRE(put.has_error());
  CHECK(put.error() == flasky::error::store_unavailable);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "flasky dynamodb_store: table 'Candidates': DynamoDB PutItem: ResourceNotFoundException "
        "(HTTP 400): scripted [1 attempt]");
  CHECK(lines[0].find("not-a-secret") == std::string::npos);

  auto denied = make_client(
      injected(time, seen, [](int) { return aws_error_answer(400, "AccessDeniedException"); }));
  aws::dynamodb_store denied_store(denied, "Candidates");
  denied_store.set_logger([](std::string_view) {});
  CHECK(denied_store.list().error() == flasky::error::store_failure);
  CHECK(denied_store.put(flasky::candidate{""}).error() == flasky::error::invalid_name);
}

// ---------------------------------------------------------------- scripted loopback server

namespace {
aws::dynamodb_options scripted_options(const scripted_server& server) {
  aws::dynamodb_options options;
  options.region = "us-east-1";
  options.endpoint_url = server.url();
  options.credentials = aws::credentials_provider::from_static({"AKIDEXAMPLE", "not-a-secret"});
  options.retry.base_delay = 1ms;
  return options;
}
}  // namespace

TEST_CASE("scripted server: one kept-alive connection serves consecutive calls", "[unit]") {
  scripted_server server([](int, int, const std::string&) {
    return test_support::reply(scripted_reply::action::answer, 200, R"({"Items":[],"Count":0})");
  });
  auto client = make_client(scripted_options(server));
  for (int i = 0; i < 5; ++i) REQUIRE(client.try_scan({{"TableName", "Candidates"}}));
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 1);
  const auto first = server.received().front();
  CHECK_THAT(first, Catch::StartsWith("POST / HTTP/1.1\r\n"));
  CHECK_THAT(first, Catch::Contains("X-Amz-Target: DynamoDB_20120810.Scan"));
  CHECK_THAT(first, Catch::Contains("Content-Type: application/x-amz-json-1.0"));
  CHECK_THAT(first, Catch::Contains("Host: 127.0.0.1:" + std::to_string(server.port())));
}

TEST_CASE("scripted server: a connection idle for longer than connection_max_idle is replaced",
          "[unit]") {
  scripted_server server([](int, int, const std::string&) {
    return test_support::reply(scripted_reply::action::answer, 200, "{}");
  });
  auto options = scripted_options(server);
  options.connection_max_idle = 20ms;
  auto client = make_client(options);
  REQUIRE(client.try_call("DescribeLimits", {}));
  std::this_thread::sleep_for(100ms);  // longer than connection_max_idle
  REQUIRE(client.try_call("DescribeLimits", {}));
  CHECK(server.connections() == 2);
  CHECK(server.requests() == 2);
}

TEST_CASE("scripted server: a connection the server closed while idle is re-established",
          "[unit]") {
  scripted_server server([](int, int, const std::string&) {
    return test_support::reply(scripted_reply::action::answer_then_drop, 200, "{}");
  });
  auto client = make_client(scripted_options(server));
  for (int i = 0; i < 3; ++i) {
    auto answer = client.try_call("DescribeLimits", {});
    REQUIRE(answer);
  }
  CHECK(server.connections() == 3);
  CHECK(server.requests() == 3);
}

TEST_CASE("scripted server: a connection dropped before the answer is retried on a new one",
          "[unit]") {
  scripted_server server([](int connection, int, const std::string&) {
    if (connection == 0) return test_support::reply(scripted_reply::action::drop);
    return test_support::reply(scripted_reply::action::answer, 200, R"({"Items":[]})");
  });
  auto client = make_client(scripted_options(server));
  auto scan = client.try_scan({{"TableName", "Candidates"}});
  REQUIRE(scan);
  CHECK(server.connections() == 2);
  // The retry was signed again (the same second may give the same date, never a stale header).
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK_THAT(received[1], Catch::Contains("Authorization: AWS4-HMAC-SHA256"));
}

TEST_CASE("scripted server: a server that never answers times out, bounded in attempts", "[unit]") {
  scripted_server server([](int, int, const std::string&) {
    return test_support::reply(scripted_reply::action::hang);
  });
  auto options = scripted_options(server);
  options.retry.attempt_timeout = 200ms;
  options.retry.max_attempts = 2;
  auto client = make_client(options);
  auto answer = client.try_call("Scan", {{"TableName", "Candidates"}});
  REQUIRE(answer.has_error());
  CHECK(answer.error().what_kind() == aws::aws_error::kind::timeout);
  CHECK(answer.error().attempts() == 2);
  CHECK_THAT(answer.error().what(), Catch::Contains("timed out"));
  CHECK(server.requests() == 2);
}

TEST_CASE("scripted server: nothing listening is store_unavailable with a clear log line",
          "[unit]") {
  std::string url;
  {
    scripted_server closed([](int, int, const std::string&) { return scripted_reply{}; });
    url = closed.url();
  }  // the port is closed again
  auto env = local_env(url);
  auto store = aws::dynamodb_store::try_from_environment(aws::aws_environment::read(env_of(env)));
  REQUIRE(store);
  std::vector<std::string> lines;
  store->set_logger([&](std::string_view line) { lines.emplace_back(line); });
  auto found = store->find("alice");
  REQUIRE(found.has_error());
  CHECK(found.error() == flasky::error::store_unavailable);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::Contains("DynamoDB GetItem: cannot connect to 127.0.0.1:"));
  CHECK_THAT(lines[0], Catch::Contains("Connection refused"));
  CHECK(lines[0].find("EXAMPLEKEY") == std::string::npos);
}

TEST_CASE("scripted server: by default a store failure is one line on stderr", "[unit]") {
  std::string url;
  {
    scripted_server closed([](int, int, const std::string&) { return scripted_reply{}; });
    url = closed.url();
  }
  auto store =
      aws::dynamodb_store::try_from_environment(aws::aws_environment::read(env_of(local_env(url))));
  REQUIRE(store);
  const std::string path = "aws_dynamodb_unit_stderr.txt";
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int file = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  REQUIRE(file >= 0);
  ::dup2(file, 2);
  auto put = store->put(flasky::candidate{"alice"});
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(file);
  ::close(saved);
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  CHECK(put.error() == flasky::error::store_unavailable);
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
  CHECK_THAT(text, Catch::StartsWith("flasky dynamodb_store: table 'Candidates': DynamoDB PutItem: "
                                     "cannot connect to 127.0.0.1:"));
  CHECK(text.find("EXAMPLEKEY") == std::string::npos);
}

// ---------------------------------------------------------------- container credentials

TEST_CASE(
    "container credentials: fetched with the authorization token, cached, refreshed near "
    "expiry",
    "[unit]") {
  std::mutex mutex;
  std::string expiration = "2099-01-01T00:00:00Z";
  scripted_server endpoint([&](int, int, const std::string& req) {
    if (req.find("\r\nAuthorization: test-token-1\r\n") == std::string::npos ||
        req.rfind("GET /v2/creds HTTP/1.1\r\n", 0) != 0) {
      return test_support::reply(scripted_reply::action::answer, 401, "{}");
    }
    std::lock_guard<std::mutex> lock(mutex);
    return test_support::reply(
        scripted_reply::action::answer, 200,
        R"({"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"container-secret",)"
        R"("Token":"session-token","Expiration":")" +
            expiration + R"("})");
  });
  auto provider =
      aws::credentials_provider::try_from_container(endpoint.url() + "/v2/creds", "test-token-1");
  REQUIRE(provider);
  auto first = provider->try_get();
  REQUIRE(first);
  CHECK(first->access_key_id == "ASIAEXAMPLE");
  CHECK(first->secret_access_key == "container-secret");
  CHECK(first->session_token == "session-token");
  REQUIRE(provider->try_get());
  CHECK(endpoint.requests() == 1);  // cached

  {
    std::lock_guard<std::mutex> lock(mutex);
    expiration = "2000-01-01T00:00:00Z";  // already expired: fetched on every call
  }
  auto copy = *provider;
  REQUIRE(copy.try_get());  // cached one still valid till 2099: no fetch
  CHECK(endpoint.requests() == 1);

  auto fresh =
      aws::credentials_provider::try_from_container(endpoint.url() + "/v2/creds", "test-token-1");
  REQUIRE(fresh->try_get());
  REQUIRE(fresh->try_get());
  CHECK(endpoint.requests() == 3);  // expired credentials are fetched again
}

TEST_CASE("container credentials: the token file is read, and a refusal is a clear error",
          "[unit]") {
  scripted_server endpoint([](int, int, const std::string& req) {
    if (req.find("\r\nAuthorization: token-from-file\r\n") == std::string::npos) {
      return test_support::reply(scripted_reply::action::answer, 403, "{}");
    }
    return test_support::reply(scripted_reply::action::answer, 200,
                               R"({"AccessKeyId":"AKIDFILE","SecretAccessKey":"s"})");
  });
  const std::string token_file = "aws_dynamodb_unit_token.txt";
  std::ofstream(token_file) << "token-from-file\n";
  auto env = aws::aws_environment::read(
      env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url() + "/creds"},
              {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}}));
  auto provider = aws::credentials_provider::try_from_environment(env);
  REQUIRE(provider);
  auto creds = provider->try_get();
  REQUIRE(creds);
  CHECK(creds->access_key_id == "AKIDFILE");

  std::ofstream(token_file) << "wrong-token";
  auto refused = aws::credentials_provider::try_from_environment(env)->try_get();
  REQUIRE(refused.has_error());
  CHECK(refused.error().what_kind() == aws::aws_error::kind::credentials);
  CHECK_THAT(refused.error().what(), Catch::Contains("HTTP 403"));
  std::remove(token_file.c_str());
  auto missing = aws::credentials_provider::try_from_environment(env)->try_get();
  REQUIRE(missing.has_error());
  CHECK_THAT(missing.error().what(), Catch::Contains("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
}
