#pragma once
/// @file
/// Turns a Lambda HTTP event into a `flasky::request`.

#include <flasky/aws/detail/lambda_codec.hpp>
#include <flasky/aws/detail/lambda_event_reader.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/event_options.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/detail/percent_encoding.hpp>
#include <flasky/header_map.hpp>
#include <flasky/request.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace flasky::aws {

namespace detail {

// The query string rebuilt from the (key, value) pairs of a query parameter map. `decoded` says
// whether the service decoded keys and values (REST API: yes, they are encoded again here; ALB:
// no, they are kept as sent).
template <class Entries>
void build_query(std::string& out, const Entries& entries, bool decoded) {
  for (const auto& [key, value] : entries) {
    if (!out.empty()) out += '&';
    if (decoded) {
      // A decoded key or value encoded once: unreserved bytes only, so '&', '=', '+' and '%'
      // in the text are always escaped.
      flasky::detail::append_percent_encoded(out, key, flasky::detail::is_unreserved);
      out += '=';
      flasky::detail::append_percent_encoded(out, value, flasky::detail::is_unreserved);
    } else {
      out += escape_unsafe_bytes(key, true);
      out += '=';
      out += escape_unsafe_bytes(value, true);
    }
  }
}

// path without a leading "/<stage>" segment, when it has one.
inline std::string_view strip_stage_prefix(std::string_view path, std::string_view stage) {
  if (stage.empty() || stage == "$default") return path;
  if (path.size() < stage.size() + 1 || path[0] != '/' || path.substr(1, stage.size()) != stage) {
    return path;
  }
  const auto rest = path.substr(stage.size() + 1);
  if (rest.empty()) return "/";
  if (rest.front() != '/') return path;
  return rest;
}

}  // namespace detail

namespace detail {

// try_to_request on an event read by read_lambda_event.
inline boost::system::result<flasky::request> to_request(const lambda_event& event,
                                                         event_dialect dialect,
                                                         const event_options& options) {
  if (event.root != json_kind::object) return lambda_error::unknown_event_shape;
  bool bad = false;
  const bool context = event.context == json_kind::object;
  if (!context && event.context != json_kind::absent && event.context != json_kind::null)
    bad = true;
  const bool v2 = dialect == event_dialect::http_api_v2 || dialect == event_dialect::function_url;
  const bool alb = dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value;

  // Method.
  std::string_view method;
  if (v2) {
    const bool http = context && event.context_http == json_kind::object;
    if (context && !http && event.context_http != json_kind::absent &&
        event.context_http != json_kind::null)
      bad = true;
    if (!http) return bad ? lambda_error::malformed_event : lambda_error::unknown_event_shape;
    method = event.context_http_method.optional_string(bad);
  } else {
    method = event.http_method.optional_string(bad);
  }
  if (bad) return lambda_error::malformed_event;
  if (method.empty()) return lambda_error::unknown_event_shape;

  // Path.
  const std::string_view raw_path = (v2 ? event.raw_path : event.path).optional_string(bad);
  if (bad) return lambda_error::malformed_event;
  std::string_view path = raw_path.empty() ? std::string_view("/") : raw_path;
  if (options.strip_stage && context && !alb) {
    path = strip_stage_prefix(path, event.context_stage.optional_string(bad));
    if (bad) return lambda_error::malformed_event;
  }
  std::string target = v2 ? encode_decoded_path(path) : escape_unsafe_bytes(path, false);
  if (target.empty() || target.front() != '/') target.insert(target.begin(), '/');

  // Query.
  std::string query;
  if (v2) {
    query = escape_unsafe_bytes(event.raw_query_string.optional_string(bad), true);
  } else {
    const bool multi = event.multi_value_query.present(bad);
    const bool single = event.query.present(bad);
    if (multi || single) {
      const event_map* map = multi ? &event.multi_value_query : &event.query;
      if (map->bad) return lambda_error::malformed_event;
      build_query(query, map->entries, !alb);
    }
  }
  if (bad) return lambda_error::malformed_event;
  if (!query.empty()) {
    target += '?';
    target += query;
  }

  // Headers and cookies.
  header_map headers;
  const bool multi = !v2 && event.multi_value_headers.present(bad);
  const bool single = event.headers.present(bad);
  if (bad) return lambda_error::malformed_event;
  if (multi || single) {
    const auto& map = multi ? event.multi_value_headers : event.headers;
    if (map.bad) return lambda_error::malformed_event;
    headers.reserve(map.entries.size() + 1);  // + 1: the Cookie header of a 2.0 event
    for (const auto& [name, value] : map.entries) headers.add(std::string(name), std::string(value));
  }
  if (v2 && event.cookies_kind != json_kind::absent && event.cookies_kind != json_kind::null) {
    if (event.cookies_kind != json_kind::array || event.cookies_bad)
      return lambda_error::malformed_event;
    std::string joined;
    for (const auto& cookie : event.cookies) {
      if (!joined.empty()) joined += "; ";
      joined += cookie;
    }
    if (!joined.empty()) headers.add("cookie", std::move(joined));
  }

  // Body.
  std::string body(event.body.optional_string(bad));
  const auto flag = event.is_base64_encoded_kind;
  if (flag != json_kind::absent && flag != json_kind::null && flag != json_kind::boolean)
    return lambda_error::malformed_event;
  if (bad) return lambda_error::malformed_event;
  if (event.is_base64_encoded) {
    // Decoded size is at most 3/4 of the text: refuse early what is surely too large.
    if (body.size() / 4 * 3 > options.max_body_size + 2) return lambda_error::body_too_large;
    auto decoded = base64_decode(body);
    if (!decoded) return lambda_error::bad_base64_body;
    body = std::move(*decoded);
  }
  if (body.size() > options.max_body_size) return lambda_error::body_too_large;

  return flasky::request(method, std::move(target), std::move(headers), std::move(body));
}

}  // namespace detail

/// The `flasky::request` that a Lambda HTTP event of dialect `dialect` describes.
///
/// The request has the event's method; an origin-form target whose path and query are
/// percent-encoded exactly once, so that the router's single decoding gives back what the client
/// sent; the event's headers; and its body.
///
/// - Path: HTTP API and Function URL events carry `rawPath` already decoded, so it is encoded
///   once here (a `%2F` the client sent arrives as `/` and cannot be told apart). REST and ALB
///   events carry `path` as sent, so it is kept (bytes never allowed in a URI are escaped).
///   The stage prefix is removed as `options.strip_stage` says.
/// - Query: `rawQueryString` (2.0) is kept. REST events carry decoded parameters
///   (`multiValueQueryStringParameters`, else `queryStringParameters`), encoded once here; ALB
///   events carry them as sent, kept.
/// - Headers: `multiValueHeaders` when present (REST, ALB multi-value), else `headers`.
///   A 2.0 `cookies` array becomes one `Cookie` header, joined with "; ".
/// - Body: base64-decoded when `isBase64Encoded`; larger than `options.max_body_size` after
///   decoding gives `lambda_error::body_too_large`, bad base64 `lambda_error::bad_base64_body`.
/// - Null maps (`"headers": null`) are read as empty; a field of the wrong type gives
///   `lambda_error::malformed_event`; a non-object event `lambda_error::unknown_event_shape`.
///
/// For an event already parsed into a DOM; the Lambda runtime reads the event's text instead
/// (`try_invoke_event`), without building one.
///
/// @code
/// auto dialect = flasky::aws::try_detect_dialect(event);
/// if (!dialect) return dialect.error();
/// auto req = flasky::aws::try_to_request(event, *dialect);
/// if (!req) return req.error();
/// flasky::response res = app.dispatch(*req);
/// @endcode
inline boost::system::result<flasky::request> try_to_request(const boost::json::value& event,
                                                             event_dialect dialect,
                                                             const event_options& options = {}) {
  const std::string text = boost::json::serialize(event);  // read's views point into it
  detail::lambda_event read;
  if (!detail::read_lambda_event(text, read)) return lambda_error::malformed_event;
  return detail::to_request(read, dialect, options);
}

}  // namespace flasky::aws
