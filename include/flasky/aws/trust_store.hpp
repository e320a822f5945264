#pragma once
/// @file
/// Where the TLS client finds the CA certificates it trusts.

#include <flasky/aws/aws_environment.hpp>

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace flasky::aws {

/// The CA certificates a TLS client trusts: a PEM bundle file and/or a hashed directory.
///
/// `locate()` finds them the way OpenSSL-based tools do, and so that a statically linked
/// program (whose OpenSSL has a compiled-in directory that may not exist on the host) works on
/// Amazon Linux, Debian and others:
///
/// 1. `SSL_CERT_FILE` and/or `SSL_CERT_DIR`, when set, are used as they are (nothing else is
///    probed: an explicit choice is never silently replaced);
/// 2. else the first existing file of `bundle_paths`, in order: Amazon Linux / RHEL
///    (`/etc/pki/tls/certs/ca-bundle.crt`), Debian / Ubuntu (`/etc/ssl/certs/ca-certificates.crt`),
///    Fedora (`/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem`), openSUSE
///    (`/etc/ssl/ca-bundle.pem`), Alpine / macOS (`/etc/ssl/cert.pem`);
/// 3. else the first existing directory of `directory_paths`;
/// 4. else nothing (`empty()`): the client falls back to OpenSSL's compiled-in defaults.
///
/// @code
/// auto trust = flasky::aws::trust_store::locate();
/// if (trust.file) ctx.load_verify_file(*trust.file);
/// if (trust.directory) ctx.add_verify_path(*trust.directory);
/// if (trust.empty()) ctx.set_default_verify_paths();
/// @endcode
struct trust_store {
  /// A PEM file with one or more CA certificates.
  std::optional<std::string> file;
  /// A directory of CA certificates named by subject hash (`c_rehash`).
  std::optional<std::string> directory;

  /// The CA bundle files probed, in order.
  static constexpr std::array<std::string_view, 5> bundle_paths = {
      "/etc/pki/tls/certs/ca-bundle.crt",                   // Amazon Linux, RHEL, CentOS
      "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Alpine
      "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // Fedora, RHEL 7+
      "/etc/ssl/ca-bundle.pem",                             // openSUSE
      "/etc/ssl/cert.pem",                                  // Alpine, macOS, OpenBSD
  };

  /// The CA directories probed, in order, when no bundle file exists.
  static constexpr std::array<std::string_view, 2> directory_paths = {
      "/etc/ssl/certs",      // Debian, Ubuntu
      "/etc/pki/tls/certs",  // Amazon Linux, RHEL
  };

  /// True when neither a file nor a directory was found.
  bool empty() const noexcept { return !file && !directory; }

  /// Tells whether a path exists (as a regular file, or a directory when `directory` is true).
  using probe = std::function<bool(std::string_view path, bool directory)>;

  /// The file system, as a probe.
  static probe file_system_probe() {
    return [](std::string_view path, bool directory) {
      std::error_code ec;
      const std::filesystem::path p{std::string(path)};
      return directory ? std::filesystem::is_directory(p, ec)
                       : std::filesystem::is_regular_file(p, ec);
    };
  }

  /// Finds the trusted CA certificates (see the class description for the order).
  static trust_store locate(const aws_environment::lookup& env = aws_environment::process_lookup(),
                            const probe& exists = file_system_probe()) {
    trust_store found;
    found.file = env("SSL_CERT_FILE");
    found.directory = env("SSL_CERT_DIR");
    if (!found.empty()) return found;
    for (auto path : bundle_paths) {
      if (exists(path, false)) {
        found.file = std::string(path);
        return found;
      }
    }
    for (auto path : directory_paths) {
      if (exists(path, true)) {
        found.directory = std::string(path);
        return found;
      }
    }
    return found;
  }
};

}  // namespace flasky::aws
