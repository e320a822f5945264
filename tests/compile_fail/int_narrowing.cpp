// expect: flasky: an <int:...> parameter is std::int64_t; a narrower handler parameter would truncate it
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/items/<int:id>">{}, [](int id) { return std::to_string(id); });
}
