#pragma once
/// @file
/// Building the URL of a route from its parameter values.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <boost/system/result.hpp>

#include <flasky/converter.hpp>
#include <flasky/detail/diagnostics.hpp>
#include <flasky/detail/handler_signature.hpp>
#include <flasky/detail/percent_encoding.hpp>
#include <flasky/detail/segment_rules.hpp>
#include <flasky/route.hpp>
#include <flasky/uuid.hpp>

namespace flasky {

namespace detail {

/// Appends `text` percent-encoded for a path segment; '/' is kept only when `keep_slash`.
inline void append_encoded(std::string& out, std::string_view text, bool keep_slash) {
  append_percent_encoded(out, text, [keep_slash](char c) {
    return is_path_char(c) || (keep_slash && c == '/');
  });
}

/// Like `classify_arg`, for values going into a URL: a narrower number fits, so it is fine.
template <class T>
constexpr arg_class classify_url_arg() noexcept {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) return arg_class::string_like;
  switch (classify_arg<T>()) {
    case arg_class::signed_narrow: return arg_class::signed64;
    case arg_class::unsigned_narrow: return arg_class::unsigned64;
    case arg_class::float_narrow: return arg_class::double_like;
    default: return classify_arg<T>();
  }
}

/// The text of one parameter value, as its converter would read it back; empty when none.
template <class T>
std::string url_text(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(value));
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) return {};
    char buffer[512];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(value),
                                   std::chars_format::fixed);
    if (ec != std::errc{}) return {};
    std::string text(buffer, end);
    if (text.find('.') == std::string::npos) text += ".0";
    return text;
  } else if constexpr (std::is_same_v<T, uuid>) {
    return value.to_string();
  } else {
    static_assert(requires { converter<T>::format(value); },
                  "flasky: url_for needs a static format(const T&) in flasky::converter<T>");
    return std::string(converter<T>::format(value));
  }
}

}  // namespace detail

/// The URL path of route `r` with `values` for its parameters, or an error when a value
/// could not route back to `r` (empty, ".", "..", a control character, invalid UTF-8, longer
/// than 256 bytes, or a non-finite number).
///
/// The number and types of `values` are checked against the route at compile time, with the
/// same rules as handler parameters (plus string literals and `const char*` for strings).
/// Values are percent-encoded so that `router::match` decodes exactly them again.
///
/// @code
/// constexpr flasky::route<"/candidate/<name>"> candidate;
/// auto url = flasky::try_url_for(candidate, "Zoë Smith");  // "/candidate/Zo%C3%AB%20Smith"
/// @endcode
template <fixed_string P, class... Values>
boost::system::result<std::string> try_url_for(route<P>, const Values&... values) {
  using r = route<P>;
  static_assert(sizeof...(Values) == r::param_count,
                "flasky: url_for takes exactly one value per route parameter");
  if constexpr (sizeof...(Values) == r::param_count) {
    constexpr auto problem = [] {
      detail::arg_info args[sizeof...(Values) + 1] = {
          detail::arg_info{detail::classify_url_arg<Values>(), detail::custom_name<Values>()}...,
          detail::arg_info{detail::arg_class::other, {}}};
      return detail::compare_args(r::parsed, args, sizeof...(Values));
    }();
    static_assert(detail::assert_handler_ok<problem.first>());
  }

  const std::string texts[sizeof...(Values) + 1] = {detail::url_text(values)..., std::string()};
  std::string out;
  std::size_t param = 0;
  for (std::size_t i = 0; i != r::parsed.segment_count; ++i) {
    const auto& seg = r::parsed.segments[i];
    out.push_back('/');
    if (seg.kind == segment_kind::literal) {
      detail::append_encoded(out, seg.text, false);
      continue;
    }
    const bool is_path = seg.kind == segment_kind::path;
    const std::size_t start = out.size();
    detail::append_encoded(out, texts[param++], is_path);
    if (!detail::is_acceptable_param(std::string_view(out).substr(start), is_path, 256))
      return std::make_error_code(std::errc::invalid_argument);
  }
  if (out.empty() || r::parsed.trailing_slash) out.push_back('/');
  return out;
}

/// Like `try_url_for`, but throws `std::invalid_argument` when a value cannot route back.
template <fixed_string P, class... Values>
std::string url_for(route<P> r, const Values&... values) {
  auto url = try_url_for(r, values...);
  if (!url)
    throw std::invalid_argument("flasky: url_for(\"" + std::string(P.view()) +
                                "\"): a value cannot route back (empty, '.', '..', control "
                                "character, invalid UTF-8, over 256 bytes, or not finite)");
  return std::move(*url);
}

}  // namespace flasky
