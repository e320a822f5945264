#pragma once
/// @file
/// flasky's error codes for failures that depend on input or the environment.

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace flasky {

/// The reasons a flasky operation can fail because of its input or its environment.
///
/// These travel as `boost::system::error_code` values inside `boost::system::result<T>`; an
/// `error` converts implicitly to an `error_code` in the `flasky::error_category()`, and
/// comparing such a code with an enumerator works directly. `message()` on the code says, in a
/// short English phrase, what is wrong; it never contains the offending input.
///
/// @code
/// boost::system::error_code ec = flasky::error::json_too_deep;
/// assert(ec == flasky::error::json_too_deep);
/// assert(ec.category().name() == std::string_view("flasky"));
/// @endcode
enum class error {
  /// The text is not valid JSON (syntax error, truncated text, trailing data, bad UTF-8).
  json_syntax = 1,
  /// JSON arrays/objects are nested deeper than the allowed limit.
  json_too_deep,
  /// A JSON number is infinite or NaN (or too large to be a finite double).
  json_non_finite,
  /// A JSON object was required but the value is some other kind.
  json_not_object,
  /// A required field is missing from a JSON object.
  json_missing_field,
  /// A field of a JSON object has the wrong type.
  json_wrong_type,
  /// The request body is larger than the configured limit.
  body_too_large,
  /// The data store could not be reached.
  store_unavailable,
  /// The data store was reached but did not complete the operation.
  store_failure,
  /// A name (for example a candidate name) is not acceptable.
  invalid_name
};

namespace detail {

/// The message for each `flasky::error` value; a fixed string for unknown values.
constexpr const char* error_message(int ev) noexcept {
  switch (static_cast<error>(ev)) {
    case error::json_syntax:
      return "the text is not valid JSON (syntax error, truncated text, trailing data or invalid "
             "UTF-8)";
    case error::json_too_deep:
      return "JSON arrays and objects are nested deeper than the allowed limit";
    case error::json_non_finite:
      return "a JSON number is infinite or NaN, or too large to be represented";
    case error::json_not_object:
      return "a JSON object was expected but the value is of another kind";
    case error::json_missing_field: return "a required field is missing from the JSON object";
    case error::json_wrong_type: return "a field of the JSON object has the wrong type";
    case error::body_too_large: return "the request body is larger than the allowed limit";
    case error::store_unavailable: return "the data store is unavailable";
    case error::store_failure: return "the data store failed to complete the operation";
    case error::invalid_name:
      return "the name is not acceptable (empty, too long or containing disallowed characters)";
  }
  return "unknown flasky error";
}

/// The category object behind `flasky::error_category()`.
class error_category_impl final : public boost::system::error_category {
 public:
  // A fixed, random identifier: categories compare equal by id, so codes stay comparable even
  // if this header-only object ends up duplicated across shared libraries.
  constexpr error_category_impl() noexcept : boost::system::error_category(0x8f3a5c2e7b1d4a69ULL) {}

  const char* name() const noexcept override { return "flasky"; }

  std::string message(int ev) const override { return error_message(ev); }

  const char* message(int ev, char*, std::size_t) const noexcept override {
    return error_message(ev);
  }
};

}  // namespace detail

/// The error category of `flasky::error`: its name is "flasky" and its messages say what is
/// wrong.
///
/// The category is a function-local static, so the library stays header-only.
///
/// @code
/// assert(std::string_view(flasky::error_category().name()) == "flasky");
/// @endcode
inline const boost::system::error_category& error_category() noexcept {
  static const detail::error_category_impl category;
  return category;
}

/// Makes an `error_code` in `flasky::error_category()` from `e`.
///
/// Found by argument-dependent lookup, so `boost::system::error_code ec = e;` works too.
///
/// @code
/// auto ec = flasky::make_error_code(flasky::error::store_failure);
/// assert(ec.message() == "the data store failed to complete the operation");
/// @endcode
inline boost::system::error_code make_error_code(error e) noexcept {
  return {static_cast<int>(e), error_category()};
}

}  // namespace flasky

/// Lets `flasky::error` convert implicitly to `boost::system::error_code`.
template <>
struct boost::system::is_error_code_enum<flasky::error> : std::true_type {};
