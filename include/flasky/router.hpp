#pragma once
/// @file
/// The router: registers handlers for route patterns and dispatches requests to them.

#include <array>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <flasky/checked_pattern.hpp>
#include <flasky/detail/converter_desc.hpp>
#include <flasky/detail/handler_invoker.hpp>
#include <flasky/detail/handler_signature.hpp>
#include <flasky/detail/route_tree.hpp>
#include <flasky/detail/write_line.hpp>
#include <flasky/http_error.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/route.hpp>
#include <flasky/route_error.hpp>
#include <flasky/route_match.hpp>
#include <flasky/route_request.hpp>
#include <flasky/router_options.hpp>
#include <flasky/status.hpp>
#include <flasky/verb.hpp>
#include <flasky/verb_set.hpp>

namespace flasky {

/// Maps routes to handlers and answers requests, the way Flask's app does, without macros.
///
/// Patterns use Flask syntax (`<name>`, `<int:id>`, `<uint:n>`, `<float:x>`, `<uuid:u>`,
/// `<path:rest>`, custom converters). A handler takes the route's parameters as typed
/// arguments, optionally after the request, and returns a `response`, a `status`, a string or
/// a Boost.JSON value. Three ways to register:
/// - a string literal, checked with the handler when it compiles: `app.get("/a/<int:id>", h)`;
/// - a route value, which also gives `url_for` and `req.param<"name">()`: `app.get(route, h)`;
/// - a pattern known only at run time: `app.add_route({verb::get}, text, h)`, checked at
///   registration (`route_error`), its handler reading parameters by name with `arg<"name", T>`.
///
/// Matching goes by specificity, never by registration order: literal segments beat typed
/// converters, which beat strings, which beat `<path:>`. A duplicate route throws
/// `route_error` naming both patterns. `dispatch` never throws.
///
/// @code
/// flasky::router app;
/// app.get("/hello/<name>", [](std::string_view name) { return "Hello, " + std::string(name); });
/// flasky::request req(flasky::verb::get, "/hello/world");
/// auto res = app.dispatch(req);  // 200, "Hello, world"
/// @endcode
class router {
 public:
  explicit router(router_options options = {})
      : options_(std::move(options)), tree_(options_.slash, options_.max_param_bytes) {}

  router(const router&) = delete;
  router& operator=(const router&) = delete;

  // ---- string-literal patterns, checked at compile time ----------------------------------

  /// Registers `handler` for GET (and so HEAD) requests matching `pattern`.
  template <class Handler>
  router& get(checked_pattern<std::type_identity_t<Handler>> pattern, Handler&& handler) {
    return add_checked<request&>({verb::get}, pattern.text, std::forward<Handler>(handler));
  }
  template <class Handler>
  router& post(checked_pattern<std::type_identity_t<Handler>> pattern, Handler&& handler) {
    return add_checked<request&>({verb::post}, pattern.text, std::forward<Handler>(handler));
  }
  template <class Handler>
  router& put(checked_pattern<std::type_identity_t<Handler>> pattern, Handler&& handler) {
    return add_checked<request&>({verb::put}, pattern.text, std::forward<Handler>(handler));
  }
  template <class Handler>
  router& patch(checked_pattern<std::type_identity_t<Handler>> pattern, Handler&& handler) {
    return add_checked<request&>({verb::patch}, pattern.text, std::forward<Handler>(handler));
  }
  /// Registers `handler` for DELETE requests (`delete` is a C++ keyword).
  template <class Handler>
  router& delete_(checked_pattern<std::type_identity_t<Handler>> pattern, Handler&& handler) {
    return add_checked<request&>({verb::delete_}, pattern.text, std::forward<Handler>(handler));
  }
  /// Registers `handler` for each of `verbs`.
  template <class Handler>
  router& route(checked_pattern<std::type_identity_t<Handler>> pattern, verb_set verbs,
                Handler&& handler) {
    return add_checked<request&>(verbs, pattern.text, std::forward<Handler>(handler));
  }

  // ---- route values --------------------------------------------------------------------

  template <fixed_string P, class Handler>
  router& get(flasky::route<P> r, Handler&& handler) {
    return route(r, {verb::get}, std::forward<Handler>(handler));
  }
  template <fixed_string P, class Handler>
  router& post(flasky::route<P> r, Handler&& handler) {
    return route(r, {verb::post}, std::forward<Handler>(handler));
  }
  template <fixed_string P, class Handler>
  router& put(flasky::route<P> r, Handler&& handler) {
    return route(r, {verb::put}, std::forward<Handler>(handler));
  }
  template <fixed_string P, class Handler>
  router& patch(flasky::route<P> r, Handler&& handler) {
    return route(r, {verb::patch}, std::forward<Handler>(handler));
  }
  template <fixed_string P, class Handler>
  router& delete_(flasky::route<P> r, Handler&& handler) {
    return route(r, {verb::delete_}, std::forward<Handler>(handler));
  }
  /// Registers `handler` for `verbs` at the route value `r`; problems are static_asserts.
  template <fixed_string P, class Handler>
  router& route(flasky::route<P>, verb_set verbs, Handler&& handler) {
    using request_arg = route_request<flasky::route<P>>;
    constexpr auto problem =
        detail::check_handler<std::remove_cvref_t<Handler>, request_arg>(flasky::route<P>::parsed);
    static_assert(detail::assert_handler_ok<problem.first>());
    return add_checked<request_arg>(verbs, P.view(), std::forward<Handler>(handler));
  }

  // ---- patterns known at run time -------------------------------------------------------

  /// Registers `handler` for `verbs` at a pattern known only at run time.
  ///
  /// Throws `route_error` naming the pattern and the problem when the pattern is malformed,
  /// names an unknown converter, when the handler reads (with `arg<"name", T>`) a parameter
  /// the pattern lacks or as a type its converter does not give, or when the route exists.
  /// The handler takes `flasky::request&` and/or `arg<...>` parameters.
  template <class Handler>
  router& add_route(verb_set verbs, std::string_view pattern, Handler&& handler) {
    parsed_pattern parsed = parse_pattern(pattern);
    if (!parsed.ok()) fail(pattern, describe(parsed.error));
    auto slots = named_slots<std::remove_cvref_t<Handler>>(parsed, pattern);
    add(verbs, std::string(pattern), parsed, converters_by_name(parsed, pattern),
        detail::make_invoker<request&>(std::forward<Handler>(handler), slots));
    return *this;
  }

  /// Makes the custom converter for `T` known by name to run-time patterns.
  template <class T>
  router& add_converter() {
    custom_converters_[std::string(converter<T>::name)] = &detail::converter_desc_for<T>;
    return *this;
  }

  // ---- hooks and error handlers ----------------------------------------------------------

  /// Runs `hook` before every request; a response it returns is sent instead of routing.
  router& before_request(std::function<std::optional<response>(request&)> hook) {
    before_.push_back(std::move(hook));
    return *this;
  }
  /// Runs `hook` on every response before it is returned, error responses included.
  router& after_request(std::function<void(const request&, response&)> hook) {
    after_.push_back(std::move(hook));
    return *this;
  }
  /// Answers `s` (404, 405, 400, 500, or any `http_error` status) with `handler`'s response.
  /// For 405 and automatic OPTIONS the `Allow` header is added afterwards.
  router& on_error(status s, std::function<response(const request&)> handler) {
    error_handlers_[s] = std::move(handler);
    return *this;
  }

  // ---- dispatch ----------------------------------------------------------------------------

  /// Finds the handler for `v` and the encoded path; allocates nothing (`route_match`).
  route_match match(verb v, std::string_view path) const noexcept { return tree_.match(v, path); }

  /// The pattern of handler `index` (from `route_match::handler`).
  std::string_view pattern_of(std::uint32_t index) const noexcept { return handlers_[index].pattern; }

  /// Every registered route: pattern and verbs, in registration order.
  std::vector<std::pair<std::string, verb_set>> routes() const {
    std::vector<std::pair<std::string, verb_set>> out;
    for (const auto& h : handlers_) out.emplace_back(h.pattern, h.verbs);
    return out;
  }

  /// Answers `req`. Never throws: an exception escaping a handler is logged and becomes 500.
  response dispatch(request& req) noexcept;

 private:
  struct handler_entry {
    std::string pattern;
    verb_set verbs;
    std::vector<std::string> names;  // parameter names in pattern order
    detail::erased_handler invoke;
  };

  [[noreturn]] static void fail(std::string_view pattern, std::string_view problem) {
    throw route_error("flasky: route '" + std::string(pattern) + "': " + std::string(problem));
  }

  template <class RequestArg, class Handler>
  router& add_checked(verb_set verbs, std::string_view pattern, Handler&& handler) {
    const parsed_pattern parsed = parse_pattern(pattern);
    add(verbs, std::string(pattern), parsed, typed_converters<std::remove_cvref_t<Handler>>(parsed, pattern),
        detail::make_invoker<RequestArg>(std::forward<Handler>(handler),
                                         detail::positional_slots<Handler>()));
    return *this;
  }

  const detail::converter_desc* find_converter(std::string_view name) const {
    if (auto* builtin = detail::builtin_converter_desc(name)) return builtin;
    auto it = custom_converters_.find(std::string(name));
    return it == custom_converters_.end() ? nullptr : it->second;
  }

  std::vector<const detail::converter_desc*> converters_by_name(const parsed_pattern& p,
                                                               std::string_view pattern) const {
    std::vector<const detail::converter_desc*> out;
    for (std::size_t i = 0; i != p.param_count; ++i) {
      auto name = p.param_segment(i).converter;
      auto* conv = find_converter(name);
      if (conv == nullptr)
        fail(pattern, "unknown converter '" + std::string(name) + "' (built-in: " +
                          std::string(builtin_converter_names) +
                          "; register others with add_converter<T>())");
      out.push_back(conv);
    }
    return out;
  }

  /// Converters for a checked handler: built-ins by name, custom ones from the parameter types.
  template <class Handler>
  std::vector<const detail::converter_desc*> typed_converters(const parsed_pattern& p,
                                                             std::string_view pattern) {
    if constexpr (detail::callable_args<Handler>::known) {
      using args = typename detail::callable_args<Handler>::args;
      constexpr auto slots = detail::positional_slots<Handler>();
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (register_custom<std::remove_cvref_t<std::tuple_element_t<I, args>>>(slots[I]), ...);
      }(std::make_index_sequence<slots.size()>{});
    }
    return converters_by_name(p, pattern);
  }
  template <class T>
  void register_custom(std::size_t slot) {
    if constexpr (!std::is_same_v<T, request> && !detail::is_request_arg<T>() && has_converter<T>) {
      if (slot != detail::request_slot && detail::builtin_converter_desc(converter<T>::name) == nullptr)
        add_converter<T>();
    }
  }

  /// Slots for a run-time pattern's handler: each `arg<"name", T>` by name, checked.
  template <class Handler>
  auto named_slots(const parsed_pattern& p, std::string_view pattern) const {
    constexpr std::size_t n = detail::handler_arity<Handler>();
    std::array<std::size_t, n> slots{};
    if constexpr (n != 0) {
      using args = typename detail::callable_args<Handler>::args;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((slots[I] = named_slot<std::remove_cvref_t<std::tuple_element_t<I, args>>>(p, pattern)), ...);
      }(std::make_index_sequence<n>{});
    }
    return slots;
  }
  template <class A>
  std::size_t named_slot(const parsed_pattern& p, std::string_view pattern) const {
    if constexpr (std::is_same_v<A, request> || detail::is_request_arg<A>()) {
      return detail::request_slot;
    } else {
      static_assert(is_arg_v<A>,
                    "flasky: a handler of a run-time pattern takes flasky::request& and/or "
                    "flasky::arg<\"name\", T> parameters");
      std::size_t index = p.param_index(A::name);
      if (index == max_route_params)
        fail(pattern, "the handler reads parameter '" + std::string(A::name) +
                          "', which the pattern does not have");
      const detail::arg_info info{detail::classify_arg<typename A::value_type>(),
                                  detail::custom_name<typename A::value_type>()};
      auto problem = detail::check_arg(info, p.param_segment(index).converter);
      if (problem != detail::handler_problem::none)
        fail(pattern, "parameter '" + std::string(A::name) + "': " +
                          std::string(detail::describe(problem)));
      return index;
    }
  }

  void add(verb_set verbs, std::string pattern, const parsed_pattern& parsed,
           const std::vector<const detail::converter_desc*>& convs,
           detail::erased_handler invoke);

  response error_response(status s, const request& req);

  router_options options_;
  detail::route_tree tree_;
  std::deque<handler_entry> handlers_;
  std::map<std::string, const detail::converter_desc*, std::less<>> custom_converters_;
  std::vector<std::function<std::optional<response>(request&)>> before_;
  std::vector<std::function<void(const request&, response&)>> after_;
  std::map<status, std::function<response(const request&)>> error_handlers_;
};

}  // namespace flasky

#include <flasky/impl/router.hpp>
