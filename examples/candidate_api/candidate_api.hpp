#pragma once
/// @file
/// The reference candidate API, written once and bound to every platform unchanged.

#include <string>
#include <string_view>
#include <utility>

#include <boost/json/value_from.hpp>

#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/route.hpp>
#include <flasky/route_table.hpp>
#include <flasky/router.hpp>
#include <flasky/status.hpp>

namespace candidate_api {

/// The routes of the API, as values (for handlers and url_for) ...
inline constexpr flasky::route<"/gtg"> gtg;
inline constexpr flasky::route<"/candidate/<name>"> candidate;
inline constexpr flasky::route<"/candidates"> candidates;

/// ... and as a constexpr table, so tests can check the routing when they compile.
inline constexpr flasky::route_table routes{{
    {flasky::verb::get, gtg.pattern()},
    {flasky::verb_set{flasky::verb::get, flasky::verb::post}, candidate.pattern()},
    {flasky::verb::get, candidates.pattern()},
}};

/// The answer for a list of candidates: a JSON array, or 404 "Not Found" when it is empty.
inline flasky::response candidates_response(
    const boost::system::result<std::vector<flasky::candidate>>& found) {
  if (!found) return flasky::response::text("Unable to read", flasky::status::internal_server_error);
  if (found->empty()) return flasky::response::from_status(flasky::status::not_found);
  return flasky::response::json(boost::json::value_from(*found));
}

/// Adds the four routes of the reference service to `app`, serving from `store`.
///
/// `instance_id` is what `/gtg?details` reports as `instance-id` (the host name locally, the
/// log stream on Lambda, ...). `store` must outlive `app`.
template <flasky::candidate_store Store>
void add_routes(flasky::router& app, Store& store, std::string instance_id) {
  app.get(gtg, [instance_id = std::move(instance_id)](flasky::request& req) {
    if (!req.has_query_param("details")) return flasky::response(flasky::status::ok);
    return flasky::response::json({{"connected", "true"}, {"instance-id", instance_id}});
  });
  app.get(candidate, [&store](std::string_view name) { return candidates_response(store.find(name)); });
  app.post(candidate, [&store](std::string_view name) {
    auto stored = store.put(flasky::candidate{std::string(name)});
    if (!stored)
      return flasky::response::text("Unable to update", flasky::status::internal_server_error);
    return flasky::response::json(boost::json::value_from(*stored));
  });
  app.get(candidates, [&store] { return candidates_response(store.list()); });
}

}  // namespace candidate_api
