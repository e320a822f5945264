#pragma once
// Private: the connections of a SQLite store, each with its statements prepared once, lent to one
// thread at a time.

#include <flasky/error.hpp>
#include <flasky/sqlite/detail/sqlite_handle.hpp>
#include <flasky/sqlite/detail/sqlite_open.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky::detail::sqlite {

/// `find`: the candidate of one name (the key makes it one row at most).
inline constexpr std::string_view find_sql =
    "SELECT CandidateName FROM candidates WHERE CandidateName = ?1 "
    "ORDER BY CandidateName COLLATE BINARY";
/// `put`: insert, and do nothing when the name is there (a candidate is only its name).
inline constexpr std::string_view put_sql =
    "INSERT INTO candidates (CandidateName) VALUES (?1) ON CONFLICT DO NOTHING";
/// `list`: every candidate, in ascending byte order of the name.
inline constexpr std::string_view list_sql =
    "SELECT CandidateName FROM candidates ORDER BY CandidateName COLLATE BINARY";

/// The flasky error for a SQLite result code met while using a store: `store_unavailable` when
/// the store cannot be got at (locked past the busy timeout, files gone or not writable),
/// `store_failure` otherwise (I/O error, full disk, corruption, out of memory).
inline boost::system::error_code to_error_code(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOTADB: return error::store_unavailable;
    default: return error::store_failure;
  }
}

/// A connection of the store with its three statements, prepared once and reused.
struct store_connection {
  connection_ptr db;  // declared first, so destroyed last: statements are finalized before it
  statement_ptr find;
  statement_ptr put;
  statement_ptr list;

  /// Prepares the three statements on `db`; returns SQLite's result code.
  int prepare_statements() noexcept {
    int rc = prepare(db.get(), find_sql, find);
    if (rc == SQLITE_OK) rc = prepare(db.get(), put_sql, put);
    if (rc == SQLITE_OK) rc = prepare(db.get(), list_sql, list);
    return rc;
  }
};

/// The store's connections: an idle one is lent to each call, and a new one is opened when all
/// are busy, so there are as many as calls ever ran at once. Under WAL each connection reads its
/// own snapshot, so readers on different connections never wait for one another or for a writer.
class connection_pool {
 public:
  /// A connection lent by the pool, given back when the lease is destroyed.
  class lease {
   public:
    lease(connection_pool& pool, std::unique_ptr<store_connection> c) noexcept
        : pool_(&pool), connection_(std::move(c)) {}
    lease(lease&& other) noexcept = default;
    lease& operator=(lease&&) = delete;
    ~lease() {
      if (connection_) pool_->give_back(std::move(connection_));
    }
    store_connection& operator*() const noexcept { return *connection_; }
    store_connection* operator->() const noexcept { return connection_.get(); }

   private:
    connection_pool* pool_;
    std::unique_ptr<store_connection> connection_;
  };

  /// A pool of connections to the SQLite file `filename`, starting with `first`.
  connection_pool(std::string filename, std::unique_ptr<store_connection> first)
      : filename_(std::move(filename)) {
    idle_.push_back(std::move(first));
  }

  /// Lends an idle connection, or opens one (the file must exist by now: it is never created
  /// here). Fails with `store_unavailable` or `store_failure` when a new one cannot be opened.
  boost::system::result<lease> acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return lease(*this, std::move(c));
      }
    }
    auto c = std::make_unique<store_connection>();
    int rc = open_connection(filename_, false, c->db);
    if (rc == SQLITE_OK) rc = c->prepare_statements();
    if (rc != SQLITE_OK) return to_error_code(rc);
    return lease(*this, std::move(c));
  }

 private:
  void give_back(std::unique_ptr<store_connection> c) noexcept {
    std::lock_guard lock(mutex_);
    try {
      idle_.push_back(std::move(c));
    } catch (...) {
      // Out of memory: the connection closes here instead of going back to the pool.
    }
  }

  std::string filename_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store_connection>> idle_;
};

/// Everything a `flasky::sqlite_store` owns, kept behind one pointer so the store can move.
struct store_state {
  /// The path as given to `try_open`.
  std::string path;
  /// The connections.
  connection_pool pool;
  /// Lets one of this store's writers at a time reach SQLite (which admits one writer per
  /// database anyway): the others queue here and wake as soon as it is done, instead of polling
  /// SQLite's lock in the busy handler's sleeps. Writers of other stores and processes on the
  /// same file still meet in SQLite's lock, under the busy timeout.
  std::mutex write_mutex;

  store_state(std::string p, std::string filename, std::unique_ptr<store_connection> first)
      : path(std::move(p)), pool(std::move(filename), std::move(first)) {}
};

}  // namespace flasky::detail::sqlite
