// A program that uses flasky the way a consumer project would.
#include <flasky/verb.hpp>

#include <boost/json.hpp>

#include <iostream>
#include <string>

int main() {
  // Boost.JSON is reached through flasky::flasky's link interface.
  boost::json::object reply;
  reply["method"] = std::string(flasky::to_string(flasky::verb::get));
  std::cout << boost::json::serialize(reply) << '\n';
  return flasky::verb_from_string("GET") == flasky::verb::get ? 0 : 1;
}
