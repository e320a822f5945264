#include <flasky/flasky.hpp>
#include <iostream>

int main() {
  flasky::router app;
  app.get("/hello/<name>", [](std::string_view name) {
    return "Hello, " + std::string(name) + "!";
  });
  flasky::test_client client(app);  // in process; flasky::net::server serves HTTP
  auto res = client.get("/hello/world");
  std::cout << flasky::to_int(res.status()) << ' ' << res.body() << '\n';  // 200 Hello, world!
}
