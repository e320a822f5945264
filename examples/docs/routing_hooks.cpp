// docs/routing.md: hooks, error handlers, blueprints, url_for and the slash policy.
#include <flasky/flasky.hpp>

#include <cassert>
#include <cstdint>
#include <string>

int main() {
  flasky::router app({.slash = flasky::trailing_slash::redirect});

  app.before_request([](flasky::request& req) -> std::optional<flasky::response> {
    if (!req.header("X-Api-Key")) return flasky::response::from_status(flasky::status::unauthorized);
    return std::nullopt;  // go on to the route
  });
  app.after_request([](const flasky::request&, flasky::response& res) {
    res.headers().set("Cache-Control", "no-store");
  });
  app.on_error(flasky::status::not_found, [](const flasky::request& req) {
    return flasky::response::json({{"error", "no route"}, {"path", req.path()}},
                                  flasky::status::not_found);
  });

  flasky::blueprint<"/api/v1"> api;
  api.get(flasky::route<"/users/<int:id>/">{}, [](std::int64_t id) { return std::to_string(id); });
  api.register_on(app);

  flasky::header_map key;
  key.set("X-Api-Key", "k");
  flasky::test_client client(app);
  assert(client.get("/api/v1/users/7/", key).body() == "7");
  assert(client.get("/api/v1/users/7/").status() == flasky::status::unauthorized);
  auto moved = client.get("/api/v1/users/7?x=1", key);  // the route ends with a slash
  assert(moved.status() == flasky::status::permanent_redirect);
  assert(moved.header("Location") == "/api/v1/users/7/?x=1");
  assert(client.get("/nope", key).body() == R"({"error":"no route","path":"/nope"})");
  assert(client.get("/nope", key).header("Cache-Control") == "no-store");

  using user_route = decltype(api)::route<"/users/<int:id>/">;
  assert(flasky::url_for(user_route{}, 7) == "/api/v1/users/7/");
}
