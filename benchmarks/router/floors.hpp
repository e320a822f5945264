#pragma once
// Two reference matchers ("floors") for the router benchmark, written only to be compared with
// flasky::router in the same run: a linear scan over pre-split routes, and one std::regex per
// route. Both try routes in registration order and take the first whose verb and path match;
// neither knows about converters, percent-encoding, trailing slashes, 405 or OPTIONS.

#include <array>
#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <flasky/verb.hpp>

namespace flasky_bench {

/// What a floor matcher answers: the route index (or `npos`) and the parameter values.
struct floor_match {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t route = npos;
  std::uint8_t param_count = 0;
  std::array<std::string_view, 16> params{};
};

/// The linear-scan floor: routes as split segments, compared segment by segment;
/// a parameter matches any non-empty segment. Allocates nothing per lookup.
class linear_scan_matcher {
 public:
  /// Adds a route written in the data file's syntax ("/repos/:owner/:repo").
  void add(flasky::verb v, std::string_view pattern) {
    route r;
    r.verb = v;
    std::size_t pos = 1;
    while (pos <= pattern.size() && pattern.size() > 1) {
      std::size_t slash = pattern.find('/', pos);
      if (slash == std::string_view::npos) slash = pattern.size();
      std::string_view seg = pattern.substr(pos, slash - pos);
      if (!seg.empty() && seg[0] == ':') r.segments.push_back({std::string(), true});
      else r.segments.push_back({std::string(seg), false});
      pos = slash + 1;
    }
    routes_.push_back(std::move(r));
  }

  floor_match match(flasky::verb v, std::string_view path) const noexcept {
    floor_match m;
    for (std::size_t i = 0; i != routes_.size(); ++i) {
      const route& r = routes_[i];
      if (r.verb != v) continue;
      if (matches(r, path, m)) {
        m.route = i;
        return m;
      }
    }
    m.param_count = 0;
    return m;
  }

 private:
  struct segment {
    std::string literal;
    bool param = false;
  };
  struct route {
    flasky::verb verb = flasky::verb::unknown;
    std::vector<segment> segments;
  };

  static bool matches(const route& r, std::string_view path, floor_match& m) noexcept {
    if (path.empty() || path[0] != '/') return false;
    m.param_count = 0;
    std::size_t pos = path.size() == 1 ? 2 : 1;  // "/" has no segments
    for (const segment& s : r.segments) {
      if (pos > path.size()) return false;
      std::size_t slash = path.find('/', pos);
      if (slash == std::string_view::npos) slash = path.size();
      std::string_view text = path.substr(pos, slash - pos);
      if (s.param) {
        if (text.empty() || m.param_count == m.params.size()) return false;
        m.params[m.param_count++] = text;
      } else if (text != s.literal) {
        return false;
      }
      pos = slash + 1;
    }
    return pos == path.size() + 1;  // every segment of the path was consumed
  }

  std::vector<route> routes_;
};

/// The std::regex floor: one ECMAScript regex per route ("^/repos/([^/]+)/([^/]+)$"),
/// tried in order with std::regex_match.
class regex_matcher {
 public:
  void add(flasky::verb v, std::string_view pattern) {
    std::string re;
    std::size_t pos = 1;
    while (pos <= pattern.size() && pattern.size() > 1) {
      std::size_t slash = pattern.find('/', pos);
      if (slash == std::string_view::npos) slash = pattern.size();
      std::string_view seg = pattern.substr(pos, slash - pos);
      re += '/';
      if (!seg.empty() && seg[0] == ':') {
        re += "([^/]+)";
      } else {
        for (char c : seg) {
          if (std::string_view(R"(\^$.|?*+()[]{}-)").find(c) != std::string_view::npos) re += '\\';
          re += c;
        }
      }
      pos = slash + 1;
    }
    if (re.empty()) re = "/";
    routes_.push_back({v, std::regex(re, std::regex::ECMAScript | std::regex::optimize)});
  }

  floor_match match(flasky::verb v, std::string_view path) const {
    floor_match m;
    std::cmatch groups;
    for (std::size_t i = 0; i != routes_.size(); ++i) {
      if (routes_[i].verb != v) continue;
      if (std::regex_match(path.data(), path.data() + path.size(), groups, routes_[i].re)) {
        m.route = i;
        for (std::size_t g = 1; g < groups.size() && g <= m.params.size(); ++g)
          m.params[m.param_count++] = std::string_view(groups[g].first,
                                                       static_cast<std::size_t>(groups[g].length()));
        return m;
      }
    }
    return m;
  }

 private:
  struct route {
    flasky::verb verb;
    std::regex re;
  };
  std::vector<route> routes_;
};

}  // namespace flasky_bench
