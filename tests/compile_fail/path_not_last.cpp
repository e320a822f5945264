// expect: flasky: '<path:...>' must be the last segment
#include <flasky/route.hpp>

constexpr flasky::route<"/files/<path:rest>/raw"> raw_file;

int main() {}
