#include <flasky/uuid.hpp>

#include <catch2/catch.hpp>

TEST_CASE("a uuid parses from text and writes back in lower case") {
  auto u = flasky::uuid::parse("123E4567-e89b-12d3-A456-426614174000");
  REQUIRE(u);
  CHECK(u->bytes[0] == 0x12);
  CHECK(u->bytes[15] == 0x00);
  CHECK(u->to_string() == "123e4567-e89b-12d3-a456-426614174000");
  CHECK(flasky::uuid::parse(u->to_string()) == u);
}

TEST_CASE("malformed uuids are refused") {
  for (const char* bad : {"", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
                          "123e4567_e89b-12d3-a456-426614174000", "g23e4567-e89b-12d3-a456-426614174000",
                          "123e4567-e89b-12d3-a4560426614174000"}) {
    INFO(bad);
    CHECK(!flasky::uuid::parse(bad));
  }
}
