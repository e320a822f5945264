// aws.dynamodb.{dynalite,moto_iam,tls}: the client and dynamodb_store against real servers that
// run_servers.py starts (it passes endpoints, credentials and files in the environment and reads
// back with boto3 what these tests wrote).
#include <flasky/aws/dynamodb_store.hpp>

#include <catch2/catch.hpp>

#include <flasky/router.hpp>
#include <flasky/test_client.hpp>
#include <flasky/testing/candidate_store_conformance.hpp>

#include "candidate_api.hpp"
#include "result_string.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aws = flasky::aws;
using namespace std::chrono_literals;

namespace {

std::string env_or_fail(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    FAIL("environment variable " << name << " is not set: run this test through run_servers.py");
  }
  return value;
}

// The process environment with some variables replaced ("" removes one).
aws::aws_environment environment_with(std::map<std::string, std::string> overrides) {
  auto process = aws::aws_environment::process_lookup();
  return aws::aws_environment::read(
      [process, overrides](std::string_view name) -> std::optional<std::string> {
        if (auto it = overrides.find(std::string(name)); it != overrides.end()) {
          if (it->second.empty()) return std::nullopt;
          return it->second;
        }
        return process(name);
      });
}

aws::dynamodb_client client_from_environment(std::map<std::string, std::string> overrides = {}) {
  auto client = aws::dynamodb_client::try_from_environment(environment_with(std::move(overrides)));
  if (!client) FAIL("cannot configure the client: " << client.error().message());
  return *client;
}

flasky::testing::candidate_store_conformance_options server_load() {
  flasky::testing::candidate_store_conformance_options options;
  options.writer_threads = 6;
  options.puts_per_writer = 20;
  options.reader_threads = 3;
  return options;
}

std::vector<std::string> names_of(const boost::system::result<std::vector<flasky::candidate>>& r) {
  std::vector<std::string> out;
  if (r) {
    for (const auto& c : *r) out.push_back(c.name);
  }
  return out;
}

// The names the read-back tests write; run_servers.py checks them with boto3.
const std::vector<std::string> readback_names = {"alice", "Zo\xc3\xab", "O'Brien \"q\"",
                                                 "\xe5\x80\x99\xe9\x80\x89\xe4\xba\xba",
                                                 "a/b?c#d%20e&f=g"};

}  // namespace

// ---------------------------------------------------------------- dynalite

TEST_CASE("dynalite: the dynamodb store keeps the candidate_store contract (Scan pages of 5)",
          "[dynalite]") {
  auto client = client_from_environment();
  static std::atomic<int> tables{0};  // Catch2 runs the test case again for every section
  flasky::testing::check_candidate_store_conformance(
      [&] {
        const std::string table = "conformance-" + std::to_string(tables++);
        auto created = client.try_create_table_and_wait(table, "CandidateName");
        if (!created) FAIL(created.error().what());
        return std::make_unique<aws::dynamodb_store>(client, table, 5);
      },
      server_load());
}

TEST_CASE("the store from the environment writes what boto3 reads back", "[dynalite][moto]") {
  auto env = aws::aws_environment::read();
  auto store = aws::dynamodb_store::try_from_environment(env);
  REQUIRE(store);
  if (std::getenv("FLASKY_TEST_CREATE_TABLE")) {
    REQUIRE(store->client().try_create_table_and_wait(store->table(), "CandidateName"));
  }
  flasky::router app;
  candidate_api::add_routes(app, *store, "test");
  flasky::test_client http(app);
  for (const auto& name : readback_names) {
    REQUIRE(store->put(flasky::candidate{name}));
  }
  auto posted = http.post("/candidate/bob%20smith");
  CHECK(posted.status() == flasky::status::ok);
  CHECK(posted.body() == R"({"CandidateName":"bob smith"})");
  auto found = http.get("/candidate/bob%20smith");
  CHECK(found.body() == R"([{"CandidateName":"bob smith"}])");
  auto listed = store->list();
  REQUIRE(listed);
  CHECK(listed->size() == readback_names.size() + 1);
}

TEST_CASE("a missing table makes POST answer 500 Unable to update, with one log line",
          "[dynalite][moto]") {
  auto store = aws::dynamodb_store::try_from_environment(
      environment_with({{"CANDIDATES_TABLE", "CandidatesMissing"}}));
  REQUIRE(store);
  std::vector<std::string> lines;
  store->set_logger([&](std::string_view line) { lines.emplace_back(line); });
  flasky::router app;
  candidate_api::add_routes(app, *store, "test");
  flasky::test_client http(app);
  auto posted = http.post("/candidate/alice");
  CHECK(posted.status() == flasky::status::internal_server_error);
  CHECK(posted.body() == "Unable to update");
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0],
             Catch::StartsWith("flasky dynamodb_store: table 'CandidatesMissing': DynamoDB "
                               "PutItem: ResourceNotFoundException (HTTP 400)"));
  CHECK(lines[0].find(env_or_fail("AWS_SECRET_ACCESS_KEY")) == std::string::npos);
  CHECK(store->find("alice").error() == flasky::error::store_unavailable);
}

TEST_CASE("dynalite: Scan and Query page through a table; GetItem of a missing item is empty",
          "[dynalite]") {
  auto client = client_from_environment();
  REQUIRE(client.try_create_table_and_wait("paging", "CandidateName"));
  for (int i = 0; i < 23; ++i) {
    REQUIRE(client.try_put_item("paging", {{"CandidateName", {{"S", "n" + std::to_string(i)}}},
                                           {"Extra", {{"N", std::to_string(i)}}}}));
  }
  auto first = client.try_scan({{"TableName", "paging"}, {"Limit", 5}, {"ConsistentRead", true}});
  REQUIRE(first);
  CHECK(first->items.size() == 5);
  REQUIRE(first->last_evaluated_key);
  auto second = client.try_scan(
      {{"TableName", "paging"}, {"Limit", 5}, {"ExclusiveStartKey", *first->last_evaluated_key}});
  REQUIRE(second);
  CHECK(second->items.size() == 5);
  CHECK(second->items.front() != first->items.front());
  auto all = client.try_scan_all({{"TableName", "paging"}, {"Limit", 5}});
  REQUIRE(all);
  CHECK(all->size() == 23);
  auto query = client.try_query_all({{"TableName", "paging"},
                                     {"KeyConditionExpression", "CandidateName = :n"},
                                     {"ExpressionAttributeValues", {{":n", {{"S", "n7"}}}}},
                                     {"ConsistentRead", true}});
  REQUIRE(query);
  REQUIRE(query->size() == 1);
  CHECK(query->front().at("Extra").at("N") == "7");
  auto missing = client.try_get_item("paging", {{"CandidateName", {{"S", "nope"}}}});
  REQUIRE(missing);
  CHECK_FALSE(*missing);
  auto described = client.try_describe_table("paging");
  REQUIRE(described);
  CHECK(described->at("TableStatus") == "ACTIVE");
  CHECK(described->at("KeySchema").at(0).at("AttributeName") == "CandidateName");
}

TEST_CASE("dynalite: errors carry the AWS error type and are not retried", "[dynalite]") {
  auto client = client_from_environment();
  auto missing = client.try_describe_table("NoSuchTable");
  REQUIRE(missing.has_error());
  CHECK(missing.error().aws_type() == "ResourceNotFoundException");
  CHECK(missing.error().http_status() == 400);
  CHECK(missing.error().attempts() == 1);
  auto invalid = client.try_put_item("paging", {{"Wrong", {{"S", "x"}}}});
  REQUIRE(invalid.has_error());
  CHECK(invalid.error().aws_type() == "ValidationException");
  CHECK(invalid.error().attempts() == 1);
}

// ---------------------------------------------------------------- moto (SigV4 + IAM)

TEST_CASE(
    "moto: the dynamodb store keeps the candidate_store contract as a user whose policy "
    "allows only the store's actions",
    "[moto]") {
  auto client = client_from_environment();
  const std::string prefix = env_or_fail("FLASKY_TEST_TABLE_PREFIX");
  const int count = std::atoi(env_or_fail("FLASKY_TEST_TABLE_COUNT").c_str());
  static std::atomic<int> tables{0};  // Catch2 runs the test case again for every section
  flasky::testing::check_candidate_store_conformance(
      [&] {
        const int n = tables++;
        if (n >= count) FAIL("run_servers.py created too few tables");
        return std::make_unique<aws::dynamodb_store>(client, prefix + std::to_string(n), 5);
      },
      server_load());
}

// DynamoDB itself names these errors InvalidSignatureException, UnrecognizedClientException and
// AccessDeniedException (HTTP 400); moto answers with the IAM names SignatureDoesNotMatch,
// InvalidClientTokenId and AccessDenied (HTTP 403). Either is accepted; none is retried.
namespace {
bool is_access_denied(const aws::aws_error& e) {
  return e.aws_type() == "AccessDeniedException" || e.aws_type() == "AccessDenied";
}
}  // namespace

TEST_CASE("moto: a wrong secret is refused with the AWS error type, after one attempt", "[moto]") {
  auto client = client_from_environment({{"AWS_SECRET_ACCESS_KEY", "wrong-secret-EXAMPLE"}});
  auto item = client.try_get_item("Candidates", {{"CandidateName", {{"S", "alice"}}}});
  REQUIRE(item.has_error());
  INFO(item.error().what());
  CHECK(item.error().what_kind() == aws::aws_error::kind::service);
  CHECK((item.error().aws_type() == "InvalidSignatureException" ||
         item.error().aws_type() == "SignatureDoesNotMatch"));
  CHECK(item.error().attempts() == 1);
  aws::dynamodb_store store(client, "Candidates");
  store.set_logger([](std::string_view) {});
  CHECK(store.find("alice").error() == flasky::error::store_failure);

  auto unknown = client_from_environment({{"AWS_ACCESS_KEY_ID", "AKIDUNKNOWNEXAMPLE"}});
  auto refused = unknown.try_get_item("Candidates", {{"CandidateName", {{"S", "alice"}}}});
  REQUIRE(refused.has_error());
  INFO(refused.error().what());
  CHECK((refused.error().aws_type() == "UnrecognizedClientException" ||
         refused.error().aws_type() == "InvalidClientTokenId"));
  CHECK(refused.error().attempts() == 1);
}

TEST_CASE("moto: an action outside the IAM policy is refused with AccessDeniedException",
          "[moto]") {
  auto client = client_from_environment();
  auto deleted = client.try_call("DeleteTable", {{"TableName", "Candidates"}});
  REQUIRE(deleted.has_error());
  INFO(deleted.error().what());
  CHECK(is_access_denied(deleted.error()));
  CHECK(deleted.error().attempts() == 1);
  auto created = client.try_create_table_and_wait("Other", "CandidateName");
  REQUIRE(created.has_error());
  INFO(created.error().what());
  CHECK(is_access_denied(created.error()));
  aws::dynamodb_store store(client, "Candidates");
  std::vector<std::string> lines;
  store.set_logger([&](std::string_view line) { lines.emplace_back(line); });
  CHECK(store.list());  // Scan is allowed
}

TEST_CASE("moto: a store signs with credentials from the container credentials endpoint",
          "[moto]") {
  auto store = aws::dynamodb_store::try_from_environment(environment_with(
      {{"AWS_ACCESS_KEY_ID", ""},
       {"AWS_SECRET_ACCESS_KEY", ""},
       {"AWS_SESSION_TOKEN", ""},
       {"AWS_CONTAINER_CREDENTIALS_FULL_URI", env_or_fail("FLASKY_TEST_CONTAINER_URI")},
       {"AWS_CONTAINER_AUTHORIZATION_TOKEN", env_or_fail("FLASKY_TEST_CONTAINER_TOKEN")}}));
  REQUIRE(store);
  CHECK(store->client().options().credentials->source() == "container");
  REQUIRE(store->put(flasky::candidate{"from-container"}));
  CHECK(names_of(store->find("from-container")) == std::vector<std::string>{"from-container"});
}

TEST_CASE(
    "moto: Lambda-like credentials (an assumed role's key, secret and session token) are "
    "accepted, and a wrong session token refused",
    "[moto]") {
  const std::string key = env_or_fail("FLASKY_TEST_ROLE_KEY");
  const std::string secret = env_or_fail("FLASKY_TEST_ROLE_SECRET");
  const std::string token = env_or_fail("FLASKY_TEST_ROLE_TOKEN");
  auto store =
      aws::dynamodb_store::try_from_environment(environment_with({{"AWS_ACCESS_KEY_ID", key},
                                                                  {"AWS_SECRET_ACCESS_KEY", secret},
                                                                  {"AWS_SESSION_TOKEN", token}}));
  REQUIRE(store);
  REQUIRE(store->put(flasky::candidate{"from-session"}));
  CHECK(names_of(store->find("from-session")) == std::vector<std::string>{"from-session"});

  auto wrong = client_from_environment({{"AWS_ACCESS_KEY_ID", key},
                                        {"AWS_SECRET_ACCESS_KEY", secret},
                                        {"AWS_SESSION_TOKEN", "x" + token}});
  auto refused = wrong.try_get_item("Candidates", {{"CandidateName", {{"S", "from-session"}}}});
  REQUIRE(refused.has_error());
  INFO(refused.error().what());
  CHECK(refused.error().what_kind() == aws::aws_error::kind::service);
  CHECK(refused.error().attempts() == 1);
  CHECK(std::string(refused.error().what()).find(token) == std::string::npos);
}

// ---------------------------------------------------------------- TLS

namespace {

// Options for a client of `url` (the TLS proxy unless said otherwise) that trusts `trust`.
aws::dynamodb_options tls_options(aws::trust_store trust,
                                  std::string url = env_or_fail("FLASKY_TEST_TLS_URL")) {
  aws::dynamodb_options options;
  options.region = "us-east-1";
  options.endpoint_url = std::move(url);
  options.credentials = aws::credentials_provider::from_static({"AKIDEXAMPLE", "x"});
  options.trust = std::move(trust);
  return options;
}

}  // namespace

TEST_CASE(
    "tls: the store works over https trusting the CA named by SSL_CERT_FILE, on one kept-"
    "alive connection",
    "[tls]") {
  const std::string url = env_or_fail("FLASKY_TEST_TLS_URL");
  env_or_fail("SSL_CERT_FILE");
  auto store = aws::dynamodb_store::try_from_environment(
      environment_with({{"AWS_ENDPOINT_URL_DYNAMODB", url}, {"CANDIDATES_TABLE", "tls"}}));
  REQUIRE(store);
  REQUIRE(store->client().try_create_table_and_wait("tls", "CandidateName"));
  auto count = [] {
    std::ifstream in(env_or_fail("FLASKY_TEST_PROXY_COUNT_FILE"));
    int n = -1;
    in >> n;
    return n;
  };
  const int before = count();
  for (int i = 0; i < 10; ++i) REQUIRE(store->put(flasky::candidate{"tls" + std::to_string(i)}));
  CHECK(names_of(store->find("tls3")) == std::vector<std::string>{"tls3"});
  CHECK(store->list()->size() == 10);
  CHECK(count() == before);  // no new TLS connection for 12 calls
}

TEST_CASE("tls: a hashed CA directory (as SSL_CERT_DIR names) is trusted too", "[tls]") {
  auto options = tls_options(aws::trust_store::locate(
      [dir = env_or_fail("FLASKY_TEST_CA_DIR")](std::string_view name) -> std::optional<std::string> {
        if (name == "SSL_CERT_DIR") return dir;
        return std::nullopt;
      }));
  REQUIRE(options.trust->directory);
  REQUIRE_FALSE(options.trust->file);
  auto client = aws::dynamodb_client::try_create(options);
  REQUIRE(client);
  auto described = client->try_describe_table("tls");
  REQUIRE(described);
  CHECK(described->at("TableName") == "tls");
}

TEST_CASE("tls: a certificate from another CA fails verification with a clear error, not retried",
          "[tls]") {
  auto client = aws::dynamodb_client::try_create(
      tls_options(aws::trust_store{env_or_fail("FLASKY_TEST_OTHER_CA_FILE"), std::nullopt}));
  REQUIRE(client);
  auto answer = client->try_describe_table("tls");
  REQUIRE(answer.has_error());
  INFO(answer.error().what());
  CHECK(answer.error().what_kind() == aws::aws_error::kind::tls);
  CHECK_THAT(answer.error().what(),
             Catch::StartsWith("DynamoDB DescribeTable: TLS handshake with 127.0.0.1:"));
  CHECK_THAT(answer.error().what(), Catch::Contains("certificate verification failed"));
  CHECK(answer.error().attempts() == 1);
  aws::dynamodb_store store(*client, "tls");
  store.set_logger([](std::string_view) {});
  CHECK(store.list().error() == flasky::error::store_unavailable);
}

TEST_CASE("tls: a certificate for another host name fails verification", "[tls]") {
  std::string url = env_or_fail("FLASKY_TEST_TLS_URL");  // https://127.0.0.1:P
  url.replace(url.find("127.0.0.1"), 9, "localhost");    // the certificate names 127.0.0.1 only
  auto client = aws::dynamodb_client::try_create(
      tls_options(aws::trust_store{env_or_fail("SSL_CERT_FILE"), std::nullopt}, url));
  REQUIRE(client);
  auto answer = client->try_describe_table("tls");
  REQUIRE(answer.has_error());
  INFO(answer.error().what());
  CHECK(answer.error().what_kind() == aws::aws_error::kind::tls);
  CHECK_THAT(answer.error().what(), Catch::Contains("certificate verification failed"));
}
