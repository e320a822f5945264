#include <flasky/url_for.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include <flasky/router.hpp>
#include <flasky/test_client.hpp>

namespace {
constexpr flasky::route<"/c/<name>"> candidate;
constexpr flasky::route<"/n/<int:id>/<float:x>/<uuid:u>"> typed;
constexpr flasky::route<"/files/<path:rest>"> files;
constexpr flasky::route<"/dir/"> dir;
}  // namespace

TEST_CASE("url_for encodes values so they decode to themselves") {
  CHECK(flasky::url_for(candidate, "alice") == "/c/alice");
  CHECK(flasky::url_for(candidate, "Zo\xC3\xAB Smith") == "/c/Zo%C3%AB%20Smith");
  CHECK(flasky::url_for(candidate, "b%c?d#e") == "/c/b%25c%3Fd%23e");
  CHECK(flasky::url_for(files, "a/b c") == "/files/a/b%20c");
  CHECK(flasky::url_for(dir) == "/dir/");
  auto u = *flasky::uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  CHECK(flasky::url_for(typed, -5, 2.5, u) ==
        "/n/-5/2.5/123e4567-e89b-12d3-a456-426614174000");
  CHECK(flasky::url_for(typed, std::int64_t{1}, 1e20, u).find("/100000000000000000000.0/") !=
        std::string::npos);
}

TEST_CASE("values that cannot route back are refused") {
  CHECK(!flasky::try_url_for(candidate, ""));
  CHECK(!flasky::try_url_for(candidate, "."));
  CHECK(!flasky::try_url_for(candidate, ".."));
  CHECK(!flasky::try_url_for(candidate, "a/b"));  // a string parameter never holds '/'
  CHECK(!flasky::try_url_for(files, "/a"));        // a path value cannot start with '/' 
  CHECK(!flasky::try_url_for(candidate, std::string("a\0b", 3)));
  CHECK(!flasky::try_url_for(candidate, "\xC0\xAF"));
  CHECK(!flasky::try_url_for(candidate, std::string(257, 'a')));
  CHECK(flasky::try_url_for(candidate, std::string(256, 'a')));
  CHECK(!flasky::try_url_for(files, "a/../b"));
  CHECK(!flasky::try_url_for(typed, 1, 1.0 / 0.0, flasky::uuid{}));
  CHECK_THROWS_AS(flasky::url_for(candidate, ".."), std::invalid_argument);
}

TEST_CASE("every url_for result routes back to its route with the same values") {
  flasky::router app;
  std::string seen;
  app.get(candidate, [&](std::string_view name) {
    seen = name;
    return "c";
  });
  app.get(files, [&](std::string_view rest) {
    seen = rest;
    return "f";
  });
  app.get("/c/<int:id>", [](std::int64_t) { return "wrong"; });  // more specific: must not catch names
  flasky::test_client client(app);
  const std::string names[] = {"alice", "Zo\xC3\xAB", "a b", "%2F", "50%", "-1x", "\xF0\x9F\x98\x80",
                               "x?y", "x#y", "+", "~", std::string(256, 'z')};
  for (const auto& name : names) {
    INFO(name);
    auto url = flasky::url_for(candidate, name);
    auto res = client.get(url);
    CHECK(res.body() == "c");
    CHECK(seen == name);
  }
  for (const auto* rest : {"a/b/c", "x y/z", "%25/%2F", "a//b", "dir/"}) {
    auto res = client.get(flasky::url_for(files, rest));
    CHECK(res.body() == "f");
    CHECK(seen == rest);
  }
}
