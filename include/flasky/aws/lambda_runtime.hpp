#pragma once
/// @file
/// The Lambda Runtime API loop: a router served as an AWS Lambda function.

#include <flasky/aws/detail/runtime_api_client.hpp>
#include <flasky/aws/invoke_event.hpp>
#include <flasky/aws/lambda_error.hpp>
#include <flasky/aws/lambda_invocation.hpp>
#include <flasky/aws/lambda_runtime_options.hpp>
#include <flasky/aws/runtime_api_error.hpp>
#include <flasky/aws/runtime_init_error.hpp>
#include <flasky/detail/percent_encoding.hpp>
#include <flasky/detail/write_line.hpp>
#include <flasky/router.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace flasky::aws {

namespace detail {

/// Writes "flasky-lambda: <text>" to stderr as one line (one entry each in CloudWatch).
inline void runtime_log(std::string_view text) {
  flasky::detail::write_line(stderr, "flasky-lambda: " + std::string(text));
}

/// The error type Lambda is told for an invocation error.
inline std::string_view runtime_error_type(const boost::system::error_code& ec) {
  if (ec == lambda_error::malformed_event) return "Runtime.MalformedEvent";
  if (ec == lambda_error::unknown_event_shape) return "Runtime.UnknownEventShape";
  return "Runtime.InvalidEvent";
}

/// Sets (or, when `value` is empty, unsets) the environment variable `name`.
inline void runtime_set_environment(const char* name, const std::string& value) {
#if defined(_WIN32)
  _putenv_s(name, value.c_str());
#else
  if (value.empty())
    ::unsetenv(name);
  else
    ::setenv(name, value.c_str(), 1);
#endif
}

/// The value of header `name` in `res`, empty when absent.
inline std::string runtime_header(const runtime_api_response& res, std::string_view name) {
  auto it = res.find(name);
  return it == res.end() ? std::string() : std::string(it->value());
}

/// Fills `invocation` from the headers of the Runtime API's answer to `next`.
inline boost::system::result<void> try_read_invocation(const runtime_api_response& res,
                                                       lambda_invocation& invocation) {
  invocation.request_id = runtime_header(res, "Lambda-Runtime-Aws-Request-Id");
  if (invocation.request_id.empty()) return make_error_code(runtime_api_error::missing_request_id);
  invocation.function_arn = runtime_header(res, "Lambda-Runtime-Invoked-Function-Arn");
  invocation.trace_id = runtime_header(res, "Lambda-Runtime-Trace-Id");
  const auto deadline = runtime_header(res, "Lambda-Runtime-Deadline-Ms");
  std::int64_t ms = 0;
  const auto [end, ec] = std::from_chars(deadline.data(), deadline.data() + deadline.size(), ms);
  if (ec != std::errc{} || end != deadline.data() + deadline.size()) ms = 0;
  invocation.deadline = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
  invocation.dialect = event_dialect::http_api_v2;
  invocation.event = {};
  invocation.read_event = nullptr;
  return {};
}

/// Posts the outcome of one invocation; false when the loop must stop.
inline bool runtime_post(runtime_api_client& client, const std::string& request_id,
                         std::string_view what, std::string body,
                         std::string_view error_type = {}) {
  std::string target = "/2018-06-01/runtime/invocation/";
  flasky::detail::append_percent_encoded(target, request_id, flasky::detail::is_unreserved);
  target += '/';
  target += what;
  auto answer = error_type.empty()
                    ? client.try_exchange(runtime_http::verb::post, target, std::move(body),
                                          "application/json")
                    : client.try_exchange(runtime_http::verb::post, target, std::move(body),
                                          "application/json", "Lambda-Runtime-Function-Error-Type",
                                          error_type);
  if (!answer) {
    runtime_log("cannot post the " + std::string(what) + " of invocation " + request_id + ": " +
                answer.error().message() + "; exiting");
    return false;
  }
  const auto status = answer->result_int();
  if (status / 100 == 2) return true;
  if (status >= 500) {
    runtime_log("the Runtime API answered " + std::to_string(status) + " to the " +
                std::string(what) + " of invocation " + request_id + "; exiting");
    return false;
  }
  // 400 (e.g. the invocation timed out meanwhile) or 413 (answer too large): Lambda has
  // already failed this invocation; the next one can still be answered.
  runtime_log("the Runtime API refused the " + std::string(what) + " of invocation " + request_id +
              " with " + std::to_string(status));
  return true;
}

}  // namespace detail

/// Serves `app` as an AWS Lambda function: polls the Lambda Runtime API for events and answers
/// each, until the Runtime API fails; returns the process exit code.
///
/// Lambda runs the program (a `provided.al2023` runtime's `bootstrap`) and sets
/// `AWS_LAMBDA_RUNTIME_API`; `main` builds the router and returns `run_lambda(app)`. Each
/// iteration:
///
/// 1. `GET /2018-06-01/runtime/invocation/next`, with no timeout (Lambda freezes the process
///    between invocations). Request id, deadline, invoked function ARN and trace id are read
///    from the answer's headers into a `lambda_invocation`, which handlers reach through
///    `req.extension<flasky::aws::lambda_invocation>()`; `_X_AMZN_TRACE_ID` is set from the
///    trace id (see `lambda_runtime_options`).
/// 2. The event is answered with `try_invoke_event`: REST (1.0), HTTP API (2.0), ALB (single or
///    multi-value) and Function URL events, each in its own dialect. An exception in a handler
///    is a `500` answer, never a crash.
/// 3. The answer is posted to `.../invocation/{id}/response`. An event that is not JSON or not
///    an HTTP event is posted to `.../invocation/{id}/error` instead, with the header
///    `Lambda-Runtime-Function-Error-Type` (`Runtime.MalformedEvent`,
///    `Runtime.UnknownEventShape`) and the body `{"errorMessage": ..., "errorType": ...}`; the
///    loop goes on, so the function stays warm.
///
/// One kept-alive TCP connection carries every call; when it is found dropped it is opened
/// again once. The loop ends with a non-zero code and one line on stderr when
/// `AWS_LAMBDA_RUNTIME_API` is missing, the Runtime API cannot be reached, or it answers `next`
/// (or a post) with a 5xx status, as Lambda expects a runtime to exit then. With
/// `options.max_invocations` it ends with `0` after that many invocations. Log lines (stderr,
/// one each, prefixed "flasky-lambda:") never contain event content or headers.
///
/// @code
/// int main() {
///   flasky::router app;
///   app.get("/hello/<name>", [](std::string_view name) {
///     return flasky::response::text("Hello, " + std::string(name) + "!");
///   });
///   return flasky::aws::run_lambda(app);
/// }
/// @endcode
inline int run_lambda(flasky::router& app, const lambda_runtime_options& options = {}) {
  auto address = detail::try_runtime_api_address(options.runtime_api);
  if (!address) {
    detail::runtime_log(address.error().message() + "; exiting");
    return 1;
  }
  detail::runtime_api_client client(*address);
  std::size_t answered = 0;
  for (;;) {
    if (options.max_invocations != 0 && answered >= options.max_invocations) return 0;
    auto next =
        client.try_exchange(detail::runtime_http::verb::get, "/2018-06-01/runtime/invocation/next");
    if (!next) {
      detail::runtime_log("cannot reach the Lambda Runtime API at " + *address + ": " +
                          next.error().message() + "; exiting");
      return 1;
    }
    if (next->result_int() != 200) {
      detail::runtime_log("the Lambda Runtime API answered " + std::to_string(next->result_int()) +
                          " to next; exiting");
      return 1;
    }
    lambda_invocation invocation;
    if (auto read = detail::try_read_invocation(*next, invocation); !read) {
      detail::runtime_log(read.error().message() + "; exiting");
      return 1;
    }
    if (options.set_trace_id_environment)
      detail::runtime_set_environment("_X_AMZN_TRACE_ID", invocation.trace_id);

    // The answer, or the error type and message to report instead.
    boost::system::result<std::string> answer = std::string();
    std::string_view error_type;
    std::string error_message;
    try {
      answer = try_invoke_event(app, next->body(), invocation, options.events);
      if (!answer) {
        error_type = detail::runtime_error_type(answer.error());
        error_message = answer.error().message();
      }
    } catch (const std::exception&) {
      // try_invoke_event does not throw; only resource exhaustion (bad_alloc) gets here.
      error_type = "Runtime.Unknown";
      error_message = "the runtime could not answer the event (out of resources)";
    }
    next->body().clear();
    next->body().shrink_to_fit();

    bool go_on = false;
    if (error_type.empty()) {
      go_on = detail::runtime_post(client, invocation.request_id, "response", std::move(*answer));
    } else {
      detail::runtime_log("invocation " + invocation.request_id + " failed: " + error_message);
      go_on =
          detail::runtime_post(client, invocation.request_id, "error",
                               detail::runtime_error_body(error_type, error_message), error_type);
    }
    if (!go_on) return 1;
    ++answered;
  }
}

}  // namespace flasky::aws
