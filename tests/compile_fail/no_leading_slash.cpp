// expect: flasky: a route pattern must start with '/'
#include <flasky/route.hpp>

constexpr flasky::route<"candidates"> candidates;

int main() {}
