#pragma once
// Private: compile-time comparison of a handler's parameters with a route pattern's.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <flasky/converter.hpp>
#include <flasky/route_pattern.hpp>
#include <flasky/uuid.hpp>

namespace flasky {
class request;
template <class Route>
class route_request;
}  // namespace flasky

namespace flasky::detail {

/// What is wrong with a handler for a pattern.
enum class handler_problem : std::uint8_t {
  none,
  arity,
  string_type,
  int_narrowing,
  int_signedness,
  uint_narrowing,
  uint_signedness,
  float_narrowing,
  number_type,
  uuid_type,
  unknown_converter,
  converter_mismatch,
  not_invocable,
};

/// How a handler parameter type relates to converters.
enum class arg_class : std::uint8_t {
  string_like,
  signed64,
  signed_narrow,
  unsigned64,
  unsigned_narrow,
  double_like,
  float_narrow,
  uuid_value,
  custom,
  other,
};

template <class A>
constexpr arg_class classify_arg() noexcept {
  using T = std::remove_cvref_t<A>;
  if constexpr (std::is_same_v<T, std::string_view> || std::is_same_v<T, std::string>) {
    return arg_class::string_like;
  } else if constexpr (std::is_same_v<T, bool>) {
    return arg_class::other;
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_signed_v<T>)
      return sizeof(T) >= 8 ? arg_class::signed64 : arg_class::signed_narrow;
    else
      return sizeof(T) >= 8 ? arg_class::unsigned64 : arg_class::unsigned_narrow;
  } else if constexpr (std::is_floating_point_v<T>) {
    return sizeof(T) >= sizeof(double) ? arg_class::double_like : arg_class::float_narrow;
  } else if constexpr (std::is_same_v<T, uuid>) {
    return arg_class::uuid_value;
  } else if constexpr (has_converter<T>) {
    return arg_class::custom;
  } else {
    return arg_class::other;
  }
}

template <class A>
constexpr std::string_view custom_name() noexcept {
  using T = std::remove_cvref_t<A>;
  if constexpr (has_converter<T>) return converter<T>::name;
  return {};
}

/// One handler parameter as the check sees it.
struct arg_info {
  arg_class cls;
  std::string_view custom;
};

template <class A>
constexpr bool is_request_arg() noexcept {
  using T = std::remove_cvref_t<A>;
  if constexpr (std::is_same_v<T, request>) {
    return true;
  } else {
    return requires { typename T::route_type; T::is_route_request; };
  }
}

/// Parameter types of a non-generic callable; `known` is false for generic lambdas.
template <class F, class = void>
struct callable_args {
  static constexpr bool known = false;
};
template <class R, class... A>
struct callable_args<R (*)(A...)> {
  static constexpr bool known = true;
  using args = std::tuple<A...>;
  using result = R;
};
template <class R, class... A>
struct callable_args<R(A...)> : callable_args<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_args<R (C::*)(A...)> : callable_args<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_args<R (C::*)(A...) const> : callable_args<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_args<R (C::*)(A...) noexcept> : callable_args<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_args<R (C::*)(A...) const noexcept> : callable_args<R (*)(A...)> {};
template <class R, class... A>
struct callable_args<R (*)(A...) noexcept> : callable_args<R (*)(A...)> {};
template <class F>
struct callable_args<F, std::void_t<decltype(&F::operator())>>
    : callable_args<decltype(&F::operator())> {};

/// The problem, if any, with taking a parameter with converter `conv` as a parameter like `arg`.
constexpr handler_problem check_arg(arg_info arg, std::string_view conv) noexcept {
  const arg_class c = arg.cls;
  if (conv == "string" || conv == "path")
    return c == arg_class::string_like ? handler_problem::none : handler_problem::string_type;
  if (conv == "int") {
    if (c == arg_class::signed64) return handler_problem::none;
    if (c == arg_class::signed_narrow) return handler_problem::int_narrowing;
    if (c == arg_class::unsigned64 || c == arg_class::unsigned_narrow)
      return handler_problem::int_signedness;
    return handler_problem::number_type;
  }
  if (conv == "uint") {
    if (c == arg_class::unsigned64) return handler_problem::none;
    if (c == arg_class::unsigned_narrow) return handler_problem::uint_narrowing;
    if (c == arg_class::signed64 || c == arg_class::signed_narrow)
      return handler_problem::uint_signedness;
    return handler_problem::number_type;
  }
  if (conv == "float") {
    if (c == arg_class::double_like) return handler_problem::none;
    if (c == arg_class::float_narrow) return handler_problem::float_narrowing;
    return handler_problem::number_type;
  }
  if (conv == "uuid")
    return c == arg_class::uuid_value ? handler_problem::none : handler_problem::uuid_type;
  if (c != arg_class::custom) return handler_problem::unknown_converter;
  return arg.custom == conv ? handler_problem::none : handler_problem::converter_mismatch;
}

/// A sentence for `p`, for run-time errors.
constexpr std::string_view describe(handler_problem p) noexcept {
  switch (p) {
    case handler_problem::none: return "no problem";
    case handler_problem::arity:
      return "the handler's parameter count does not match the route's parameters";
    case handler_problem::string_type:
      return "a string or path parameter must be taken as std::string_view or std::string";
    case handler_problem::int_narrowing:
      return "an <int:...> parameter is std::int64_t; a narrower type would truncate it";
    case handler_problem::int_signedness:
      return "an <int:...> parameter is signed; take it as std::int64_t";
    case handler_problem::uint_narrowing:
      return "a <uint:...> parameter is std::uint64_t; a narrower type would truncate it";
    case handler_problem::uint_signedness:
      return "a <uint:...> parameter is unsigned; take it as std::uint64_t";
    case handler_problem::float_narrowing:
      return "a <float:...> parameter is double; float would lose precision";
    case handler_problem::number_type:
      return "a numeric parameter is taken as a type that is not a number";
    case handler_problem::uuid_type: return "a <uuid:...> parameter must be taken as flasky::uuid";
    case handler_problem::unknown_converter:
      return "unknown converter (built-in: string, path, int, uint, float, uuid)";
    case handler_problem::converter_mismatch:
      return "the parameter type's converter has another name than the pattern's";
    case handler_problem::not_invocable:
      return "the handler cannot be called with the route's parameters";
  }
  return "unknown problem";
}

/// Checks the handler parameters `args` (request parameter already removed) against `p`.
///
/// Returns the problem and the index of the parameter it concerns.
template <std::size_t N>
constexpr std::pair<handler_problem, std::size_t> compare_args(const parsed_pattern& p,
                                                                const arg_info (&args)[N],
                                                                std::size_t count) noexcept {
  if (count != p.param_count) return {handler_problem::arity, 0};
  for (std::size_t i = 0; i != count; ++i) {
    auto problem = check_arg(args[i], p.param_segment(i).converter);
    if (problem != handler_problem::none) return {problem, i};
  }
  return {handler_problem::none, 0};
}

template <class Tuple, std::size_t... I>
constexpr std::pair<handler_problem, std::size_t> check_tuple(const parsed_pattern& p,
                                                               std::size_t skip,
                                                               std::index_sequence<I...>) noexcept {
  constexpr std::size_t n = sizeof...(I);
  arg_info all[n + 1] = {
      arg_info{classify_arg<std::tuple_element_t<I, Tuple>>(),
               custom_name<std::tuple_element_t<I, Tuple>>()}...,
      arg_info{arg_class::other, {}}};
  arg_info rest[n + 1] = {};
  for (std::size_t i = skip; i < n; ++i) rest[i - skip] = all[i];
  return compare_args(p, rest, n - skip);
}

/// Checks a handler type against a parsed pattern.
///
/// A handler takes the route's parameters in order, optionally after a request parameter
/// (`flasky::request&` or a `flasky::route_request`); or only a request, reading parameters by
/// name. A generic handler is checked by whether it can be called that way.
template <class Handler, class RequestArg>
constexpr std::pair<handler_problem, std::size_t> check_handler(const parsed_pattern& p) noexcept {
  using H = std::remove_cvref_t<Handler>;
  if constexpr (callable_args<H>::known) {
    using args = typename callable_args<H>::args;
    constexpr std::size_t n = std::tuple_size_v<args>;
    if constexpr (n == 0) {
      return {p.param_count == 0 ? handler_problem::none : handler_problem::arity, 0};
    } else {
      constexpr bool leading_request = is_request_arg<std::tuple_element_t<0, args>>();
      if (leading_request && n == 1) return {handler_problem::none, 0};
      return check_tuple<args>(p, leading_request ? 1 : 0, std::make_index_sequence<n>{});
    }
  } else {
    // Generic: the router calls it with the request wrapper alone, or with typed values.
    if constexpr (requires(H& h, RequestArg r) { h(static_cast<RequestArg>(r)); }) {
      return {handler_problem::none, 0};
    } else {
      return {handler_problem::not_invocable, 0};
    }
  }
}

}  // namespace flasky::detail
