#pragma once
/// @file
/// Why a Lambda HTTP event could not be turned into a request.

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace flasky::aws {

/// The reasons a Lambda HTTP event is refused, one per distinct cause.
///
/// They travel as `boost::system::error_code` values (category "flasky.lambda") inside
/// `boost::system::result<T>`. `malformed_event` and `unknown_event_shape` are invocation errors
/// (the runtime reports them to Lambda); `body_too_large` and `bad_base64_body` describe a bad
/// client request (answer 413 and 400). Messages never quote the event.
///
/// @code
/// auto req = flasky::aws::try_to_request(event, dialect);
/// if (!req && req.error() == flasky::aws::lambda_error::body_too_large) { ... }
/// @endcode
enum class lambda_error {
  /// The event is not JSON, or a field has the wrong JSON type.
  malformed_event = 1,
  /// The event is JSON but matches none of the HTTP event dialects.
  unknown_event_shape,
  /// The decoded request body is larger than the configured limit (6 MB by default).
  body_too_large,
  /// `isBase64Encoded` is true but the body is not valid base64.
  bad_base64_body
};

namespace detail {

/// The message for each `lambda_error` value; a fixed string for unknown values.
constexpr const char* lambda_error_message(int ev) noexcept {
  switch (static_cast<lambda_error>(ev)) {
    case lambda_error::malformed_event:
      return "malformed Lambda event: not JSON, or a field of an HTTP event has the wrong type";
    case lambda_error::unknown_event_shape:
      return "unknown Lambda event shape: not an API Gateway REST (1.0), HTTP API (2.0), ALB or "
             "Function URL event";
    case lambda_error::body_too_large:
      return "the request body is larger than the Lambda limit (6 MB by default)";
    case lambda_error::bad_base64_body:
      return "the event says its body is base64 but the body is not valid base64";
  }
  return "unknown Lambda event error";
}

/// The category object behind `flasky::aws::lambda_error_category()`.
class lambda_error_category_impl final : public boost::system::error_category {
 public:
  // A fixed, random identifier, so codes compare equal across shared libraries.
  constexpr lambda_error_category_impl() noexcept
      : boost::system::error_category(0x3e8b1f07c6a95d21ULL) {}

  const char* name() const noexcept override { return "flasky.lambda"; }

  std::string message(int ev) const override { return lambda_error_message(ev); }

  const char* message(int ev, char*, std::size_t) const noexcept override {
    return lambda_error_message(ev);
  }
};

}  // namespace detail

/// The error category of `lambda_error`: its name is "flasky.lambda" and its messages say why.
inline const boost::system::error_category& lambda_error_category() noexcept {
  static const detail::lambda_error_category_impl category;
  return category;
}

/// Makes an `error_code` in `lambda_error_category()` from `e`.
///
/// @code
/// boost::system::error_code ec = flasky::aws::lambda_error::unknown_event_shape;
/// @endcode
inline boost::system::error_code make_error_code(lambda_error e) noexcept {
  return {static_cast<int>(e), lambda_error_category()};
}

}  // namespace flasky::aws

/// Lets `flasky::aws::lambda_error` convert implicitly to `boost::system::error_code`.
template <>
struct boost::system::is_error_code_enum<flasky::aws::lambda_error> : std::true_type {};
