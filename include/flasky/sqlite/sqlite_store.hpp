#pragma once
/// @file
/// A candidate store kept in a SQLite database file.

#include <flasky/candidate.hpp>
#include <flasky/candidate_store.hpp>
#include <flasky/error.hpp>
#include <flasky/sqlite/detail/sqlite_connection_pool.hpp>
#include <flasky/sqlite/detail/sqlite_handle.hpp>
#include <flasky/sqlite/detail/sqlite_open.hpp>
#include <flasky/sqlite/sqlite_open_error.hpp>

#include <boost/system/result.hpp>

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky {

/// A thread-safe, persistent `candidate_store` in a SQLite database file: the embedded store of
/// the local service. Link `flasky::sqlite` (flasky plus SQLite 3).
///
/// `try_open(path)` creates the file and its schema on first use and otherwise checks that the
/// file is a flasky store (its header carries `PRAGMA application_id` 0x464c534b, "FLSK", and
/// `user_version` 1; its one table is `candidates (CandidateName TEXT PRIMARY KEY)`). It refuses,
/// with a `sqlite_open_error` naming the path and the reason, a path it cannot create or write, a
/// directory, a file that is not SQLite, and a SQLite database of another application (which it
/// leaves untouched).
///
/// Durability: the database runs in WAL mode with `synchronous = FULL`, so every `put` that
/// returned success has been written to the WAL file and flushed to the disk (`fsync`) before it
/// returned: it survives a crash of the process (`kill -9`) and also a power loss or kernel crash
/// (as far as the disk honours flushes). `synchronous = NORMAL` would be enough for a process
/// crash alone; FULL costs one `fsync` per `put`.
///
/// Concurrency: every call borrows a connection of its own from a pool (there are as many as
/// calls ever ran at once), so under WAL any number of `find` and `list` calls read at the same
/// time, each from a consistent snapshot, and never wait for a writer. Writers of one store take
/// turns on a mutex; writers of other stores and other processes on the same file meet in
/// SQLite's write lock and wait for it up to 5 seconds (the busy timeout) before failing with
/// `error::store_unavailable`. A `put` that returned is seen by every later `find` or `list`.
///
/// Errors are values: `error::invalid_name` for an invalid name, `error::store_unavailable` when
/// the database cannot be got at (locked, files gone or read-only), `error::store_failure` when
/// SQLite fails (I/O error, full disk, corruption). The store can be moved, not copied; a
/// moved-from store answers every call with `error::store_unavailable`.
///
/// @code
/// auto opened = flasky::sqlite_store::try_open("flasky.db");
/// if (!opened) {
///   std::cerr << "flasky-local: " << opened.error().what() << '\n';
///   return 1;   // flasky-local: cannot open store 'flasky.db': it is not a SQLite database
/// }
/// flasky::sqlite_store store = std::move(*opened);
/// store.put(flasky::candidate{"alice"});
/// auto all = store.list();   // result holding {candidate{"alice"}}
/// @endcode
class sqlite_store {
 public:
  /// Opens the store in the SQLite file at `path`, creating the file and its schema on first use.
  ///
  /// A relative path is relative to the working directory; names such as ":memory:" or
  /// "file:x.db" are file names like any other. Fails, leaving an existing file as it was, when
  /// the path is empty, a directory, or in a directory that does not exist; when the file or its
  /// directory is not writable (SQLite keeps `<path>-wal` and `<path>-shm` next to the file);
  /// when the file is not a SQLite database, or is one of another application or of a newer
  /// flasky schema; or when another connection holds the database locked for over 5 seconds.
  /// The error's `what()` reads "cannot open store '<path>': <reason>".
  static boost::system::result<sqlite_store, sqlite_open_error> try_open(std::string path) {
    auto db = detail::sqlite::open_store_connection(path);
    if (!db) return db.error();
    auto first = std::make_unique<detail::sqlite::store_connection>();
    first->db = std::move(*db);
    if (const int rc = first->prepare_statements(); rc != SQLITE_OK) {
      return detail::sqlite::explain_open_failure(path, first->db.get(), rc);
    }
    std::string filename = detail::sqlite::sqlite_filename(path);
    return sqlite_store(std::make_unique<detail::sqlite::store_state>(
        std::move(path), std::move(filename), std::move(first)));
  }

  /// Opens the store at `path` like `try_open`, but throws the `sqlite_open_error` (a
  /// `std::runtime_error`) when it cannot.
  static sqlite_store open(std::string path) { return try_open(std::move(path)).value(); }

  /// Moves the store: `other` keeps no connection and answers `error::store_unavailable`.
  sqlite_store(sqlite_store&& other) noexcept = default;
  /// Closes this store and takes over `other`'s connections.
  sqlite_store& operator=(sqlite_store&& other) noexcept = default;
  /// Closes the connections (the last connection to the file checkpoints the WAL into it).
  ~sqlite_store() = default;

  /// The path the store was opened with (empty after a move).
  const std::string& path() const noexcept {
    static const std::string none;
    return state_ ? state_->path : none;
  }

  /// The stored candidates named exactly `name`, byte for byte: one, or none.
  ///
  /// An invalid name finds nothing without asking the database. Fails with
  /// `error::store_unavailable` or `error::store_failure` when the database does.
  boost::system::result<std::vector<candidate>> find(std::string_view name) const {
    if (!state_) return error::store_unavailable;
    std::vector<candidate> found;
    if (!is_valid_candidate_name(name)) return found;
    auto connection = state_->pool.acquire();
    if (!connection) return connection.error();
    const detail::sqlite::statement_use use((*connection)->find.get());
    int rc =
        sqlite3_bind_text(use.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK) return detail::sqlite::to_error_code(rc);
    return read_names(use.get(), std::move(found));
  }

  /// Inserts `c`, or leaves the stored candidate of the same name as it is (a candidate is only
  /// its name), and returns `c` once the write is committed and on disk.
  ///
  /// Fails with `error::invalid_name`, storing nothing, when `c.name` is not a valid candidate
  /// name (see `is_valid_candidate_name`), and with `error::store_unavailable` or
  /// `error::store_failure` (nothing committed) when the database fails.
  boost::system::result<candidate> put(const candidate& c) {
    if (!is_valid_candidate_name(c.name)) return error::invalid_name;
    if (!state_) return error::store_unavailable;
    const std::lock_guard one_writer(state_->write_mutex);
    auto connection = state_->pool.acquire();
    if (!connection) return connection.error();
    const detail::sqlite::statement_use use((*connection)->put.get());
    int rc = sqlite3_bind_text(use.get(), 1, c.name.data(), static_cast<int>(c.name.size()),
                               SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(use.get());
    if (rc != SQLITE_DONE) return detail::sqlite::to_error_code(rc);
    return c;
  }

  /// Every stored candidate, sorted by name in ascending byte order, from one snapshot.
  ///
  /// Fails with `error::store_unavailable` or `error::store_failure` when the database does.
  boost::system::result<std::vector<candidate>> list() const {
    if (!state_) return error::store_unavailable;
    auto connection = state_->pool.acquire();
    if (!connection) return connection.error();
    const detail::sqlite::statement_use use((*connection)->list.get());
    return read_names(use.get(), {});
  }

 private:
  explicit sqlite_store(std::unique_ptr<detail::sqlite::store_state> state) noexcept
      : state_(std::move(state)) {}

  // Steps `statement` to the end, appending each row's name to `out`.
  static boost::system::result<std::vector<candidate>> read_names(sqlite3_stmt* statement,
                                                                  std::vector<candidate> out) {
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      out.push_back(candidate{detail::sqlite::column_string(statement, 0)});
    }
    if (rc != SQLITE_DONE) return detail::sqlite::to_error_code(rc);
    return out;
  }

  std::unique_ptr<detail::sqlite::store_state> state_;
};

static_assert(candidate_store<sqlite_store>);

}  // namespace flasky
