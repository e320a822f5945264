#pragma once
// The state a server shares with its connections: the router, the options, the logs, the
// io_context and the table of live connections that a graceful stop walks through.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <flasky/net/detail/log_line.hpp>
#include <flasky/net/server_options.hpp>
#include <flasky/router.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace flasky::net::detail {

class session;

/// Everything a server and its sessions share. Sessions hold a plain pointer to it: the core
/// outlives them, because its io_context (which owns every pending session) is destroyed first.
struct server_core {
  server_core(router& r, server_options o)
      : app(r),
        options(std::move(o)),
        threads(resolve_threads(options.threads)),
        ioc(static_cast<int>(threads)) {}

  server_core(const server_core&) = delete;
  server_core& operator=(const server_core&) = delete;

  ~server_core() {
    // Sessions still pending are destroyed with the io_context below; they must not post.
    std::lock_guard lock(sessions_mutex);
    torn_down = true;
  }

  static unsigned resolve_threads(unsigned n) {
    if (n != 0) return n;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : hw;
  }

  void log_access(std::string_view line) { log_to(options.access_log, line); }
  void warn(std::string_view message) {
    if (options.warning_log) log_to(options.warning_log, event_line("warn", message));
  }
  void error(std::string_view message) {
    if (options.error_log) log_to(options.error_log, event_line("error", message));
  }
  bool access_log_enabled() const noexcept { return static_cast<bool>(options.access_log); }

  /// Adds a session to the table; false when the server is stopping (the caller drops it).
  bool add_session(std::uint64_t id, const std::shared_ptr<session>& s) {
    std::lock_guard lock(sessions_mutex);
    if (stopping.load()) return false;
    sessions.emplace(id, s);
    return true;
  }

  /// Removes a session (from its destructor); the last one gone finishes a stop.
  void remove_session(std::uint64_t id) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(id);
    if (sessions.empty() && stopping.load() && !torn_down && !finish_posted) {
      finish_posted = true;
      boost::asio::post(control, [this] { finish_stop(); });
    }
  }

  /// The sessions alive now.
  std::vector<std::shared_ptr<session>> live_sessions() {
    std::vector<std::shared_ptr<session>> out;
    std::lock_guard lock(sessions_mutex);
    for (auto& [id, weak] : sessions)
      if (auto s = weak.lock()) out.push_back(std::move(s));
    return out;
  }

  // Defined in session.hpp (they call into sessions).
  void begin_stop();
  void force_stop();
  void finish_stop();
  void accept_next();

  router& app;
  server_options options;
  unsigned threads;
  std::mutex log_mutex;
  std::mutex sessions_mutex;
  std::map<std::uint64_t, std::weak_ptr<session>> sessions;
  std::uint64_t next_session_id = 0;
  std::atomic<bool> stopping{false};
  bool finish_posted = false;  // under sessions_mutex
  bool torn_down = false;      // under sessions_mutex
  bool started = false;

  // Declared after everything the sessions touch, so it is destroyed (with the sessions it
  // still owns) before them.
  boost::asio::io_context ioc;
  boost::asio::strand<boost::asio::io_context::executor_type> control{ioc.get_executor()};
  boost::asio::ip::tcp::acceptor acceptor{control};
  boost::asio::steady_timer accept_retry{control};
  boost::asio::steady_timer deadline{control};
  std::optional<boost::asio::signal_set> signals;

 private:
  void log_to(const std::function<void(std::string_view)>& sink, std::string_view line) {
    if (!sink) return;
    std::lock_guard lock(log_mutex);
    try {
      sink(line);
    } catch (...) {
      // A failing log sink must not take a connection down with it.
    }
  }
};

}  // namespace flasky::net::detail
