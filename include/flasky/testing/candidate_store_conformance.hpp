#pragma once
/// @file
/// A reusable Catch2 kit that checks a store against the `candidate_store` contract.
///
/// This header is for test programs only: it includes `<catch2/catch.hpp>` and is not part of
/// `<flasky/flasky.hpp>`. Every property is also available as a plain function,
/// `first_violation_of_...`, that runs without Catch2 and returns a description of the first
/// violation it finds, or an empty string; the Catch2 wrapper only asserts on those.

#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>
#include <flasky/error.hpp>
#include <flasky/testing/detail/candidate_store_conformance.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace flasky::testing {

/// How much work the concurrent checks of the conformance kit do.
///
/// The defaults (8 writers x 50 puts, 4 readers) take a few milliseconds on `memory_store`;
/// a store behind a slow network may want fewer puts.
struct candidate_store_conformance_options {
  /// Threads that put candidates at the same time.
  std::size_t writer_threads = 8;
  /// Puts per writer thread; half use names only that writer puts, half names every writer puts.
  std::size_t puts_per_writer = 50;
  /// Threads that call `list` and `find` while the writers run (in the readers check).
  std::size_t reader_threads = 4;
};

/// Checks that an empty store finds nothing and lists nothing.
///
/// Like every `first_violation_of_...` check, it takes a new, empty store and returns "" when
/// the store keeps the property, else a description of the first violation it found (an
/// exception escaping the store counts as one). It never uses Catch2.
///
/// @code
/// flasky::memory_store store;
/// assert(flasky::testing::first_violation_of_empty_store(store).empty());
/// @endcode
template <candidate_store Store>
std::string first_violation_of_empty_store(Store& store) {
  return detail::guarded([&]() -> std::string {
    for (std::string_view name : {"alice", "a", " "}) {
      if (auto v = detail::expect_find(store, name, false); !v.empty()) return v;
    }
    return detail::expect_list(store, {});
  });
}

/// Checks that an inserted candidate is found and listed, alone and next to a second one.
template <candidate_store Store>
std::string first_violation_of_insert(Store& store) {
  return detail::guarded([&]() -> std::string {
    if (auto v = detail::expect_put(store, candidate{"alice"}); !v.empty()) return v;
    if (auto v = detail::expect_find(store, "alice", true); !v.empty()) return v;
    if (auto v = detail::expect_list(store, {"alice"}); !v.empty()) return v;
    if (auto v = detail::expect_put(store, candidate{"bob"}); !v.empty()) return v;
    if (auto v = detail::expect_find(store, "bob", true); !v.empty()) return v;
    if (auto v = detail::expect_find(store, "alice", true); !v.empty()) return v;
    return detail::expect_list(store, {"alice", "bob"});
  });
}

/// Checks that putting the same candidate twice is idempotent: one entry, found once.
template <candidate_store Store>
std::string first_violation_of_idempotent_put(Store& store) {
  return detail::guarded([&]() -> std::string {
    for (const char* name : {"alice", "alice", "bob", "alice"}) {
      if (auto v = detail::expect_put(store, candidate{name}); !v.empty()) return v;
    }
    if (auto v = detail::expect_find(store, "alice", true); !v.empty()) return v;
    return detail::expect_list(store, {"alice", "bob"});
  });
}

/// Checks that `list()` is in ascending byte order, whatever the order of insertion.
///
/// Byte order compares names as sequences of unsigned bytes (as `std::string`'s `operator<`
/// does; for UTF-8 it is code point order), so "10" < "9", "Bob" < "alice" (uppercase first),
/// "Zoe" < "Zoë" < "zoe", and "z" < "é" < "候选人" < "🦄". It is not any locale's collation.
template <candidate_store Store>
std::string first_violation_of_list_order(Store& store) {
  return detail::guarded([&]() -> std::string {
    const std::vector<std::string> names = {"bob",
                                            "alice",
                                            "Bob",
                                            "Alice",
                                            "alice2",
                                            "alice 2",
                                            "al",
                                            "9",
                                            "10",
                                            "_x",
                                            "~",
                                            "Zo\xc3\xab",
                                            "Zoe",
                                            "zoe",
                                            "\xc3\xa9",
                                            "z",
                                            "a-b",
                                            "a.b",
                                            "\xe5\x80\x99\xe9\x80\x89\xe4\xba\xba",
                                            "\xf0\x9f\xa6\x84"};
    for (const auto& name : names) {
      if (auto v = detail::expect_put(store, candidate{name}); !v.empty()) return v;
    }
    return detail::expect_list(store, names);
  });
}

/// Checks that names with spaces, punctuation, Unicode, and of exactly
/// `max_candidate_name_bytes` bytes come back from `put`, `find` and `list` unchanged.
///
/// Among them: leading and trailing spaces, quotes and backslashes, URL punctuation
/// (`/ ? # % & =`), "." and "..", a tab, "Zoë" both precomposed and decomposed (two names),
/// "候选人", emoji, and 256-byte names made of ASCII, of 2-byte characters and of 4-byte emoji.
template <candidate_store Store>
std::string first_violation_of_name_round_trip(Store& store) {
  return detail::guarded([&]() -> std::string {
    std::vector<std::string> names = {
        "alice smith",
        "  leading and trailing  ",
        "O'Brien \"quoted\" back\\slash",
        "a/b?c#d%20e&f=g",
        ".",
        "..",
        "tab\there",
        "Zo\xc3\xab",                            // Zoë, precomposed U+00EB
        "Zoe\xcc\x88",                           // Zoë, e + combining diaeresis U+0308
        "\xe5\x80\x99\xe9\x80\x89\xe4\xba\xba",  // 候选人
        "\xf0\x9f\xa6\x84 unicorn \xf0\x9f\x9a\x80",
        std::string(max_candidate_name_bytes, 'x'),
        std::string(max_candidate_name_bytes - 2, 'y') + "\xc3\xa9",
    };
    std::string emoji;
    while (emoji.size() < max_candidate_name_bytes) emoji += "\xf0\x9f\xa6\x84";
    names.push_back(emoji);
    for (const auto& name : names) {
      if (auto v = detail::expect_put(store, candidate{name}); !v.empty()) return v;
    }
    for (const auto& name : names) {
      if (auto v = detail::expect_find(store, name, true); !v.empty()) return v;
    }
    return detail::expect_list(store, names);
  });
}

/// Checks that `find` matches the exact name only: no prefix, suffix, case-insensitive,
/// wildcard, Unicode-normalised or NUL-truncated matches.
template <candidate_store Store>
std::string first_violation_of_exact_find(Store& store) {
  return detail::guarded([&]() -> std::string {
    for (const char* name : {"alice", "Zo\xc3\xab"}) {
      if (auto v = detail::expect_put(store, candidate{name}); !v.empty()) return v;
    }
    using namespace std::string_view_literals;
    for (std::string_view probe :
         {"Alice"sv, "ALICE"sv, "alic"sv, "a"sv, "alicea"sv, "alice "sv, " alice"sv, "ali%"sv,
          "ali*"sv, "ali.*"sv, "alice\0x"sv, "zo\xc3\xab"sv, "Zoe"sv, "Zoe\xcc\x88"sv, ""sv}) {
      if (auto v = detail::expect_find(store, probe, false); !v.empty()) return v;
    }
    if (auto v = detail::expect_put(store, candidate{"Alice"}); !v.empty()) return v;
    if (auto v = detail::expect_find(store, "alice", true); !v.empty()) return v;
    if (auto v = detail::expect_find(store, "Alice", true); !v.empty()) return v;
    return detail::expect_list(store, {"alice", "Alice", "Zo\xc3\xab"});
  });
}

/// Checks that `put` rejects invalid names (empty, longer than `max_candidate_name_bytes`, not
/// UTF-8) with `error::invalid_name`, stores nothing, and that finding them finds nothing.
template <candidate_store Store>
std::string first_violation_of_invalid_name_rejection(Store& store) {
  return detail::guarded([&]() -> std::string {
    const std::vector<std::string> invalid = {
        "",
        std::string(max_candidate_name_bytes + 1, 'x'),
        std::string(max_candidate_name_bytes - 1, 'x') + "\xc3\xa9",  // 257 bytes
        "bad \xff byte",
        "\xed\xa0\x80",  // a UTF-16 surrogate
        "cut \xc3",      // truncated sequence
    };
    for (const auto& name : invalid) {
      const auto stored = store.put(candidate{name});
      if (!stored.has_error()) {
        return "put(" + detail::quoted(name) + ") succeeded, expected error::invalid_name";
      }
      if (stored.error() != error::invalid_name) {
        return "put(" + detail::quoted(name) + ") failed with " + detail::describe(stored.error()) +
               ", expected error::invalid_name";
      }
      if (auto v = detail::expect_find(store, name, false); !v.empty()) return v;
    }
    return detail::expect_list(store, {});
  });
}

/// Checks that concurrent writers lose nothing: `options.writer_threads` threads, released at
/// once, each put `options.puts_per_writer` names (half their own, half shared by all writers);
/// every put succeeds, and afterwards `list` holds exactly the set of names put and `find`
/// finds each.
template <candidate_store Store>
std::string first_violation_of_concurrent_writes(
    Store& store, const candidate_store_conformance_options& options = {}) {
  return detail::guarded([&]() -> std::string {
    const detail::concurrent_workload workload(options.writer_threads, options.puts_per_writer);
    std::vector<std::atomic<bool>> completed(workload.universe.size());
    auto no_reader = [](std::size_t, const std::atomic<bool>&) { return std::string(); };
    if (auto v = detail::run_concurrently(store, workload, completed, 0, no_reader); !v.empty()) {
      return v;
    }
    return detail::expect_workload_stored(store, workload);
  });
}

/// Checks that concurrent readers during writes see no torn or invalid results.
///
/// While the writers of `first_violation_of_concurrent_writes` run, `options.reader_threads`
/// threads call `list` and `find` in a loop. Every call must succeed; `list` must be strictly
/// ascending, hold only names some writer put, never shrink, and hold every name whose put had
/// returned before the call began; `find` must return nothing or exactly the name asked for,
/// and the name when its put had returned before the call began (read-after-write).
template <candidate_store Store>
std::string first_violation_of_concurrent_reads(
    Store& store, const candidate_store_conformance_options& options = {}) {
  return detail::guarded([&]() -> std::string {
    const detail::concurrent_workload workload(options.writer_threads, options.puts_per_writer);
    std::vector<std::atomic<bool>> completed(workload.universe.size());
    const std::size_t names = workload.universe.size();
    auto reader = [&](std::size_t r, const std::atomic<bool>& writers_done) -> std::string {
      std::size_t previous_size = 0;
      std::vector<bool> completed_before(names);
      for (std::size_t k = 0;; ++k) {
        const bool last_round = writers_done.load(std::memory_order_acquire);
        for (std::size_t i = 0; i < names; ++i) {
          completed_before[i] = completed[i].load(std::memory_order_acquire);
        }
        if (auto v = detail::check_listing_during_writes(store.list(), workload, completed_before,
                                                         previous_size);
            !v.empty()) {
          return v;
        }
        if (names != 0) {
          const std::size_t position = (r * 7 + k * 13) % names;
          const std::string& name = workload.universe[position];
          const bool must_exist = completed[position].load(std::memory_order_acquire);
          const auto found = store.find(name);
          if (found.has_error()) {
            return "find(" + detail::quoted(name) +
                   ") during writes failed: " + detail::describe(found.error());
          }
          if (found->size() > 1 || (found->size() == 1 && (*found)[0].name != name) ||
              (must_exist && found->empty())) {
            return "find(" + detail::quoted(name) + ") during writes returned " +
                   detail::describe(*found) + (must_exist ? ", although its put had returned" : "");
          }
        }
        if (last_round) return {};
        std::this_thread::yield();  // let the writers in: a shared_mutex may prefer readers
      }
    };
    if (auto v =
            detail::run_concurrently(store, workload, completed, options.reader_threads, reader);
        !v.empty()) {
      return v;
    }
    return detail::expect_workload_stored(store, workload);
  });
}

/// One property of the contract: its sentence and the plain check that verifies it on an
/// empty store of type `Store`.
template <class Store>
struct candidate_store_check {
  /// What the property says, e.g. "an empty store finds nothing and lists nothing".
  std::string_view sentence;
  /// The check: "" when `store` keeps the property, else a description of the first violation.
  std::string (*first_violation)(Store& store, const candidate_store_conformance_options& options);
};

/// Every property of the `candidate_store` contract, in the order the kit checks them.
template <candidate_store Store>
inline constexpr std::array<candidate_store_check<Store>, 9> candidate_store_checks = {{
    {"an empty store finds nothing and lists nothing",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_empty_store(s);
     }},
    {"an inserted candidate is found and listed",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_insert(s);
     }},
    {"putting the same candidate twice is idempotent",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_idempotent_put(s);
     }},
    {"list order is ascending by name bytes",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_list_order(s);
     }},
    {"names with spaces, unicode and exactly 256 bytes round-trip unchanged",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_name_round_trip(s);
     }},
    {"find matches the exact name only",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_exact_find(s);
     }},
    {"an invalid name is rejected and nothing is stored",
     [](Store& s, const candidate_store_conformance_options&) {
       return first_violation_of_invalid_name_rejection(s);
     }},
    {"concurrent writers lose nothing",
     [](Store& s, const candidate_store_conformance_options& o) {
       return first_violation_of_concurrent_writes(s, o);
     }},
    {"concurrent readers during writes see no torn or invalid results",
     [](Store& s, const candidate_store_conformance_options& o) {
       return first_violation_of_concurrent_reads(s, o);
     }},
}};

/// Runs every check of `candidate_store_checks`, each on a fresh store from `make_store`, and
/// returns "<sentence>: <violation>" for the first that fails, or "" when the store conforms.
///
/// `make_store()` returns a new empty store, or a `std::unique_ptr` / `std::shared_ptr` to one.
/// This is the Catch2-free twin of `check_candidate_store_conformance`.
///
/// @code
/// assert(flasky::testing::first_violation_of_candidate_store_contract(
///            [] { return std::make_unique<flasky::memory_store>(); }).empty());
/// @endcode
template <class Factory>
std::string first_violation_of_candidate_store_contract(
    Factory make_store, const candidate_store_conformance_options& options = {}) {
  using store_type = detail::factory_store_t<Factory>;
  static_assert(candidate_store<store_type>,
                "flasky: the factory must return a candidate_store, or a std::unique_ptr or "
                "std::shared_ptr to one");
  for (const auto& check : candidate_store_checks<store_type>) {
    detail::store_holder<std::invoke_result_t<Factory&>> holder{make_store()};
    if (auto v = check.first_violation(holder.store(), options); !v.empty()) {
      return std::string(check.sentence) + ": " + v;
    }
  }
  return {};
}

/// Checks, with Catch2, that the stores `make_store` makes keep the `candidate_store` contract.
///
/// Call it inside a `TEST_CASE`, once per test case (or once per enclosing `SECTION`: the
/// sections it opens are told apart by their sentences). Each property of `candidate_store_checks`
/// becomes a `SECTION` named by its sentence, and each section runs on its own fresh store:
/// `make_store()` returns a new empty store, or a `std::unique_ptr` / `std::shared_ptr` to one (so
/// stores that can be neither copied nor moved work, and an expensive store, say one behind a
/// network, is made once per section and never shared between sections). A failing section reports
/// the first violation it found. `options` scales the concurrent sections down for slow stores.
///
/// @code
/// TEST_CASE("the memory store keeps the candidate_store contract") {
///   flasky::testing::check_candidate_store_conformance([] { return flasky::memory_store{}; });
/// }
/// @endcode
template <class Factory>
void check_candidate_store_conformance(Factory make_store,
                                       const candidate_store_conformance_options& options = {}) {
  using store_type = detail::factory_store_t<Factory>;
  static_assert(candidate_store<store_type>,
                "flasky: the factory must return a candidate_store, or a std::unique_ptr or "
                "std::shared_ptr to one");
  for (const auto& check : candidate_store_checks<store_type>) {
    DYNAMIC_SECTION(check.sentence) {
      detail::store_holder<std::invoke_result_t<Factory&>> holder{make_store()};
      const std::string violation = check.first_violation(holder.store(), options);
      CHECK(violation == "");
    }
  }
}

}  // namespace flasky::testing
