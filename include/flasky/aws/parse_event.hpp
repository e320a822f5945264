#pragma once
/// @file
/// Reads the JSON text of a Lambda invocation's event.

#include <flasky/aws/lambda_error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <string_view>

namespace flasky::aws {

/// The event that a Lambda invocation's payload `text` holds; `lambda_error::malformed_event`
/// when it is not JSON or nests deeper than `max_depth`.
///
/// A malformed event is an invocation error: the runtime reports it to Lambda rather than
/// answering with an HTTP status, since there is no request to answer.
///
/// @code
/// auto event = flasky::aws::try_parse_event(payload);
/// if (!event) return report_invocation_error(event.error());
/// auto dialect = flasky::aws::try_detect_dialect(*event);
/// @endcode
inline boost::system::result<boost::json::value> try_parse_event(std::string_view text,
                                                                 std::size_t max_depth = 64) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::system::error_code ec;
  boost::json::value event = boost::json::parse(text, ec, {}, options);
  if (ec) return lambda_error::malformed_event;
  return event;
}

}  // namespace flasky::aws
