// expect: flasky: a handler must return flasky::response, flasky::status, a string, or a boost::json value
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get("/answer", [] { return 42; });
}
