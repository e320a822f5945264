// Serving your own router over HTTP with flasky::net::server (docs/local.md quotes this file).
#include <flasky/flasky.hpp>
#include <flasky/net/server.hpp>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  flasky::router app;
  app.get("/hello/<name>",
          [](std::string_view name) { return "Hello, " + std::string(name) + "!"; });

  flasky::net::server_options options;
  options.port = argc > 1 ? static_cast<std::uint16_t>(std::stoul(argv[1])) : 8080;  // 0: any
  options.max_body_bytes = 64 * 1024;  // 413 past it; the other limits keep their defaults

  flasky::net::server srv(app, options);
  auto where = srv.try_start();  // binds and listens, or says why not
  if (!where) {
    std::cerr << "cannot listen: " << where.error().message() << '\n';
    return 1;
  }
  std::cout << "serving at http://127.0.0.1:" << srv.port() << "/" << std::endl;
  srv.stop_on_signals();  // SIGINT, SIGTERM: stop accepting, finish requests in flight
  srv.run();              // serves on one thread per core until stopped
}
