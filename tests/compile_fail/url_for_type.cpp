// expect: flasky: a numeric route parameter is taken by a handler parameter of another type
#include <flasky/url_for.hpp>

constexpr flasky::route<"/items/<int:id>"> item;

int main() { return static_cast<int>(flasky::url_for(item, "seven").size()); }
