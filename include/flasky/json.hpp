#pragma once
/// @file
/// Parsing and writing JSON safely: bounded depth, no Infinity or NaN, errors as values.

#include <flasky/error.hpp>

#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flasky {

/// The deepest nesting of JSON arrays and objects that `try_parse_json` accepts by default.
///
/// `[[1]]` has depth 2; a scalar on its own has depth 0. Deeper input is refused with
/// `error::json_too_deep` before it can use much memory or stack.
inline constexpr std::size_t default_json_max_depth = 32;

namespace detail {

// Whether v holds, at any depth, a double that is infinite or NaN. Walks the value with an
// explicit stack, so arbitrarily deep values built in code cannot overflow the call stack.
inline bool has_non_finite_number(const boost::json::value& v) {
  auto non_finite = [](const boost::json::value& x) {
    return x.is_double() && !std::isfinite(x.get_double());
  };
  if (non_finite(v)) return true;
  if (!v.is_array() && !v.is_object()) return false;

  std::vector<const boost::json::value*> pending{&v};
  while (!pending.empty()) {
    const boost::json::value* current = pending.back();
    pending.pop_back();
    auto visit = [&](const boost::json::value& child) {
      if (child.is_array() || child.is_object()) {
        pending.push_back(&child);
        return false;
      }
      return non_finite(child);
    };
    if (const auto* array = current->if_array()) {
      for (const auto& element : *array) {
        if (visit(element)) return true;
      }
    } else if (const auto* object = current->if_object()) {
      for (const auto& member : *object) {
        if (visit(member.value())) return true;
      }
    }
  }
  return false;
}

// The outcome of one parse: the value, or the Boost.JSON error and where it happened.
struct json_parse_outcome {
  boost::json::value value;
  boost::system::error_code boost_error;  // empty when the text parsed
  std::size_t offset = 0;                 // bytes consumed before the error
};

inline json_parse_outcome parse_json_detailed(std::string_view text, std::size_t max_depth) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  // Comments, trailing commas and invalid UTF-8 stay refused (the defaults). Boost.JSON 1.81 has
  // no Infinity/NaN literals at all; later versions keep them off unless asked.
  boost::json::parser parser(boost::json::storage_ptr(), options);
  json_parse_outcome outcome;
  outcome.offset = parser.write(text.data(), text.size(), outcome.boost_error);
  if (!outcome.boost_error) outcome.value = parser.release();
  return outcome;
}

inline error classify_json_error(const boost::system::error_code& ec) noexcept {
  return ec == boost::json::error::too_deep ? error::json_too_deep : error::json_syntax;
}

}  // namespace detail

/// Parses `text` as one JSON value, refusing input that is too deep or not finite.
///
/// Fails with
/// - `error::json_too_deep` when arrays/objects nest deeper than `max_depth`,
/// - `error::json_non_finite` when a number is too large to be a finite double (`1e400`),
/// - `error::json_syntax` for everything else that is not exactly one valid JSON text: syntax
///   errors, empty or truncated text, trailing data, comments, trailing commas, `Infinity`/`NaN`
///   literals, invalid UTF-8 or unpaired surrogate escapes in strings.
///
/// Whitespace around the value is allowed. Integers that do not fit 64 bits become doubles.
/// The error code says what kind of problem it was; `describe_json_error` says where.
///
/// @code
/// auto parsed = flasky::try_parse_json(R"({"CandidateName":"alice"})");
/// if (!parsed) {
///   return flasky::response::text(parsed.error().message(), flasky::status::bad_request);
/// }
/// const boost::json::value& v = *parsed;
/// @endcode
inline boost::system::result<boost::json::value> try_parse_json(
    std::string_view text, std::size_t max_depth = default_json_max_depth) {
  auto outcome = detail::parse_json_detailed(text, max_depth);
  if (outcome.boost_error) return detail::classify_json_error(outcome.boost_error);
  if (detail::has_non_finite_number(outcome.value)) return error::json_non_finite;
  return std::move(outcome.value);
}

/// Explains why `try_parse_json(text, max_depth)` fails, with the position; "" if it succeeds.
///
/// The explanation is a sentence fragment meant to follow "request body is ", for example
/// - "not valid JSON: syntax error at offset 8",
/// - "not valid JSON: the text is empty",
/// - "not acceptable JSON: arrays and objects nest deeper than 32 levels (at offset 32)",
/// - "not acceptable JSON: a number is too large to be a finite double".
/// The offset counts bytes from the start of `text`. The text itself is never quoted, so the
/// result is safe to log and to send back to the client.
///
/// @code
/// auto parsed = req.json();
/// if (!parsed) {
///   return flasky::response::text("request body is " + flasky::describe_json_error(req.body()),
///                                 flasky::status::bad_request);
/// }
/// @endcode
inline std::string describe_json_error(std::string_view text,
                                       std::size_t max_depth = default_json_max_depth) {
  auto outcome = detail::parse_json_detailed(text, max_depth);
  if (outcome.boost_error) {
    if (detail::classify_json_error(outcome.boost_error) == error::json_too_deep) {
      return "not acceptable JSON: arrays and objects nest deeper than " +
             std::to_string(max_depth) + " levels (at offset " + std::to_string(outcome.offset) +
             ")";
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return "not valid JSON: the text is empty";
    }
    return "not valid JSON: " + outcome.boost_error.message() + " at offset " +
           std::to_string(outcome.offset);
  }
  if (detail::has_non_finite_number(outcome.value)) {
    return "not acceptable JSON: a number is too large to be a finite double";
  }
  return {};
}

/// Writes `v` as compact JSON text, refusing infinite and NaN numbers.
///
/// JSON has no representation for them; Boost.JSON would write text that is not JSON (or a
/// different number), so this fails with `error::json_non_finite` instead. The check walks the
/// whole value iteratively, however deeply it is nested. Otherwise the result is exactly
/// `boost::json::serialize(v)`.
///
/// @code
/// auto text = flasky::try_serialize_json(boost::json::value{{"connected", "true"}});
/// assert(text && *text == R"({"connected":"true"})");
/// @endcode
inline boost::system::result<std::string> try_serialize_json(const boost::json::value& v) {
  if (detail::has_non_finite_number(v)) return error::json_non_finite;
  return boost::json::serialize(v);
}

}  // namespace flasky
