#include <flasky/testing/candidate_store_conformance.hpp>

#include <flasky/memory_store.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Each broken store below breaks one rule of the candidate_store contract; the tests show that
// the kit's plain checks report it (which makes a Catch2 section that asserts on them fail)
// while the kit passes a correct store.

namespace {

using candidates = boost::system::result<std::vector<flasky::candidate>>;
using stored = boost::system::result<flasky::candidate>;

// Forwards to a memory store; the broken stores deriving from it hide the operation they break.
struct forwarding_store {
  flasky::memory_store inner;
  candidates find(std::string_view name) { return inner.find(name); }
  stored put(const flasky::candidate& c) { return inner.put(c); }
  candidates list() { return inner.list(); }
};

// Lists newest-looking last: the reverse of byte order.
struct reversed_list_store : forwarding_store {
  candidates list() {
    auto all = inner.list();
    if (all) std::reverse(all->begin(), all->end());
    return all;
  }
};

// Silently ignores new names once it holds 100 candidates (a quota nobody checks).
struct capped_store : forwarding_store {
  std::mutex mutex;
  stored put(const flasky::candidate& c) {
    std::lock_guard lock(mutex);
    if (inner.list()->size() >= 100 && inner.find(c.name)->empty()) return c;  // dropped
    return inner.put(c);
  }
};

// Appends on every put, so a second put of a name makes a second entry.
struct duplicating_store {
  std::mutex mutex;
  std::vector<flasky::candidate> entries;
  candidates find(std::string_view name) {
    std::lock_guard lock(mutex);
    std::vector<flasky::candidate> found;
    for (const auto& c : entries) {
      if (c.name == name) found.push_back(c);
    }
    return found;
  }
  stored put(const flasky::candidate& c) {
    if (!flasky::is_valid_candidate_name(c.name)) return flasky::error::invalid_name;
    std::lock_guard lock(mutex);
    entries.push_back(c);
    return c;
  }
  candidates list() {
    std::lock_guard lock(mutex);
    auto all = entries;
    std::stable_sort(all.begin(), all.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    return all;
  }
};

// Finds names ignoring ASCII case.
struct case_insensitive_store : forwarding_store {
  static bool same_ignoring_case(std::string_view a, std::string_view b) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](char x, char y) { return lower(x) == lower(y); });
  }
  candidates find(std::string_view name) {
    auto all = inner.list();
    std::vector<flasky::candidate> found;
    for (const auto& c : *all) {
      if (same_ignoring_case(c.name, name)) found.push_back(c);
    }
    return found;
  }
};

// Drops trailing spaces from names, as a fixed-width text column would.
struct trailing_space_trimming_store : forwarding_store {
  static std::string trimmed(std::string_view name) {
    return std::string(name.substr(0, name.find_last_not_of(' ') + 1));
  }
  candidates find(std::string_view name) { return inner.find(trimmed(name)); }
  stored put(const flasky::candidate& c) { return inner.put(flasky::candidate{trimmed(c.name)}); }
};

// Rejects names of 256 bytes: an off-by-one in its length check.
struct off_by_one_store : forwarding_store {
  stored put(const flasky::candidate& c) {
    if (c.name.size() >= flasky::max_candidate_name_bytes) return flasky::error::invalid_name;
    return inner.put(c);
  }
};

// Stores any name, valid or not.
struct lenient_store {
  std::mutex mutex;
  std::map<std::string, flasky::candidate, std::less<>> entries;
  candidates find(std::string_view name) {
    std::lock_guard lock(mutex);
    auto it = entries.find(name);
    if (it == entries.end()) return std::vector<flasky::candidate>{};
    return std::vector<flasky::candidate>{it->second};
  }
  stored put(const flasky::candidate& c) {
    std::lock_guard lock(mutex);
    entries.insert_or_assign(c.name, c);
    return c;
  }
  candidates list() {
    std::lock_guard lock(mutex);
    std::vector<flasky::candidate> all;
    for (const auto& entry : entries) all.push_back(entry.second);
    return all;
  }
};

// Its first put writes the name in two steps, and the half-written name is visible in between:
// it keeps it there until a list() has seen it (or 10 s pass), so a reader running during the
// writes sees it every time and the check that catches it is deterministic.
struct torn_store : lenient_store {
  std::condition_variable listed;
  std::size_t lists = 0;
  bool first_put = true;
  stored put(const flasky::candidate& c) {
    std::unique_lock lock(mutex);
    if (std::exchange(first_put, false)) {
      entries.insert_or_assign(c.name, flasky::candidate{c.name.substr(0, c.name.size() / 2)});
      const std::size_t seen = lists;
      listed.wait_for(lock, std::chrono::seconds(10), [&] { return lists > seen; });
    }
    entries.insert_or_assign(c.name, c);
    return c;
  }
  candidates list() {
    std::vector<flasky::candidate> all;
    {
      std::lock_guard lock(mutex);  // counted in the same critical section as the read
      for (const auto& entry : entries) all.push_back(entry.second);
      ++lists;
    }
    listed.notify_all();
    return all;
  }
};

// Throws instead of returning an error.
struct throwing_store : forwarding_store {
  candidates list() { throw std::runtime_error("connection reset"); }
};

// Cannot reach its backend.
struct unavailable_store {
  candidates find(std::string_view) { return flasky::error::store_unavailable; }
  stored put(const flasky::candidate&) { return flasky::error::store_unavailable; }
  candidates list() { return flasky::error::store_unavailable; }
};

bool starts_with(const std::string& text, std::string_view prefix) {
  return std::string_view(text).substr(0, prefix.size()) == prefix;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The contract's first violation for a store made by default construction, one per check.
template <class Store>
std::string contract_violation() {
  return flasky::testing::first_violation_of_candidate_store_contract(
      [] { return std::make_unique<Store>(); });
}

}  // namespace

TEST_CASE("the kit passes the memory store made by value") {
  flasky::testing::check_candidate_store_conformance([] { return flasky::memory_store{}; });
}

TEST_CASE("the kit passes the memory store made through a unique_ptr") {
  flasky::testing::check_candidate_store_conformance(
      [] { return std::make_unique<flasky::memory_store>(); });
}

TEST_CASE("the kit passes the memory store made through a shared_ptr") {
  flasky::testing::check_candidate_store_conformance(
      [] { return std::make_shared<flasky::memory_store>(); });
}

TEST_CASE("the kit makes one fresh store for each section") {
  int made = 0;
  flasky::testing::check_candidate_store_conformance([&made] {
    ++made;
    return std::make_unique<flasky::memory_store>();
  });
  // Catch2 runs the test case once per section, entering exactly one section each time.
  CHECK(made == 1);
}

TEST_CASE("the kit has one section per property of the contract") {
  using checks = decltype(flasky::testing::candidate_store_checks<flasky::memory_store>);
  STATIC_REQUIRE(std::tuple_size_v<checks> == 9);
  std::vector<std::string_view> sentences;
  for (const auto& check : flasky::testing::candidate_store_checks<flasky::memory_store>) {
    sentences.push_back(check.sentence);
  }
  std::sort(sentences.begin(), sentences.end());
  CHECK(std::adjacent_find(sentences.begin(), sentences.end()) == sentences.end());
}

TEST_CASE("the plain contract check finds no violation in the memory store") {
  int made = 0;
  const auto violation = flasky::testing::first_violation_of_candidate_store_contract([&made] {
    ++made;
    return std::make_shared<flasky::memory_store>();
  });
  CHECK(violation == "");
  CHECK(made == 9);
}

TEST_CASE("the kit scales its concurrent checks with the options") {
  const flasky::testing::candidate_store_conformance_options small{2, 4, 1};
  flasky::memory_store store;
  CHECK(flasky::testing::first_violation_of_concurrent_writes(store, small) == "");
  const auto listed = store.list();
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 2 * 2 + 2);  // two own names per writer, two shared ones
}

TEST_CASE("the kit detects a store whose list is not in ascending byte order") {
  reversed_list_store store;
  const auto violation = flasky::testing::first_violation_of_list_order(store);
  CHECK(contains(violation, "list() is not in ascending byte order"));
  reversed_list_store empty;
  CHECK(flasky::testing::first_violation_of_empty_store(empty) == "");
  CHECK(starts_with(contract_violation<reversed_list_store>(),
                    "an inserted candidate is found and listed: list() is not in ascending"));
}

TEST_CASE("the kit detects a store that drops writes under concurrent writers") {
  capped_store store;
  const auto violation = flasky::testing::first_violation_of_concurrent_writes(store);
  CHECK(starts_with(violation, "after the writers, list() returned"));
  CHECK(contains(violation, "missing"));
  CHECK(starts_with(contract_violation<capped_store>(), "concurrent writers lose nothing: "));
}

TEST_CASE("the kit detects a store whose put is not idempotent") {
  duplicating_store store;
  CHECK(flasky::testing::first_violation_of_idempotent_put(store) ==
        R"(find("alice") returned ["alice", "alice", "alice"], expected exactly ["alice"])");
  CHECK(starts_with(contract_violation<duplicating_store>(),
                    "putting the same candidate twice is idempotent: "));
}

TEST_CASE("the kit detects a store whose find ignores case") {
  case_insensitive_store store;
  CHECK(flasky::testing::first_violation_of_exact_find(store) ==
        R"(find("Alice") returned ["alice"], expected nothing)");
  CHECK(starts_with(contract_violation<case_insensitive_store>(),
                    "find matches the exact name only: "));
}

TEST_CASE("the kit detects a store that changes names with trailing spaces") {
  trailing_space_trimming_store store;
  CHECK(
      flasky::testing::first_violation_of_name_round_trip(store) ==
      R"(put("  leading and trailing  ") returned "  leading and trailing" instead of the candidate)");
  CHECK(starts_with(contract_violation<trailing_space_trimming_store>(),
                    "names with spaces, unicode and exactly 256 bytes round-trip unchanged: "));
}

TEST_CASE("the kit detects a store that cannot hold a 256-byte name") {
  off_by_one_store store;
  const auto violation = flasky::testing::first_violation_of_name_round_trip(store);
  CHECK(starts_with(violation, R"(put("xxxx)"));
  CHECK(contains(violation, "(256 bytes)) failed: "));
}

TEST_CASE("the kit detects a store that accepts invalid names") {
  lenient_store store;
  CHECK(flasky::testing::first_violation_of_invalid_name_rejection(store) ==
        R"(put("") succeeded, expected error::invalid_name)");
  CHECK(starts_with(contract_violation<lenient_store>(),
                    "an invalid name is rejected and nothing is stored: "));
}

TEST_CASE("the kit detects a half-written name seen by a concurrent reader") {
  torn_store store;
  const auto violation = flasky::testing::first_violation_of_concurrent_reads(store);
  CHECK(starts_with(violation, "list() during writes returned "));
  CHECK(contains(violation, "which no writer put"));
}

TEST_CASE("the kit reports an exception escaping a store as a violation") {
  throwing_store store;
  CHECK(flasky::testing::first_violation_of_empty_store(store) ==
        "an exception escaped the store: connection reset");
  CHECK(contract_violation<throwing_store>() ==
        "an empty store finds nothing and lists nothing: an exception escaped the store: "
        "connection reset");
}

TEST_CASE("the kit reports a store error with its message and code") {
  CHECK(contract_violation<unavailable_store>() ==
        R"(an empty store finds nothing and lists nothing: find("alice") failed: )"
        "the data store is unavailable (flasky:8)");
}
