#pragma once
/// @file
/// Reports a start-up failure to the Lambda Runtime API.

#include <flasky/aws/detail/runtime_api_client.hpp>
#include <flasky/aws/lambda_runtime_options.hpp>
#include <flasky/aws/runtime_api_error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace flasky::aws {

namespace detail {

/// The JSON body Lambda expects for an error: `{"errorMessage": ..., "errorType": ...}`.
inline std::string runtime_error_body(std::string_view error_type, std::string_view message) {
  boost::json::object body;
  body["errorMessage"] = message;
  body["errorType"] = error_type;
  return boost::json::serialize(body);
}

}  // namespace detail

/// Tells Lambda that the function could not start (`POST /2018-06-01/runtime/init/error`).
///
/// Call it before `run_lambda` when something the function needs is missing or wrong (a store's
/// configuration, for instance), then return from `main` with a non-zero code: Lambda reports
/// the error to the caller and retries the start-up on the next invocation. `error_type` goes
/// in the `Lambda-Runtime-Function-Error-Type` header and, with `message`, in the JSON body
/// `{"errorMessage": message, "errorType": error_type}`; neither should hold secrets, the
/// caller may see them. The address is `options.runtime_api`, else `AWS_LAMBDA_RUNTIME_API`.
///
/// Errors: `runtime_api_error::not_configured` outside Lambda, an Asio error when the Runtime
/// API cannot be reached, `runtime_api_error::unexpected_status` when it does not answer 202.
///
/// @code
/// auto table = std::getenv("TABLE_NAME");
/// if (table == nullptr) {
///   (void)flasky::aws::try_report_init_error("Runtime.ConfigurationError",
///                                            "TABLE_NAME is not set");
///   return 1;
/// }
/// @endcode
inline boost::system::result<void> try_report_init_error(
    std::string_view error_type, std::string_view message,
    const lambda_runtime_options& options = {}) {
  auto address = detail::try_runtime_api_address(options.runtime_api);
  if (!address) return address.error();
  detail::runtime_api_client client(std::move(*address));
  auto answer =
      client.try_exchange(detail::runtime_http::verb::post, "/2018-06-01/runtime/init/error",
                          detail::runtime_error_body(error_type, message), "application/json",
                          "Lambda-Runtime-Function-Error-Type", error_type);
  if (!answer) return answer.error();
  if (answer->result_int() / 100 != 2) return make_error_code(runtime_api_error::unexpected_status);
  return {};
}

}  // namespace flasky::aws
