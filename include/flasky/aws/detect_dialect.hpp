#pragma once
/// @file
/// Finds which service sent a Lambda HTTP event.

#include <flasky/aws/detail/lambda_event_reader.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/lambda_error.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace flasky::aws {

namespace detail {

// try_detect_dialect on an event read by read_lambda_event.
inline boost::system::result<event_dialect> detect_dialect(const lambda_event& event) {
  if (event.root != json_kind::object) return lambda_error::unknown_event_shape;
  const bool context = event.context == json_kind::object;
  auto version_is = [&](std::string_view v) {
    return event.version.kind == json_kind::string && event.version.text == v;
  };
  if (version_is("2.0") && context && event.context_http != json_kind::absent) {
    const auto& domain = event.context_domain_name;
    if (domain.kind == json_kind::string &&
        domain.text.find(".lambda-url.") != std::string::npos) {
      return event_dialect::function_url;
    }
    return event_dialect::http_api_v2;
  }
  if (context && event.context_elb != json_kind::absent) {
    return event.multi_value_headers.kind == json_kind::object ? event_dialect::alb_multi_value
                                                               : event_dialect::alb;
  }
  if (event.http_method.kind != json_kind::absent && context) {
    if (version_is("1.0") || event.context_resource_path != json_kind::absent ||
        event.context_stage.kind != json_kind::absent ||
        event.context_path != json_kind::absent) {
      return event_dialect::rest_v1;
    }
  }
  return lambda_error::unknown_event_shape;
}

}  // namespace detail

/// The dialect of a Lambda HTTP event, from its shape; `lambda_error::unknown_event_shape` when
/// it has none of them.
///
/// - `version` "2.0" and `requestContext.http`: `function_url` when `requestContext.domainName`
///   contains ".lambda-url.", otherwise `http_api_v2`;
/// - `requestContext.elb`: `alb_multi_value` when the event has a `multiValueHeaders` object,
///   otherwise `alb`;
/// - `httpMethod` and a `requestContext` (with `resourcePath`, `stage` or `path`) or a `version`
///   "1.0": `rest_v1`.
///
/// For an event already parsed into a DOM; the Lambda runtime reads the event's text instead
/// (`try_invoke_event`), without building one.
///
/// @code
/// auto dialect = flasky::aws::try_detect_dialect(event);
/// if (!dialect) return dialect.error();  // an invocation error
/// @endcode
inline boost::system::result<event_dialect> try_detect_dialect(const boost::json::value& event) {
  const std::string text = boost::json::serialize(event);  // read's views point into it
  detail::lambda_event read;
  if (!detail::read_lambda_event(text, read)) return lambda_error::malformed_event;
  return detail::detect_dialect(read);
}

}  // namespace flasky::aws
