#pragma once
/// @file
/// A candidate store that keeps everything in memory.

#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>
#include <flasky/error.hpp>

#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace flasky {

/// A thread-safe `candidate_store` that keeps its candidates in memory, for tests, examples and
/// single-process services that need no persistence.
///
/// Candidates live in a `std::map` keyed by name, so `list` comes out in ascending byte order
/// without sorting. A `std::shared_mutex` lets any number of `find` and `list` calls run at once
/// while a `put` waits for them and runs alone. It never fails except by rejecting an invalid
/// name; its contents die with it. It can be neither copied nor moved (it owns a mutex): make it
/// where it is used, or hold it by pointer.
///
/// @code
/// flasky::memory_store store;
/// store.put(flasky::candidate{"alice"});
/// auto found = store.find("alice");   // result holding {candidate{"alice"}}
/// auto all = store.list();            // result holding {candidate{"alice"}}
/// @endcode
class memory_store {
 public:
  /// Makes an empty store.
  memory_store() = default;

  /// Not copyable (nor movable): the store owns its mutex.
  memory_store(const memory_store&) = delete;
  /// Not copy-assignable (nor move-assignable): the store owns its mutex.
  memory_store& operator=(const memory_store&) = delete;

  /// The stored candidates named exactly `name` (byte for byte): one, or none.
  ///
  /// Never fails; an invalid name simply finds nothing.
  boost::system::result<std::vector<candidate>> find(std::string_view name) const {
    std::shared_lock lock(mutex_);
    std::vector<candidate> found;
    if (auto it = candidates_.find(name); it != candidates_.end()) found.push_back(it->second);
    return found;
  }

  /// Inserts `c`, or replaces the stored candidate of the same name, and returns it as stored.
  ///
  /// Fails with `error::invalid_name`, storing nothing, when `c.name` is not a valid candidate
  /// name (see `is_valid_candidate_name`).
  boost::system::result<candidate> put(const candidate& c) {
    if (!is_valid_candidate_name(c.name)) return error::invalid_name;
    std::unique_lock lock(mutex_);
    candidates_.insert_or_assign(c.name, c);
    return c;
  }

  /// Every stored candidate, sorted by name in ascending byte order. Never fails.
  boost::system::result<std::vector<candidate>> list() const {
    std::shared_lock lock(mutex_);
    std::vector<candidate> all;
    all.reserve(candidates_.size());
    for (const auto& entry : candidates_) all.push_back(entry.second);
    return all;
  }

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, candidate, std::less<>> candidates_;
};

static_assert(candidate_store<memory_store>);

}  // namespace flasky
