#pragma once
// The GitHub API route set (203 routes) and one concrete request per route, read from
// ../shared/data/ (see its README). Shared by the router benchmark and the callgrind driver.

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <flasky/verb.hpp>

#ifndef FLASKY_SHARED_DATA_DIR
#define FLASKY_SHARED_DATA_DIR "../shared/data"
#endif

namespace flasky_bench {

/// One line of github-api-routes.txt or github-api-requests.txt: a verb and a path.
struct http_line {
  flasky::verb verb = flasky::verb::unknown;
  std::string method;  ///< as written ("GET")
  std::string path;    ///< as written ("/repos/:owner/:repo" or "/repos/julienschmidt/httprouter")
};

/// The routes (in the file's `:name` syntax and translated to flasky's `<name>`) and the requests.
struct github_data {
  std::vector<http_line> routes;
  std::vector<std::string> flasky_patterns;  ///< routes[i].path with `:name` written `<name>`
  std::vector<http_line> requests;           ///< requests[i] is served by routes[i]
};

/// The data directory: $FLASKY_SHARED_DATA when set, else the one CMake compiled in.
inline std::string data_dir() {
  if (const char* env = std::getenv("FLASKY_SHARED_DATA"); env != nullptr && *env != '\0')
    return env;
  return FLASKY_SHARED_DATA_DIR;
}

/// Reads "METHOD /path" lines, skipping blank lines and '#' comments.
inline std::vector<http_line> read_lines(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file + " (set FLASKY_SHARED_DATA)");
  std::vector<http_line> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find(' ');
    if (space == std::string::npos) throw std::runtime_error(file + ": bad line: " + line);
    http_line l;
    l.method = line.substr(0, space);
    l.path = line.substr(space + 1);
    l.verb = flasky::verb_from_string(l.method);
    if (l.verb == flasky::verb::unknown) throw std::runtime_error(file + ": bad method: " + line);
    out.push_back(std::move(l));
  }
  return out;
}

/// "/repos/:owner/:repo" -> "/repos/<owner>/<repo>".
inline std::string to_flasky_pattern(std::string_view path) {
  std::string out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    std::size_t slash = path.find('/', pos + 1);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(pos, slash - pos);  // includes the leading '/'
    if (seg.size() > 1 && seg[1] == ':') {
      out += "/<";
      out += seg.substr(2);
      out += '>';
    } else {
      out += seg;
    }
    pos = slash;
  }
  return out;
}

/// Loads both files and checks that they pair up one to one.
inline github_data load_github_data() {
  const std::string dir = data_dir();
  github_data d;
  d.routes = read_lines(dir + "/github-api-routes.txt");
  d.requests = read_lines(dir + "/github-api-requests.txt");
  if (d.routes.size() != 203 || d.requests.size() != d.routes.size())
    throw std::runtime_error("expected 203 routes and 203 requests in " + dir + ", got " +
                             std::to_string(d.routes.size()) + " and " +
                             std::to_string(d.requests.size()));
  for (std::size_t i = 0; i != d.routes.size(); ++i) {
    if (d.routes[i].verb != d.requests[i].verb)
      throw std::runtime_error("request " + std::to_string(i) + " has another method than its route");
    d.flasky_patterns.push_back(to_flasky_pattern(d.routes[i].path));
  }
  return d;
}

/// Prints `what` and exits: a benchmark over wrong answers measures nothing.
[[noreturn]] inline void die(const std::string& what) {
  std::cerr << "router benchmark: " << what << '\n';
  std::exit(2);
}

}  // namespace flasky_bench
