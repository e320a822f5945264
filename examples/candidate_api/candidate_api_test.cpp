// The reference candidate API against its contract (DESIGN.md), in process, plus the
// compile-time route tests a user would write for it.
#include "candidate_api.hpp"

#include <catch2/catch.hpp>

#include <flasky/memory_store.hpp>
#include <flasky/test_client.hpp>

using flasky::status;
using flasky::verb;

// Compile-time route tests: they run when this file compiles.
static_assert(candidate_api::routes.find(verb::get, "/gtg").route == 0);
static_assert(candidate_api::routes.find(verb::post, "/candidate/alice").route == 1);
static_assert(candidate_api::routes.find(verb::get, "/candidates/").status() == 404);
static_assert(candidate_api::routes.find(verb::delete_, "/candidate/alice").status() == 405);

TEST_CASE("the routes of the candidate API are what the contract lists") {
  STATIC_REQUIRE(candidate_api::routes.allowed("/candidate/x") ==
                 flasky::verb_set{verb::get, verb::head, verb::post, verb::options});
  STATIC_REQUIRE(candidate_api::routes.find(verb::get, "/candidate/a%2Fb").status() == 404);
  flasky::memory_store store;
  flasky::router app;
  candidate_api::add_routes(app, store, "id");
  // The router serves exactly the table's routes.
  for (const auto& [pattern, verbs] : app.routes()) {
    INFO(pattern);
    auto row = candidate_api::routes.find(verbs.contains(verb::get) ? verb::get : verb::post,
                                          pattern == "/candidate/<name>" ? "/candidate/x" : pattern);
    CHECK(row.status() == 200);
  }
  CHECK(app.routes().size() == 4);
}

namespace {
struct fixture {
  flasky::memory_store store;
  flasky::router app;
  flasky::test_client client{app};
  fixture() { candidate_api::add_routes(app, store, "test-instance"); }
};

/// A store whose writes and reads always fail, to check the 500 answers.
struct failing_store {
  boost::system::result<std::vector<flasky::candidate>> find(std::string_view) {
    return flasky::make_error_code(flasky::error::store_unavailable);
  }
  boost::system::result<flasky::candidate> put(const flasky::candidate&) {
    return flasky::make_error_code(flasky::error::store_unavailable);
  }
  boost::system::result<std::vector<flasky::candidate>> list() {
    return flasky::make_error_code(flasky::error::store_unavailable);
  }
};
static_assert(flasky::candidate_store<failing_store>);
}  // namespace

TEST_CASE("GET /gtg is 200 with an empty body, and with details reports the instance") {
  fixture f;
  auto plain = f.client.get("/gtg");
  CHECK(plain.status() == status::ok);
  CHECK(plain.body().empty());
  for (auto target : {"/gtg?details", "/gtg?details=", "/gtg?details=yes&x=1"}) {
    auto details = f.client.get(target);
    CHECK(details.status() == status::ok);
    CHECK(details.header("Content-Type") == "application/json");
    CHECK(details.body() == R"({"connected":"true","instance-id":"test-instance"})");
  }
}

TEST_CASE("POST /candidate/<name> stores and answers the candidate") {
  fixture f;
  auto res = f.client.post("/candidate/alice");
  CHECK(res.status() == status::ok);
  CHECK(res.header("Content-Type") == "application/json");
  CHECK(res.body() == R"({"CandidateName":"alice"})");
  CHECK(f.client.post("/candidate/alice").body() == R"({"CandidateName":"alice"})");  // update
  CHECK(f.store.list()->size() == 1);
}

TEST_CASE("GET /candidate/<name> is a JSON array, or 404 Not Found") {
  fixture f;
  auto missing = f.client.get("/candidate/alice");
  CHECK(missing.status() == status::not_found);
  CHECK(missing.body() == "Not Found");
  f.client.post("/candidate/alice");
  auto found = f.client.get("/candidate/alice");
  CHECK(found.status() == status::ok);
  CHECK(found.header("Content-Type") == "application/json");
  CHECK(found.body() == R"([{"CandidateName":"alice"}])");
}

TEST_CASE("GET /candidates lists all, or 404 Not Found when there are none") {
  fixture f;
  CHECK(f.client.get("/candidates").status() == status::not_found);
  CHECK(f.client.get("/candidates").body() == "Not Found");
  f.client.post("/candidate/bob");
  f.client.post("/candidate/Zo%C3%AB%20Smith");
  f.client.post("/candidate/alice");
  auto all = f.client.get("/candidates");
  CHECK(all.status() == status::ok);
  CHECK(all.body() ==
        R"([{"CandidateName":"Zoë Smith"},{"CandidateName":"alice"},{"CandidateName":"bob"}])");
}

TEST_CASE("a failing store gives 500 Unable to update on POST, never a crash") {
  failing_store store;
  flasky::router app;
  candidate_api::add_routes(app, store, "x");
  flasky::test_client client(app);
  auto post = client.post("/candidate/alice");
  CHECK(post.status() == status::internal_server_error);
  CHECK(post.body() == "Unable to update");
  CHECK(client.get("/candidate/alice").status() == status::internal_server_error);
  CHECK(client.get("/candidates").status() == status::internal_server_error);
}

TEST_CASE("HEAD, OPTIONS, 405 and bad names follow the router's rules") {
  fixture f;
  f.client.post("/candidate/alice");
  auto head = f.client.head("/candidate/alice");
  CHECK(head.status() == status::ok);
  CHECK(head.body().empty());
  CHECK(f.client.options("/candidates").header("Allow") == "GET, HEAD, OPTIONS");
  auto put = f.client.put("/candidate/alice");
  CHECK(put.status() == status::method_not_allowed);
  CHECK(put.header("Allow") == "GET, HEAD, POST, OPTIONS");
  CHECK(f.client.post("/candidate/%2E%2E").status() == status::not_found);
  CHECK(f.client.post("/candidate/" + std::string(257, 'x')).status() == status::not_found);
  CHECK(f.client.post("/candidate/" + std::string(256, 'x')).status() == status::ok);
  CHECK(f.store.list()->size() == 2);  // nothing half-written by the refused ones
}
