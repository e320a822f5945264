#pragma once
// Private: opening a connection to a flasky SQLite store with the store's settings, checking or
// creating its schema, switching it to WAL, and explaining in words why any of that failed.

#include <flasky/error.hpp>
#include <flasky/sqlite/detail/sqlite_handle.hpp>
#include <flasky/sqlite/sqlite_open_error.hpp>

#include <boost/system/result.hpp>

#include <sqlite3.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace flasky::detail::sqlite {

/// `PRAGMA application_id` of a flasky store: "FLSK" in ASCII.
inline constexpr std::int64_t application_id = 0x464c534b;
/// `PRAGMA user_version` of the schema this code reads and writes.
inline constexpr std::int64_t schema_version = 1;
/// How long a statement waits for another connection's lock before giving up.
inline constexpr int busy_timeout_ms = 5000;

/// The schema of a new store (the pragmas mark the file as flasky's, in its header).
inline constexpr const char* create_schema_sql =
    "CREATE TABLE candidates (CandidateName TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;"
    "PRAGMA application_id = 1179407179;"  // application_id
    "PRAGMA user_version = 1;";            // schema_version
static_assert(application_id == 1179407179 && schema_version == 1);

/// The name handed to SQLite for `path`: a relative path gets a "./" so that names such as
/// ":memory:" or "file:x" always mean files.
inline std::string sqlite_filename(const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  return "./" + path;
}

/// An error that stops the store from being used: the path, permissions, a lock, the content.
inline sqlite_open_error unavailable(const std::string& path, std::string reason) {
  return {error::store_unavailable, path, std::move(reason)};
}

/// An error of SQLite itself (I/O, corruption, memory).
inline sqlite_open_error failed(const std::string& path, std::string reason) {
  return {error::store_failure, path, std::move(reason)};
}

/// The operating system's message for `errno` value `e`, e.g. "Permission denied".
inline std::string errno_text(int e) { return std::system_category().message(e); }

/// The directory part of `path`: "." for a bare file name, "/" for a file in the root.
inline std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

/// Explains why SQLite returned `rc` while opening or first using `path` on connection `db`
/// (which may be null), looking at the file system for the likely cause (on POSIX systems;
/// elsewhere SQLite's own words are the reason).
inline sqlite_open_error explain_open_failure(const std::string& path, sqlite3* db, int rc) {
  const int primary = rc & 0xff;
  const int system_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  if (primary == SQLITE_NOTADB) return unavailable(path, "it is not a SQLite database");
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return unavailable(path, "another connection kept the database locked for more than " +
                                 std::to_string(busy_timeout_ms) + " ms");
  }
#if defined(__unix__) || defined(__APPLE__)
  struct ::stat status {};
  if (::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
    return unavailable(path, "it is a directory, not a database file");
  }
  const std::string dir = directory_of(path);
  if (::stat(dir.c_str(), &status) != 0) {
    if (const int why = errno; why == ENOENT || why == ENOTDIR) {
      return unavailable(path, "the directory '" + dir + "' does not exist");
    }
  } else if (!S_ISDIR(status.st_mode)) {
    return unavailable(path, "'" + dir + "' is not a directory");
  }
  if (system_errno == EROFS) return unavailable(path, "it is on a read-only file system");
  // SQLite's errno is that of its last attempt (after a failed read-write open it tries
  // read-only), so ask the file system which of the file and its directory cannot be written.
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY || primary == SQLITE_PERM ||
      system_errno == EACCES || system_errno == EPERM) {
    if (::access(path.c_str(), F_OK) == 0 && ::access(path.c_str(), W_OK) != 0) {
      const int why = errno;
      return unavailable(path, "the file is not writable (" + errno_text(why) + ")");
    }
    if (::access(dir.c_str(), W_OK) != 0) {
      const int why = errno;
      return unavailable(path, "the directory '" + dir + "' is not writable (" + errno_text(why) +
                                   "); the store keeps the database and its -wal and -shm files "
                                   "there");
    }
  }
#endif
  std::string reason = primary == SQLITE_CANTOPEN
                           ? std::string("SQLite cannot open it")
                           : "SQLite failed: " + std::string(db != nullptr ? sqlite3_errmsg(db)
                                                                           : sqlite3_errstr(rc));
  if (system_errno != 0) reason += " (" + errno_text(system_errno) + ")";
  if (primary == SQLITE_CANTOPEN) return unavailable(path, std::move(reason));
  return failed(path, std::move(reason));
}

/// Opens a connection to an existing or (with `create`) new file `filename` with the store's
/// settings: no SQLite mutex (a connection is used by one thread at a time), extended result
/// codes, the busy timeout and `synchronous = FULL`. Fails with SQLITE_READONLY when SQLite
/// could only open the file for reading. `out` holds the connection even on failure, so the
/// caller can ask it why.
inline int open_connection(const std::string& filename, bool create, connection_ptr& out) noexcept {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
#ifdef SQLITE_OPEN_EXRESCODE
  flags |= SQLITE_OPEN_EXRESCODE;
#endif
  if (create) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(filename.c_str(), &raw, flags, nullptr);
  out.reset(raw);
  if (rc != SQLITE_OK) return rc;
  sqlite3_extended_result_codes(raw, 1);
  rc = sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (rc == SQLITE_OK) rc = exec(raw, "PRAGMA synchronous = FULL");
  if (rc == SQLITE_OK && sqlite3_db_readonly(raw, "main") == 1) rc = SQLITE_READONLY;
  return rc;
}

/// The schema objects of the database other than SQLite's own, as "table 'people'" phrases.
inline int list_schema_objects(sqlite3* db, std::vector<std::string>& out) {
  statement_ptr statement;
  int rc = prepare(db,
                   "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' "
                   "ESCAPE '\\' ORDER BY name",
                   statement);
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    out.push_back(column_string(statement.get(), 0) + " '" + column_string(statement.get(), 1) +
                  "'");
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/// True when table `candidates` has exactly flasky's one column, `CandidateName TEXT`, the key.
inline int candidates_table_is_flaskys(sqlite3* db, bool& out) {
  statement_ptr statement;
  int rc = prepare(db, "SELECT name, type, pk FROM pragma_table_info('candidates')", statement);
  if (rc != SQLITE_OK) return rc;
  int columns = 0;
  out = true;
  while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    ++columns;
    out = out && column_string(statement.get(), 0) == "CandidateName" &&
          column_string(statement.get(), 1) == "TEXT" &&
          sqlite3_column_int(statement.get(), 2) == 1;
  }
  out = out && columns == 1;
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/// The objects of `objects` as a phrase: "contains table 'people', index 'i'" (the first few).
inline std::string describe_objects(const std::vector<std::string>& objects) {
  if (objects.empty()) return "holds no tables";
  constexpr std::size_t shown = 4;
  std::string out = "contains ";
  for (std::size_t i = 0; i < objects.size() && i < shown; ++i) {
    if (i != 0) out += ", ";
    out += objects[i];
  }
  if (objects.size() > shown) out += " and " + std::to_string(objects.size() - shown) + " more";
  return out;
}

/// Checks, in one write transaction, that the database behind `db` is a flasky store of this
/// schema version, or creates the schema when the database is empty (a new or zero-length file).
/// A database that is someone else's is left as it was. Returns whether it created the schema.
inline boost::system::result<bool, sqlite_open_error> check_or_create_schema(
    sqlite3* db, const std::string& path) {
  if (const int rc = exec(db, "BEGIN IMMEDIATE"); rc != SQLITE_OK) {
    return explain_open_failure(path, db, rc);
  }
  struct rollback_unless_committed {
    sqlite3* db;
    bool committed = false;
    ~rollback_unless_committed() {
      if (!committed) exec(db, "ROLLBACK");
    }
  } transaction{db};
  std::int64_t found_id = 0;
  std::int64_t found_version = 0;
  std::vector<std::string> objects;
  int rc = query_one(db, "PRAGMA application_id", found_id);
  if (rc == SQLITE_OK) rc = query_one(db, "PRAGMA user_version", found_version);
  if (rc == SQLITE_OK) rc = list_schema_objects(db, objects);
  if (rc != SQLITE_OK) return explain_open_failure(path, db, rc);

  if (found_id == 0 && found_version == 0 && objects.empty()) {
    rc = exec(db, create_schema_sql);
    if (rc == SQLITE_OK) rc = exec(db, "COMMIT");
    if (rc != SQLITE_OK) return explain_open_failure(path, db, rc);
    transaction.committed = true;
    return true;
  }
  if (found_id != application_id) {
    return unavailable(path,
                       "it is a SQLite database of another application, not a flasky store "
                       "(application_id " +
                           std::to_string(found_id) + ", " + describe_objects(objects) + ")");
  }
  if (found_version > schema_version) {
    return unavailable(path, "it is a flasky store of a newer format (version " +
                                 std::to_string(found_version) + "; this program reads version " +
                                 std::to_string(schema_version) + ")");
  }
  bool table_ok = false;
  if (found_version == schema_version &&
      objects == std::vector<std::string>{"table 'candidates'"}) {
    if (rc = candidates_table_is_flaskys(db, table_ok); rc != SQLITE_OK) {
      return explain_open_failure(path, db, rc);
    }
  }
  if (!table_ok) {
    return unavailable(path,
                       "it is marked as a flasky store but its schema is not flasky's "
                       "(version " +
                           std::to_string(found_version) + ", " + describe_objects(objects) + ")");
  }
  return false;
}

/// Flushes the directory entry of a newly created file to disk (POSIX; best effort: some file
/// systems refuse to sync a directory, and the store works without it).
inline void sync_directory_of(const std::string& path) noexcept {
#if defined(__unix__) || defined(__APPLE__)
  const int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  (void)::close(fd);
#else
  (void)path;
#endif
}

/// Opens the store at `path`: creates the file and schema on first use, checks that an existing
/// file is a flasky store, and switches it to WAL. The connection returned is ready for use.
inline boost::system::result<connection_ptr, sqlite_open_error> open_store_connection(
    const std::string& path) {
  if (path.empty()) return unavailable(path, "the path is empty");
  connection_ptr db;
  if (const int rc = open_connection(sqlite_filename(path), true, db); rc != SQLITE_OK) {
    return explain_open_failure(path, db.get(), rc);
  }
  auto created = check_or_create_schema(db.get(), path);
  if (!created) return created.error();
  std::string mode;
  if (const int rc = query_one(db.get(), "PRAGMA journal_mode = WAL", mode); rc != SQLITE_OK) {
    return explain_open_failure(path, db.get(), rc);
  }
  if (mode != "wal") {
    return unavailable(path,
                       "SQLite cannot use WAL mode for it (the journal mode stays '" + mode + "')");
  }
  if (*created) sync_directory_of(path);
  return db;
}

}  // namespace flasky::detail::sqlite
