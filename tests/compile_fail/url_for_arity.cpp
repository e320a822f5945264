// expect: flasky: url_for takes exactly one value per route parameter
#include <flasky/url_for.hpp>

constexpr flasky::route<"/repos/<owner>/<repo>"> repo;

int main() { return static_cast<int>(flasky::url_for(repo, "flasky").size()); }
