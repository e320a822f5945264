// expect: flasky: a string or path parameter must be taken as std::string_view or std::string
#include <cstdint>
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/candidate/<name>">{}, [](std::int64_t name) { return std::to_string(name); });
}
