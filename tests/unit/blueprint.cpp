#include <flasky/blueprint.hpp>

#include <catch2/catch.hpp>

#include <flasky/test_client.hpp>
#include <flasky/url_for.hpp>

TEST_CASE("a blueprint registers its routes under its prefix") {
  flasky::blueprint<"/api/v1"> api;
  api.get(flasky::route<"/items/<int:id>">{}, [](std::int64_t id) { return std::to_string(id); });
  api.post(flasky::route<"/items">{}, [] { return flasky::status::created; });
  flasky::router app;
  api.register_on(app);
  flasky::test_client client(app);
  CHECK(client.get("/api/v1/items/7").body() == "7");
  CHECK(client.post("/api/v1/items").status() == flasky::status::created);
  CHECK(client.get("/items/7").status() == flasky::status::not_found);
  CHECK(flasky::url_for(decltype(api)::route<"/items/<int:id>">{}, 7) == "/api/v1/items/7");
}

TEST_CASE("registering a blueprint twice is a duplicate route") {
  flasky::blueprint<"/b"> bp;
  bp.get(flasky::route<"/x">{}, [] { return "x"; });
  flasky::router app;
  bp.register_on(app);
  CHECK_THROWS_AS(bp.register_on(app), flasky::route_error);
}
