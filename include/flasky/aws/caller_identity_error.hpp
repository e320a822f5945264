#pragma once
/// @file
/// Why a request has no caller identity to check.

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace flasky::aws {

/// The reasons `try_caller_identity` finds no caller identity.
///
/// They travel as `boost::system::error_code` values (category "flasky.caller_identity") inside
/// `boost::system::result<T>`. Messages never quote the event.
///
/// @code
/// auto identity = flasky::aws::try_caller_identity(req);
/// if (!identity && identity.error() == flasky::aws::caller_identity_error::no_invocation)
///   return flasky::response::text("Only on Lambda", flasky::status::forbidden);
/// @endcode
enum class caller_identity_error {
  /// The request did not come from a Lambda invocation (the local server, a test client), or
  /// the event is no longer available (outside the dispatch).
  no_invocation = 1,
  /// The event's dialect carries no caller identity (ALB events).
  no_identity,
  /// A field of the identity has the wrong JSON type.
  malformed_identity
};

namespace detail {

/// The message for each `caller_identity_error` value; a fixed string for unknown values.
constexpr const char* caller_identity_error_message(int ev) noexcept {
  switch (static_cast<caller_identity_error>(ev)) {
    case caller_identity_error::no_invocation:
      return "the request did not come from a Lambda invocation";
    case caller_identity_error::no_identity:
      return "the Lambda event carries no caller identity (ALB events have none)";
    case caller_identity_error::malformed_identity:
      return "a field of the caller identity in the Lambda event has the wrong JSON type";
  }
  return "unknown caller identity error";
}

/// The category object behind `flasky::aws::caller_identity_error_category()`.
class caller_identity_error_category_impl final : public boost::system::error_category {
 public:
  // A fixed, random identifier, so codes compare equal across shared libraries.
  constexpr caller_identity_error_category_impl() noexcept
      : boost::system::error_category(0x91d4a7730be2c58fULL) {}

  const char* name() const noexcept override { return "flasky.caller_identity"; }

  std::string message(int ev) const override { return caller_identity_error_message(ev); }

  const char* message(int ev, char*, std::size_t) const noexcept override {
    return caller_identity_error_message(ev);
  }
};

}  // namespace detail

/// The error category of `caller_identity_error`, named "flasky.caller_identity".
inline const boost::system::error_category& caller_identity_error_category() noexcept {
  static const detail::caller_identity_error_category_impl category;
  return category;
}

/// Makes an `error_code` in `caller_identity_error_category()` from `e`.
///
/// @code
/// boost::system::error_code ec = flasky::aws::caller_identity_error::no_identity;
/// @endcode
inline boost::system::error_code make_error_code(caller_identity_error e) noexcept {
  return {static_cast<int>(e), caller_identity_error_category()};
}

}  // namespace flasky::aws

/// Lets `flasky::aws::caller_identity_error` convert implicitly to `boost::system::error_code`.
template <>
struct boost::system::is_error_code_enum<flasky::aws::caller_identity_error> : std::true_type {};
