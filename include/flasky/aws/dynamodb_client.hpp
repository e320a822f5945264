#pragma once
/// @file
/// A DynamoDB table client over the JSON 1.0 protocol, signed with SigV4, with retries.

#include <flasky/aws/aws_config_error.hpp>
#include <flasky/aws/aws_error.hpp>
#include <flasky/aws/aws_http_response.hpp>
#include <flasky/aws/detail/http_connection.hpp>
#include <flasky/aws/detail/http_endpoint.hpp>
#include <flasky/aws/detail/tls_context.hpp>
#include <flasky/aws/dynamodb_options.hpp>
#include <flasky/aws/dynamodb_page.hpp>
#include <flasky/aws/sigv4_signer.hpp>

#include <boost/crc.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace flasky::aws {

/// A client of the DynamoDB API (`PutItem`, `GetItem`, `Query`, `Scan`, `CreateTable`,
/// `DescribeTable`, or any operation through `try_call`) over the JSON 1.0 protocol, signed
/// with SigV4. Link `flasky::aws`.
///
/// Connections: plain http or TLS (1.2+, the peer's certificate verified against
/// `dynamodb_options::trust`, host name or IP address checked). Connections are kept alive and
/// reused across calls (and across Lambda invocations); the client keeps one per thread that
/// called it at the same time, so one-at-a-time use (a Lambda) uses exactly one connection.
/// A connection the server closed while idle is reopened transparently, and one idle for longer
/// than `dynamodb_options::connection_max_idle` (60 s) is replaced before use.
///
/// Retries: see `retry_policy` (throttling, 5xx and transport failures; full-jitter backoff;
/// bounded in attempts and in total time; every attempt signed afresh). Errors are values: an
/// `aws_error` with the AWS error type (`ResourceNotFoundException`, `AccessDeniedException`,
/// ...), the HTTP status, the service's message and the attempts made. Answers carrying an
/// `x-amz-crc32` header are checked against it (a mismatch is retried).
///
/// The client is cheap to copy (copies share connections and credentials) and thread-safe.
///
/// @code
/// auto client = flasky::aws::dynamodb_client::try_from_environment();
/// if (!client) return fail(client.error().message());   // e.g. "no AWS region: ..."
/// boost::json::object item{{"CandidateName", {{"S", "alice"}}}};
/// if (auto put = client->try_put_item("Candidates", item); !put) log(put.error().what());
/// auto found = client->try_get_item("Candidates", item);   // optional<object>
/// @endcode
class dynamodb_client {
 public:
  /// The result of a call: DynamoDB's JSON answer, or why it failed.
  template <class T>
  using result = boost::system::result<T, aws_error>;

  /// A client with `options`; fails with `no_region`, `malformed_endpoint`, `no_credentials` or
  /// `tls_setup_failed`. Contacts nothing.
  static boost::system::result<dynamodb_client> try_create(dynamodb_options options) {
    if (options.region.empty() ||
        options.region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
            std::string::npos) {
      return aws_config_error::no_region;
    }
    if (!options.credentials) return aws_config_error::no_credentials;
    std::string url =
        options.endpoint_url.value_or("https://dynamodb." + options.region + ".amazonaws.com" +
                                      (options.region.rfind("cn-", 0) == 0 ? ".cn" : ""));
    auto endpoint = detail::parse_http_endpoint(url, false);
    if (!endpoint) return aws_config_error::malformed_endpoint;
    auto s = std::make_shared<state>();
    if (endpoint->tls && !options.transport) {
      auto ctx = detail::try_make_tls_context(options.trust.value_or(trust_store::locate()));
      if (!ctx) return ctx.error();
      s->tls = std::move(*ctx);
    }
    s->endpoint = std::move(*endpoint);
    s->options = std::move(options);
    s->random.seed(std::random_device{}());
    dynamodb_client client;
    client.state_ = std::move(s);
    return client;
  }

  /// A client configured from the process environment (see `dynamodb_options`).
  static boost::system::result<dynamodb_client> try_from_environment(
      const aws_environment& env = aws_environment::read()) {
    auto options = dynamodb_options::try_from_environment(env);
    if (!options) return options.error();
    return try_create(std::move(*options));
  }

  /// The region the client signs for.
  const std::string& region() const noexcept { return state_->options.region; }
  /// The endpoint, as `host:port`.
  std::string endpoint() const { return state_->endpoint.describe(); }
  /// The options given at creation.
  const dynamodb_options& options() const noexcept { return state_->options; }

  /// Calls `operation` (for example "PutItem") with `body`; returns DynamoDB's answer.
  result<boost::json::object> try_call(std::string_view operation,
                                       const boost::json::object& body) const {
    if (!state_) {
      return aws_error(aws_error::kind::configuration, "the client was moved from",
                       aws_config_error::no_region);
    }
    return call(*state_, operation, boost::json::serialize(body));
  }

  /// Writes `item` (DynamoDB JSON) into `table`, replacing the item with the same key.
  result<void> try_put_item(std::string_view table, const boost::json::object& item) const {
    auto answer = try_call("PutItem", {{"TableName", table}, {"Item", item}});
    if (!answer) return answer.error();
    return {};
  }

  /// The item of `table` with `key`, nullopt when there is none. `consistent_read` (the default)
  /// asks for a strongly consistent read.
  result<std::optional<boost::json::object>> try_get_item(std::string_view table,
                                                          const boost::json::object& key,
                                                          bool consistent_read = true) const {
    auto answer = try_call(
        "GetItem", {{"TableName", table}, {"Key", key}, {"ConsistentRead", consistent_read}});
    if (!answer) return answer.error();
    const auto* item = answer->if_contains("Item");
    if (!item) return std::optional<boost::json::object>();
    if (!item->is_object()) return malformed("GetItem", "Item is not an object");
    return std::optional<boost::json::object>(item->get_object());
  }

  /// One page of a Query; `request` is the Query request (TableName, KeyConditionExpression,
  /// ExpressionAttributeValues, Limit, ExclusiveStartKey, ...).
  result<dynamodb_page> try_query(const boost::json::object& request) const {
    return page_of("Query", request);
  }

  /// Every item of a Query, following `LastEvaluatedKey` page by page.
  result<std::vector<boost::json::object>> try_query_all(boost::json::object request) const {
    return all_pages("Query", std::move(request));
  }

  /// One page of a Scan; `request` is the Scan request (TableName, Limit, ConsistentRead,
  /// ExclusiveStartKey, ...).
  result<dynamodb_page> try_scan(const boost::json::object& request) const {
    return page_of("Scan", request);
  }

  /// Every item of a Scan, following `LastEvaluatedKey` page by page.
  result<std::vector<boost::json::object>> try_scan_all(boost::json::object request) const {
    return all_pages("Scan", std::move(request));
  }

  /// Creates a table (`request` is the CreateTable request); returns its TableDescription.
  result<boost::json::object> try_create_table(const boost::json::object& request) const {
    auto answer = try_call("CreateTable", request);
    if (!answer) return answer.error();
    const auto* description = answer->if_contains("TableDescription");
    if (!description || !description->is_object()) {
      return malformed("CreateTable", "no TableDescription");
    }
    return description->get_object();
  }

  /// The description of `table` (DescribeTable's `Table`).
  result<boost::json::object> try_describe_table(std::string_view table) const {
    auto answer = try_call("DescribeTable", {{"TableName", table}});
    if (!answer) return answer.error();
    const auto* description = answer->if_contains("Table");
    if (!description || !description->is_object()) return malformed("DescribeTable", "no Table");
    return description->get_object();
  }

  /// For local use and tests: creates `table` keyed by the string attribute `hash_key`
  /// (PAY_PER_REQUEST) unless it exists, and waits until it is ACTIVE (polling DescribeTable
  /// every 50 ms, at most `timeout`).
  result<void> try_create_table_and_wait(
      std::string_view table, std::string_view hash_key,
      std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    boost::json::object request{
        {"TableName", table},
        {"AttributeDefinitions",
         boost::json::array{{{"AttributeName", hash_key}, {"AttributeType", "S"}}}},
        {"KeySchema", boost::json::array{{{"AttributeName", hash_key}, {"KeyType", "HASH"}}}},
        {"BillingMode", "PAY_PER_REQUEST"}};
    auto created = try_create_table(request);
    if (!created && created.error().aws_type() != "ResourceInUseException") {
      return created.error();
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto description = try_describe_table(table);
      if (!description) return description.error();
      const auto* status = description->if_contains("TableStatus");
      if (status && status->is_string() && status->get_string() == "ACTIVE") return {};
      if (std::chrono::steady_clock::now() >= deadline) {
        return aws_error(aws_error::kind::timeout, "DynamoDB DescribeTable: table " +
                                                       std::string(table) +
                                                       " did not become ACTIVE in time");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

 private:
  struct state {
    dynamodb_options options;
    detail::http_endpoint endpoint;
    std::shared_ptr<boost::asio::ssl::context> tls;
    std::mutex mutex;  // guards idle and random
    std::vector<std::unique_ptr<detail::http_connection>> idle;
    std::mt19937_64 random;
  };

  static constexpr std::size_t max_idle_connections = 8;

  static aws_error malformed(std::string_view operation, std::string_view why) {
    return aws_error(
        aws_error::kind::malformed_response,
        "DynamoDB " + std::string(operation) + ": malformed answer: " + std::string(why));
  }

  result<dynamodb_page> page_of(std::string_view operation,
                                const boost::json::object& request) const {
    auto answer = try_call(operation, request);
    if (!answer) return answer.error();
    dynamodb_page page;
    const auto* items = answer->if_contains("Items");
    if (!items || !items->is_array()) return malformed(operation, "no Items array");
    for (const auto& item : items->get_array()) {
      if (!item.is_object()) return malformed(operation, "an item is not an object");
      page.items.push_back(item.get_object());
    }
    if (const auto* last = answer->if_contains("LastEvaluatedKey")) {
      if (!last->is_object()) return malformed(operation, "LastEvaluatedKey is not an object");
      if (!last->get_object().empty()) page.last_evaluated_key = last->get_object();
    }
    return page;
  }

  result<std::vector<boost::json::object>> all_pages(std::string_view operation,
                                                     boost::json::object request) const {
    std::vector<boost::json::object> items;
    for (;;) {
      auto page = page_of(operation, request);
      if (!page) return page.error();
      for (auto& item : page->items) items.push_back(std::move(item));
      if (!page->last_evaluated_key) return items;
      request["ExclusiveStartKey"] = std::move(*page->last_evaluated_key);
    }
  }

  // The error an AWS error answer describes: "__type" / "message" of a JSON body, else
  // <Code> / <Message> of an XML body, else the x-amzn-ErrorType header.
  static aws_error service_error(const aws_http_response& answer) {
    std::string type;
    std::string message;
    boost::system::error_code ec;
    const auto json = boost::json::parse(answer.body, ec);
    if (!ec && json.is_object()) {
      const auto& o = json.get_object();
      if (const auto* t = o.if_contains("__type"); t && t->is_string()) type = t->get_string();
      for (const char* key : {"message", "Message"}) {
        if (const auto* m = o.if_contains(key); m && m->is_string()) message = m->get_string();
      }
    } else {
      auto element = [&](std::string_view name) -> std::string {
        const std::string open = "<" + std::string(name) + ">";
        const auto start = answer.body.find(open);
        if (start == std::string::npos) return {};
        const auto end = answer.body.find('<', start + open.size());
        if (end == std::string::npos) return {};
        return answer.body.substr(start + open.size(), end - start - open.size());
      };
      type = element("Code");
      message = element("Message");
    }
    if (type.empty()) {
      if (auto header = answer.headers.find("x-amzn-ErrorType")) {
        type = std::string(header->substr(0, header->find(':')));
      }
    }
    if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
    if (message.size() > 300) message.resize(300);
    for (char& c : message) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    std::string summary = (type.empty() ? std::string("error") : type) + " (HTTP " +
                          std::to_string(answer.status) + ")";
    if (!message.empty()) summary += ": " + message;
    return aws_error(aws_error::kind::service, std::move(summary), {}, answer.status,
                     std::move(type), std::move(message));
  }

  static std::chrono::system_clock::time_point now(const state& s) {
    return s.options.clock ? s.options.clock() : std::chrono::system_clock::now();
  }

  // Sends on a pooled connection (or through the transport hook).
  static boost::system::result<aws_http_response, aws_error> send(
      state& s, const request& req, std::chrono::milliseconds timeout) {
    if (s.options.transport) return s.options.transport(req, timeout);
    std::unique_ptr<detail::http_connection> connection;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      if (!s.idle.empty()) {
        connection = std::move(s.idle.back());
        s.idle.pop_back();
      }
    }
    if (!connection) {
      connection = std::make_unique<detail::http_connection>(s.endpoint, s.tls,
                                                             s.options.connection_max_idle);
    }
    auto answer = connection->try_exchange(req, timeout);
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.idle.size() < max_idle_connections) s.idle.push_back(std::move(connection));
    return answer;
  }

  static result<boost::json::object> call(state& s, std::string_view operation,
                                          const std::string& body) {
    using namespace std::chrono;
    const std::string prefix = "DynamoDB " + std::string(operation) + ": ";
    const bool steady = !s.options.clock;
    const auto start_steady = steady_clock::now();
    const auto start_clock = now(s);
    auto elapsed = [&]() -> milliseconds {
      return steady ? duration_cast<milliseconds>(steady_clock::now() - start_steady)
                    : duration_cast<milliseconds>(now(s) - start_clock);
    };
    const retry_policy& policy = s.options.retry;
    for (int attempt = 1;; ++attempt) {
      const milliseconds remaining = policy.max_total_time - elapsed();
      const milliseconds timeout = std::min(policy.attempt_timeout, remaining);
      std::optional<aws_error> failure;
      bool retryable = true;
      if (timeout <= milliseconds::zero()) {
        failure = aws_error(aws_error::kind::timeout, "the retry time budget is spent");
        retryable = false;
      } else if (auto credentials = s.options.credentials->try_get(timeout); !credentials) {
        failure = credentials.error();
      } else {
        header_map headers;
        headers.add("Host", s.endpoint.host_header);
        headers.add("Content-Type", "application/x-amz-json-1.0");
        headers.add("X-Amz-Target", "DynamoDB_20120810." + std::string(operation));
        request req("POST", "/", std::move(headers), body);
        const sigv4_signer signer(std::move(*credentials), s.options.region, "dynamodb");
        if (auto signed_parts = signer.try_sign(req, floor<seconds>(now(s))); !signed_parts) {
          return aws_error(aws_error::kind::configuration, prefix + signed_parts.error().message(),
                           signed_parts.error(), 0, {}, {}, attempt);
        }
        req.headers().add("User-Agent", "flasky-dynamodb/0.1");
        auto answer = send(s, req, timeout);
        if (!answer) {
          failure = answer.error();
          // A certificate that does not verify will not verify on the next attempt either.
          retryable = answer.error().what_kind() != aws_error::kind::tls;
        } else if (answer->status == 200) {
          auto parsed = parse_answer(*answer);
          if (parsed) return std::move(*parsed);
          failure = parsed.error();  // a corrupted answer (CRC mismatch) is retried
        } else {
          failure = service_error(*answer);
          retryable = retry_policy::is_retryable(answer->status, failure->aws_type());
        }
      }
      if (!retryable || attempt >= policy.max_attempts) {
        return failure->with_context(prefix, attempt);
      }
      milliseconds delay;
      {
        std::lock_guard<std::mutex> lock(s.mutex);
        delay = policy.backoff(attempt, s.random);
      }
      if (elapsed() + delay >= policy.max_total_time) return failure->with_context(prefix, attempt);
      if (s.options.sleep) {
        s.options.sleep(delay);
      } else {
        std::this_thread::sleep_for(delay);
      }
    }
  }

  static result<boost::json::object> parse_answer(const aws_http_response& answer) {
    if (auto crc = answer.headers.find("x-amz-crc32")) {
      boost::crc_32_type computed;
      computed.process_bytes(answer.body.data(), answer.body.size());
      if (std::to_string(computed.checksum()) != *crc) {
        return aws_error(aws_error::kind::malformed_response,
                         "the answer does not match its x-amz-crc32 checksum");
      }
    }
    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    if (ec || !json.is_object()) {
      return aws_error(aws_error::kind::malformed_response, "the answer is not a JSON object");
    }
    return std::move(json.get_object());
  }

  std::shared_ptr<state> state_;
};

}  // namespace flasky::aws
