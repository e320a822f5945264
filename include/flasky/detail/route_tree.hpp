#pragma once
// Private: the run-time matcher, a tree of path segments searched by specificity.

#include <array>
#include <bit>
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
  ///
  /// Each segment is found (eight bytes at a time) and checked only when the search reaches it:
  /// a literal by comparison with its own well-formed bytes, a parameter by the parameter
  /// rules. So a found route implies a well-formed path, and every other answer checks the
  /// whole path first (400 when it is malformed).
  route_match match(verb v, std::string_view path) const noexcept {
    route_match m;
    if (path.empty() || path[0] != '/') {
      m.outcome = match_outcome::bad_request;
      return m;
    }
    search_state st;
    st.param_count = 0;
    st.v = v;
    st.m = &m;
    st.body = std::string_view(path.data() + 1, path.size() - 1);
    st.memory_start = path.data();
    st.memory_end = path.data() + path.size();
    st.trailing = !st.body.empty() && st.body.back() == '/';
    if (st.trailing) st.body.remove_suffix(1);
    const std::size_t start = path.size() == 1 ? 1 : 0;  // "/" has no segments at all
    if (search(0, start, st)) {
      m.outcome = match_outcome::found;
      return m;
    }
    if (!is_well_formed_path(path)) {  // (a found route implies a well-formed path)
      m.outcome = match_outcome::bad_request;
      return m;
    }
    if (!m.allowed.empty()) {
      m.outcome = v == verb::options ? match_outcome::options : match_outcome::method_not_allowed;
      return m;
    }
    if (policy_ == trailing_slash::redirect && !st.trailing && path.size() > 1) {
      // As Werkzeug: only when the slashed route serves this method (OPTIONS: any method).
      route_match probe;
      st.m = &probe;
      st.param_count = 0;
      st.trailing = true;
      if (search(0, start, st) || (v == verb::options && !probe.allowed.empty())) {
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
  static constexpr std::uint8_t no_slot = 0xff;
  struct node {
    std::vector<std::uint64_t> literal_keys;  // key_of(literals[i].text), contiguous for the scan
    // With more than a few literals: slot (key * multiplier) >> shift holds the literal's index.
    std::vector<std::uint8_t> hash_slots;
    std::uint64_t hash_multiplier = 0;
    unsigned hash_shift = 0;  // 0: no hash, scan the keys
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
    std::uint8_t param_count = 0;  // parameters recorded so far (copied into the match)
    std::string_view body;   // the path without its leading (and trailing) slash
    const char* memory_start;  // the path's first byte
    const char* memory_end;    // one past its last (the trailing slash included)
    bool trailing;             // the path ended with a slash
    route_match* m;
  };

  /// One segment: where it ends in the body, and its key (first up-to-8 bytes).
  struct segment_end {
    std::size_t end;
    std::uint64_t key;
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
    nodes_[n].literal_keys.push_back(key_of(text));
    build_hash(nodes_[n]);
    return child;
  }
  /// Finds a multiplier that sends every key of `n` to its own slot, when that is worth it.
  static void build_hash(node& n) {
    n.hash_shift = 0;
    n.hash_slots.clear();
    const std::size_t count = n.literal_keys.size();
    if (count <= 4 || count >= no_slot) return;
    for (unsigned bits = 3; bits <= 12; ++bits) {
      if ((std::size_t{1} << bits) < 2 * count) continue;
      std::uint64_t multiplier = 0x9E3779B97F4A7C15u;
      for (int attempt = 0; attempt != 64; ++attempt, multiplier += 0x632BE59BD9B4E019u) {
        std::vector<std::uint8_t> slots(std::size_t{1} << bits, no_slot);
        bool clash = false;
        for (std::size_t i = 0; i != count && !clash; ++i) {
          auto& slot = slots[(n.literal_keys[i] * (multiplier | 1)) >> (64 - bits)];
          clash = slot != no_slot;
          slot = static_cast<std::uint8_t>(i);
        }
        if (clash) continue;
        n.hash_slots = std::move(slots);
        n.hash_multiplier = multiplier | 1;
        n.hash_shift = 64 - bits;
        return;
      }
    }  // keys that share their first 8 bytes never separate: the scan stays
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
  [[gnu::always_inline]] bool take_end(std::uint32_t end_index, search_state& st) const noexcept {
    if (end_index == none) return false;
    const auto& end = ends_[end_index];
    if (st.v != verb::unknown) {
      auto h = end.handlers[static_cast<std::size_t>(st.v)];
      if (h == none && st.v == verb::head) h = end.handlers[static_cast<std::size_t>(verb::get)];
      if (h != none) {
        st.m->handler = h;
        st.m->param_count = st.param_count;
        return true;
      }
    }
    st.m->allowed.insert(end.allowed);
    return false;
  }

  static std::uint64_t key_of(std::string_view text) noexcept {
    std::uint64_t key = 0;
    std::memcpy(&key, text.data(), text.size() < 8 ? text.size() : 8);
    return key;
  }

  static constexpr std::uint64_t ones = 0x0101010101010101u;
  static constexpr std::uint64_t high_bits = 0x8080808080808080u;
  static constexpr std::uint64_t low_bits = 0x7f7f7f7f7f7f7f7fu;

  /// The 8 bytes at `at` (fewer when the path ends first: then zero bytes follow), read
  /// without going outside the path's bytes.
  static std::uint64_t load_word(const search_state& st, const char* at) noexcept {
    std::uint64_t w = 0;
    const auto readable = static_cast<std::size_t>(st.memory_end - at);
    if (readable >= 8) [[likely]] {
      std::memcpy(&w, at, 8);
    } else if (readable == 0) {
      return 0;
    } else if (st.memory_end - st.memory_start >= 8) {  // the word that ends at the end
      std::memcpy(&w, st.memory_end - 8, 8);
      w >>= 8 * (8 - readable);
    } else {
      std::memcpy(&w, at, readable);
    }
    return w;
  }

  /// 0x80 in the high bit of some byte of `w` that is below 0x21, above 0x7e, or '%'.
  ///
  /// Per byte b with its high bit cleared: b - 0x21 borrows below 0x21 and b + 1 carries at
  /// 0x7f; the high bit of `w` itself catches 0x80 and above. A borrow or carry that crosses
  /// into the next byte comes only from a byte that is itself outside, so "any" stays exact.
  static std::uint64_t outside_plain(std::uint64_t w) noexcept {
    const std::uint64_t low = w & low_bits;
    const std::uint64_t pct = low ^ (ones * '%');
    return (~(low + ones * (0x80 - 0x21)) | (low + ones) | ~((pct + low_bits) | pct) | w) &
           high_bits;
  }

  /// Finds the end of the segment starting at `pos` and its key, a word at a time.
  [[gnu::always_inline]] static segment_end next_segment(const search_state& st,
                                                         std::size_t pos) noexcept {
    const char* p = st.body.data();
    const std::size_t size = st.body.size();
    std::uint64_t w = load_word(st, p + pos);
    std::size_t stop = stop_in(w, pos, size);
    const std::uint64_t key = stop >= 8 ? w : w & ((std::uint64_t{1} << (8 * stop)) - 1);
    std::size_t i = pos;
    while (stop == 8) {
      i += 8;
      stop = stop_in(load_word(st, p + i), i, size);
    }
    return {i + stop, key};
  }

  /// Whether `seg` (whose key is `key`) is plain: printable ASCII without '%', checked eight
  /// bytes at a time (the last word overlaps the one before it; a short segment is its key).
  static bool is_plain(std::string_view seg, std::uint64_t key) noexcept {
    const std::size_t n = seg.size();
    if (n <= 8) {
      const std::uint64_t unused = n == 8 ? 0 : ~((std::uint64_t{1} << (8 * n)) - 1);
      return outside_plain(key | (ones * 'a' & unused)) == 0;  // padded with a plain byte
    }
    std::uint64_t outside = 0;
    for (std::size_t i = 0; i < n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, seg.data() + (n - i >= 8 ? i : n - 8), 8);
      outside |= outside_plain(w);
    }
    return outside == 0;
  }


  /// Where, in the word `w` read at `i`, the segment stops (8: not in this word).
  ///
  /// Past the body's end a word holds only the path's trailing slash (at `size`) or nothing,
  /// so a slash found is never past `size`; without one, the body's end may be the stop.
  static std::size_t stop_in(std::uint64_t w, std::size_t i, std::size_t size) noexcept {
    const std::uint64_t x = w ^ (ones * '/');
    const std::uint64_t slashes = ~(((x & low_bits) + low_bits) | x | low_bits);
    if (slashes != 0) return static_cast<std::size_t>(std::countr_zero(slashes) >> 3);
    return size - i < 8 ? size - i : 8;
  }

  /// How a segment's bytes look: plain (printable ASCII without '%'); other (escapes or bytes
  /// from 0x80, all well formed); malformed (a raw space, control, DEL or bad escape).
  enum class segment_class : std::uint8_t { plain, other, malformed };



  /// Whether `seg`, of class `cls`, may be a (non-path) parameter value.
  bool acceptable(std::string_view seg, segment_class cls) const noexcept {
    if (cls != segment_class::plain)
      return cls == segment_class::other && is_acceptable_param(seg, false, max_param_bytes_);
    return !seg.empty() && seg.size() <= max_param_bytes_ &&
           !(seg[0] == '.' && (seg.size() == 1 || (seg.size() == 2 && seg[1] == '.')));
  }

  /// True when literal `e`, whose key equals the segment's, is the segment: a key holds up to
  /// 8 bytes and no literal holds a NUL, so only longer texts need their rest compared.
  static bool same_text(const literal_edge& e, std::string_view seg) noexcept {
    return e.text.size() == seg.size() &&
           (seg.size() <= 8 || std::memcmp(e.text.data() + 8, seg.data() + 8, seg.size() - 8) == 0);
  }

  /// The literal edge of `here` whose text is exactly `seg` (with key `key`), or null.
  const literal_edge* exact_literal(const node& here, std::string_view seg,
                                    std::uint64_t key) const noexcept {
    if (here.hash_shift != 0) {  // a perfect hash: keys are distinct
      const std::size_t i = here.hash_slots[(key * here.hash_multiplier) >> here.hash_shift];
      if (i == no_slot || here.literal_keys[i] != key || !same_text(here.literals[i], seg))
        return nullptr;
      return &here.literals[i];
    }
    const std::uint64_t* keys = here.literal_keys.data();
    for (std::size_t i = 0, n = here.literal_keys.size(); i != n; ++i)
      if (keys[i] == key && same_text(here.literals[i], seg)) return &here.literals[i];
    return nullptr;
  }

  [[gnu::noinline]] bool search(std::uint32_t n, std::size_t pos, search_state& st) const noexcept {
    const node& here = nodes_[n];
    const std::string_view body = st.body;
    if (pos > body.size()) {  // no segments left
      if (policy_ == trailing_slash::ignore) return take_end(here.ends[0], st);
      return take_end(here.ends[st.trailing ? 1 : 0], st);
    }
    const std::uint8_t depth = st.param_count;  // parameters before this segment
    const segment_end found = next_segment(st, pos);
    const std::string_view seg(body.data() + pos, found.end - pos);
    const std::size_t next = found.end + 1;

    bool exact = false;
    if (!here.literals.empty()) {
      if (const literal_edge* e = exact_literal(here, seg, found.key)) {
        if (here.params.empty() && here.path_end == none)
          return search(e->child, next, st);  // nothing else to try here: a tail call
        if (search(e->child, next, st)) return true;
        st.param_count = depth;
        exact = true;  // then no escaped form of another literal can be this segment
      }
    }
    segment_class cls = segment_class::plain;
    if ((!here.params.empty() || (!exact && !here.literals.empty())) && !is_plain(seg, found.key))
      cls = is_well_formed_raw(seg) ? segment_class::other : segment_class::malformed;
    if (!exact && cls == segment_class::other && search_escaped_literals(here, seg, next, st))
      return true;
    if (!here.params.empty() && acceptable(seg, cls)) {
      const param_edge* last = &here.params.back();
      for (const param_edge* e = here.params.data(); e <= last; ++e) {
        if (e->conv->accepts != nullptr && !typed_accepts(*e->conv, seg, cls)) continue;
        st.m->params.set(depth, seg);
        st.param_count = static_cast<std::uint8_t>(depth + 1);
        if (e == last && here.path_end == none) return search(e->child, next, st);  // tail call
        if (search(e->child, next, st)) return true;
      }
    }
    st.param_count = depth;  // whatever deeper levels pushed is not part of the match
    return here.path_end != none && search_path(here, pos, st);
  }

  /// Tries the literals of `here` against an escaped segment (rare: kept out of `search`).
  [[gnu::noinline]] bool search_escaped_literals(const node& here, std::string_view seg,
                                                 std::size_t next, search_state& st) const noexcept {
    for (const auto& e : here.literals)
      if (decodes_to(seg, e.text) && search(e.child, next, st)) return true;
    return false;
  }

  /// Tries the `<path:>` route of `here` with the rest of the path from `pos`.
  [[gnu::noinline]] bool search_path(const node& here, std::size_t pos,
                                     search_state& st) const noexcept {
    std::string_view rest(st.body.data() + pos, st.body.size() - pos);
    if (st.trailing && policy_ != trailing_slash::ignore)
      rest = {rest.data(), rest.size() + 1};  // the value keeps its trailing slash
    if (!is_well_formed_raw(rest) || !is_acceptable_param(rest, true, max_param_bytes_)) return false;
    st.m->params.set(st.param_count++, rest);
    if (take_end(here.path_end, st)) return true;
    --st.param_count;
    return false;
  }

  static bool typed_accepts(const converter_desc& conv, std::string_view seg,
                            segment_class cls) noexcept {
    if (cls == segment_class::plain || !has_escape(seg)) return conv.accepts(seg);
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
