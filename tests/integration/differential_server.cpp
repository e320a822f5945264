// The route set of the Flask differential test, served over HTTP by flasky::net::server, so that
// test_differential.py can send the differential requests through a real socket.
//
// Usage: differential_server ROUTES_FILE
//
// Registers every route of ROUTES_FILE ("METHODS PATTERN" a line, '#' comments, as in
// tests/differential/routes.txt) as a run-time pattern whose handler answers with the pattern
// text, listens on 127.0.0.1 with a free port, prints
//   differential_server: serving at http://127.0.0.1:PORT/
// and serves until SIGTERM or SIGINT. Exit status 1 on a bad routes file or a refused route.

#include <deque>
#include <flasky/net/server.hpp>
#include <flasky/route_error.hpp>
#include <flasky/router.hpp>
#include <flasky/verb.hpp>
#include <flasky/verb_set.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: differential_server ROUTES_FILE\n";
    return 1;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "differential_server: cannot open " << argv[1] << '\n';
    return 1;
  }
  flasky::router app;
  std::deque<std::string> patterns;  // the handlers' answers; they live as long as the router
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::string methods, pattern, extra;
    if (!(fields >> methods) || methods.front() == '#') continue;
    if (!(fields >> pattern) || (fields >> extra)) {
      std::cerr << "differential_server: " << argv[1] << ':' << number << ": expected two fields\n";
      return 1;
    }
    flasky::verb_set verbs;
    std::istringstream list(methods);
    for (std::string method; std::getline(list, method, ',');) {
      const auto v = flasky::verb_from_string(method);
      if (v == flasky::verb::unknown) {
        std::cerr << "differential_server: " << argv[1] << ':' << number << ": bad method '"
                  << method << "'\n";
        return 1;
      }
      verbs.insert(v);
    }
    const std::string& answer = patterns.emplace_back(pattern);
    try {
      app.add_route(verbs, answer, [&answer](flasky::request&) { return answer; });
    } catch (const flasky::route_error& e) {
      std::cerr << "differential_server: " << argv[1] << ':' << number << ": " << e.what() << '\n';
      return 1;
    }
  }

  flasky::net::server_options options;
  options.port = 0;
  options.threads = 1;
  options.access_log = {};
  flasky::net::server srv(app, options);
  srv.start();
  srv.stop_on_signals();
  std::cout << "differential_server: serving at http://127.0.0.1:" << srv.port() << '/'
            << std::endl;
  srv.run();
  return 0;
}
