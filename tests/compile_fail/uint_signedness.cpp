// expect: flasky: a <uint:...> parameter is unsigned; take it as std::uint64_t
#include <cstdint>
#include <flasky/router.hpp>

int main() {
  flasky::router app;
  app.get(flasky::route<"/pages/<uint:n>">{}, [](std::int64_t n) { return std::to_string(n); });
}
