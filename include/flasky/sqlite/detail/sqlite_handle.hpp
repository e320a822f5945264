#pragma once
// Private: owners of SQLite's connection and statement handles, and the few calls flasky's
// SQLite store makes through them.

#include <sqlite3.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace flasky::detail::sqlite {

/// Closes a connection; `sqlite3_close_v2` defers the close if a statement is still alive.
struct connection_closer {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

/// An open SQLite connection, closed on destruction.
using connection_ptr = std::unique_ptr<sqlite3, connection_closer>;

/// Finalizes a prepared statement.
struct statement_finalizer {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};

/// A prepared statement, finalized on destruction.
using statement_ptr = std::unique_ptr<sqlite3_stmt, statement_finalizer>;

/// One use of a reusable statement: resets it and clears its bindings when the use ends, so a
/// half-read query never keeps a read transaction (and with it an old WAL snapshot) open.
class statement_use {
 public:
  explicit statement_use(sqlite3_stmt* statement) noexcept : statement_(statement) {}
  statement_use(const statement_use&) = delete;
  statement_use& operator=(const statement_use&) = delete;
  ~statement_use() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  sqlite3_stmt* get() const noexcept { return statement_; }

 private:
  sqlite3_stmt* statement_;
};

/// Prepares `sql` on `db` for repeated use; returns SQLite's result code.
inline int prepare(sqlite3* db, std::string_view sql, statement_ptr& out) noexcept {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  out.reset(raw);
  return rc;
}

/// Runs statements that return no rows; returns SQLite's result code.
inline int exec(sqlite3* db, const char* sql) noexcept {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

/// Column `i` of the current row as a string, byte for byte (embedded NULs included).
inline std::string column_string(sqlite3_stmt* statement, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
  const int bytes = sqlite3_column_bytes(statement, i);
  return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(bytes));
}

/// Runs a one-row query and stores its first column in `out` (integer or text); returns
/// SQLITE_OK, SQLITE_DONE when there is no row, or SQLite's error code.
template <class T>
int query_one(sqlite3* db, std::string_view sql, T& out) {
  statement_ptr statement;
  if (const int rc = prepare(db, sql, statement); rc != SQLITE_OK) return rc;
  const int rc = sqlite3_step(statement.get());
  if (rc != SQLITE_ROW) return rc;
  if constexpr (std::is_same_v<T, std::string>) {
    out = column_string(statement.get(), 0);
  } else {
    out = static_cast<T>(sqlite3_column_int64(statement.get(), 0));
  }
  return SQLITE_OK;
}

}  // namespace flasky::detail::sqlite
