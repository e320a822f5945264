// expect: handler_int_parameter_narrower_than_int64_would_truncate
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get("/items/<int:id>", [](short id) { return std::to_string(id); });
}
