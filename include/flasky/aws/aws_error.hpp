#pragma once
/// @file
/// Why a call to an AWS service (or to the credentials endpoint) failed.

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace flasky::aws {

/// A failed AWS call: what kind of failure, the AWS error type when the service answered, the
/// HTTP status, the service's message, and how many attempts were made.
///
/// Clients return it in `boost::system::result<T, aws_error>`. `what()` is one line that is safe
/// to log (no credentials, no request body), for example
/// `DynamoDB PutItem: ResourceNotFoundException (HTTP 400): Requested resource not found
/// [1 attempt]` or `DynamoDB Scan: cannot connect to 127.0.0.1:8000: Connection refused
/// [4 attempts]`.
///
/// @code
/// auto item = client.try_get_item("Candidates", key);
/// if (!item && item.error().aws_type() == "ResourceNotFoundException") { ... }
/// if (!item) std::cerr << item.error().what() << '\n';
/// @endcode
class aws_error : public std::runtime_error {
 public:
  /// The kinds of failure.
  enum class kind {
    /// No error (a default-constructed `aws_error`).
    none,
    /// The client's configuration is wrong (see `code()`, an `aws_config_error`).
    configuration,
    /// No credentials could be obtained (the container credentials endpoint failed).
    credentials,
    /// The connection could not be made, or broke while sending or receiving.
    connection,
    /// An attempt did not finish before its deadline.
    timeout,
    /// The TLS handshake failed (for example the certificate did not verify).
    tls,
    /// The service answered with an error (see `aws_type()` and `http_status()`).
    service,
    /// The service's answer could not be understood.
    malformed_response,
  };

  /// No error.
  aws_error() : std::runtime_error("no error") {}

  /// An error of kind `k`; `summary` is the one-line description `what()` returns.
  aws_error(kind k, std::string summary, boost::system::error_code code = {}, int http_status = 0,
            std::string aws_type = {}, std::string service_message = {}, int attempts = 1)
      : std::runtime_error(std::move(summary)),
        kind_(k),
        code_(code),
        http_status_(http_status),
        aws_type_(std::move(aws_type)),
        service_message_(std::move(service_message)),
        attempts_(attempts) {}

  /// The kind of failure.
  kind what_kind() const noexcept { return kind_; }
  /// The underlying error code (socket, TLS or configuration error), empty for service errors.
  const boost::system::error_code& code() const noexcept { return code_; }
  /// The HTTP status of the answer, 0 when there was none.
  int http_status() const noexcept { return http_status_; }
  /// The AWS error type without its namespace, for example "ResourceNotFoundException".
  const std::string& aws_type() const noexcept { return aws_type_; }
  /// The service's own message (may be empty).
  const std::string& service_message() const noexcept { return service_message_; }
  /// How many attempts were made.
  int attempts() const noexcept { return attempts_; }
  /// True when the failure is about reaching the service (connection, timeout, TLS,
  /// credentials, configuration) rather than the service refusing the call.
  bool is_unreachable() const noexcept {
    return kind_ == kind::connection || kind_ == kind::timeout || kind_ == kind::tls ||
           kind_ == kind::credentials || kind_ == kind::configuration;
  }

  /// The same error, with its attempt count and a prefix (e.g. "DynamoDB PutItem: ") added.
  aws_error with_context(const std::string& prefix, int attempts) const {
    std::string text = prefix + what();
    text += attempts == 1 ? " [1 attempt]" : " [" + std::to_string(attempts) + " attempts]";
    return aws_error(kind_, std::move(text), code_, http_status_, aws_type_, service_message_,
                     attempts);
  }

  /// Throws `e`; how `boost::system::result<T, aws_error>::value()` reports a failure.
  [[noreturn]] friend void throw_exception_from_error(const aws_error& e,
                                                      const boost::source_location&) {
    throw e;
  }

 private:
  kind kind_ = kind::none;
  boost::system::error_code code_;
  int http_status_ = 0;
  std::string aws_type_;
  std::string service_message_;
  int attempts_ = 0;
};

}  // namespace flasky::aws
