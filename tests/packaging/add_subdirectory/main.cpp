// A program that uses flasky the way a consumer project would: one route, one request.
#include <flasky/flasky.hpp>

#include <iostream>

int main() {
  flasky::router app;
  app.get("/method", [] { return flasky::response::json({{"method", "GET"}}); });

  flasky::request req(flasky::verb::get, "/method");
  flasky::response res = app.dispatch(req);
  std::cout << res.body() << '\n';  // {"method":"GET"}
  return res.status() == flasky::status::ok ? 0 : 1;
}
