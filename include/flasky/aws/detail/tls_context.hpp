#pragma once
// Private: the TLS client context of the AWS clients (TLS 1.2+, peer verification, trust store).

#include <flasky/aws/aws_config_error.hpp>
#include <flasky/aws/trust_store.hpp>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include <memory>

namespace flasky::aws::detail {

inline boost::system::result<std::shared_ptr<boost::asio::ssl::context>> try_make_tls_context(
    const trust_store& trust) {
  namespace ssl = boost::asio::ssl;
  std::shared_ptr<ssl::context> ctx;
  try {
    ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  } catch (const boost::system::system_error&) {
    return aws_config_error::tls_setup_failed;
  }
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  if (ec) return aws_config_error::tls_setup_failed;
  ctx->set_verify_mode(ssl::verify_peer, ec);
  if (ec) return aws_config_error::tls_setup_failed;
  if (trust.file) {
    ctx->load_verify_file(*trust.file, ec);
    if (ec) return aws_config_error::tls_setup_failed;
  }
  if (trust.directory) {
    ctx->add_verify_path(*trust.directory, ec);
    if (ec) return aws_config_error::tls_setup_failed;
  }
  if (trust.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec) return aws_config_error::tls_setup_failed;
  }
  return ctx;
}

}  // namespace flasky::aws::detail
