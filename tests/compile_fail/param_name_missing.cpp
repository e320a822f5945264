// expect: flasky: the route has no parameter with this name
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/candidate/<name>">{}, [](auto req) {
    return std::string(req.template param<"nmae">());
  });
}
