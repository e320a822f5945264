#pragma once
// Bodies of flasky::net::detail::server_core that need the session type (included at the end
// of impl/session.hpp).

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <flasky/net/detail/server_core.hpp>
#include <flasky/net/detail/session.hpp>
#include <memory>
#include <string>

namespace flasky::net::detail {

inline void server_core::accept_next() {
  acceptor.async_accept(boost::asio::make_strand(ioc),
                        [this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
                          if (ec == boost::asio::error::operation_aborted || !acceptor.is_open())
                            return;
                          if (ec) {
                            error("cannot accept a connection: " + ec.message());
                            // Out of file descriptors or memory: wait a little instead of spinning.
                            accept_retry.expires_after(std::chrono::milliseconds(100));
                            accept_retry.async_wait([this](boost::system::error_code e) {
                              if (!e && acceptor.is_open()) accept_next();
                            });
                            return;
                          }
                          if (stopping.load()) return;  // the socket closes as it goes out of scope
                          boost::system::error_code ignored;
                          socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
                          const std::uint64_t id = next_session_id++;
                          auto s = std::make_shared<session>(*this, id, std::move(socket));
                          if (add_session(id, s))
                            boost::asio::post(s->get_executor(), [s] { s->start(); });
                          accept_next();
                        });
}

inline void server_core::begin_stop() {
  if (stopping.exchange(true)) return;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  for (auto& s : live_sessions())
    boost::asio::post(s->get_executor(), [s] { s->on_server_stop(); });
  deadline.expires_after(options.shutdown_timeout);
  deadline.async_wait([this](boost::system::error_code ec) {
    if (!ec) force_stop();
  });
  std::lock_guard lock(sessions_mutex);
  if (sessions.empty() && !finish_posted) {
    finish_posted = true;
    boost::asio::post(control, [this] { finish_stop(); });
  }
}

inline void server_core::force_stop() {
  stopping.store(true);
  boost::system::error_code ignored;
  acceptor.close(ignored);
  auto live = live_sessions();
  if (!live.empty())
    error("shutdown: closing " + std::to_string(live.size()) +
          " connection(s) whose requests did not finish in time");
  for (auto& s : live) boost::asio::post(s->get_executor(), [s] { s->force_close(); });
  finish_stop();
  // Connections left are closed when the io_context is destroyed; run() returns as soon as
  // its threads are out of the handlers they are running.
  ioc.stop();
}

inline void server_core::finish_stop() {
  deadline.cancel();
  accept_retry.cancel();
  if (signals) {
    boost::system::error_code ignored;
    signals->cancel(ignored);
  }
}

}  // namespace flasky::net::detail
