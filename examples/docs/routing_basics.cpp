// docs/routing.md: registering routes and what the router answers.
#include <flasky/flasky.hpp>

#include <cassert>
#include <cstdint>
#include <string>

int main() {
  flasky::router app;
  // Typed parameters arrive converted; the pattern and the handler are checked together.
  app.get("/items/<int:id>", [](std::int64_t id) { return "item " + std::to_string(id); });
  app.get("/items/new", [] { return "the form"; });  // a literal beats <int:id>, in any order
  app.get("/items/<name>", [](std::string_view name) { return "named " + std::string(name); });
  app.post("/items", [](flasky::request& req) -> flasky::response {
    auto body = req.json();
    if (!body) return flasky::response::text("body is not JSON", flasky::status::bad_request);
    return flasky::response::json(*body, flasky::status::created);
  });
  app.get("/files/<path:rest>", [](std::string_view rest) { return std::string(rest); });

  flasky::test_client client(app);
  assert(client.get("/items/42").body() == "item 42");
  assert(client.get("/items/new").body() == "the form");
  assert(client.get("/items/a%20b").body() == "named a b");       // decoded once
  assert(client.get("/items/a%2Fb").status() == flasky::status::not_found);  // no '/' in <name>
  assert(client.get("/files/a/b.txt").body() == "a/b.txt");
  assert(client.post("/items", "{\"n\":1}").status() == flasky::status::created);
  assert(client.post("/items", "{oops").status() == flasky::status::bad_request);

  auto wrong = client.delete_("/items/42");  // the path exists, the method does not
  assert(wrong.status() == flasky::status::method_not_allowed);
  assert(wrong.header("Allow") == "GET, HEAD, OPTIONS");
  assert(client.head("/items/42").body().empty());  // HEAD runs GET, without the body
  assert(client.get("/nothing").status() == flasky::status::not_found);
}
