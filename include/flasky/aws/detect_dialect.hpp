#pragma once
/// @file
/// Finds which service sent a Lambda HTTP event.

#include <flasky/aws/event_dialect.hpp>
#include <flasky/aws/lambda_error.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string_view>

namespace flasky::aws {

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
/// @code
/// auto dialect = flasky::aws::try_detect_dialect(event);
/// if (!dialect) return dialect.error();  // an invocation error
/// @endcode
inline boost::system::result<event_dialect> try_detect_dialect(const boost::json::value& event) {
  const auto* root = event.if_object();
  if (root == nullptr) return lambda_error::unknown_event_shape;
  const auto* context_value = root->if_contains("requestContext");
  const auto* context = context_value ? context_value->if_object() : nullptr;
  const auto* version = root->if_contains("version");
  const bool v2 = version && version->is_string() && version->get_string() == "2.0";
  if (v2 && context && context->contains("http")) {
    if (const auto* domain = context->if_contains("domainName"); domain && domain->is_string()) {
      if (std::string_view(domain->get_string()).find(".lambda-url.") != std::string_view::npos) {
        return event_dialect::function_url;
      }
    }
    return event_dialect::http_api_v2;
  }
  if (context && context->contains("elb")) {
    const auto* multi = root->if_contains("multiValueHeaders");
    return multi && multi->is_object() ? event_dialect::alb_multi_value : event_dialect::alb;
  }
  if (root->contains("httpMethod") && context) {
    const bool v1 = version && version->is_string() && version->get_string() == "1.0";
    if (v1 || context->contains("resourcePath") || context->contains("stage") ||
        context->contains("path")) {
      return event_dialect::rest_v1;
    }
  }
  return lambda_error::unknown_event_shape;
}

}  // namespace flasky::aws
