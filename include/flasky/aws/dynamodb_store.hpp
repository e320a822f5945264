#pragma once
/// @file
/// A candidate store in a DynamoDB table keyed by `CandidateName`.

#include <flasky/aws/aws_config_error.hpp>
#include <flasky/aws/aws_environment.hpp>
#include <flasky/aws/aws_error.hpp>
#include <flasky/aws/dynamodb_client.hpp>
#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>
#include <flasky/detail/write_line.hpp>
#include <flasky/error.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky::aws {

/// A thread-safe `candidate_store` in a DynamoDB table whose hash key is the string attribute
/// `CandidateName` (one item per candidate: `{"CandidateName": {"S": "<name>"}}`). Link
/// `flasky::aws`.
///
/// - `find(name)` is a strongly consistent `GetItem`; `put(c)` a `PutItem` (insert or replace);
///   `list()` a strongly consistent `Scan`, page after page, sorted by name in byte order.
/// - Invalid names are refused (`error::invalid_name`) or found nowhere without a call.
/// - Failures are values: `error::store_unavailable` when DynamoDB cannot be reached (connection,
///   timeout, TLS, credentials) or the table does not exist (`ResourceNotFoundException`);
///   `error::store_failure` for any other error (`AccessDeniedException`, validation, throttling
///   past the retry budget, ...). Each failure is also logged as one line on stderr (or to the
///   logger given to `set_logger`) naming the table, the operation, the AWS error type and the
///   HTTP status, and never a credential, for example
///   `flasky dynamodb_store: table 'Candidates': DynamoDB PutItem: ResourceNotFoundException
///   (HTTP 400): Requested resource not found [1 attempt]`.
///
/// `try_from_environment()` reads region, credentials, endpoint and `CANDIDATES_TABLE` (default
/// `Candidates`) from the environment (see `dynamodb_options`) and contacts nothing.
///
/// @code
/// auto store = flasky::aws::dynamodb_store::try_from_environment();
/// if (!store) {
///   std::cerr << "cannot configure DynamoDB: " << store.error().message() << '\n';
///   return 1;
/// }
/// candidate_api::add_routes(app, *store, instance_id);
/// @endcode
class dynamodb_store {
 public:
  /// Receives one log line (without a trailing newline).
  using logger = std::function<void(std::string_view)>;

  /// The name of the key attribute.
  static constexpr std::string_view key_attribute = "CandidateName";

  /// A store on `table` through `client`. `scan_page_limit` > 0 sets the Scan's `Limit` (items
  /// per page); 0 lets DynamoDB fill pages up to 1 MB.
  dynamodb_store(dynamodb_client client, std::string table, int scan_page_limit = 0)
      : client_(std::move(client)),
        table_(std::move(table)),
        scan_page_limit_(scan_page_limit),
        log_(std::make_shared<logger>(stderr_logger())) {}

  /// A store configured from the environment (see the class description). Fails with an
  /// `aws_config_error` whose `message()` says what is wrong (`no_region`, `malformed_endpoint`,
  /// `no_credentials`, `malformed_table_name`, ...).
  static boost::system::result<dynamodb_store> try_from_environment(
      const aws_environment& env = aws_environment::read()) {
    if (!is_valid_table_name(env.candidates_table)) return aws_config_error::malformed_table_name;
    auto client = dynamodb_client::try_from_environment(env);
    if (!client) return client.error();
    return dynamodb_store(std::move(*client), env.candidates_table);
  }

  /// True for a DynamoDB table name: 3 to 255 characters of `A-Z a-z 0-9 _ - .`.
  static constexpr bool is_valid_table_name(std::string_view name) noexcept {
    if (name.size() < 3 || name.size() > 255) return false;
    for (char c : name) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
      if (!ok) return false;
    }
    return true;
  }

  /// Sends the store's log lines to `log` in place of stderr (call it before the store is
  /// shared between threads; `log` itself may be called from several threads at once).
  void set_logger(logger log) { log_ = std::make_shared<logger>(std::move(log)); }

  /// The table's name.
  const std::string& table() const noexcept { return table_; }
  /// The client the store calls through.
  const dynamodb_client& client() const noexcept { return client_; }

  /// The candidate named `name`, if stored (a strongly consistent read).
  boost::system::result<std::vector<candidate>> find(std::string_view name) {
    std::vector<candidate> found;
    if (!is_valid_candidate_name(name)) return found;
    auto item = client_.try_get_item(table_, key_of(name));
    if (!item) return failed(item.error());
    if (*item) {
      if (auto stored = name_of(**item); stored && *stored == name) {
        found.push_back(candidate{std::move(*stored)});
      }
    }
    return found;
  }

  /// Stores `c` (insert or replace) and returns it.
  boost::system::result<candidate> put(const candidate& c) {
    if (!is_valid_candidate_name(c.name)) return error::invalid_name;
    if (auto stored = client_.try_put_item(table_, key_of(c.name)); !stored) {
      return failed(stored.error());
    }
    return c;
  }

  /// Every stored candidate, sorted by name (byte order); a consistent Scan, all pages.
  boost::system::result<std::vector<candidate>> list() {
    boost::json::object request{{"TableName", table_}, {"ConsistentRead", true}};
    if (scan_page_limit_ > 0) request["Limit"] = scan_page_limit_;
    auto items = client_.try_scan_all(std::move(request));
    if (!items) return failed(items.error());
    std::vector<candidate> all;
    all.reserve(items->size());
    for (const auto& item : *items) {
      if (auto name = name_of(item)) all.push_back(candidate{std::move(*name)});
    }
    std::sort(all.begin(), all.end(),
              [](const candidate& a, const candidate& b) { return a.name < b.name; });
    return all;
  }

 private:
  static logger stderr_logger() {
    return [](std::string_view line) { flasky::detail::write_line(stderr, line); };
  }

  static boost::json::object key_of(std::string_view name) {
    return {{std::string(key_attribute), {{"S", name}}}};
  }

  static std::optional<std::string> name_of(const boost::json::object& item) {
    const auto* attribute = item.if_contains(key_attribute);
    if (!attribute || !attribute->is_object()) return std::nullopt;
    const auto* s = attribute->get_object().if_contains("S");
    if (!s || !s->is_string()) return std::nullopt;
    return std::string(s->get_string());
  }

  boost::system::error_code failed(const aws_error& e) const {
    if (log_ && *log_) (*log_)("flasky dynamodb_store: table '" + table_ + "': " + e.what());
    if (e.is_unreachable() || e.aws_type() == "ResourceNotFoundException") {
      return error::store_unavailable;
    }
    return error::store_failure;
  }

  dynamodb_client client_;
  std::string table_;
  int scan_page_limit_ = 0;
  std::shared_ptr<logger> log_;
};

static_assert(candidate_store<dynamodb_store>);

}  // namespace flasky::aws
