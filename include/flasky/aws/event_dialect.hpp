#pragma once
/// @file
/// The shapes of HTTP events that Lambda receives.

#include <cstdint>
#include <string_view>

namespace flasky::aws {

/// Which service sent a Lambda HTTP event, and so how it is read and answered.
///
/// - `rest_v1`: API Gateway REST API, or HTTP API with payload format 1.0 (`httpMethod`,
///   `path`, `multiValueHeaders`, ...);
/// - `http_api_v2`: API Gateway HTTP API, payload format 2.0 (`version` "2.0", `rawPath`,
///   `cookies`, `requestContext.http`);
/// - `alb`: Application Load Balancer target group, single-value headers;
/// - `alb_multi_value`: the same with multi-value headers enabled (answered in that mode);
/// - `function_url`: a Lambda function URL (2.0-shaped, its domain contains `.lambda-url.`).
///
/// `try_detect_dialect` finds it from the event; a binding may pin one instead.
///
/// @code
/// auto dialect = flasky::aws::try_detect_dialect(event);
/// if (dialect && *dialect == flasky::aws::event_dialect::alb_multi_value) { ... }
/// @endcode
enum class event_dialect : std::uint8_t {
  rest_v1,
  http_api_v2,
  alb,
  alb_multi_value,
  function_url
};

/// The dialect's name: "rest_v1", "http_api_v2", "alb", "alb_multi_value", "function_url".
constexpr std::string_view to_string(event_dialect d) noexcept {
  switch (d) {
    case event_dialect::rest_v1: return "rest_v1";
    case event_dialect::http_api_v2: return "http_api_v2";
    case event_dialect::alb: return "alb";
    case event_dialect::alb_multi_value: return "alb_multi_value";
    case event_dialect::function_url: return "function_url";
  }
  return "unknown";
}

}  // namespace flasky::aws
