// expect: duplicate_route_in_route_table
#include <flasky/route_table.hpp>

constexpr flasky::route_table routes{{
    {flasky::verb::get, "/users/<int:id>"},
    {flasky::verb::get, "/users/<int:user_id>"},
}};

int main() {}
