#pragma once
/// @file
/// The concept every candidate store models.

#include <flasky/candidate.hpp>

#include <boost/system/result.hpp>

#include <concepts>
#include <string_view>
#include <vector>

namespace flasky {

/// A place that keeps candidates by name: the interface the candidate API is written against.
///
/// The concept checks the three operations and their types; the contract below is what every
/// store keeps on top of that, and what `flasky::testing::check_candidate_store_conformance`
/// (in `<flasky/testing/candidate_store_conformance.hpp>`) verifies for a store:
///
/// - `find(name)` returns every stored candidate whose name is byte-for-byte equal to `name`:
///   an empty vector when there is none, and at most one in practice, since names are keys.
///   Matching is exact: no prefix, case-insensitive or Unicode-normalised matches. A name that
///   is not valid (see `is_valid_candidate_name`) can never be stored, so finding it returns an
///   empty vector.
/// - `put(c)` inserts `c`, or updates the stored candidate of the same name, and returns the
///   candidate as stored. It is idempotent: putting the same candidate twice leaves one entry.
///   A name that is not valid is rejected with `error::invalid_name` and nothing is stored.
///   Once `put` has returned, every later `find` or `list`, from any thread, sees the write
///   (read-after-write consistency; a network store uses strongly consistent reads).
/// - `list()` returns every stored candidate, each once, sorted by name in ascending byte order
///   (comparing the names as sequences of unsigned bytes, as `std::string`'s `operator<` does;
///   for UTF-8 this is also code point order). An empty store lists an empty vector.
/// - Errors are values, never exceptions: a store that cannot be reached returns
///   `error::store_unavailable`, one that was reached but failed returns `error::store_failure`
///   (or the backend's own error code). Only `std::bad_alloc` may escape.
/// - A store is thread-safe: any number of threads may call `find`, `put` and `list` on the
///   same store at once; no write is lost and no reader sees a torn or half-written candidate.
///
/// Names and candidates stored are returned unchanged, byte for byte, up to
/// `max_candidate_name_bytes`.
///
/// @code
/// template <flasky::candidate_store Store>
/// bool has_candidate(Store& store, std::string_view name) {
///   auto found = store.find(name);
///   return found && !found->empty();
/// }
/// static_assert(flasky::candidate_store<flasky::memory_store>);
/// @endcode
template <class Store>
concept candidate_store = requires(Store& s, std::string_view name, const candidate& c) {
  { s.find(name) } -> std::same_as<boost::system::result<std::vector<candidate>>>;
  { s.put(c) } -> std::same_as<boost::system::result<candidate>>;
  { s.list() } -> std::same_as<boost::system::result<std::vector<candidate>>>;
};

}  // namespace flasky
