#pragma once
/// @file
/// Why the Lambda Runtime API could not be used.

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace flasky::aws {

/// The reasons a call to the Lambda Runtime API fails, apart from network errors.
///
/// They travel as `boost::system::error_code` values (category "flasky.runtime_api") inside
/// `boost::system::result<T>`; a network failure (connection refused, host not found) is the
/// Asio error itself. Messages never quote an event or a header value.
///
/// @code
/// auto sent = flasky::aws::try_report_init_error("Runtime.ConfigurationError", "no table");
/// if (!sent && sent.error() == flasky::aws::runtime_api_error::not_configured)
///   std::fputs("not running on Lambda\n", stderr);
/// @endcode
enum class runtime_api_error {
  /// `AWS_LAMBDA_RUNTIME_API` is not set (and no address was given): not running on Lambda.
  not_configured = 1,
  /// The address is not `host:port`.
  bad_address,
  /// The kept-alive connection was dropped, and so was the one opened again to retry.
  connection_lost,
  /// The Runtime API answered with a status the call does not expect (a 500, for instance).
  unexpected_status,
  /// The answer to `next` has no `Lambda-Runtime-Aws-Request-Id`.
  missing_request_id
};

namespace detail {

/// The message for each `runtime_api_error` value; a fixed string for unknown values.
constexpr const char* runtime_api_error_message(int ev) noexcept {
  switch (static_cast<runtime_api_error>(ev)) {
    case runtime_api_error::not_configured:
      return "AWS_LAMBDA_RUNTIME_API is not set (not running on AWS Lambda?)";
    case runtime_api_error::bad_address: return "the Lambda Runtime API address is not host:port";
    case runtime_api_error::connection_lost:
      return "the connection to the Lambda Runtime API was lost";
    case runtime_api_error::unexpected_status:
      return "the Lambda Runtime API answered with an unexpected status";
    case runtime_api_error::missing_request_id:
      return "the Lambda Runtime API sent an invocation without a request id";
  }
  return "unknown Lambda Runtime API error";
}

/// The category object behind `flasky::aws::runtime_api_error_category()`.
class runtime_api_error_category_impl final : public boost::system::error_category {
 public:
  // A fixed, random identifier, so codes compare equal across shared libraries.
  constexpr runtime_api_error_category_impl() noexcept
      : boost::system::error_category(0x5a0c2e94d1b7f366ULL) {}

  const char* name() const noexcept override { return "flasky.runtime_api"; }

  std::string message(int ev) const override { return runtime_api_error_message(ev); }

  const char* message(int ev, char*, std::size_t) const noexcept override {
    return runtime_api_error_message(ev);
  }
};

}  // namespace detail

/// The error category of `runtime_api_error`, named "flasky.runtime_api".
inline const boost::system::error_category& runtime_api_error_category() noexcept {
  static const detail::runtime_api_error_category_impl category;
  return category;
}

/// Makes an `error_code` in `runtime_api_error_category()` from `e`.
///
/// @code
/// boost::system::error_code ec = flasky::aws::runtime_api_error::connection_lost;
/// @endcode
inline boost::system::error_code make_error_code(runtime_api_error e) noexcept {
  return {static_cast<int>(e), runtime_api_error_category()};
}

}  // namespace flasky::aws

/// Lets `flasky::aws::runtime_api_error` convert implicitly to `boost::system::error_code`.
template <>
struct boost::system::is_error_code_enum<flasky::aws::runtime_api_error> : std::true_type {};
