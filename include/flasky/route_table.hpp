#pragma once
/// @file
/// A constexpr table of routes, for route tests that run when the program compiles.

#include <array>
#include <cstddef>
#include <string_view>

#include <flasky/detail/converter_desc.hpp>
#include <flasky/detail/diagnostics.hpp>
#include <flasky/detail/segment_rules.hpp>
#include <flasky/route_match.hpp>
#include <flasky/route_pattern.hpp>
#include <flasky/trailing_slash.hpp>
#include <flasky/verb.hpp>
#include <flasky/verb_set.hpp>

namespace flasky {

namespace compile_error {
void duplicate_route_in_route_table();
void route_table_knows_only_the_builtin_converters();
}  // namespace compile_error

/// One row of a `route_table`: the verbs and the pattern of a route.
struct table_entry {
  verb_set verbs;
  std::string_view pattern;
  constexpr table_entry(verb v, std::string_view p) noexcept : verbs{v}, pattern(p) {}
  constexpr table_entry(verb_set vs, std::string_view p) noexcept : verbs(vs), pattern(p) {}
};

/// What `route_table::find` answers: the outcome, the route's row, and the allowed verbs.
struct table_lookup {
  static constexpr std::size_t no_route = static_cast<std::size_t>(-1);
  match_outcome outcome = match_outcome::not_found;
  std::size_t route = no_route;  ///< row index in the table as written, when found
  verb_set allowed;              ///< for 405 and OPTIONS
  std::size_t param_count = 0;
  std::array<std::string_view, max_route_params> params{};  ///< encoded values

  /// The HTTP status this lookup leads to (200 for found and OPTIONS).
  constexpr unsigned status() const noexcept {
    switch (outcome) {
      case match_outcome::found:
      case match_outcome::options: return 200;
      case match_outcome::not_found: return 404;
      case match_outcome::method_not_allowed: return 405;
      case match_outcome::redirect: return 308;
      case match_outcome::bad_request: return 400;
    }
    return 500;
  }
};

/// Routes known at compile time, answering "which route, which status, which `Allow`" in
/// constant expressions, with the same rules as `router` (built-in converters only).
///
/// Construction fails to compile on a malformed pattern, a custom converter, or two rows that
/// match the same requests under a common verb. Use it with `static_assert` or Catch2's
/// `STATIC_REQUIRE`.
///
/// @code
/// constexpr flasky::route_table routes{{
///     {flasky::verb::get, "/gtg"},
///     {flasky::verb_set{flasky::verb::get, flasky::verb::post}, "/candidate/<name>"},
/// }};
/// static_assert(routes.find(flasky::verb::get, "/candidate/alice").route == 1);
/// static_assert(routes.find(flasky::verb::put, "/gtg").status() == 405);
/// @endcode
template <std::size_t N>
class route_table {
 public:
  consteval route_table(const table_entry (&entries)[N],  // NOLINT: implicit by design
                        trailing_slash policy = trailing_slash::redirect,
                        std::size_t max_param_bytes = 256)
      : policy_(policy), max_param_bytes_(max_param_bytes) {
    for (std::size_t i = 0; i != N; ++i) {
      verbs_[i] = entries[i].verbs;
      parsed_[i] = parse_pattern(entries[i].pattern);
      detail::report_at_compile_time(parsed_[i].error);
      for (std::size_t p = 0; p != parsed_[i].param_count; ++p)
        if (!detail::is_builtin_converter(parsed_[i].param_segment(p).converter))
          compile_error::route_table_knows_only_the_builtin_converters();
      order_[i] = i;
    }
    // Insertion sort into trial order (by specificity, then as written).
    for (std::size_t i = 1; i < N; ++i)
      for (std::size_t j = i; j > 0 && before(order_[j], order_[j - 1]); --j) {
        auto t = order_[j];
        order_[j] = order_[j - 1];
        order_[j - 1] = t;
      }
    for (std::size_t i = 0; i != N; ++i)
      for (std::size_t j = i + 1; j != N; ++j)
        if (same_shape(i, j) && (verbs_[i].bits() & verbs_[j].bits()) != 0)
          compile_error::duplicate_route_in_route_table();
  }

  static constexpr std::size_t size() noexcept { return N; }

  /// The route for `v` and the encoded `path` (no query), as the router would answer it.
  constexpr table_lookup find(verb v, std::string_view path) const noexcept {
    table_lookup out;
    if (!detail::is_well_formed_path(path)) {
      out.outcome = match_outcome::bad_request;
      return out;
    }
    std::string_view body = path.substr(1);
    bool trailing = !body.empty() && body.back() == '/';
    if (trailing) body.remove_suffix(1);
    bool root = path.size() == 1;
    if (search(v, body, root, trailing, out)) {
      out.outcome = match_outcome::found;
      return out;
    }
    if (!out.allowed.empty()) {
      out.outcome = v == verb::options ? match_outcome::options : match_outcome::method_not_allowed;
      return out;
    }
    if (policy_ == trailing_slash::redirect && !trailing && !root) {
      table_lookup probe;
      if (search(v, body, root, true, probe) || (v == verb::options && !probe.allowed.empty())) {
        out.outcome = match_outcome::redirect;
        return out;
      }
    }
    return out;
  }

  /// The verbs `path` answers to (with HEAD and OPTIONS added as the router does); empty: 404.
  constexpr verb_set allowed(std::string_view path) const noexcept {
    auto r = find(verb::unknown, path);
    return r.allowed;
  }

 private:
  static constexpr int rank(const pattern_segment& s) noexcept {
    if (s.kind == segment_kind::literal) return 0;
    if (s.kind == segment_kind::string) return detail::string_converter_desc.priority;
    if (s.kind == segment_kind::path) return detail::path_converter_desc.priority;
    return detail::builtin_converter_desc(s.converter)->priority;
  }
  constexpr bool before(std::size_t a, std::size_t b) const noexcept {
    const auto& pa = parsed_[a];
    const auto& pb = parsed_[b];
    for (std::size_t i = 0; i != pa.segment_count && i != pb.segment_count; ++i) {
      int ra = rank(pa.segments[i]);
      int rb = rank(pb.segments[i]);
      if (ra != rb) return ra < rb;
      const std::string_view ca = pa.segments[i].converter;
      const std::string_view cb = pb.segments[i].converter;
      if (ra != 0 && ca != cb) return ca < cb;
    }
    return false;  // stable: rows keep their written order
  }
  constexpr bool same_shape(std::size_t a, std::size_t b) const noexcept {
    const auto& pa = parsed_[a];
    const auto& pb = parsed_[b];
    if (pa.segment_count != pb.segment_count) return false;
    bool path_last = pa.segment_count != 0 &&
                     pa.segments[pa.segment_count - 1].kind == segment_kind::path;
    if (!path_last && policy_ != trailing_slash::ignore && pa.trailing_slash != pb.trailing_slash)
      return false;
    for (std::size_t i = 0; i != pa.segment_count; ++i) {
      const auto& x = pa.segments[i];
      const auto& y = pb.segments[i];
      if (x.kind != y.kind) return false;
      if (x.kind == segment_kind::literal ? x.text != y.text : x.converter != y.converter)
        return false;
    }
    return true;
  }

  /// Whether row `r` matches; records its encoded parameters in `out`.
  constexpr bool row_matches(std::size_t r, std::string_view body, bool root, bool trailing,
                             table_lookup& out) const noexcept {
    const auto& p = parsed_[r];
    std::size_t pos = root ? body.size() + 1 : 0;
    std::size_t params = 0;
    for (std::size_t i = 0; i != p.segment_count; ++i) {
      const auto& seg = p.segments[i];
      if (pos > body.size()) return false;
      if (seg.kind == segment_kind::path) {
        std::string_view rest = body.substr(pos);
        if (trailing && policy_ != trailing_slash::ignore) rest = {rest.data(), rest.size() + 1};
        if (!detail::is_acceptable_param(rest, true, max_param_bytes_)) return false;
        out.params[params++] = rest;
        out.param_count = params;
        return true;
      }
      std::size_t slash = body.find('/', pos);
      std::size_t end = slash == std::string_view::npos ? body.size() : slash;
      std::string_view text = body.substr(pos, end - pos);
      pos = end + 1;
      if (seg.kind == segment_kind::literal) {
        if (!detail::decodes_to(text, seg.text)) return false;
        continue;
      }
      if (!detail::is_acceptable_param(text, false, max_param_bytes_)) return false;
      if (seg.kind == segment_kind::typed) {
        char buffer[1024] = {};
        if (text.size() > sizeof buffer) return false;
        std::size_t n = detail::percent_decode(text, buffer);
        if (!detail::builtin_converter_desc(seg.converter)->accepts({buffer, n})) return false;
      }
      out.params[params++] = text;
    }
    if (pos <= body.size()) return false;  // request has more segments
    if (policy_ != trailing_slash::ignore && p.trailing_slash != trailing) return false;
    out.param_count = params;
    return true;
  }

  constexpr bool search(verb v, std::string_view body, bool root, bool trailing,
                        table_lookup& out) const noexcept {
    for (std::size_t k = 0; k != N; ++k) {
      std::size_t r = order_[k];
      table_lookup candidate;
      if (!row_matches(r, body, root, trailing, candidate)) continue;
      const verb_set vs = verbs_[r];
      if (v != verb::unknown && (vs.contains(v) || (v == verb::head && vs.contains(verb::get)))) {
        candidate.route = r;
        candidate.allowed = out.allowed;
        out = candidate;
        return true;
      }
      out.allowed.insert(vs);
      if (vs.contains(verb::get)) out.allowed.insert(verb::head);
      out.allowed.insert(verb::options);
    }
    return false;
  }

  trailing_slash policy_;
  std::size_t max_param_bytes_;
  std::array<verb_set, N> verbs_{};
  std::array<parsed_pattern, N> parsed_{};
  std::array<std::size_t, N> order_{};
};

template <std::size_t N>
route_table(const table_entry (&)[N]) -> route_table<N>;

}  // namespace flasky
