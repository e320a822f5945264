#pragma once
/// @file
/// Parsing of Flask-style route patterns, usable at compile time and at run time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace flasky {

/// The most segments a route pattern may have.
inline constexpr std::size_t max_pattern_segments = 32;
/// The most parameters a route pattern may have.
inline constexpr std::size_t max_route_params = 16;

/// What a pattern segment matches, from most to least specific.
///
/// Matching tries literal segments first, then typed converters (in their own priority
/// order), then plain strings, then `<path:...>`; registration order never matters.
enum class segment_kind : std::uint8_t { literal, typed, string, path };

/// One segment of a parsed pattern: a literal, or one parameter filling the whole segment.
struct pattern_segment {
  segment_kind kind = segment_kind::literal;
  std::string_view text;       ///< the literal text; for a parameter, the whole `<...>`
  std::string_view name;       ///< parameter name (empty for literals)
  std::string_view converter;  ///< converter name: "string" when none is given
};

/// Why a route pattern is malformed.
enum class pattern_error : std::uint8_t {
  none,
  empty,
  no_leading_slash,
  empty_segment,
  unclosed_parameter,
  stray_closing_bracket,
  parameter_not_whole_segment,
  empty_parameter_name,
  invalid_parameter_name,
  invalid_converter_name,
  converter_arguments,
  duplicate_parameter_name,
  path_not_last,
  invalid_literal_character,
  dot_segment,
  too_many_segments,
  too_many_parameters,
};

/// A sentence saying what `e` means, for run-time errors.
constexpr std::string_view describe(pattern_error e) noexcept {
  switch (e) {
    case pattern_error::none: return "no error";
    case pattern_error::empty: return "the pattern is empty";
    case pattern_error::no_leading_slash: return "a route pattern must start with '/'";
    case pattern_error::empty_segment: return "empty segment ('//') in route pattern";
    case pattern_error::unclosed_parameter: return "'<' without a closing '>' in route pattern";
    case pattern_error::stray_closing_bracket: return "'>' without an opening '<' in route pattern";
    case pattern_error::parameter_not_whole_segment:
      return "a parameter must fill a whole path segment (write '/<name>/', not '/x<name>')";
    case pattern_error::empty_parameter_name: return "a parameter has no name ('<>' or '<int:>')";
    case pattern_error::invalid_parameter_name:
      return "a parameter name must be an identifier ([A-Za-z_][A-Za-z0-9_]*)";
    case pattern_error::invalid_converter_name:
      return "a converter name must be an identifier ([A-Za-z_][A-Za-z0-9_]*)";
    case pattern_error::converter_arguments:
      return "converter arguments such as '<int(signed=True):x>' are not supported";
    case pattern_error::duplicate_parameter_name: return "two parameters have the same name";
    case pattern_error::path_not_last:
      return "'<path:...>' must be the last segment, with no trailing slash";
    case pattern_error::invalid_literal_character:
      return "a literal segment contains a character that is not allowed in a route "
             "(space, control, '?', '#', '%' or '\\')";
    case pattern_error::dot_segment: return "'.' and '..' segments are not allowed in a route";
    case pattern_error::too_many_segments: return "a route pattern has more than 32 segments";
    case pattern_error::too_many_parameters: return "a route pattern has more than 16 parameters";
  }
  return "unknown pattern error";
}

/// A route pattern split into segments; `error` says whether it was well formed.
///
/// @code
/// constexpr auto p = flasky::parse_pattern("/candidate/<name>");
/// static_assert(p.ok() && p.param_count == 1 && p.segments[1].name == "name");
/// @endcode
struct parsed_pattern {
  pattern_error error = pattern_error::none;
  std::size_t error_offset = 0;  ///< where in the pattern the problem was found
  std::array<pattern_segment, max_pattern_segments> segments{};
  std::size_t segment_count = 0;
  std::size_t param_count = 0;
  bool trailing_slash = false;  ///< "/a/" (but not the root "/")

  constexpr bool ok() const noexcept { return error == pattern_error::none; }

  /// The index among parameters of the one called `name`, or `max_route_params`.
  constexpr std::size_t param_index(std::string_view name) const noexcept {
    std::size_t index = 0;
    for (std::size_t i = 0; i != segment_count; ++i) {
      if (segments[i].kind == segment_kind::literal) continue;
      if (segments[i].name == name) return index;
      ++index;
    }
    return max_route_params;
  }

  /// The segment of the parameter with index `param` (0-based among parameters).
  constexpr const pattern_segment& param_segment(std::size_t param) const noexcept {
    std::size_t seen = 0;
    for (std::size_t i = 0; i != segment_count; ++i) {
      if (segments[i].kind == segment_kind::literal) continue;
      if (seen++ == param) return segments[i];
    }
    return segments[0];
  }
};

namespace detail {

constexpr bool is_ident_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool is_ident_char(char c) noexcept {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}
constexpr bool is_identifier(std::string_view s) noexcept {
  if (s.empty() || !is_ident_start(s[0])) return false;
  for (char c : s)
    if (!is_ident_char(c)) return false;
  return true;
}
constexpr bool is_literal_char(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '?' && c != '#' && c != '%' && c != '\\';
}

/// The first index of `c` in `s` from `from`, or npos. A plain loop rather than
/// `string_view::find`: g++ 12 with -fsanitize=undefined cannot evaluate the latter at compile
/// time on a string inside a template argument (it adds a null check on the pointer).
constexpr std::size_t index_of(std::string_view s, char c, std::size_t from = 0) noexcept {
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] == c) return i;
  return std::string_view::npos;
}

/// The kind of segment a converter name gives.
constexpr segment_kind kind_of_converter(std::string_view converter) noexcept {
  if (converter == "string") return segment_kind::string;
  if (converter == "path") return segment_kind::path;
  return segment_kind::typed;
}

}  // namespace detail

/// Parses a Flask-style route pattern: `/literal`, `<name>`, `<converter:name>`.
///
/// Rules (stricter than Flask where Flask is ambiguous): the pattern starts with '/';
/// each parameter fills a whole segment; `<path:...>` comes last; names are unique
/// identifiers; no empty, `.` or `..` segments. The result refers into `pattern`.
constexpr parsed_pattern parse_pattern(std::string_view pattern) noexcept {
  parsed_pattern out;
  auto fail = [&](pattern_error e, std::size_t at) {
    out.error = e;
    out.error_offset = at;
    return out;
  };
  if (pattern.empty()) return fail(pattern_error::empty, 0);
  if (pattern[0] != '/') return fail(pattern_error::no_leading_slash, 0);
  if (pattern.size() == 1) return out;

  std::size_t pos = 1;
  while (pos <= pattern.size()) {
    std::size_t end = detail::index_of(pattern, '/', pos);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view text = pattern.substr(pos, end - pos);
    if (text.empty()) {
      if (end == pattern.size()) {  // "/a/": a trailing slash
        out.trailing_slash = true;
        break;
      }
      return fail(pattern_error::empty_segment, pos);
    }
    if (out.segment_count != 0 && out.segments[out.segment_count - 1].kind == segment_kind::path)
      return fail(pattern_error::path_not_last, pos);
    if (out.segment_count == max_pattern_segments)
      return fail(pattern_error::too_many_segments, pos);

    pattern_segment seg;
    seg.text = text;
    std::size_t open = detail::index_of(text, '<');
    std::size_t close = detail::index_of(text, '>');
    if (open == std::string_view::npos) {
      if (close != std::string_view::npos)
        return fail(pattern_error::stray_closing_bracket, pos + close);
      if (text == "." || text == "..") return fail(pattern_error::dot_segment, pos);
      for (std::size_t i = 0; i != text.size(); ++i)
        if (!detail::is_literal_char(text[i]))
          return fail(pattern_error::invalid_literal_character, pos + i);
      seg.kind = segment_kind::literal;
    } else {
      if (close == std::string_view::npos || close < open)
        return fail(close == std::string_view::npos ? pattern_error::unclosed_parameter
                                                    : pattern_error::stray_closing_bracket,
                    pos + (close == std::string_view::npos ? open : close));
      if (open != 0 || close != text.size() - 1)
        return fail(pattern_error::parameter_not_whole_segment, pos);
      std::string_view inner = text.substr(1, text.size() - 2);
      if (detail::index_of(inner, '<') != std::string_view::npos)
        return fail(pattern_error::unclosed_parameter, pos + 1 + detail::index_of(inner, '<'));
      if (detail::index_of(inner, '(') != std::string_view::npos)
        return fail(pattern_error::converter_arguments, pos);
      std::size_t colon = detail::index_of(inner, ':');
      std::string_view converter = "string";
      std::string_view name = inner;
      if (colon != std::string_view::npos) {
        converter = inner.substr(0, colon);
        name = inner.substr(colon + 1);
        if (!detail::is_identifier(converter))
          return fail(pattern_error::invalid_converter_name, pos + 1);
      }
      if (name.empty()) return fail(pattern_error::empty_parameter_name, pos);
      if (!detail::is_identifier(name)) return fail(pattern_error::invalid_parameter_name, pos);
      if (out.param_count == max_route_params)
        return fail(pattern_error::too_many_parameters, pos);
      if (out.param_index(name) != max_route_params)
        return fail(pattern_error::duplicate_parameter_name, pos);
      seg.kind = detail::kind_of_converter(converter);
      seg.name = name;
      seg.converter = converter;
      ++out.param_count;
    }
    out.segments[out.segment_count++] = seg;
    pos = end + 1;
  }
  if (out.trailing_slash && out.segment_count != 0 &&
      out.segments[out.segment_count - 1].kind == segment_kind::path)
    return fail(pattern_error::path_not_last, pattern.size() - 1);
  return out;
}

}  // namespace flasky
