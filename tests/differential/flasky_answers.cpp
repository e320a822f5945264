// flasky's half of the Flask differential test (see flask_differential.py).
//
// Usage: flasky_answers ROUTES_FILE REQUESTS_FILE
//
// Registers every route of ROUTES_FILE ("METHODS PATTERN" a line) on one flasky::router as a
// run-time pattern whose handler answers with the pattern text, sends every request of
// REQUESTS_FILE ("METHOD TARGET" a line, the target exactly as sent on the wire) through
// flasky::test_client::open, and prints one JSON object a line:
//   {"method":..., "target":..., "status":N, "allow":"...", "location":"...", "route":"..."}
// "route" is the body of a 2xx answer (the pattern of the route that served it), else "".
// Exit status: 0 when every line was answered, 1 on a bad input file or a refused route.

#include <boost/json.hpp>
#include <cstdlib>
#include <deque>
#include <exception>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/route_error.hpp>
#include <flasky/router.hpp>
#include <flasky/status.hpp>
#include <flasky/test_client.hpp>
#include <flasky/verb.hpp>
#include <flasky/verb_set.hpp>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

/// One meaningful line of an input file, split at the first run of blanks.
struct entry {
  std::size_t line_number;
  std::string first;   // METHODS or METHOD
  std::string second;  // PATTERN or TARGET
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// Reads `path`; skips blank lines and '#' comments; every other line must be "A B".
std::optional<std::vector<entry>> read_entries(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "flasky_answers: cannot open " << path << '\n';
    return std::nullopt;
  }
  std::vector<entry> out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    auto blank = text.find_first_of(" \t");
    if (blank == std::string_view::npos) {
      std::cerr << "flasky_answers: " << path << ':' << number << ": expected two fields\n";
      return std::nullopt;
    }
    std::string_view rest = trim(text.substr(blank));
    if (rest.empty() || rest.find_first_of(" \t") != std::string_view::npos) {
      std::cerr << "flasky_answers: " << path << ':' << number << ": expected two fields\n";
      return std::nullopt;
    }
    out.push_back({number, std::string(text.substr(0, blank)), std::string(rest)});
  }
  return out;
}

/// "GET,POST" -> {get, post}; an unknown or empty method name is an error.
std::optional<flasky::verb_set> parse_methods(std::string_view list) {
  flasky::verb_set verbs;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    flasky::verb v = flasky::verb_from_string(name);
    if (v == flasky::verb::unknown) return std::nullopt;
    verbs.insert(v);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (verbs.empty()) return std::nullopt;
  return verbs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: flasky_answers ROUTES_FILE REQUESTS_FILE\n";
    return 1;
  }
  auto routes = read_entries(argv[1]);
  auto requests = read_entries(argv[2]);
  if (!routes || !requests) return 1;

  flasky::router app;  // default options: trailing_slash::redirect, as Flask's strict_slashes
  std::deque<std::string> patterns;  // the handlers' answers, kept alive for the router's life
  for (const auto& r : *routes) {
    auto verbs = parse_methods(r.first);
    if (!verbs) {
      std::cerr << "flasky_answers: " << argv[1] << ':' << r.line_number << ": bad method list '"
                << r.first << "'\n";
      return 1;
    }
    const std::string& pattern = patterns.emplace_back(r.second);
    try {
      app.add_route(*verbs, pattern, [&pattern](flasky::request&) { return pattern; });
    } catch (const flasky::route_error& e) {
      std::cerr << "flasky_answers: " << argv[1] << ':' << r.line_number << ": " << e.what()
                << '\n';
      return 1;
    }
  }

  flasky::test_client client(app);
  for (const auto& q : *requests) {
    flasky::response res = client.open(q.first, q.second);
    const unsigned code = flasky::to_int(res.status());
    boost::json::object line;
    line["method"] = q.first;
    line["target"] = q.second;
    line["status"] = code;
    line["allow"] = std::string(res.header("Allow").value_or(""));
    line["location"] = std::string(res.header("Location").value_or(""));
    line["route"] = code >= 200 && code < 300 ? res.body() : std::string();
    std::cout << boost::json::serialize(line) << '\n';
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}
