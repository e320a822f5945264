#pragma once
/// @file
/// Turns a `flasky::response` into the answer a Lambda HTTP event expects.

#include <flasky/aws/detail/lambda_codec.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/detail/ascii.hpp>
#include <flasky/response.hpp>
#include <flasky/status.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace flasky::aws {

/// The Lambda answer to an event of dialect `dialect`, as a JSON object.
///
/// Every answer has `statusCode`, `body` and `isBase64Encoded`. The body is sent base64-encoded
/// when it is binary: its `Content-Type` is not a text type (`text/*`, `application/json`,
/// `application/xml`, `application/javascript`, form data, `+json`, `+xml`, ...), or it is not
/// valid UTF-8. A status that allows no body (`204`, `304`) sends an empty body.
///
/// - `rest_v1`: `headers` holds the fields that occur once, `multiValueHeaders` every field
///   (API Gateway merges the two, taking the multi-value entries).
/// - `http_api_v2`, `function_url`: `Set-Cookie` fields become the `cookies` array; other fields
///   go in `headers`, repeated ones joined with ", ".
/// - `alb`: `statusDescription` ("404 Not Found") and `headers`; a repeated field is joined with
///   ", ", except `Set-Cookie`, of which only the last is kept (single-value mode cannot carry
///   more; enable multi-value headers on the target group).
/// - `alb_multi_value`: `statusDescription` and `multiValueHeaders`, so answered in the mode of
///   the request.
///
/// @code
/// flasky::response res = app.dispatch(req);
/// boost::json::object answer = flasky::aws::to_event_response(res, dialect);
/// @endcode
inline boost::json::object to_event_response(const flasky::response& res, event_dialect dialect) {
  boost::json::object out;
  out["statusCode"] = flasky::to_int(res.status());
  const bool alb = dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value;
  if (alb) {
    std::string description = std::to_string(flasky::to_int(res.status()));
    if (const auto phrase = flasky::reason_phrase(res.status()); !phrase.empty()) {
      description += ' ';
      description += phrase;
    }
    out["statusDescription"] = description;
  }

  auto is_set_cookie = [](std::string_view name) {
    return flasky::detail::iequals(name, "Set-Cookie");
  };
  // Fields grouped by name (first spelling kept), in first-seen order.
  boost::json::object grouped;
  std::vector<std::string> spelling;
  for (const auto& [name, value] : res.headers()) {
    std::string key;
    for (char c : name) key += flasky::detail::ascii_lower(c);
    auto* existing = grouped.if_contains(key);
    if (existing == nullptr) {
      grouped[key] = boost::json::array{boost::json::string(value)};
      spelling.push_back(name);
    } else {
      existing->as_array().emplace_back(boost::json::string(value));
    }
  }

  boost::json::object headers;
  boost::json::object multi;
  boost::json::array cookies;
  std::size_t index = 0;
  for (const auto& [key, values_value] : grouped) {
    const auto& values = values_value.as_array();
    const std::string& name = spelling[index++];
    auto joined = [&] {
      std::string text;
      for (const auto& v : values) {
        if (!text.empty()) text += ", ";
        text += v.as_string().c_str();
      }
      return text;
    };
    switch (dialect) {
      case event_dialect::rest_v1:
        if (values.size() == 1) headers[name] = values.front();
        multi[name] = values;
        break;
      case event_dialect::http_api_v2:
      case event_dialect::function_url:
        if (is_set_cookie(name)) {
          for (const auto& v : values) cookies.push_back(v);
        } else {
          headers[name] = joined();
        }
        break;
      case event_dialect::alb:
        headers[name] = is_set_cookie(name) ? values.back() : boost::json::value(joined());
        break;
      case event_dialect::alb_multi_value: multi[name] = values; break;
    }
  }

  switch (dialect) {
    case event_dialect::rest_v1:
      out["headers"] = std::move(headers);
      out["multiValueHeaders"] = std::move(multi);
      break;
    case event_dialect::http_api_v2:
    case event_dialect::function_url:
      out["headers"] = std::move(headers);
      if (!cookies.empty()) out["cookies"] = std::move(cookies);
      break;
    case event_dialect::alb: out["headers"] = std::move(headers); break;
    case event_dialect::alb_multi_value: out["multiValueHeaders"] = std::move(multi); break;
  }

  const std::string_view body =
      flasky::allows_body(res.status()) ? std::string_view(res.body()) : std::string_view();
  const bool binary = detail::is_binary_body(res.header("Content-Type"), body);
  out["body"] = binary ? detail::base64_encode(body) : std::string(body);
  out["isBase64Encoded"] = binary;
  return out;
}

}  // namespace flasky::aws
