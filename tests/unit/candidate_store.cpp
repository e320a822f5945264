#include <flasky/candidate_store.hpp>

#include <flasky/memory_store.hpp>

#include <boost/system/result.hpp>
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

namespace {

using candidates = boost::system::result<std::vector<flasky::candidate>>;

// The smallest type with the three operations, each with the exact type the concept requires.
struct minimal_store {
  candidates find(std::string_view) { return std::vector<flasky::candidate>{}; }
  boost::system::result<flasky::candidate> put(const flasky::candidate& c) { return c; }
  candidates list() { return std::vector<flasky::candidate>{}; }
};

struct store_without_list {
  candidates find(std::string_view) { return std::vector<flasky::candidate>{}; }
  boost::system::result<flasky::candidate> put(const flasky::candidate& c) { return c; }
};

// Returns plain vectors: errors could not be values.
struct store_returning_plain_vectors {
  std::vector<flasky::candidate> find(std::string_view) { return {}; }
  boost::system::result<flasky::candidate> put(const flasky::candidate& c) { return c; }
  std::vector<flasky::candidate> list() { return {}; }
};

// put reports success only, not the candidate as stored.
struct store_whose_put_returns_bool {
  candidates find(std::string_view) { return std::vector<flasky::candidate>{}; }
  bool put(const flasky::candidate&) { return true; }
  candidates list() { return std::vector<flasky::candidate>{}; }
};

// put cannot take a const candidate.
struct store_whose_put_takes_a_mutable_candidate {
  candidates find(std::string_view) { return std::vector<flasky::candidate>{}; }
  boost::system::result<flasky::candidate> put(flasky::candidate& c) { return c; }
  candidates list() { return std::vector<flasky::candidate>{}; }
};

// find cannot take a string_view.
struct store_whose_find_takes_an_int {
  candidates find(int) { return std::vector<flasky::candidate>{}; }
  boost::system::result<flasky::candidate> put(const flasky::candidate& c) { return c; }
  candidates list() { return std::vector<flasky::candidate>{}; }
};

template <flasky::candidate_store Store>
bool has_candidate(Store& store, std::string_view name) {
  auto found = store.find(name);
  return found && !found->empty();
}

}  // namespace

TEST_CASE("a type with find, put and list of the required types is a candidate_store") {
  STATIC_REQUIRE(flasky::candidate_store<minimal_store>);
  STATIC_REQUIRE(flasky::candidate_store<flasky::memory_store>);
}

TEST_CASE("a type missing an operation or using other types is not a candidate_store") {
  STATIC_REQUIRE_FALSE(flasky::candidate_store<store_without_list>);
  STATIC_REQUIRE_FALSE(flasky::candidate_store<store_returning_plain_vectors>);
  STATIC_REQUIRE_FALSE(flasky::candidate_store<store_whose_put_returns_bool>);
  STATIC_REQUIRE_FALSE(flasky::candidate_store<store_whose_put_takes_a_mutable_candidate>);
  STATIC_REQUIRE_FALSE(flasky::candidate_store<store_whose_find_takes_an_int>);
  STATIC_REQUIRE_FALSE(flasky::candidate_store<int>);
}

TEST_CASE("code written against the concept works with any candidate_store") {
  flasky::memory_store store;
  CHECK_FALSE(has_candidate(store, "alice"));
  REQUIRE(store.put(flasky::candidate{"alice"}).has_value());
  CHECK(has_candidate(store, "alice"));

  minimal_store minimal;
  CHECK_FALSE(has_candidate(minimal, "alice"));
}
