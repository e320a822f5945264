// expect: flasky: the handler's parameter count does not match the route's parameters
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/items/<int:id>">{}, [] { return "no id"; });
}
