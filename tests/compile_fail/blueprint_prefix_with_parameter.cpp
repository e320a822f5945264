// expect: flasky: a blueprint prefix is literal segments
#include <flasky/blueprint.hpp>

int main() { flasky::blueprint<"/orgs/<org>"> org_routes; }
