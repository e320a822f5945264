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

#include <boost/system/error_code.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <exception>
#include <iterator>
#include <latch>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
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

namespace detail {

/// `name` in double quotes, printable ASCII as is, other bytes as \xNN; long names shortened.
inline std::string quoted(std::string_view name) {
  constexpr std::size_t shown = 40;
  constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < name.size() && i < shown; ++i) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    }
  }
  out += '"';
  if (name.size() > shown) out += "... (" + std::to_string(name.size()) + " bytes)";
  return out;
}

/// The names of `candidates` as a short list: `["alice", "bob"]`.
inline std::string describe(const std::vector<candidate>& candidates) {
  constexpr std::size_t shown = 8;
  std::string out = "[";
  for (std::size_t i = 0; i < candidates.size() && i < shown; ++i) {
    if (i != 0) out += ", ";
    out += quoted(candidates[i].name);
  }
  if (candidates.size() > shown) out += ", ... (" + std::to_string(candidates.size()) + " in all)";
  return out + "]";
}

/// The names in `names` as a short list, like `describe` for candidates.
inline std::string describe(const std::vector<std::string>& names) {
  std::vector<candidate> as_candidates;
  as_candidates.reserve(names.size());
  for (const auto& name : names) as_candidates.push_back(candidate{name});
  return describe(as_candidates);
}

/// An error code as "message (category:value)".
inline std::string describe(const boost::system::error_code& ec) {
  return ec.message() + " (" + ec.category().name() + ":" + std::to_string(ec.value()) + ")";
}

/// Runs `check`, turning an exception (which no store may throw) into a violation.
template <class Check>
std::string guarded(Check&& check) {
  try {
    return std::forward<Check>(check)();
  } catch (const std::exception& e) {
    return std::string("an exception escaped the store: ") + e.what();
  } catch (...) {
    return "an exception of unknown type escaped the store";
  }
}

/// Checks that `put(c)` succeeds and returns `c`.
template <candidate_store Store>
std::string expect_put(Store& store, const candidate& c) {
  const auto stored = store.put(c);
  if (stored.has_error()) return "put(" + quoted(c.name) + ") failed: " + describe(stored.error());
  if (!(*stored == c)) {
    return "put(" + quoted(c.name) + ") returned " + quoted(stored->name) + " instead of the candidate";
  }
  return {};
}

/// Checks that `find(name)` succeeds and returns exactly `name` when `present`, nothing otherwise.
template <candidate_store Store>
std::string expect_find(Store& store, std::string_view name, bool present) {
  const auto found = store.find(name);
  if (found.has_error()) return "find(" + quoted(name) + ") failed: " + describe(found.error());
  const bool exact = found->size() == 1 && (*found)[0].name == name;
  if (present && !exact) {
    return "find(" + quoted(name) + ") returned " + describe(*found) + ", expected exactly [" +
           quoted(name) + "]";
  }
  if (!present && !found->empty()) {
    return "find(" + quoted(name) + ") returned " + describe(*found) + ", expected nothing";
  }
  return {};
}

/// Compares what `list()` returned with the names expected (in any order): first the content
/// (each expected name once, nothing else), then the order (ascending bytes).
inline std::string compare_listing(const std::vector<candidate>& listed,
                                   std::vector<std::string> expected) {
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> names;
  names.reserve(listed.size());
  for (const auto& c : listed) names.push_back(c.name);
  std::vector<std::string> sorted_names = names;
  std::sort(sorted_names.begin(), sorted_names.end());
  if (sorted_names != expected) {
    std::vector<std::string> missing;
    std::vector<std::string> extra;  // unexpected names and duplicates
    std::set_difference(expected.begin(), expected.end(), sorted_names.begin(),
                        sorted_names.end(), std::back_inserter(missing));
    std::set_difference(sorted_names.begin(), sorted_names.end(), expected.begin(),
                        expected.end(), std::back_inserter(extra));
    return "list() returned " + describe(listed) + ", expected " + describe(expected) +
           " (missing " + describe(missing) + ", unexpected or repeated " + describe(extra) + ")";
  }
  if (names != sorted_names) {
    return "list() is not in ascending byte order: returned " + describe(listed) +
           ", expected " + describe(sorted_names);
  }
  return {};
}

/// Checks that `list()` succeeds and returns exactly the `expected` names in ascending bytes.
template <candidate_store Store>
std::string expect_list(Store& store, std::vector<std::string> expected) {
  const auto listed = store.list();
  if (listed.has_error()) return "list() failed: " + describe(listed.error());
  return compare_listing(*listed, std::move(expected));
}

/// What the concurrent checks write: every name any writer puts (sorted, each once) and, for
/// each writer, the positions in that list of the names it puts, in order.
struct concurrent_workload {
  std::vector<std::string> universe;
  std::vector<std::vector<std::size_t>> writes;

  explicit concurrent_workload(const candidate_store_conformance_options& options) {
    std::vector<std::vector<std::string>> names(options.writer_threads);
    for (std::size_t w = 0; w < options.writer_threads; ++w) {
      for (std::size_t i = 0; i < options.puts_per_writer; ++i) {
        names[w].push_back(i % 2 == 0
                               ? "writer " + std::to_string(w) + " name " + std::to_string(i)
                               : "shared name " + std::to_string(i));
        universe.push_back(names[w].back());
      }
    }
    std::sort(universe.begin(), universe.end());
    universe.erase(std::unique(universe.begin(), universe.end()), universe.end());
    for (const auto& writer_names : names) {
      std::vector<std::size_t> positions;
      for (const auto& name : writer_names) positions.push_back(index_of(name));
      writes.push_back(std::move(positions));
    }
  }

  /// Whether `name` is one that some writer puts.
  bool contains(std::string_view name) const {
    return std::binary_search(universe.begin(), universe.end(), name);
  }

 private:
  std::size_t index_of(const std::string& name) const {
    return static_cast<std::size_t>(
        std::lower_bound(universe.begin(), universe.end(), name) - universe.begin());
  }
};

/// The first non-empty violation of `violations`, or an empty string.
inline std::string first_of(const std::vector<std::string>& violations) {
  for (const auto& v : violations) {
    if (!v.empty()) return v;
  }
  return {};
}

/// Runs the workload's writers on `store`, all released at once, plus `readers` reader threads
/// that each call `read(reader_index, writers_done)` until it returns; marks each name in
/// `completed` once a put of it has returned successfully. Returns the first violation of the
/// writers or the readers.
template <candidate_store Store, class Read>
std::string run_concurrently(Store& store, const concurrent_workload& workload,
                             std::vector<std::atomic<bool>>& completed, std::size_t readers,
                             Read read) {
  const std::size_t writers = workload.writes.size();
  std::vector<std::string> violations(writers + readers);
  std::latch start(static_cast<std::ptrdiff_t>(writers + readers));
  std::atomic<bool> writers_done{false};
  std::vector<std::thread> writer_threads;
  std::vector<std::thread> reader_threads;
  for (std::size_t w = 0; w < writers; ++w) {
    writer_threads.emplace_back([&, w] {
      start.arrive_and_wait();
      violations[w] = guarded([&]() -> std::string {
        for (std::size_t position : workload.writes[w]) {
          const candidate c{workload.universe[position]};
          if (auto v = expect_put(store, c); !v.empty()) return v;
          completed[position].store(true, std::memory_order_release);
        }
        return {};
      });
    });
  }
  for (std::size_t r = 0; r < readers; ++r) {
    reader_threads.emplace_back([&, r] {
      start.arrive_and_wait();
      violations[writers + r] = guarded([&] { return read(r, writers_done); });
    });
  }
  for (auto& t : writer_threads) t.join();
  writers_done.store(true, std::memory_order_release);
  for (auto& t : reader_threads) t.join();
  return first_of(violations);
}

/// Checks one `list()` made while writers run: it succeeds, is strictly ascending, holds only
/// names some writer puts, has not shrunk since `previous_size`, and holds every name whose put
/// had returned before the call (`completed_before`).
inline std::string check_listing_during_writes(
    const boost::system::result<std::vector<candidate>>& listed,
    const concurrent_workload& workload, const std::vector<bool>& completed_before,
    std::size_t& previous_size) {
  if (listed.has_error()) return "list() during writes failed: " + describe(listed.error());
  const auto& all = *listed;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!workload.contains(all[i].name)) {
      return "list() during writes returned " + quoted(all[i].name) + ", which no writer put";
    }
    if (i != 0 && !(all[i - 1].name < all[i].name)) {
      return "list() during writes is not strictly ascending: " + quoted(all[i - 1].name) +
             " comes before " + quoted(all[i].name);
    }
  }
  if (all.size() < previous_size) {
    return "list() during writes shrank from " + std::to_string(previous_size) + " to " +
           std::to_string(all.size()) + " candidates";
  }
  previous_size = all.size();
  for (std::size_t position = 0; position < completed_before.size(); ++position) {
    const auto& name = workload.universe[position];
    if (completed_before[position] &&
        !std::binary_search(all.begin(), all.end(), candidate{name},
                            [](const candidate& a, const candidate& b) { return a.name < b.name; })) {
      return "list() during writes lacks " + quoted(name) + ", whose put had already returned";
    }
  }
  return {};
}

/// Checks that after the writers, the store holds exactly the workload's names.
template <candidate_store Store>
std::string expect_workload_stored(Store& store, const concurrent_workload& workload) {
  if (auto v = expect_list(store, workload.universe); !v.empty()) return "after the writers, " + v;
  for (const auto& name : workload.universe) {
    if (auto v = expect_find(store, name, true); !v.empty()) return "after the writers, " + v;
  }
  return {};
}

/// Holds the factory's product and gives access to the store, whether the factory returns the
/// store itself or a `std::unique_ptr` / `std::shared_ptr` to it.
template <class Product>
struct store_holder {
  Product product;
  auto& store() noexcept { return product; }
};

template <class Store, class Deleter>
struct store_holder<std::unique_ptr<Store, Deleter>> {
  std::unique_ptr<Store, Deleter> product;
  Store& store() noexcept { return *product; }
};

template <class Store>
struct store_holder<std::shared_ptr<Store>> {
  std::shared_ptr<Store> product;
  Store& store() noexcept { return *product; }
};

/// The store type a factory makes (through a pointer or not).
template <class Factory>
using factory_store_t = std::remove_reference_t<decltype(
    std::declval<store_holder<std::invoke_result_t<Factory&>>&>().store())>;

}  // namespace detail

/// Checks that an empty store finds nothing and lists nothing; "" when it does.
///
/// `store` must be empty, as must be the store given to every `first_violation_of_...` check.
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
    const std::vector<std::string> names = {
        "bob",      "alice",   "Bob",   "Alice", "alice2",       "alice 2", "al",
        "9",        "10",      "_x",    "~",     "Zo\xc3\xab",   "Zoe",     "zoe",
        "\xc3\xa9", "z",       "a-b",   "a.b",   "\xe5\x80\x99\xe9\x80\x89\xe4\xba\xba",
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
    const detail::concurrent_workload workload(options);
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
    const detail::concurrent_workload workload(options);
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
            return "find(" + detail::quoted(name) + ") during writes failed: " +
                   detail::describe(found.error());
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
    if (auto v = detail::run_concurrently(store, workload, completed, options.reader_threads,
                                          reader);
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
/// Call it inside a `TEST_CASE`. Each property of `candidate_store_checks` becomes a `SECTION`
/// named by its sentence, and each section runs on its own fresh store: `make_store()` returns a
/// new empty store, or a `std::unique_ptr` / `std::shared_ptr` to one (so stores that can be
/// neither copied nor moved work, and an expensive store, say one behind a network, is made
/// once per section and never shared between sections). A failing section reports the first
/// violation it found. `options` scales the concurrent sections down for slow stores.
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
