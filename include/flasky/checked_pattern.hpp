#pragma once
/// @file
/// A route pattern string literal checked, with its handler, when the program compiles.

#include <cstddef>
#include <string_view>

#include <flasky/detail/diagnostics.hpp>
#include <flasky/detail/handler_signature.hpp>
#include <flasky/route_pattern.hpp>

namespace flasky {

class request;

/// A string-literal route pattern, checked at compile time against the handler type `Handler`.
///
/// This is what lets `app.get("/items/<int:id>", [](std::int64_t id) {...})` refuse a malformed
/// pattern or a mismatched handler when it compiles. The constructor is `consteval`, so the
/// check costs nothing at run time. A problem stops compilation with a call to a function named
/// after it, such as `flasky::compile_error::route_pattern_has_an_unclosed_parameter()`.
/// Route values (`flasky::route<"...">`) give the same checks as `static_assert` messages
/// starting with "flasky:".
template <class Handler>
struct checked_pattern {
  std::string_view text;

  template <std::size_t N>
  consteval checked_pattern(const char (&pattern)[N])  // NOLINT: implicit by design
      : text(pattern, N - 1) {
    const parsed_pattern parsed = parse_pattern(text);
    detail::report_at_compile_time(parsed.error);
    if (parsed.ok()) detail::report_at_compile_time(detail::check_handler<Handler, request&>(parsed).first);
  }
};

}  // namespace flasky
