// expect: flasky: a <float:...> parameter is double; a float handler parameter would lose precision
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/prices/<float:amount>">{}, [](float amount) { return std::to_string(amount); });
}
