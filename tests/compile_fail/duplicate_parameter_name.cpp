// expect: flasky: two route parameters have the same name
#include <flasky/route.hpp>

constexpr flasky::route<"/repos/<owner>/<owner>"> repo;

int main() {}
