// expect: flasky: '<' without a closing '>' in route pattern
// A route value whose pattern never closes its parameter.
#include <flasky/route.hpp>

constexpr flasky::route<"/candidate/<name"> candidate;

int main() {}
