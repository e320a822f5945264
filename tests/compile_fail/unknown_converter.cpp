// expect: flasky: unknown converter in route pattern
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/items/<hex:id>">{}, [](std::string_view id) { return std::string(id); });
}
