#pragma once
// Private: calling a handler with converted parameters, and turning what it returns into a response.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <flasky/arg.hpp>
#include <flasky/converter.hpp>
#include <flasky/detail/erased_handler.hpp>
#include <flasky/detail/handler_signature.hpp>
#include <flasky/http_error.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/status.hpp>

namespace flasky::detail {

template <class T>
inline constexpr bool always_false_v = false;

/// True for what a handler may return.
template <class R>
inline constexpr bool is_handler_result_v =
    std::is_same_v<R, response> || std::is_same_v<R, status> ||
    std::is_convertible_v<R, std::string_view> || std::is_same_v<R, boost::json::value> ||
    std::is_same_v<R, boost::json::object> || std::is_same_v<R, boost::json::array>;

template <class R>
constexpr bool assert_handler_result() noexcept {
  static_assert(is_handler_result_v<R>,
                "flasky: a handler must return flasky::response, flasky::status, a string, or a "
                "boost::json value, object or array");
  return true;
}

/// The response for what a handler returned.
template <class R>
response to_response(R&& result) {
  using T = std::remove_cvref_t<R>;
  if constexpr (std::is_same_v<T, response>) {
    return std::forward<R>(result);
  } else if constexpr (std::is_same_v<T, status>) {
    return response::from_status(result);
  } else if constexpr (std::is_convertible_v<T, std::string_view>) {
    return response::text(std::string(std::string_view(result)));
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return response::json(result);
  } else if constexpr (std::is_same_v<T, boost::json::object> ||
                       std::is_same_v<T, boost::json::array>) {
    return response::json(boost::json::value(std::forward<R>(result)));
  } else {
    static_assert(always_false_v<T>, "flasky: unsupported handler result");
  }
}

/// Converts a decoded parameter to a handler parameter of type `A`.
template <class A>
auto param_value(std::string_view text) {
  using T = std::remove_cvref_t<A>;
  auto require = [](auto parsed) {
    if (!parsed) throw http_error(status::not_found);  // a custom converter changed its mind
    return *parsed;
  };
  if constexpr (std::is_same_v<T, std::string_view>) {
    return text;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::string(text);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    return static_cast<T>(require(converter<std::int64_t>::parse(text)));
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(require(converter<std::uint64_t>::parse(text)));
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(require(converter<double>::parse(text)));
  } else {
    return require(converter<T>::parse(text));
  }
}

/// Which route parameter feeds each handler parameter; `request_slot` marks the request.
inline constexpr std::size_t request_slot = static_cast<std::size_t>(-1);

template <class RequestArg, class A>
decltype(auto) make_handler_arg(request& req, std::size_t slot) {
  using T = std::remove_cvref_t<A>;
  if constexpr (std::is_same_v<T, request>) {
    return (req);
  } else if constexpr (is_request_arg<T>()) {
    return T(req);
  } else if constexpr (is_arg_v<T>) {
    return T{param_value<typename T::value_type>(req.params()[slot].second)};
  } else {
    return param_value<A>(req.params()[slot].second);
  }
}

/// A callable that runs `handler` for a matched request whose parameters are set.
///
/// `slots[i]` is the route parameter index for the handler's i-th parameter.
template <class RequestArg, class Handler, std::size_t N>
erased_handler make_invoker(Handler handler, std::array<std::size_t, N> slots) {
  using H = std::remove_cvref_t<Handler>;
  if constexpr (callable_args<H>::known) {
    using args = typename callable_args<H>::args;
    static_assert(assert_handler_result<std::remove_cvref_t<typename callable_args<H>::result>>());
    return erased_handler([handler = std::move(handler), slots](request& req) mutable -> response {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return to_response(std::invoke(
            handler, make_handler_arg<RequestArg, std::tuple_element_t<I, args>>(req, slots[I])...));
      }(std::make_index_sequence<std::tuple_size_v<args>>{});
    });
  } else {
    using result = std::remove_cvref_t<decltype(std::declval<H&>()(std::declval<RequestArg>()))>;
    static_assert(assert_handler_result<result>());
    return erased_handler([handler = std::move(handler)](request& req) mutable -> response {
      if constexpr (std::is_same_v<RequestArg, request&>) {
        return to_response(std::invoke(handler, req));
      } else {
        return to_response(std::invoke(handler, RequestArg(req)));
      }
    });
  }
}

/// The number of parameters of a handler with a known signature, else 0.
template <class Handler>
constexpr std::size_t handler_arity() noexcept {
  using H = std::remove_cvref_t<Handler>;
  if constexpr (callable_args<H>::known) {
    return std::tuple_size_v<typename callable_args<H>::args>;
  } else {
    return 0;
  }
}

/// Positional slots: request parameters map to `request_slot`, the rest to 0, 1, 2, ...
template <class Handler>
constexpr auto positional_slots() noexcept {
  constexpr std::size_t n = handler_arity<Handler>();
  std::array<std::size_t, n> slots{};
  if constexpr (n != 0) {
    using args = typename callable_args<std::remove_cvref_t<Handler>>::args;
    std::size_t next = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((slots[I] = is_request_arg<std::tuple_element_t<I, args>>() ? request_slot : next++), ...);
    }(std::make_index_sequence<n>{});
  }
  return slots;
}

}  // namespace flasky::detail
