#pragma once
// Private: how flasky turns a pattern or handler problem into a compile error.
//
// Two paths, one set of checks (route_pattern.hpp and handler_signature.hpp):
// - route values, route<"...">, are types, so each problem is a static_assert whose message
//   starts with "flasky:";
// - string literals passed to router::get("...", h) are checked in a consteval constructor,
//   where only a call to a non-constexpr function can stop compilation; each such function is
//   named after the problem, so the first error line names it (flasky::compile_error::...).

#include <cstddef>
#include <utility>

#include <flasky/detail/handler_signature.hpp>
#include <flasky/route_pattern.hpp>

namespace flasky::compile_error {
// Declared, never defined: reaching one in a consteval context is the compile error.
void route_pattern_is_empty();
void route_pattern_must_start_with_slash();
void route_pattern_has_an_empty_segment();
void route_pattern_has_an_unclosed_parameter();
void route_pattern_has_a_stray_closing_bracket();
void route_parameter_must_fill_a_whole_segment();
void route_parameter_has_no_name();
void route_parameter_name_is_not_an_identifier();
void route_converter_name_is_not_an_identifier();
void route_converter_arguments_are_not_supported();
void route_pattern_has_a_duplicate_parameter_name();
void route_path_converter_must_be_last();
void route_literal_has_a_forbidden_character();
void route_pattern_has_a_dot_segment();
void route_pattern_has_too_many_segments();
void route_pattern_has_too_many_parameters();
void handler_parameter_count_does_not_match_the_route();
void handler_string_parameter_must_be_string_view_or_string();
void handler_int_parameter_narrower_than_int64_would_truncate();
void handler_int_parameter_must_be_signed_int64();
void handler_uint_parameter_narrower_than_uint64_would_truncate();
void handler_uint_parameter_must_be_unsigned_uint64();
void handler_float_parameter_as_float_would_lose_precision();
void handler_number_parameter_has_a_non_numeric_type();
void handler_uuid_parameter_must_be_flasky_uuid();
void route_converter_is_unknown();
void handler_parameter_type_has_a_different_converter();
void handler_cannot_be_called_with_the_route_parameters();
}  // namespace flasky::compile_error

namespace flasky::detail {

/// Stops a constant evaluation with a function named after the pattern problem.
constexpr void report_at_compile_time(pattern_error e) {
  using namespace compile_error;
  switch (e) {
    case pattern_error::none: return;
    case pattern_error::empty: route_pattern_is_empty(); return;
    case pattern_error::no_leading_slash: route_pattern_must_start_with_slash(); return;
    case pattern_error::empty_segment: route_pattern_has_an_empty_segment(); return;
    case pattern_error::unclosed_parameter: route_pattern_has_an_unclosed_parameter(); return;
    case pattern_error::stray_closing_bracket: route_pattern_has_a_stray_closing_bracket(); return;
    case pattern_error::parameter_not_whole_segment: route_parameter_must_fill_a_whole_segment(); return;
    case pattern_error::empty_parameter_name: route_parameter_has_no_name(); return;
    case pattern_error::invalid_parameter_name: route_parameter_name_is_not_an_identifier(); return;
    case pattern_error::invalid_converter_name: route_converter_name_is_not_an_identifier(); return;
    case pattern_error::converter_arguments: route_converter_arguments_are_not_supported(); return;
    case pattern_error::duplicate_parameter_name: route_pattern_has_a_duplicate_parameter_name(); return;
    case pattern_error::path_not_last: route_path_converter_must_be_last(); return;
    case pattern_error::invalid_literal_character: route_literal_has_a_forbidden_character(); return;
    case pattern_error::dot_segment: route_pattern_has_a_dot_segment(); return;
    case pattern_error::too_many_segments: route_pattern_has_too_many_segments(); return;
    case pattern_error::too_many_parameters: route_pattern_has_too_many_parameters(); return;
  }
}

/// Stops a constant evaluation with a function named after the handler problem.
constexpr void report_at_compile_time(handler_problem p) {
  using namespace compile_error;
  switch (p) {
    case handler_problem::none: return;
    case handler_problem::arity: handler_parameter_count_does_not_match_the_route(); return;
    case handler_problem::string_type: handler_string_parameter_must_be_string_view_or_string(); return;
    case handler_problem::int_narrowing: handler_int_parameter_narrower_than_int64_would_truncate(); return;
    case handler_problem::int_signedness: handler_int_parameter_must_be_signed_int64(); return;
    case handler_problem::uint_narrowing: handler_uint_parameter_narrower_than_uint64_would_truncate(); return;
    case handler_problem::uint_signedness: handler_uint_parameter_must_be_unsigned_uint64(); return;
    case handler_problem::float_narrowing: handler_float_parameter_as_float_would_lose_precision(); return;
    case handler_problem::number_type: handler_number_parameter_has_a_non_numeric_type(); return;
    case handler_problem::uuid_type: handler_uuid_parameter_must_be_flasky_uuid(); return;
    case handler_problem::unknown_converter: route_converter_is_unknown(); return;
    case handler_problem::converter_mismatch: handler_parameter_type_has_a_different_converter(); return;
    case handler_problem::not_invocable: handler_cannot_be_called_with_the_route_parameters(); return;
  }
}

/// static_asserts, one per pattern problem, for patterns that are template arguments.
template <pattern_error E>
constexpr bool assert_pattern_ok() noexcept {
  using enum pattern_error;
  static_assert(E != empty, "flasky: the route pattern is empty");
  static_assert(E != no_leading_slash, "flasky: a route pattern must start with '/'");
  static_assert(E != empty_segment, "flasky: empty segment ('//') in route pattern");
  static_assert(E != unclosed_parameter, "flasky: '<' without a closing '>' in route pattern");
  static_assert(E != stray_closing_bracket, "flasky: '>' without an opening '<' in route pattern");
  static_assert(E != parameter_not_whole_segment,
                "flasky: a parameter must fill a whole path segment ('/<name>/', not '/x<name>')");
  static_assert(E != empty_parameter_name, "flasky: a route parameter has no name");
  static_assert(E != invalid_parameter_name,
                "flasky: a route parameter name must be an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  static_assert(E != invalid_converter_name,
                "flasky: a converter name must be an identifier ([A-Za-z_][A-Za-z0-9_]*)");
  static_assert(E != converter_arguments,
                "flasky: converter arguments such as '<int(signed=True):x>' are not supported");
  static_assert(E != duplicate_parameter_name, "flasky: two route parameters have the same name");
  static_assert(E != path_not_last,
                "flasky: '<path:...>' must be the last segment, with no trailing slash");
  static_assert(E != invalid_literal_character,
                "flasky: a literal segment holds a space, control character, '?', '#', '%' or '\\'");
  static_assert(E != dot_segment, "flasky: '.' and '..' segments are not allowed in a route");
  static_assert(E != too_many_segments, "flasky: a route pattern has more than 32 segments");
  static_assert(E != too_many_parameters, "flasky: a route pattern has more than 16 parameters");
  return true;  // the failing static_assert above is the one diagnostic
}

/// static_asserts, one per handler problem, for routes that are template arguments.
template <handler_problem P>
constexpr bool assert_handler_ok() noexcept {
  using enum handler_problem;
  static_assert(P != arity,
                "flasky: the handler's parameter count does not match the route's parameters");
  static_assert(P != string_type,
                "flasky: a string or path parameter must be taken as std::string_view or std::string");
  static_assert(P != int_narrowing,
                "flasky: an <int:...> parameter is std::int64_t; a narrower handler parameter "
                "would truncate it");
  static_assert(P != int_signedness,
                "flasky: an <int:...> parameter is signed; take it as std::int64_t");
  static_assert(P != uint_narrowing,
                "flasky: a <uint:...> parameter is std::uint64_t; a narrower handler parameter "
                "would truncate it");
  static_assert(P != uint_signedness,
                "flasky: a <uint:...> parameter is unsigned; take it as std::uint64_t");
  static_assert(P != float_narrowing,
                "flasky: a <float:...> parameter is double; a float handler parameter would lose "
                "precision");
  static_assert(P != number_type,
                "flasky: a numeric route parameter is taken by a handler parameter of another type");
  static_assert(P != uuid_type, "flasky: a <uuid:...> parameter must be taken as flasky::uuid");
  static_assert(P != unknown_converter,
                "flasky: unknown converter in route pattern; built-ins are string, path, int, uint, "
                "float, uuid; a custom one needs flasky::converter<T> for the handler's parameter type");
  static_assert(P != converter_mismatch,
                "flasky: the handler parameter's type has a converter with another name than the "
                "pattern's");
  static_assert(P != not_invocable,
                "flasky: the handler cannot be called with the route's parameters");
  return true;
}

}  // namespace flasky::detail
