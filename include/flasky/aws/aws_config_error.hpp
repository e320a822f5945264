#pragma once
/// @file
/// Why an AWS client could not be configured from its settings or the environment.

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstddef>
#include <string>
#include <type_traits>

namespace flasky::aws {

/// The reasons an AWS client (for example `dynamodb_store::try_from_environment`) refuses its
/// configuration, one per distinct cause.
///
/// They travel as `boost::system::error_code` values (category "flasky.aws.config"); `message()`
/// names the setting that is wrong and never quotes a secret.
///
/// @code
/// auto store = flasky::aws::dynamodb_store::try_from_environment();
/// if (!store && store.error() == flasky::aws::aws_config_error::no_region) { ... }
/// std::cerr << store.error().message() << '\n';  // "no AWS region: set AWS_REGION or ..."
/// @endcode
enum class aws_config_error {
  /// Neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set (or the region is not well formed).
  no_region = 1,
  /// The endpoint URL is not `http://` or `https://` with a host, an optional port and no path.
  malformed_endpoint,
  /// Only one of `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` is set.
  incomplete_credentials,
  /// No credentials: no access key in the environment and no container credentials URI.
  no_credentials,
  /// The container credentials URI cannot be parsed, or is plain http to a host that is neither
  /// loopback nor an ECS / EKS credentials address.
  malformed_credentials_uri,
  /// The table name is not 3 to 255 characters of `A-Z a-z 0-9 _ - .`.
  malformed_table_name,
  /// A TLS context could not be set up (OpenSSL failed, or the CA file cannot be read).
  tls_setup_failed,
};

namespace detail {

constexpr const char* aws_config_error_message(int ev) noexcept {
  switch (static_cast<aws_config_error>(ev)) {
    case aws_config_error::no_region:
      return "no AWS region: set AWS_REGION or AWS_DEFAULT_REGION (for example us-east-1)";
    case aws_config_error::malformed_endpoint:
      return "the endpoint URL (AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL) is not an http:// "
             "or https:// URL with a host, an optional port and no path";
    case aws_config_error::incomplete_credentials:
      return "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together";
    case aws_config_error::no_credentials:
      return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
             "AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    case aws_config_error::malformed_credentials_uri:
      return "the container credentials URI is malformed, or is plain http to a host other than "
             "loopback or the ECS/EKS credentials addresses";
    case aws_config_error::malformed_table_name:
      return "the table name (CANDIDATES_TABLE) must be 3 to 255 characters of A-Z a-z 0-9 _ - .";
    case aws_config_error::tls_setup_failed:
      return "the TLS context could not be set up (OpenSSL failed or the CA file cannot be read)";
  }
  return "unknown AWS configuration error";
}

class aws_config_error_category_impl final : public boost::system::error_category {
 public:
  constexpr aws_config_error_category_impl() noexcept
      : boost::system::error_category(0x5d0c7e11a9b34f27ULL) {}
  const char* name() const noexcept override { return "flasky.aws.config"; }
  std::string message(int ev) const override { return aws_config_error_message(ev); }
  const char* message(int ev, char*, std::size_t) const noexcept override {
    return aws_config_error_message(ev);
  }
};

}  // namespace detail

/// The category of `aws_config_error` (name "flasky.aws.config").
inline const boost::system::error_category& aws_config_error_category() noexcept {
  static const detail::aws_config_error_category_impl category;
  return category;
}

/// Makes an `error_code` from `e`; found by argument-dependent lookup.
inline boost::system::error_code make_error_code(aws_config_error e) noexcept {
  return {static_cast<int>(e), aws_config_error_category()};
}

}  // namespace flasky::aws

template <>
struct boost::system::is_error_code_enum<flasky::aws::aws_config_error> : std::true_type {};
