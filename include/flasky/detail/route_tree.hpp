#pragma once
// Private: the run-time matcher, a tree of path segments searched by specificity.

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <flasky/detail/converter_desc.hpp>
#include <flasky/detail/segment_rules.hpp>
#include <flasky/route_match.hpp>
#include <flasky/route_pattern.hpp>
#include <flasky/trailing_slash.hpp>
#include <flasky/verb.hpp>
#include <flasky/verb_set.hpp>

namespace flasky::detail {

/// A segment of a pattern as the tree stores it: a literal or a converter.
struct tree_segment {
  std::string_view literal;                ///< for literals
  const converter_desc* conv = nullptr;    ///< null for literals
};

/// Where the tree found that a new route collides with an old one.
struct route_collision {
  std::uint32_t existing_handler;
};

/// The tree: literal children first, then converters in priority order, then `<path:>`.
///
/// Every node may end routes with and without a trailing slash; each end maps verbs to
/// handler indices. Matching is a depth-first search in specificity order, so registration
/// order never matters, and the first end that has the request's verb wins.
class route_tree {
 public:
  static constexpr std::uint32_t none = route_match::no_handler;

  explicit route_tree(trailing_slash policy = trailing_slash::redirect,
                      std::size_t max_param_bytes = 256)
      : policy_(policy), max_param_bytes_(max_param_bytes), nodes_(1) {}

  /// Adds `handler` for `verbs` at the route made of `segments`; returns the handler index
  /// already there when one of the verbs is taken (nothing is changed then).
  std::uint32_t insert(const std::vector<tree_segment>& segments, bool trailing, verb_set verbs,
                       std::uint32_t handler) {
    std::uint32_t node = 0;
    bool is_path = false;
    for (const auto& seg : segments) {
      if (seg.conv == nullptr) {
        node = literal_child(node, seg.literal);
      } else if (seg.conv->kind == segment_kind::path) {
        is_path = true;
        if (nodes_[node].path_end == none) {
          auto e = new_end();
          nodes_[node].path_end = e;
        }
        break;
      } else {
        node = param_child(node, seg.conv);
      }
    }
    std::uint32_t end_index;
    if (is_path) {
      end_index = nodes_[node].path_end;
    } else {
      std::uint32_t slot = (trailing && policy_ != trailing_slash::ignore) ? 1 : 0;
      if (nodes_[node].ends[slot] == none) {
        auto e = new_end();
        nodes_[node].ends[slot] = e;
      }
      end_index = nodes_[node].ends[slot];
    }
    auto& end = ends_[end_index];
    for (std::size_t i = 0; i != verb_count; ++i)
      if (verbs.contains(static_cast<verb>(i)) && end.handlers[i] != none) return end.handlers[i];
    for (std::size_t i = 0; i != verb_count; ++i) {
      auto v = static_cast<verb>(i);
      if (!verbs.contains(v)) continue;
      end.handlers[i] = handler;
      end.allowed.insert(v);
      if (v == verb::get) end.allowed.insert(verb::head);
    }
    end.allowed.insert(verb::options);
    return none;
  }

  /// Finds the handler for `v` and the encoded `path` (no query); allocates nothing.
  route_match match(verb v, std::string_view path) const noexcept {
    route_match m;
    if (!is_well_formed_path(path)) {
      m.outcome = match_outcome::bad_request;
      return m;
    }
    std::string_view body = path.substr(1);
    bool trailing = !body.empty() && body.back() == '/';
    if (trailing) body.remove_suffix(1);
    search_state st{v, body, trailing, m};
    std::size_t start = path.size() == 1 ? 1 : 0;  // "/" has no segments at all
    if (search(0, start, st)) {
      m.outcome = match_outcome::found;
      return m;
    }
    if (!m.allowed.empty()) {
      m.outcome = v == verb::options ? match_outcome::options : match_outcome::method_not_allowed;
      return m;
    }
    if (policy_ == trailing_slash::redirect && !trailing && path.size() > 1) {
      // As Werkzeug: only when the slashed route serves this method (OPTIONS: any method).
      route_match probe;
      search_state again{v, body, true, probe};
      if (search(0, start, again) || (v == verb::options && !probe.allowed.empty())) {
        m.outcome = match_outcome::redirect;
        return m;
      }
    }
    m.outcome = match_outcome::not_found;
    return m;
  }

 private:
  struct literal_edge {
    std::string text;
    std::uint32_t child;
  };
  struct param_edge {
    const converter_desc* conv;
    std::uint32_t child;
  };
  struct node {
    std::vector<literal_edge> literals;
    std::vector<param_edge> params;  // typed and string, in trial order
    std::uint32_t ends[2] = {none, none};  // route ends without / with a trailing slash
    std::uint32_t path_end = none;
  };
  struct route_end {
    std::array<std::uint32_t, verb_count> handlers;
    verb_set allowed;
    route_end() { handlers.fill(none); }
  };
  struct search_state {
    verb v;
    std::string_view body;
    bool trailing;
    route_match& m;
  };

  std::uint32_t new_end() {
    ends_.emplace_back();
    return static_cast<std::uint32_t>(ends_.size() - 1);
  }
  std::uint32_t new_node() {
    nodes_.emplace_back();
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  std::uint32_t literal_child(std::uint32_t n, std::string_view text) {
    for (const auto& e : nodes_[n].literals)
      if (e.text == text) return e.child;
    auto child = new_node();
    nodes_[n].literals.push_back({std::string(text), child});
    return child;
  }
  std::uint32_t param_child(std::uint32_t n, const converter_desc* conv) {
    auto& params = nodes_[n].params;
    auto it = params.begin();
    for (; it != params.end(); ++it) {
      if (it->conv == conv || it->conv->name == conv->name) return it->child;
      if (conv->tried_before(*it->conv)) break;
    }
    auto index = static_cast<std::size_t>(it - params.begin());
    auto child = new_node();
    nodes_[n].params.insert(nodes_[n].params.begin() + static_cast<std::ptrdiff_t>(index),
                            param_edge{conv, child});
    return child;
  }

  /// True when the end has a handler for the verb (HEAD falls back to GET); else notes its verbs.
  bool take_end(std::uint32_t end_index, search_state& st) const noexcept {
    if (end_index == none) return false;
    const auto& end = ends_[end_index];
    if (st.v != verb::unknown) {
      auto h = end.handlers[static_cast<std::size_t>(st.v)];
      if (h == none && st.v == verb::head) h = end.handlers[static_cast<std::size_t>(verb::get)];
      if (h != none) {
        st.m.handler = h;
        return true;
      }
    }
    st.m.allowed.insert(end.allowed);
    return false;
  }

  bool search(std::uint32_t n, std::size_t pos, search_state& st) const noexcept {
    const node& here = nodes_[n];
    const std::string_view body = st.body;
    if (pos > body.size()) {  // no segments left
      if (policy_ == trailing_slash::ignore) return take_end(here.ends[0], st);
      return take_end(here.ends[st.trailing ? 1 : 0], st);
    }
    std::size_t slash = body.find('/', pos);
    std::size_t end = slash == std::string_view::npos ? body.size() : slash;
    std::string_view seg = body.substr(pos, end - pos);
    std::size_t next = end + 1;
    bool escaped = has_escape(seg);

    for (const auto& e : here.literals) {
      bool same = escaped ? decodes_to(seg, e.text)
                          : (e.text.size() == seg.size() &&
                             std::memcmp(e.text.data(), seg.data(), seg.size()) == 0);
      if (same && search(e.child, next, st)) return true;
    }
    if (!here.params.empty() && is_acceptable_param(seg, false, max_param_bytes_)) {
      for (const auto& e : here.params) {
        if (e.conv->accepts != nullptr && !typed_accepts(*e.conv, seg, escaped)) continue;
        st.m.params[st.m.param_count++] = seg;
        if (search(e.child, next, st)) return true;
        --st.m.param_count;
      }
    }
    if (here.path_end != none) {
      std::string_view rest = body.substr(pos);
      if (st.trailing && policy_ != trailing_slash::ignore)
        rest = {rest.data(), rest.size() + 1};  // the value keeps its trailing slash
      if (is_acceptable_param(rest, true, max_param_bytes_)) {
        st.m.params[st.m.param_count++] = rest;
        if (take_end(here.path_end, st)) return true;
        --st.m.param_count;
      }
    }
    return false;
  }

  bool typed_accepts(const converter_desc& conv, std::string_view seg, bool escaped) const noexcept {
    if (!escaped) return conv.accepts(seg);
    char buffer[1024];
    if (seg.size() > sizeof buffer) return false;
    return conv.accepts({buffer, percent_decode(seg, buffer)});
  }

  trailing_slash policy_;
  std::size_t max_param_bytes_;
  std::vector<node> nodes_;
  std::vector<route_end> ends_;
};

}  // namespace flasky::detail
