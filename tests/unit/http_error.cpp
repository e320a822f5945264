#include <flasky/http_error.hpp>

#include <catch2/catch.hpp>

TEST_CASE("an http_error carries its status") {
  try {
    throw flasky::http_error(flasky::status::forbidden);
  } catch (const std::exception& e) {
    auto& error = dynamic_cast<const flasky::http_error&>(e);
    CHECK(error.status() == flasky::status::forbidden);
    CHECK(std::string(e.what()) == "flasky::http_error");
  }
}
