#pragma once
/// @file
/// Why a SQLite store could not be opened.

#include <flasky/error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace flasky {

/// Why `sqlite_store::try_open` could not open a store: the path, the reason in words, and a code.
///
/// `what()` is the whole sentence, `cannot open store '<path>': <reason>`, ready to print after a
/// program's name; `reason()` is the part after the colon, for instance "the directory '/srv/x'
/// does not exist", "it is not a SQLite database" or "it is a SQLite database of another
/// application, not a flasky store (application_id 0, tables: people)". `code()` is
/// `error::store_unavailable` when the path, its permissions, a lock or the file's content stand
/// in the way, and `error::store_failure` when SQLite itself failed (I/O error, corruption, out of
/// memory).
///
/// It is also the exception `sqlite_store::open` throws (and `.value()` on the failed result of
/// `try_open`), so one type serves both twins.
///
/// @code
/// auto store = flasky::sqlite_store::try_open("flasky.db");
/// if (!store) {
///   std::cerr << "flasky-local: " << store.error().what() << '\n';
///   return 1;   // flasky-local: cannot open store 'flasky.db': it is not a SQLite database
/// }
/// @endcode
class sqlite_open_error : public std::runtime_error {
 public:
  /// No error (`boost::system::result::error()` on a success makes one); `what()` says "no
  /// error" and `code()` is empty.
  sqlite_open_error() : std::runtime_error("no error") {}

  /// An error opening `path`, because of `reason` (a phrase that does not repeat the path).
  sqlite_open_error(boost::system::error_code code, std::string path, std::string reason)
      : std::runtime_error("cannot open store '" + path + "': " + reason),
        code_(code),
        path_(std::move(path)),
        reason_(std::move(reason)) {}

  /// `error::store_unavailable` or `error::store_failure` (see the class description).
  const boost::system::error_code& code() const noexcept { return code_; }

  /// The path as given to `try_open`.
  const std::string& path() const noexcept { return path_; }

  /// What stood in the way, in a short phrase without the path of the database itself.
  const std::string& reason() const noexcept { return reason_; }

  /// Throws `e`; how `boost::system::result<T, sqlite_open_error>::value()` reports a failure.
  [[noreturn]] friend void throw_exception_from_error(const sqlite_open_error& e,
                                                      const boost::source_location&) {
    throw e;
  }

 private:
  boost::system::error_code code_;
  std::string path_;
  std::string reason_;
};

}  // namespace flasky
