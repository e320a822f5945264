#pragma once
/// @file
/// Answers one Lambda HTTP event with a router: event text in, answer text out.

#include <flasky/aws/detail/lambda_event_reader.hpp>
#include <flasky/aws/detect_dialect.hpp>
#include <flasky/aws/event_options.hpp>
#include <flasky/aws/event_to_request.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/aws/to_event_response.hpp>
#include <flasky/response.hpp>
#include <flasky/router.hpp>
#include <flasky/status.hpp>

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace flasky::aws {

/// The JSON text that answers the Lambda HTTP event `payload`, as `app` answers the request the
/// event carries; `lambda_error::malformed_event` or `lambda_error::unknown_event_shape` when
/// there is no request to answer.
///
/// The event is read in one pass, without building a DOM, its dialect detected (or taken from `options.dialect`), turned into a
/// `flasky::request` to which `invocation` is attached (its `dialect`, `event` and `read_event`
/// are set here, and cleared again before it returns),
/// dispatched, and the response encoded in the same dialect. A request the event describes but
/// that cannot be accepted is answered, not failed: a body over `options.max_body_size` is a
/// `413`, bad base64 a `400`. An exception in a handler is a `500` (the router never throws), so
/// one bad request never costs the next caller a cold start. The error values are invocation
/// errors, which the runtime reports to Lambda before it polls for the next event.
///
/// @code
/// flasky::aws::lambda_invocation invocation;
/// invocation.request_id = "8f5d...";
/// auto answer = flasky::aws::try_invoke_event(app, payload, invocation);
/// if (!answer) post_invocation_error(answer.error());
/// else post_response(*answer);
/// @endcode
inline boost::system::result<std::string> try_invoke_event(flasky::router& app,
                                                           std::string_view payload,
                                                           lambda_invocation& invocation,
                                                           const event_options& options = {}) {
  detail::lambda_event event;
  if (!detail::read_lambda_event(payload, event)) return lambda_error::malformed_event;
  if (options.dialect) {
    invocation.dialect = *options.dialect;
  } else {
    auto dialect = detail::detect_dialect(event);
    if (!dialect) return dialect.error();
    invocation.dialect = *dialect;
  }
  invocation.event = payload;
  invocation.read_event = &event;
  // Whatever happens below, the views are not left behind.
  struct forget {
    lambda_invocation& invocation;
    ~forget() {
      invocation.event = {};
      invocation.read_event = nullptr;
    }
  } forget_event_afterwards{invocation};

  auto req = detail::to_request(event, invocation.dialect, options);
  flasky::response res;
  if (req) {
    req->set_extension(invocation);
    res = app.dispatch(*req);
  } else if (req.error() == lambda_error::body_too_large) {
    res = flasky::response::from_status(flasky::status::payload_too_large);
  } else if (req.error() == lambda_error::bad_base64_body) {
    res = flasky::response::text("Bad Request: the body is not valid base64",
                                 flasky::status::bad_request);
  } else {
    return req.error();
  }
  std::string answer;
  answer.reserve(256 + res.body().size());
  detail::write_event_response(answer, res, invocation.dialect);
  return answer;
}

}  // namespace flasky::aws
