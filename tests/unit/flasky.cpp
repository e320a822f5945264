#include <flasky/flasky.hpp>

#include <catch2/catch.hpp>

TEST_CASE("the all-in-one header gives the whole core and no platform binding") {
  flasky::router app;
  flasky::memory_store store;
  app.get("/n", [&store] { return std::to_string(store.list()->size()); });
  CHECK(flasky::test_client(app).get("/n").body() == "0");
#ifdef BOOST_BEAST_VERSION
  FAIL("flasky.hpp pulled in Boost.Beast");
#endif
}
