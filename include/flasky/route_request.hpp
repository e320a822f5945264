#pragma once
/// @file
/// A request seen through the route that matched it, with parameters checked by name at compile time.

#include <cstdint>
#include <string_view>

#include <flasky/converter.hpp>
#include <flasky/fixed_string.hpp>
#include <flasky/request.hpp>
#include <flasky/uuid.hpp>

namespace flasky {

/// The request given to a handler registered with a route value, so `param<"name">()` is
/// checked against that route when the handler compiles.
///
/// `param<"id">()` returns the converted value: `std::int64_t` for `<int:id>`, `std::uint64_t`
/// for `<uint:...>`, `double` for `<float:...>`, `flasky::uuid` for `<uuid:...>`, and the
/// decoded `std::string_view` otherwise. A name the route lacks does not compile. Everything
/// else of the request is reached with `->` or `raw()`.
///
/// @code
/// constexpr flasky::route<"/items/<int:id>"> item;
/// app.get(item, [](auto req) { return std::to_string(req.template param<"id">() + 1); });
/// @endcode
template <class Route>
class route_request {
 public:
  using route_type = Route;
  static constexpr bool is_route_request = true;

  explicit route_request(request& req) noexcept : req_(&req) {}

  /// The value of the parameter called `Name`, converted as its converter says.
  template <fixed_string Name>
  auto param() const {
    constexpr std::size_t index = Route::template param_index<Name>();
    constexpr std::string_view conv = Route::template converter_name<index>();
    std::string_view text = req_->params()[index].second;
    if constexpr (conv == "int") {
      return converter<std::int64_t>::parse(text).value_or(0);
    } else if constexpr (conv == "uint") {
      return converter<std::uint64_t>::parse(text).value_or(0);
    } else if constexpr (conv == "float") {
      return converter<double>::parse(text).value_or(0.0);
    } else if constexpr (conv == "uuid") {
      return converter<uuid>::parse(text).value_or(uuid{});
    } else {
      return text;
    }
  }

  request& raw() const noexcept { return *req_; }
  request* operator->() const noexcept { return req_; }

 private:
  request* req_;
};

}  // namespace flasky
