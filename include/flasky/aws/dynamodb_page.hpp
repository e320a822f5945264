#pragma once
/// @file
/// One page of a DynamoDB Query or Scan.

#include <boost/json/object.hpp>

#include <optional>
#include <vector>

namespace flasky::aws {

/// The items of one Query or Scan page, and where the next page starts.
///
/// Items are in DynamoDB's JSON form, for example `{"CandidateName": {"S": "alice"}}`.
/// `last_evaluated_key` is set when there may be more: pass it as `ExclusiveStartKey` of the next
/// request (`dynamodb_client::try_scan_all` and `try_query_all` do that for you).
///
/// @code
/// auto page = client.try_scan({{"TableName", "Candidates"}, {"Limit", 10}});
/// for (const auto& item : page->items) use(item.at("CandidateName").at("S").as_string());
/// bool more = page->last_evaluated_key.has_value();
/// @endcode
struct dynamodb_page {
  /// The items of this page.
  std::vector<boost::json::object> items;
  /// The key to continue from; nullopt on the last page.
  std::optional<boost::json::object> last_evaluated_key;
};

}  // namespace flasky::aws
