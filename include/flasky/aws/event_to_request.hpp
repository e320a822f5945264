#pragma once
/// @file
/// Turns a Lambda HTTP event into a `flasky::request`.

#include <flasky/aws/detail/lambda_codec.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/event_options.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/header_map.hpp>
#include <flasky/request.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace flasky::aws {

namespace detail {

// The member `key` of `o` as an object; nullptr when absent or null (AWS sends null maps);
// `bad` is set when it is something else.
inline const boost::json::object* optional_object(const boost::json::object& o,
                                                  std::string_view key, bool& bad) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (const auto* obj = v->if_object()) return obj;
  bad = true;
  return nullptr;
}

// The member `key` of `o` as a string; empty when absent or null; `bad` for another type.
inline std::string_view optional_string(const boost::json::object& o, std::string_view key,
                                        bool& bad) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (const auto* s = v->if_string()) return *s;
  bad = true;
  return {};
}

// Adds every header of a single-value map (`headers`) or a multi-value map
// (`multiValueHeaders`), in the event's order.
inline bool add_headers(header_map& out, const boost::json::object& map, bool multi) {
  for (const auto& [name, value] : map) {
    if (multi) {
      if (value.is_null()) continue;
      const auto* values = value.if_array();
      if (values == nullptr) return false;
      for (const auto& each : *values) {
        const auto* s = each.if_string();
        if (s == nullptr) return false;
        out.add(std::string(name), std::string(*s));
      }
    } else {
      if (value.is_null()) continue;
      const auto* s = value.if_string();
      if (s == nullptr) return false;
      out.add(std::string(name), std::string(*s));
    }
  }
  return true;
}

// The query string rebuilt from a (multi-value) query parameter map. `decoded` says whether the
// service decoded keys and values (REST API: yes, they are encoded again here; ALB: no, they are
// kept as sent).
inline bool build_query(std::string& out, const boost::json::object& map, bool multi,
                        bool decoded) {
  auto append = [&](std::string_view key, std::string_view value) {
    if (!out.empty()) out += '&';
    if (decoded) {
      append_encoded_query_part(out, key);
      out += '=';
      append_encoded_query_part(out, value);
    } else {
      out += escape_unsafe_bytes(key, true);
      out += '=';
      out += escape_unsafe_bytes(value, true);
    }
  };
  for (const auto& [key, value] : map) {
    if (value.is_null()) continue;
    if (multi) {
      const auto* values = value.if_array();
      if (values == nullptr) return false;
      for (const auto& each : *values) {
        const auto* s = each.if_string();
        if (s == nullptr) return false;
        append(key, *s);
      }
    } else {
      const auto* s = value.if_string();
      if (s == nullptr) return false;
      append(key, *s);
    }
  }
  return true;
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
  const auto* root = event.if_object();
  if (root == nullptr) return lambda_error::unknown_event_shape;
  bool bad = false;
  const auto* context = detail::optional_object(*root, "requestContext", bad);
  const bool v2 = dialect == event_dialect::http_api_v2 || dialect == event_dialect::function_url;
  const bool alb = dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value;

  // Method.
  std::string_view method;
  if (v2) {
    const auto* http = context ? detail::optional_object(*context, "http", bad) : nullptr;
    if (http == nullptr)
      return bad ? lambda_error::malformed_event : lambda_error::unknown_event_shape;
    method = detail::optional_string(*http, "method", bad);
  } else {
    method = detail::optional_string(*root, "httpMethod", bad);
  }
  if (bad) return lambda_error::malformed_event;
  if (method.empty()) return lambda_error::unknown_event_shape;

  // Path.
  std::string target;
  const std::string_view raw_path = detail::optional_string(*root, v2 ? "rawPath" : "path", bad);
  if (bad) return lambda_error::malformed_event;
  std::string_view path = raw_path.empty() ? std::string_view("/") : raw_path;
  if (options.strip_stage && context && !alb) {
    path = detail::strip_stage_prefix(path, detail::optional_string(*context, "stage", bad));
    if (bad) return lambda_error::malformed_event;
  }
  target = v2 ? detail::encode_decoded_path(path) : detail::escape_unsafe_bytes(path, false);
  if (target.empty() || target.front() != '/') target.insert(target.begin(), '/');

  // Query.
  std::string query;
  if (v2) {
    query =
        detail::escape_unsafe_bytes(detail::optional_string(*root, "rawQueryString", bad), true);
  } else {
    const auto* multi = detail::optional_object(*root, "multiValueQueryStringParameters", bad);
    const auto* single = detail::optional_object(*root, "queryStringParameters", bad);
    if (bad) return lambda_error::malformed_event;
    const bool ok = multi    ? detail::build_query(query, *multi, true, !alb)
                    : single ? detail::build_query(query, *single, false, !alb)
                             : true;
    if (!ok) return lambda_error::malformed_event;
  }
  if (bad) return lambda_error::malformed_event;
  if (!query.empty()) {
    target += '?';
    target += query;
  }

  // Headers and cookies.
  header_map headers;
  const auto* multi_headers =
      v2 ? nullptr : detail::optional_object(*root, "multiValueHeaders", bad);
  const auto* single_headers = detail::optional_object(*root, "headers", bad);
  if (bad) return lambda_error::malformed_event;
  if (multi_headers) {
    if (!detail::add_headers(headers, *multi_headers, true)) return lambda_error::malformed_event;
  } else if (single_headers) {
    if (!detail::add_headers(headers, *single_headers, false)) return lambda_error::malformed_event;
  }
  if (v2) {
    if (const auto* cookies = root->if_contains("cookies"); cookies && !cookies->is_null()) {
      const auto* list = cookies->if_array();
      if (list == nullptr) return lambda_error::malformed_event;
      std::string joined;
      for (const auto& each : *list) {
        const auto* s = each.if_string();
        if (s == nullptr) return lambda_error::malformed_event;
        if (!joined.empty()) joined += "; ";
        joined.append(s->data(), s->size());
      }
      if (!joined.empty()) headers.add("cookie", std::move(joined));
    }
  }

  // Body.
  std::string body(detail::optional_string(*root, "body", bad));
  bool base64 = false;
  if (const auto* flag = root->if_contains("isBase64Encoded"); flag && !flag->is_null()) {
    if (!flag->is_bool()) return lambda_error::malformed_event;
    base64 = flag->get_bool();
  }
  if (bad) return lambda_error::malformed_event;
  if (base64) {
    // Decoded size is at most 3/4 of the text: refuse early what is surely too large.
    if (body.size() / 4 * 3 > options.max_body_size + 2) return lambda_error::body_too_large;
    auto decoded = detail::base64_decode(body);
    if (!decoded) return lambda_error::bad_base64_body;
    body = std::move(*decoded);
  }
  if (body.size() > options.max_body_size) return lambda_error::body_too_large;

  return flasky::request(method, std::move(target), std::move(headers), std::move(body));
}

}  // namespace flasky::aws
