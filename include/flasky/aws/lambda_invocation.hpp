#pragma once
/// @file
/// What the Lambda runtime knows about the invocation a request came from.

#include <flasky/aws/event_dialect.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace flasky::aws {

namespace detail {
struct lambda_event;
}  // namespace detail

/// One Lambda invocation: its ids, its deadline and the event it carried.
///
/// The Lambda binding fills one in from the Runtime API's answer to `next` and attaches it to the
/// request it dispatches, so a handler reads it with
/// `req.extension<flasky::aws::lambda_invocation>()` (`nullptr` when the same handler runs
/// elsewhere, on the local server for instance). The caller identity is read with
/// `flasky::aws::try_caller_identity(req)`. `event` is the event's JSON text while the request
/// is dispatched (it must not be kept beyond that): flasky reads the event in one pass without
/// building a DOM, so a handler that wants a member flasky does not map (stage variables, say)
/// parses `event` itself and pays for that only where it is needed.
///
/// @code
/// app.get("/slow", [](flasky::request& req) {
///   if (const auto* invocation = req.extension<flasky::aws::lambda_invocation>();
///       invocation && invocation->remaining_time() < std::chrono::seconds(2))
///     return flasky::response::text("Too little time left", flasky::status::service_unavailable);
///   return flasky::response::text(do_the_slow_thing());
/// });
/// @endcode
struct lambda_invocation {
  /// The invocation's id (`Lambda-Runtime-Aws-Request-Id`), also the id in Lambda's logs.
  std::string request_id;
  /// When Lambda stops the invocation (`Lambda-Runtime-Deadline-Ms`, Unix milliseconds).
  std::chrono::system_clock::time_point deadline{};
  /// The ARN the function was invoked by (`Lambda-Runtime-Invoked-Function-Arn`): with a
  /// version or alias suffix when the caller named one.
  std::string function_arn;
  /// The X-Ray trace header (`Lambda-Runtime-Trace-Id`); the runtime also sets it as the
  /// `_X_AMZN_TRACE_ID` environment variable for the invocation.
  std::string trace_id;
  /// The dialect the event was read in.
  event_dialect dialect = event_dialect::http_api_v2;
  /// The event's JSON text, valid while the request is dispatched; empty outside it.
  std::string_view event;
  /// flasky's own reading of the event while the request is dispatched (what
  /// `try_caller_identity` reads); `nullptr` outside it. Not meant to be used directly.
  const detail::lambda_event* read_event = nullptr;

  /// How long the invocation may still run, as of `now`; zero or negative once past the deadline.
  std::chrono::milliseconds remaining_time(
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
  }
};

}  // namespace flasky::aws
