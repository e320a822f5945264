// The fixture events of tests/fixtures/ (FLASKY_FIXTURE_DIR), for the Lambda tests.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace flasky_test {

/// The text of tests/fixtures/<name>; the test fails when it cannot be read.
inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(FLASKY_FIXTURE_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// tests/fixtures/<name> parsed.
inline boost::json::value fixture(const std::string& name) {
  return boost::json::parse(read_fixture(name));
}

}  // namespace flasky_test
