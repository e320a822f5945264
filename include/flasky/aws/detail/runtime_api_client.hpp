#pragma once
// Private: one kept-alive, plain-TCP HTTP/1.1 connection to the Lambda Runtime API (Beast,
// synchronous). No timeouts: `next` blocks until Lambda has an event, however long that takes.

#include <flasky/aws/runtime_api_error.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace flasky::aws::detail {

namespace runtime_http = boost::beast::http;

/// An answer of the Runtime API.
using runtime_api_response = runtime_http::response<runtime_http::string_body>;

/// The address of the Runtime API: `runtime_api`, or AWS_LAMBDA_RUNTIME_API when empty.
inline boost::system::result<std::string> try_runtime_api_address(std::string runtime_api);

/// The Runtime API over one kept-alive connection, opened on first use; a connection found
/// dropped when it is reused is opened again once and the request sent again.
class runtime_api_client {
 public:
  explicit runtime_api_client(std::string address) : address_(std::move(address)) {}

  runtime_api_client(const runtime_api_client&) = delete;
  runtime_api_client& operator=(const runtime_api_client&) = delete;

  /// Sends `method target` (with `body` and, when not empty, one extra header) and reads the
  /// answer, whatever its status.
  boost::system::result<runtime_api_response> try_exchange(runtime_http::verb method,
                                                           std::string_view target,
                                                           std::string body = {},
                                                           std::string_view content_type = {},
                                                           std::string_view extra_name = {},
                                                           std::string_view extra_value = {}) {
    runtime_http::request<runtime_http::string_body> req{method, target, 11};
    req.set(runtime_http::field::user_agent, "flasky-lambda");
    if (!content_type.empty()) req.set(runtime_http::field::content_type, content_type);
    if (!extra_name.empty()) req.set(extra_name, extra_value);
    req.body() = std::move(body);
    req.keep_alive(true);
    req.prepare_payload();

    boost::system::error_code ec;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = socket_.is_open();
      if (!reused) {
        if (auto opened = try_open(); !opened) return opened.error();
      }
      req.set(runtime_http::field::host, host_header_);
      ec = {};
      runtime_http::write(socket_, req, ec);
      if (!ec) {
        runtime_http::response_parser<runtime_http::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(std::uint64_t{64} * 1024 * 1024);  // events are 6 MB at most
        runtime_http::read(socket_, buffer_, parser, ec);
        if (!ec) {
          auto res = parser.release();
          if (!res.keep_alive()) close();
          return res;
        }
      }
      close();
      // Only a kept-alive connection that the other end closed in the meantime is retried;
      // anything else (or a second failure) is the caller's to report.
      if (!reused || !is_dropped_connection(ec)) break;
    }
    if (is_dropped_connection(ec)) return make_error_code(runtime_api_error::connection_lost);
    return ec;
  }

  /// Closes the connection (the next exchange opens a new one).
  void close() noexcept {
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    buffer_.clear();
  }

 private:
  static bool is_dropped_connection(const boost::system::error_code& ec) noexcept {
    return ec == runtime_http::error::end_of_stream || ec == runtime_http::error::partial_message ||
           ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset ||
           ec == boost::asio::error::broken_pipe || ec == boost::asio::error::connection_aborted;
  }

  boost::system::result<void> try_open() {
    const auto colon = address_.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address_.size())
      return make_error_code(runtime_api_error::bad_address);
    std::string host = address_.substr(0, colon);
    const std::string port = address_.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
      host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    // Lambda gives a numeric address (127.0.0.1:9001): connect without the resolver, so that a
    // statically linked bootstrap never needs getaddrinfo for it.
    const auto ip = boost::asio::ip::make_address(host, ec);
    unsigned short port_number = 0;
    const auto [end, parsed] = std::from_chars(port.data(), port.data() + port.size(), port_number);
    if (parsed != std::errc{} || end != port.data() + port.size()) port_number = 0;
    if (!ec && port_number != 0) {
      socket_.connect({ip, port_number}, ec);
    } else {
      ec = {};
      boost::asio::ip::tcp::resolver resolver(ioc_);
      auto endpoints = resolver.resolve(host, port, ec);
      if (ec) return ec;
      boost::asio::connect(socket_, endpoints, ec);
    }
    if (ec) {
      close();
      return ec;
    }
    socket_.set_option(boost::asio::ip::tcp::no_delay(true), ec);
    host_header_ = address_;
    return {};
  }

  std::string address_;
  std::string host_header_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_{ioc_};
  boost::beast::flat_buffer buffer_;
};

inline boost::system::result<std::string> try_runtime_api_address(std::string runtime_api) {
  if (!runtime_api.empty()) return runtime_api;
  const char* env = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (env == nullptr || *env == '\0') return make_error_code(runtime_api_error::not_configured);
  return std::string(env);
}

}  // namespace flasky::aws::detail
