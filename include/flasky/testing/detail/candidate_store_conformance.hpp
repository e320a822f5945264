#pragma once
// Private: the helpers behind <flasky/testing/candidate_store_conformance.hpp> (describing
// names and results, the expectations each check is made of, the concurrent workload, and
// holding what a store factory returns).

#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <algorithm>
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

namespace flasky::testing::detail {

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
    out += detail::quoted(candidates[i].name);
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
  if (stored.has_error()) return "put(" + detail::quoted(c.name) + ") failed: " + describe(stored.error());
  if (!(*stored == c)) {
    return "put(" + detail::quoted(c.name) + ") returned " + detail::quoted(stored->name) +
           " instead of the candidate";
  }
  return {};
}

/// Checks that `find(name)` succeeds and returns exactly `name` when `present`, nothing otherwise.
template <candidate_store Store>
std::string expect_find(Store& store, std::string_view name, bool present) {
  const auto found = store.find(name);
  if (found.has_error()) return "find(" + detail::quoted(name) + ") failed: " + describe(found.error());
  const bool exact = found->size() == 1 && (*found)[0].name == name;
  if (present && !exact) {
    return "find(" + detail::quoted(name) + ") returned " + describe(*found) + ", expected exactly [" +
           detail::quoted(name) + "]";
  }
  if (!present && !found->empty()) {
    return "find(" + detail::quoted(name) + ") returned " + describe(*found) + ", expected nothing";
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
    std::set_difference(expected.begin(), expected.end(), sorted_names.begin(), sorted_names.end(),
                        std::back_inserter(missing));
    std::set_difference(sorted_names.begin(), sorted_names.end(), expected.begin(), expected.end(),
                        std::back_inserter(extra));
    return "list() returned " + describe(listed) + ", expected " + describe(expected) +
           " (missing " + describe(missing) + ", unexpected or repeated " + describe(extra) + ")";
  }
  if (names != sorted_names) {
    return "list() is not in ascending byte order: returned " + describe(listed) + ", expected " +
           describe(sorted_names);
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

  concurrent_workload(std::size_t writer_threads, std::size_t puts_per_writer) {
    std::vector<std::vector<std::string>> names(writer_threads);
    for (std::size_t w = 0; w < writer_threads; ++w) {
      for (std::size_t i = 0; i < puts_per_writer; ++i) {
        names[w].push_back(i % 2 == 0 ? "writer " + std::to_string(w) + " name " + std::to_string(i)
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
    return static_cast<std::size_t>(std::lower_bound(universe.begin(), universe.end(), name) -
                                    universe.begin());
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
      return "list() during writes returned " + detail::quoted(all[i].name) + ", which no writer put";
    }
    if (i != 0 && !(all[i - 1].name < all[i].name)) {
      return "list() during writes is not strictly ascending: " + detail::quoted(all[i - 1].name) +
             " comes before " + detail::quoted(all[i].name);
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
        !std::binary_search(
            all.begin(), all.end(), candidate{name},
            [](const candidate& a, const candidate& b) { return a.name < b.name; })) {
      return "list() during writes lacks " + detail::quoted(name) + ", whose put had already returned";
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
using factory_store_t = std::remove_reference_t<
    decltype(std::declval<store_holder<std::invoke_result_t<Factory&>>&>().store())>;

}  // namespace flasky::testing::detail
