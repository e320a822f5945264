#pragma once
// Private: one kept-alive HTTP/1.1 connection (plain or TLS) with a deadline per exchange, on
// Boost.Beast. Not thread-safe: a client keeps one per thread of use (a small pool).

#include <flasky/aws/aws_error.hpp>
#include <flasky/aws/aws_http_response.hpp>
#include <flasky/aws/detail/http_endpoint.hpp>
#include <flasky/request.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace flasky::aws::detail {

class http_connection {
 public:
  // `tls_context` must be non-null for an https endpoint.
  // A connection idle for longer than `max_idle` is closed before its next use rather than
  // trusted (a NAT or the server may have dropped it silently, e.g. while a Lambda was frozen).
  http_connection(http_endpoint endpoint, std::shared_ptr<boost::asio::ssl::context> tls_context,
                  std::chrono::milliseconds max_idle = std::chrono::seconds(60))
      : endpoint_(std::move(endpoint)), tls_context_(std::move(tls_context)), max_idle_(max_idle) {}

  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;

  const http_endpoint& endpoint() const noexcept { return endpoint_; }

  // Sends `req` (method, target, headers, body as given; Host must be among the headers) and
  // reads the answer, all before `timeout`. On a failure the connection is closed (the next
  // exchange reconnects). A request that fails on a reused connection before any answer came
  // back (the server closed it while idle) is sent once more on a fresh connection.
  boost::system::result<aws_http_response, aws_error> try_exchange(
      const request& req, std::chrono::milliseconds timeout) {
    const auto now = clock::now();
    const auto deadline = now + timeout;
    if (is_open() && now - last_used_ > max_idle_) close();
    const bool reused = is_open();
    auto first = exchange_once(req, deadline);
    last_used_ = clock::now();
    if (first || !reused || first.error().what_kind() != aws_error::kind::connection ||
        answer_started_) {
      return first;
    }
    auto second = exchange_once(req, deadline);
    last_used_ = clock::now();
    return second;
  }

  bool is_open() const noexcept { return plain_.has_value() || tls_.has_value(); }

  void close() noexcept {
    boost::system::error_code ignored;
    if (plain_) plain_->socket().close(ignored);
    if (tls_) tls_->next_layer().socket().close(ignored);
    plain_.reset();
    tls_.reset();
    buffer_.clear();
  }

  ~http_connection() { close(); }

 private:
  using clock = std::chrono::steady_clock;
  using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  // Runs the io_context until `done` or the deadline (the operations' own timeouts end them).
  void run() {
    io_.restart();
    io_.run();
  }

  boost::beast::tcp_stream& tcp() { return plain_ ? *plain_ : tls_->next_layer(); }

  aws_error failure(aws_error::kind k, const std::string& stage, boost::system::error_code ec) {
    close();
    std::string text = stage + " " + endpoint_.describe() + ": ";
    if (ec == boost::beast::error::timeout || ec == boost::asio::error::operation_aborted) {
      return aws_error(aws_error::kind::timeout, text + "timed out", ec);
    }
    if (k == aws_error::kind::tls) {
      std::string reason = ec.message();
      if (tls_verify_result_ != X509_V_OK) {
        reason = std::string("certificate verification failed: ") +
                 X509_verify_cert_error_string(tls_verify_result_);
      }
      return aws_error(k, text + reason, ec);
    }
    return aws_error(k, text + ec.message(), ec);
  }

  std::optional<aws_error> connect(clock::time_point deadline) {
    namespace asio = boost::asio;
    boost::system::error_code ec;
    asio::ip::tcp::resolver::results_type endpoints;
    {
      asio::ip::tcp::resolver resolver(io_);
      asio::steady_timer timer(io_, deadline);
      bool resolved = false;
      resolver.async_resolve(endpoint_.host, endpoint_.port,
                             [&](boost::system::error_code e, auto results) {
                               resolved = true;
                               ec = e;
                               endpoints = std::move(results);
                               timer.cancel();
                             });
      timer.async_wait([&](boost::system::error_code e) {
        if (!e && !resolved) resolver.cancel();
      });
      run();
    }
    if (ec) return failure(aws_error::kind::connection, "cannot resolve", ec);

    boost::beast::tcp_stream stream(io_);
    stream.expires_at(deadline);
    stream.async_connect(endpoints, [&](boost::system::error_code e, auto) { ec = e; });
    run();
    if (ec) return failure(aws_error::kind::connection, "cannot connect to", ec);
    stream.socket().set_option(asio::ip::tcp::no_delay(true), ec);

    if (!endpoint_.tls) {
      plain_.emplace(std::move(stream));
      return std::nullopt;
    }
    tls_.emplace(std::move(stream), *tls_context_);
    SSL* ssl = tls_->native_handle();
    boost::system::error_code address_ec;
    const auto address = asio::ip::make_address(endpoint_.host, address_ec);
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (address_ec) {
      SSL_set_tlsext_host_name(ssl, endpoint_.host.c_str());
      X509_VERIFY_PARAM_set1_host(param, endpoint_.host.c_str(), 0);
    } else {
      X509_VERIFY_PARAM_set1_ip_asc(param, address.to_string().c_str());
    }
    tls_->set_verify_mode(asio::ssl::verify_peer);
    tls_->next_layer().expires_at(deadline);
    tls_verify_result_ = X509_V_OK;
    tls_->async_handshake(asio::ssl::stream_base::client,
                          [&](boost::system::error_code e) { ec = e; });
    run();
    if (ec) {
      tls_verify_result_ = tls_ ? SSL_get_verify_result(tls_->native_handle()) : X509_V_OK;
      return failure(aws_error::kind::tls, "TLS handshake with", ec);
    }
    return std::nullopt;
  }

  boost::system::result<aws_http_response, aws_error> exchange_once(const request& req,
                                                                    clock::time_point deadline) {
    namespace http = boost::beast::http;
    answer_started_ = false;
    if (!is_open()) {
      if (auto e = connect(deadline)) return *e;
    }
    http::request<http::string_body> out;
    out.method_string(req.method());
    out.target(req.target());
    out.version(11);
    for (const auto& field : req.headers()) out.insert(field.first, field.second);
    out.body() = req.body();
    out.prepare_payload();
    out.keep_alive(true);

    boost::system::error_code ec;
    tcp().expires_at(deadline);
    auto on_write = [&](boost::system::error_code e, std::size_t) { ec = e; };
    if (plain_) {
      http::async_write(*plain_, out, on_write);
    } else {
      http::async_write(*tls_, out, on_write);
    }
    run();
    if (ec) return failure(aws_error::kind::connection, "cannot send to", ec);

    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.header_limit(64 * 1024);
    auto on_header = [&](boost::system::error_code e, std::size_t) { ec = e; };
    // Read the header first, to know whether any answer began (see try_exchange).
    if (plain_) {
      http::async_read_header(*plain_, buffer_, parser, on_header);
    } else {
      http::async_read_header(*tls_, buffer_, parser, on_header);
    }
    run();
    if (!ec) {
      answer_started_ = true;
      if (plain_) {
        http::async_read(*plain_, buffer_, parser, on_header);
      } else {
        http::async_read(*tls_, buffer_, parser, on_header);
      }
      run();
    } else if (buffer_.size() > 0) {
      answer_started_ = true;
    }
    if (ec) return failure(aws_error::kind::connection, "no complete answer from", ec);

    auto res = parser.release();
    aws_http_response answer;
    answer.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      answer.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    answer.body = std::move(res.body());
    if (!res.keep_alive()) close();
    return answer;
  }

  http_endpoint endpoint_;
  std::shared_ptr<boost::asio::ssl::context> tls_context_;
  boost::asio::io_context io_{1};
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<tls_stream> tls_;
  boost::beast::flat_buffer buffer_;
  std::chrono::milliseconds max_idle_;
  clock::time_point last_used_{};
  bool answer_started_ = false;
  long tls_verify_result_ = 0;
};

}  // namespace flasky::aws::detail
