#include <flasky/test_client.hpp>

#include <catch2/catch.hpp>

TEST_CASE("the test client sends each method with headers and body") {
  flasky::router app;
  app.route("/echo", {flasky::verb::post, flasky::verb::put, flasky::verb::patch, flasky::verb::delete_,
                      flasky::verb::get},
            [](flasky::request& req) {
              return std::string(req.method()) + " " + std::string(req.header("Content-Type").value_or("-")) +
                     " " + req.body();
            });
  flasky::test_client client(app);
  CHECK(client.post("/echo", "{}").body() == "POST application/json {}");
  CHECK(client.put("/echo", "x", "text/plain").body() == "PUT text/plain x");
  CHECK(client.patch("/echo", "y").body() == "PATCH application/json y");
  CHECK(client.delete_("/echo").body() == "DELETE - ");
  CHECK(client.get("/echo").body() == "GET - ");
  CHECK(client.head("/echo").body().empty());
  CHECK(client.options("/echo").header("Allow") == "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
  CHECK(client.open("BREW", "/echo").status() == flasky::status::method_not_allowed);
}
