#pragma once
/// @file
/// An exception that a handler throws to answer with an HTTP error status.

#include <exception>

#include <flasky/status.hpp>

namespace flasky {

/// Thrown by a handler (or a hook) to stop and answer with `status()`, like Flask's `abort`.
///
/// The router answers it with the error handler registered for that status, or with the
/// status's reason phrase as a text body. It is not logged as a failure.
///
/// @code
/// app.get("/admin", [] -> flasky::response { throw flasky::http_error(flasky::status::forbidden); });
/// @endcode
class http_error : public std::exception {
 public:
  explicit http_error(flasky::status s) noexcept : status_(s) {}
  flasky::status status() const noexcept { return status_; }
  const char* what() const noexcept override { return "flasky::http_error"; }

 private:
  flasky::status status_;
};

}  // namespace flasky
