#include <flasky/arg.hpp>

#include <catch2/catch.hpp>

#include <cstdint>

TEST_CASE("an arg carries its name and value") {
  flasky::arg<"id", std::int64_t> id{42};
  STATIC_REQUIRE(decltype(id)::name == "id");
  STATIC_REQUIRE(flasky::is_arg_v<decltype(id)>);
  STATIC_REQUIRE(!flasky::is_arg_v<std::int64_t>);
  CHECK(*id == 42);
  flasky::arg<"name"> name{"alice"};
  CHECK(name->size() == 5);
}
