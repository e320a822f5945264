// expect: route_pattern_has_an_unclosed_parameter
// The string-literal form: checked by a consteval constructor.
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get("/candidate/<name", [](std::string_view name) { return std::string(name); });
}
