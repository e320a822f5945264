#pragma once
// Loading the GitHub route set into flasky::router and the two floors, and checking that every
// one of the 203 requests reaches its own route with the right parameter values.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <flasky/router.hpp>

#include "floors.hpp"
#include "github_data.hpp"

namespace flasky_bench {

/// Registers the 203 routes through the run-time pattern API, as an application reading its
/// routes from a file would; handlers do nothing (the benchmark measures `match`).
inline void add_github_routes(flasky::router& app, const github_data& d) {
  for (std::size_t i = 0; i != d.routes.size(); ++i)
    app.add_route(flasky::verb_set{d.routes[i].verb}, d.flasky_patterns[i],
                  [](flasky::request&) { return flasky::status::ok; });
}

inline void add_github_routes(linear_scan_matcher& m, const github_data& d) {
  for (const auto& r : d.routes) m.add(r.verb, r.path);
}

inline void add_github_routes(regex_matcher& m, const github_data& d) {
  for (const auto& r : d.routes) m.add(r.verb, r.path);
}

/// The parameter values request `i` should yield: its segments where route `i` has `:name`.
inline std::vector<std::string_view> expected_params(const github_data& d, std::size_t i) {
  std::vector<std::string_view> out;
  std::string_view route = d.routes[i].path;
  std::string_view path = d.requests[i].path;
  std::size_t rp = 1, pp = 1;
  while (rp < route.size() && pp < path.size()) {
    std::size_t rs = route.find('/', rp), ps = path.find('/', pp);
    if (rs == std::string_view::npos) rs = route.size();
    if (ps == std::string_view::npos) ps = path.size();
    if (route[rp] == ':') out.push_back(path.substr(pp, ps - pp));
    rp = rs + 1;
    pp = ps + 1;
  }
  return out;
}

template <class Params>
bool same_params(const Params& got, std::size_t count, const std::vector<std::string_view>& want) {
  if (count != want.size()) return false;
  for (std::size_t k = 0; k != count; ++k)
    if (got[k] != want[k]) return false;
  return true;
}

inline std::string describe_request(const github_data& d, std::size_t i) {
  return "request " + std::to_string(i) + " (" + d.requests[i].method + " " + d.requests[i].path +
         ", route " + d.routes[i].method + " " + d.routes[i].path + ")";
}

/// Dies unless flasky finds every request, at its own route, with the right parameters.
inline void verify(const flasky::router& app, const github_data& d) {
  for (std::size_t i = 0; i != d.requests.size(); ++i) {
    auto m = app.match(d.requests[i].verb, d.requests[i].path);
    if (m.outcome != flasky::match_outcome::found)
      die("flasky: " + describe_request(d, i) + " is not found (outcome " +
          std::to_string(static_cast<int>(m.outcome)) + ")");
    if (app.pattern_of(m.handler) != d.flasky_patterns[i])
      die("flasky: " + describe_request(d, i) + " matched " + std::string(app.pattern_of(m.handler)));
    if (!same_params(m.params, m.param_count, expected_params(d, i)))
      die("flasky: " + describe_request(d, i) + " has wrong parameter values");
  }
}

/// Dies unless the floor `m` finds every request at its own route with the right parameters.
template <class Floor>
void verify(const Floor& m, const github_data& d, std::string_view name) {
  for (std::size_t i = 0; i != d.requests.size(); ++i) {
    auto r = m.match(d.requests[i].verb, d.requests[i].path);
    if (r.route != i)
      die(std::string(name) + ": " + describe_request(d, i) + " matched route " +
          (r.route == floor_match::npos ? std::string("none") : std::to_string(r.route)));
    if (!same_params(r.params, r.param_count, expected_params(d, i)))
      die(std::string(name) + ": " + describe_request(d, i) + " has wrong parameter values");
  }
}

/// The index of the request `method path`; dies when the data lacks it.
inline std::size_t find_request(const github_data& d, std::string_view method, std::string_view path) {
  for (std::size_t i = 0; i != d.requests.size(); ++i)
    if (d.requests[i].method == method && d.requests[i].path == path) return i;
  die("the data has no request " + std::string(method) + " " + std::string(path));
}

}  // namespace flasky_bench
