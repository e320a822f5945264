#pragma once
/// @file
/// An HTTP/1.1 server (Boost.Beast and Asio) that answers with a `flasky::router`.

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>
#include <csignal>
#include <cstdint>
#include <exception>
#include <flasky/net/detail/server_core.hpp>
#include <flasky/net/detail/session.hpp>
#include <flasky/net/server_options.hpp>
#include <flasky/router.hpp>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace flasky::net {

/// Serves a `flasky::router` over HTTP/1.1 on a TCP port, with a pool of threads.
///
/// Each connection is read one request at a time: the request is parsed, checked against the
/// limits of `server_options`, handed to `router::dispatch` as a `flasky::request`, and its
/// `flasky::response` is written with a Content-Length before the next request is read. So
/// keep-alive and pipelined requests work, and pipelined answers come back in order. A request
/// the server cannot accept is answered with its status and the connection is closed: 400 for
/// a malformed request or an ambiguous length (Content-Length with Transfer-Encoding, two
/// Content-Length fields), 413, 414 and 431 for the limits, 505 for a version other than 1.x.
///
/// The router is called from several threads at once; it and its handlers must allow that
/// (flasky's router and stores do). Lifetime: `router` must outlive the server; call `stop()`
/// and wait for `run()` to return before destroying the server. A server runs once.
///
/// @code
/// flasky::router app;
/// app.get("/hello", [] { return "hello"; });
/// flasky::net::server_options options;
/// options.port = 0;                              // any free port
/// flasky::net::server srv(app, options);
/// auto where = srv.start();                      // binds and listens; throws on failure
/// std::cout << "http://127.0.0.1:" << srv.port() << "/\n";
/// srv.stop_on_signals();                         // SIGINT/SIGTERM: graceful stop
/// srv.run();                                     // blocks until stopped
/// @endcode
class server {
 public:
  /// A server for `app` with `options`; nothing is bound until `start()` or `run()`.
  explicit server(router& app, server_options options = {})
      : core_(std::make_unique<detail::server_core>(app, std::move(options))) {}

  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds `host:port` and starts listening; the address listened on, or why it failed.
  ///
  /// A host name is resolved and the first address that binds is used. Port 0 picks a free
  /// port (see `port()`). Calling it again returns the same address.
  boost::system::result<boost::asio::ip::tcp::endpoint> try_start() {
    auto& c = *core_;
    if (c.started) return endpoint_;
    boost::system::error_code ec;
    std::vector<boost::asio::ip::tcp::endpoint> candidates;
    const auto address = boost::asio::ip::make_address(c.options.host, ec);
    if (!ec) {
      candidates.emplace_back(address, c.options.port);
    } else {
      boost::asio::ip::tcp::resolver resolver(c.ioc);
      auto results = resolver.resolve(c.options.host, std::to_string(c.options.port),
                                      boost::asio::ip::tcp::resolver::passive, ec);
      if (ec) return ec;
      for (const auto& entry : results) candidates.push_back(entry.endpoint());
    }
    for (const auto& candidate : candidates) {
      ec = listen_on(candidate);
      if (!ec) break;
    }
    if (ec) return ec;
    endpoint_ = c.acceptor.local_endpoint(ec);
    if (ec) return ec;
    c.started = true;
    boost::asio::post(c.control, [&c] { c.accept_next(); });
    return endpoint_;
  }

  /// `try_start()`, throwing `boost::system::system_error` when it fails.
  boost::asio::ip::tcp::endpoint start() {
    auto where = try_start();
    if (!where) {
      throw boost::system::system_error(where.error(), "flasky::net::server: cannot listen on " +
                                                           core_->options.host + ":" +
                                                           std::to_string(core_->options.port));
    }
    return *where;
  }

  /// The port listened on once started (the chosen one when the options said 0), else 0.
  std::uint16_t port() const noexcept { return core_->started ? endpoint_.port() : 0; }

  /// The address listened on once started.
  boost::asio::ip::tcp::endpoint local_endpoint() const noexcept { return endpoint_; }

  /// Serves on `threads` threads (this one included) until the server stops; starts it first
  /// when `start()` was not called (and throws as `start()` does).
  void run() {
    start();
    auto& c = *core_;
    auto work = [&c] {
      for (;;) {
        try {
          c.ioc.run();
          return;
        } catch (const std::exception& e) {
          c.error(std::string("unexpected exception in the server: ") + e.what());
        } catch (...) {
          c.error("unexpected exception in the server");
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < c.threads; ++i) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }

  /// Stops gracefully; may be called from any thread, any number of times.
  ///
  /// Stops accepting, closes idle keep-alive connections, lets each request in flight finish
  /// (its answer says `Connection: close`), and closes the rest when
  /// `server_options::shutdown_timeout` passes. `run()` returns when nothing is left.
  void stop() {
    auto* c = core_.get();
    boost::asio::post(c->control, [c] { c->begin_stop(); });
  }

  /// Calls `stop()` when one of `signals` arrives (a second one closes everything at once).
  ///
  /// Call it before `run()`; the signals are handled by the server's threads (Asio's
  /// `signal_set`), so a program needs no handler of its own.
  void stop_on_signals(std::initializer_list<int> signals = {SIGINT, SIGTERM}) {
    auto& c = *core_;
    c.signals.emplace(c.control);
    for (int s : signals) c.signals->add(s);
    wait_for_signal();
  }

  /// The number of threads `run()` uses.
  unsigned threads() const noexcept { return core_->threads; }

 private:
  boost::system::error_code listen_on(const boost::asio::ip::tcp::endpoint& where) {
    auto& a = core_->acceptor;
    boost::system::error_code ec, ignored;
    if (a.is_open()) a.close(ignored);
    a.open(where.protocol(), ec);
    if (!ec) a.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(where, ec);
    if (!ec) a.listen(boost::asio::socket_base::max_listen_connections, ec);
    if (ec) a.close(ignored);
    return ec;
  }

  void wait_for_signal() {
    auto* c = core_.get();
    c->signals->async_wait([this, c](boost::system::error_code ec, int number) {
      if (ec) return;
      if (!c->stopping.load()) {
        c->warn("signal " + std::to_string(number) +
                ": stopping (no new connections; requests in flight finish)");
        c->begin_stop();
        wait_for_signal();
      } else {
        c->warn("signal " + std::to_string(number) + " again: closing every connection now");
        c->force_stop();
      }
    });
  }

  std::unique_ptr<detail::server_core> core_;
  boost::asio::ip::tcp::endpoint endpoint_;
};

}  // namespace flasky::net
