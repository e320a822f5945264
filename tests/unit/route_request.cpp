#include <flasky/route_request.hpp>

#include <catch2/catch.hpp>

#include <flasky/route.hpp>
#include <flasky/router.hpp>
#include <flasky/test_client.hpp>

namespace {
constexpr flasky::route<"/n/<int:id>/<name>/<uuid:u>"> route_with_params;
}

TEST_CASE("a route request returns each parameter converted by name") {
  flasky::router app;
  app.get(route_with_params, [](auto req) {
    std::int64_t id = req.template param<"id">();
    std::string_view name = req.template param<"name">();
    flasky::uuid u = req.template param<"u">();
    return std::to_string(id + 1) + std::string(name) + u.to_string() + std::string(req->method());
  });
  flasky::test_client client(app);
  CHECK(client.get("/n/41/a%20b/123E4567-e89b-12d3-a456-426614174000").body() ==
        "42a b123e4567-e89b-12d3-a456-426614174000GET");
}
