#pragma once
/// @file
/// A group of routes under a common prefix, registered on a router in one step.

#include <functional>
#include <utility>
#include <vector>

#include <flasky/fixed_string.hpp>
#include <flasky/route.hpp>
#include <flasky/router.hpp>
#include <flasky/verb_set.hpp>

namespace flasky {

/// Routes under the prefix `Prefix`, written apart and added to a router with `register_on`.
///
/// Routes are route values relative to the prefix; `blueprint<Prefix>::route<P>` is the full
/// route value (`flasky::route<Prefix + P>`), so `url_for` works on blueprint routes too.
/// Hooks and error handlers stay on the router.
///
/// @code
/// flasky::blueprint<"/api/v1"> api;
/// api.get(flasky::route<"/items/<int:id>">{}, [](std::int64_t id) { return std::to_string(id); });
/// api.register_on(app);  // serves /api/v1/items/<int:id>
/// auto url = flasky::url_for(decltype(api)::route<"/items/<int:id>">{}, 7);
/// @endcode
template <fixed_string Prefix>
class blueprint {
  static_assert(route<Prefix>::param_count == 0 && !route<Prefix>::parsed.trailing_slash &&
                    route<Prefix>::parsed.segment_count != 0,
                "flasky: a blueprint prefix is literal segments like \"/api/v1\", with no "
                "parameters and no trailing slash");

 public:
  /// The full route value of `P` under this blueprint's prefix.
  template <fixed_string P>
  using route = flasky::route<Prefix + P>;

  template <fixed_string P, class Handler>
  blueprint& get(flasky::route<P> r, Handler handler) {
    return add(r, {verb::get}, std::move(handler));
  }
  template <fixed_string P, class Handler>
  blueprint& post(flasky::route<P> r, Handler handler) {
    return add(r, {verb::post}, std::move(handler));
  }
  template <fixed_string P, class Handler>
  blueprint& put(flasky::route<P> r, Handler handler) {
    return add(r, {verb::put}, std::move(handler));
  }
  template <fixed_string P, class Handler>
  blueprint& patch(flasky::route<P> r, Handler handler) {
    return add(r, {verb::patch}, std::move(handler));
  }
  template <fixed_string P, class Handler>
  blueprint& delete_(flasky::route<P> r, Handler handler) {
    return add(r, {verb::delete_}, std::move(handler));
  }
  /// Adds `handler` for `verbs` at `P` under the prefix.
  template <fixed_string P, class Handler>
  blueprint& add(flasky::route<P>, verb_set verbs, Handler handler) {
    pending_.push_back([verbs, handler = std::move(handler)](router& app) {
      app.route(route<P>{}, verbs, handler);
    });
    return *this;
  }

  /// Registers every route on `app`; throws `route_error` on a duplicate, as the router does.
  void register_on(router& app) const {
    for (const auto& add_to : pending_) add_to(app);
  }

 private:
  std::vector<std::function<void(router&)>> pending_;
};

}  // namespace flasky
