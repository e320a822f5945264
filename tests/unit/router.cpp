#include <flasky/router.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <flasky/test_client.hpp>

using flasky::status;
using flasky::verb;

namespace {

flasky::response call(flasky::router& app, std::string_view method, std::string target) {
  return flasky::test_client(app).open(method, std::move(target));
}

/// A router whose handlers answer with their own pattern, to see which route won.
void add_echo(flasky::router& app, flasky::verb_set verbs, std::string_view pattern) {
  app.add_route(verbs, pattern, [p = std::string(pattern)](flasky::request&) { return p; });
}

}  // namespace

TEST_CASE("typed parameters reach the handler converted") {
  flasky::router app;
  app.get("/items/<int:id>", [](std::int64_t id) { return std::to_string(id * 2); });
  app.get("/u/<uint:n>/<float:x>", [](std::uint64_t n, double x) {
    return std::to_string(n) + ":" + std::to_string(x);
  });
  app.get("/names/<name>", [](flasky::request& req, std::string name) {
    return name + "|" + std::string(req.param("name").value_or("?"));
  });
  CHECK(call(app, "GET", "/items/21").body() == "42");
  CHECK(call(app, "GET", "/items/-4").body() == "-8");
  CHECK(call(app, "GET", "/u/7/1.5").body() == "7:1.500000");
  CHECK(call(app, "GET", "/names/Zo%C3%AB%20S").body() == "Zo\xC3\xAB S|Zo\xC3\xAB S");
}

TEST_CASE("handlers may return a response, a status, a string or JSON") {
  flasky::router app;
  app.get("/r", [] { return flasky::response::text("made", status::created); });
  app.get("/s", [] { return status::no_content; });
  app.get("/t", [] { return "text"; });
  app.get("/j", [] { return boost::json::value{{"a", 1}}; });
  CHECK(call(app, "GET", "/r").status() == status::created);
  CHECK(call(app, "GET", "/s").status() == status::no_content);
  CHECK(call(app, "GET", "/s").body().empty());
  CHECK(call(app, "GET", "/t").header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(call(app, "GET", "/j").body() == R"({"a":1})");
  CHECK(call(app, "GET", "/j").header("Content-Type") == "application/json");
}

TEST_CASE("specificity decides, not registration order") {
  for (int order = 0; order < 2; ++order) {
    flasky::router app;
    std::vector<std::string_view> patterns = {"/items/<path:rest>", "/items/<name>",
                                              "/items/<int:id>", "/items/new", "/items/<uuid:u>"};
    if (order == 1) std::reverse(patterns.begin(), patterns.end());
    for (auto p : patterns) add_echo(app, {verb::get}, p);
    CHECK(call(app, "GET", "/items/new").body() == "/items/new");
    CHECK(call(app, "GET", "/items/12").body() == "/items/<int:id>");
    CHECK(call(app, "GET", "/items/123e4567-e89b-12d3-a456-426614174000").body() ==
          "/items/<uuid:u>");
    CHECK(call(app, "GET", "/items/twelve").body() == "/items/<name>");
    CHECK(call(app, "GET", "/items/a/b").body() == "/items/<path:rest>");
  }
}

TEST_CASE("literals are told apart however many there are and whatever they share") {
  flasky::router app;
  // Enough literals for the hashed lookup, some sharing their first 8 bytes, some short.
  const std::vector<std::string> words = {"candidate", "candidates", "candidatesx", "a", "ab",
                                          "abc", "repository", "repositories", "x", "events",
                                          "caf\xC3\xA9", "z~!$&'()*+,;=:@"};
  for (const auto& w : words) add_echo(app, {verb::get}, "/" + w);
  flasky::test_client client(app);
  for (const auto& w : words) {
    INFO(w);
    CHECK(client.get("/" + w).body() == "/" + w);
  }
  CHECK(client.get("/candidat").status() == status::not_found);
  CHECK(client.get("/candidatesxy").status() == status::not_found);
  CHECK(client.get("/abcd").status() == status::not_found);
  CHECK(client.get("/%61b").body() == "/ab");            // an escaped form of a literal
  // Distinct first bytes: these are found through the node's perfect hash.
  flasky::router hashed;
  for (const char* w : {"gists", "issues", "events", "user", "users", "orgs", "repos", "teams",
                        "notifications", "search", "emojis", "meta"})
    add_echo(hashed, {verb::get}, std::string("/h/") + w + "/<id>");
  flasky::test_client hashed_client(hashed);
  for (const char* w : {"gists", "issues", "events", "user", "users", "orgs", "repos", "teams",
                        "notifications", "search", "emojis", "meta"}) {
    INFO(w);
    CHECK(hashed_client.get(std::string("/h/") + w + "/7").body() == std::string("/h/") + w + "/<id>");
  }
  CHECK(hashed_client.get("/h/gist/7").status() == status::not_found);
  CHECK(hashed_client.get("/h/notification/7").status() == status::not_found);
  CHECK(client.get("/caf%C3%A9").body() == "/caf\xC3\xA9");
}

TEST_CASE("a dead end deep under a parameter backtracks to the next alternative") {
  flasky::router app;
  add_echo(app, {verb::get}, "/a/<x>/<y>/c");
  add_echo(app, {verb::get}, "/a/<int:n>/b/d");
  add_echo(app, {verb::get}, "/a/<path:rest>");
  flasky::test_client client(app);
  CHECK(client.get("/a/1/b/c").body() == "/a/<x>/<y>/c");  // <int:n>/b/ fails at the last step
  CHECK(client.get("/a/1/b/d").body() == "/a/<int:n>/b/d");
  CHECK(client.get("/a/1/b/e").body() == "/a/<path:rest>");
  auto m = app.match(verb::get, "/a/1/b/e");
  CHECK(m.param_count == 1);  // nothing left over from the routes that failed
  CHECK(m.params[0] == "1/b/e");
}

TEST_CASE("a failing converter falls back to the next candidate, then 404") {
  flasky::router app;
  add_echo(app, {verb::get}, "/n/<int:id>/x");
  add_echo(app, {verb::get}, "/n/<name>/y");
  CHECK(call(app, "GET", "/n/5/x").body() == "/n/<int:id>/x");
  CHECK(call(app, "GET", "/n/5/y").body() == "/n/<name>/y");
  CHECK(call(app, "GET", "/n/five/x").status() == status::not_found);
  CHECK(call(app, "GET", "/n/99999999999999999999/x").status() == status::not_found);
}

TEST_CASE("a path that exists under other methods gets 405 with Allow") {
  flasky::router app;
  add_echo(app, {verb::get}, "/c/<int:id>");
  add_echo(app, {verb::post}, "/c/<name>");
  auto res = call(app, "DELETE", "/c/5");
  CHECK(res.status() == status::method_not_allowed);
  CHECK(res.header("Allow") == "GET, HEAD, POST, OPTIONS");
  CHECK(call(app, "POST", "/c/5").body() == "/c/<name>");  // method-aware fallback
  CHECK(call(app, "FOO", "/c/5").status() == status::method_not_allowed);
  CHECK(call(app, "FOO", "/nothing").status() == status::not_found);
}

TEST_CASE("HEAD runs GET without a body and OPTIONS lists the methods") {
  flasky::router app;
  app.get("/h", [] { return "twelve bytes"; });
  auto head = call(app, "HEAD", "/h");
  CHECK(head.status() == status::ok);
  CHECK(head.body().empty());
  CHECK(head.header("Content-Length") == "12");
  auto options = call(app, "OPTIONS", "/h");
  CHECK(options.status() == status::ok);
  CHECK(options.header("Allow") == "GET, HEAD, OPTIONS");
  CHECK(options.body().empty());
}

TEST_CASE("an explicit OPTIONS or HEAD handler wins over the automatic one") {
  flasky::router app;
  app.get("/h", [] { return "get"; });
  app.route("/h", {verb::options, verb::head}, [] { return status::no_content; });
  CHECK(call(app, "OPTIONS", "/h").status() == status::no_content);
  CHECK(call(app, "HEAD", "/h").status() == status::no_content);
}

TEST_CASE("trailing slashes follow the router's policy") {
  SECTION("redirect adds a slash with a relative Location, keeping the query") {
    flasky::router app;
    add_echo(app, {verb::get}, "/dir/");
    add_echo(app, {verb::get}, "/file");
    auto res = call(app, "GET", "/dir?x=1");
    CHECK(res.status() == status::permanent_redirect);
    CHECK(res.header("Location") == "/dir/?x=1");
    CHECK(call(app, "GET", "/dir/").status() == status::ok);
    CHECK(call(app, "GET", "/file/").status() == status::not_found);
    CHECK(call(app, "POST", "/dir").status() == status::not_found);  // "/dir/" has no POST
    CHECK(call(app, "OPTIONS", "/dir").status() == status::permanent_redirect);
  }
  SECTION("strict keeps the two apart") {
    flasky::router app({.slash = flasky::trailing_slash::strict});
    add_echo(app, {verb::get}, "/dir/");
    CHECK(call(app, "GET", "/dir").status() == status::not_found);
    CHECK(call(app, "GET", "/dir/").status() == status::ok);
  }
  SECTION("ignore serves both and refuses to register both") {
    flasky::router app({.slash = flasky::trailing_slash::ignore});
    add_echo(app, {verb::get}, "/dir/");
    CHECK(call(app, "GET", "/dir").status() == status::ok);
    CHECK(call(app, "GET", "/dir/").status() == status::ok);
    CHECK_THROWS_AS(add_echo(app, {verb::get}, "/dir"), flasky::route_error);
  }
}

TEST_CASE("a duplicate route throws at once and names both patterns") {
  flasky::router app;
  add_echo(app, {verb::get, verb::post}, "/users/<int:id>");
  try {
    add_echo(app, {verb::post}, "/users/<int:user_id>");
    FAIL("no exception");
  } catch (const flasky::route_error& e) {
    std::string what = e.what();
    CHECK(what.find("/users/<int:id>") != std::string::npos);
    CHECK(what.find("/users/<int:user_id>") != std::string::npos);
    CHECK(what.find("POST") != std::string::npos);
  }
  CHECK_NOTHROW(add_echo(app, {verb::delete_}, "/users/<int:user_id>"));
  CHECK_NOTHROW(add_echo(app, {verb::get}, "/users/<uint:id>"));  // another converter, another route
}

TEST_CASE("run-time patterns are validated at registration, naming the pattern") {
  flasky::router app;
  auto message = [&](std::string_view pattern, auto handler) {
    try {
      app.add_route({verb::get}, pattern, handler);
    } catch (const flasky::route_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  auto plain = [](flasky::request&) { return "x"; };
  CHECK_THAT(message("/a/<x", plain), Catch::Contains("'/a/<x'") && Catch::Contains("'<'"));
  CHECK_THAT(message("/a/<hex:x>", plain), Catch::Contains("unknown converter 'hex'"));
  CHECK_THAT(message("/a/<int:id>", [](flasky::arg<"ident", std::int64_t>) { return "x"; }),
             Catch::Contains("reads parameter 'ident'"));
  CHECK_THAT(message("/b/<int:id>", [](flasky::arg<"id", int>) { return "x"; }),
             Catch::Contains("parameter 'id'") && Catch::Contains("truncate"));
  CHECK_THAT(message("/c/<id>", [](flasky::arg<"id", std::int64_t>) { return "x"; }),
             Catch::Contains("std::string_view or std::string"));
}

TEST_CASE("run-time pattern handlers read typed parameters by name") {
  flasky::router app;
  app.add_route({verb::get}, std::string("/repos/<owner>/<int:n>"),
                [](flasky::arg<"n", std::int64_t> n, flasky::arg<"owner"> owner) {
                  return std::string(*owner) + "#" + std::to_string(*n);
                });
  CHECK(call(app, "GET", "/repos/ann/7").body() == "ann#7");
}

TEST_CASE("before and after hooks wrap every request") {
  flasky::router app;
  app.get("/x", [] { return "x"; });
  app.before_request([](flasky::request& req) -> std::optional<flasky::response> {
    if (req.header("X-Block")) return flasky::response::from_status(status::forbidden);
    return std::nullopt;
  });
  app.after_request([](const flasky::request&, flasky::response& res) {
    res.headers().set("X-After", "1");
  });
  flasky::test_client client(app);
  flasky::header_map block;
  block.set("X-Block", "1");
  CHECK(client.get("/x", block).status() == status::forbidden);
  CHECK(client.get("/x", block).header("X-After") == "1");
  CHECK(client.get("/x").body() == "x");
  CHECK(client.get("/missing").header("X-After") == "1");
}

TEST_CASE("error handlers answer 404, 405, http_error and exceptions, which become 500") {
  std::vector<std::string> log;
  flasky::router app({.log = [&](std::string_view line) { log.emplace_back(line); }});
  app.get("/boom", []() -> std::string { throw std::runtime_error("disk on fire"); });
  app.get("/teapot", []() -> std::string { throw flasky::http_error(status::forbidden); });
  app.on_error(status::not_found, [](const flasky::request&) { return flasky::response::text("nope", status::not_found); });
  app.on_error(status::method_not_allowed,
               [](const flasky::request&) { return flasky::response::text("wrong method", status::method_not_allowed); });
  app.on_error(status::internal_server_error,
               [](const flasky::request&) { return flasky::response::text("sorry", status::internal_server_error); });
  CHECK(call(app, "GET", "/nowhere").body() == "nope");
  auto wrong = call(app, "POST", "/boom");
  CHECK(wrong.body() == "wrong method");
  CHECK(wrong.header("Allow") == "GET, HEAD, OPTIONS");
  CHECK(call(app, "GET", "/teapot").status() == status::forbidden);
  CHECK(log.empty());
  auto boom = call(app, "GET", "/boom?token=secret");
  CHECK(boom.status() == status::internal_server_error);
  CHECK(boom.body() == "sorry");
  REQUIRE(log.size() == 1);
  CHECK_THAT(log[0], Catch::Contains("GET /boom") && Catch::Contains("disk on fire"));
  CHECK(log[0].find("secret") == std::string::npos);
}

TEST_CASE("dispatch never throws, even when an error handler does") {
  flasky::router app({.log = [](std::string_view) {}});
  app.get("/boom", []() -> std::string { throw std::runtime_error("x"); });
  app.on_error(status::internal_server_error,
               [](const flasky::request&) -> flasky::response { throw std::logic_error("worse"); });
  CHECK(call(app, "GET", "/boom").status() == status::internal_server_error);
}

TEST_CASE("match allocates nothing and reports encoded parameters") {
  flasky::router app;
  add_echo(app, {verb::get}, "/repos/<owner>/<repo>");
  auto m = app.match(verb::get, "/repos/a%20b/c");
  REQUIRE(m.outcome == flasky::match_outcome::found);
  CHECK(m.param_count == 2);
  CHECK(m.params[0] == "a%20b");
  CHECK(app.pattern_of(m.handler) == "/repos/<owner>/<repo>");
}

TEST_CASE("bad input gets the documented status") {
  flasky::router app;
  add_echo(app, {verb::get, verb::post}, "/candidate/<name>");
  add_echo(app, {verb::get}, "/files/<path:rest>");
  add_echo(app, {verb::get}, "/n/<int:id>");
  const std::string long_name(257, 'a');
  const std::string ok_name(256, 'a');
  const std::string ten_kb(10 * 1024, 'a');
  struct row {
    std::string_view what;
    std::string method;
    std::string target;
    status expected;
  };
  const std::vector<row> rows = {
      {"plain name", "GET", "/candidate/alice", status::ok},
      {"encoded slash in a string parameter", "GET", "/candidate/a%2Fb", status::not_found},
      {"encoded slash in a path parameter", "GET", "/files/a%2Fb", status::ok},
      {"dot segment", "GET", "/candidate/.", status::not_found},
      {"dot-dot segment", "GET", "/candidate/..", status::not_found},
      {"encoded dot-dot", "GET", "/candidate/%2E%2E", status::not_found},
      {"dot-dot inside a path parameter", "GET", "/files/a/../b", status::not_found},
      {"encoded dot-dot inside a path parameter", "GET", "/files/a/%2e%2E/b", status::not_found},
      {"empty part inside a path parameter", "GET", "/files/a//b", status::ok},
      {"trailing slash in a path parameter", "GET", "/files/a/b/", status::ok},
      {"path parameter starting with a slash", "GET", "/files//etc", status::not_found},
      {"double encoding decodes once", "GET", "/candidate/%252F", status::ok},
      {"encoded NUL", "GET", "/candidate/a%00b", status::not_found},
      {"encoded control character", "GET", "/candidate/a%0Ab", status::not_found},
      {"raw control character", "GET", "/candidate/a\tb", status::bad_request},
      {"raw space", "GET", "/candidate/a b", status::bad_request},
      {"overlong UTF-8 for '/'", "GET", "/candidate/%C0%AF", status::not_found},
      {"overlong UTF-8 for '.'", "GET", "/candidate/%E0%80%AE", status::not_found},
      {"UTF-16 surrogate", "GET", "/candidate/%ED%A0%80", status::not_found},
      {"truncated UTF-8", "GET", "/candidate/%C3", status::not_found},
      {"valid UTF-8", "GET", "/candidate/Zo%C3%AB", status::ok},
      {"bad percent escape", "GET", "/candidate/%zz", status::bad_request},
      {"truncated percent escape", "GET", "/candidate/a%2", status::bad_request},
      {"empty segment", "GET", "/candidate//", status::not_found},
      {"empty segment inside", "GET", "//candidate/alice", status::not_found},
      {"empty parameter", "GET", "/candidate/", status::not_found},
      {"parameter of 256 bytes", "GET", "/candidate/" + ok_name, status::ok},
      {"parameter of 257 bytes", "GET", "/candidate/" + long_name, status::not_found},
      {"10 KB path", "GET", "/candidate/" + ten_kb, status::not_found},
      {"10 KB path parameter", "GET", "/files/" + ten_kb, status::not_found},
      {"integer out of range", "GET", "/n/9223372036854775808", status::not_found},
      {"integer with a plus sign", "GET", "/n/+1", status::not_found},
      {"unknown method on a route", "FOO", "/candidate/alice", status::method_not_allowed},
      {"lower-case method", "get", "/candidate/alice", status::method_not_allowed},
      {"unknown method elsewhere", "FOO", "/elsewhere", status::not_found},
      {"no leading slash", "GET", "candidate/alice", status::bad_request},
      {"empty target", "GET", "", status::bad_request},
      {"asterisk target", "GET", "*", status::bad_request},
  };
  flasky::test_client client(app);
  for (const auto& r : rows) {
    INFO(r.what << ": " << r.method << ' ' << r.target.substr(0, 60));
    CHECK(client.open(r.method, r.target).status() == r.expected);
  }
}
