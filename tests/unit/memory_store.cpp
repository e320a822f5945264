#include <flasky/memory_store.hpp>

#include <flasky/testing/candidate_store_conformance.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

// The names in a list() result, or a one-element vector naming the error.
std::vector<std::string> listed_names(const flasky::memory_store& store) {
  const auto listed = store.list();
  if (listed.has_error()) return {"<error: " + listed.error().message() + ">"};
  std::vector<std::string> names;
  for (const auto& c : *listed) names.push_back(c.name);
  return names;
}

}  // namespace

TEST_CASE("the memory store keeps the candidate_store contract") {
  flasky::testing::check_candidate_store_conformance([] { return flasky::memory_store{}; });
}

TEST_CASE("a new memory store is empty") {
  const flasky::memory_store store;
  const auto found = store.find("alice");
  REQUIRE(found.has_value());
  CHECK(found->empty());
  CHECK(listed_names(store).empty());
}

TEST_CASE("the memory store returns what put stored") {
  flasky::memory_store store;
  const auto stored = store.put(flasky::candidate{"alice"});
  REQUIRE(stored.has_value());
  CHECK(stored->name == "alice");
  const auto found = store.find("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->size() == 1);
  CHECK(found->front().name == "alice");
}

TEST_CASE("putting a candidate again replaces it rather than adding one") {
  flasky::memory_store store;
  for (int i = 0; i < 3; ++i) REQUIRE(store.put(flasky::candidate{"alice"}).has_value());
  REQUIRE(store.put(flasky::candidate{"Alice"}).has_value());
  CHECK(listed_names(store) == std::vector<std::string>{"Alice", "alice"});
}

TEST_CASE("the memory store lists candidates in ascending byte order") {
  flasky::memory_store store;
  for (const char* name : {"b", "\xc3\xa9", "a", "B", "10", "9"}) {
    REQUIRE(store.put(flasky::candidate{name}).has_value());
  }
  CHECK(listed_names(store) == std::vector<std::string>{"10", "9", "B", "a", "b", "\xc3\xa9"});
}

TEST_CASE("the memory store rejects an invalid name with invalid_name and stores nothing") {
  flasky::memory_store store;
  for (const std::string& name : {std::string(), std::string(257, 'x'), std::string("\xff")}) {
    const auto stored = store.put(flasky::candidate{name});
    REQUIRE(stored.has_error());
    CHECK(stored.error() == flasky::error::invalid_name);
  }
  CHECK(listed_names(store).empty());
}

TEST_CASE("the memory store keeps a 256-byte name and rejects a 257-byte one") {
  flasky::memory_store store;
  const std::string longest(flasky::max_candidate_name_bytes, 'n');
  REQUIRE(store.put(flasky::candidate{longest}).has_value());
  CHECK(store.put(flasky::candidate{longest + "n"}).has_error());
  CHECK(listed_names(store) == std::vector<std::string>{longest});
}

TEST_CASE("find and list work on a const memory store") {
  auto store = std::make_unique<flasky::memory_store>();
  REQUIRE(store->put(flasky::candidate{"alice"}).has_value());
  const flasky::memory_store& view = *store;
  CHECK(view.find("alice").has_value());
  CHECK(listed_names(view) == std::vector<std::string>{"alice"});
}

TEST_CASE("the memory store can be neither copied nor moved") {
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<flasky::memory_store>);
  STATIC_REQUIRE_FALSE(std::is_move_constructible_v<flasky::memory_store>);
  STATIC_REQUIRE_FALSE(std::is_copy_assignable_v<flasky::memory_store>);
}

TEST_CASE("threads putting the same names into a memory store leave one entry each") {
  flasky::memory_store store;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store] {
      for (int i = 0; i < 100; ++i) {
        (void)store.put(flasky::candidate{"name " + std::to_string(i % 10)});
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(listed_names(store).size() == 10);
}
