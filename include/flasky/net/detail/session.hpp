#pragma once
// One client connection: reads a request, dispatches it, writes the answer, and again, one
// request at a time, so pipelined requests are answered in the order they came.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <flasky/net/detail/request_checks.hpp>
#include <flasky/net/detail/server_core.hpp>
#include <memory>
#include <optional>
#include <string>

namespace flasky::net::detail {

/// A connection and its state machine.
///
/// idle -> header -> [body] -> dispatch -> write -> idle (keep-alive) or linger -> closed.
/// Every step runs on the connection's strand; waiting is asynchronous, with the stream's
/// expiry as a deadline for the whole step (header_timeout covers the header however many
/// reads it takes). Bytes read past the end of one request stay in the buffer for the next.
class session : public std::enable_shared_from_this<session> {
 public:
  using executor_type = boost::beast::tcp_stream::executor_type;

  session(server_core& core, std::uint64_t id, boost::asio::ip::tcp::socket socket)
      : core_(core), id_(id), stream_(std::move(socket)) {}

  session(const session&) = delete;
  session& operator=(const session&) = delete;

  ~session() { core_.remove_session(id_); }

  executor_type get_executor() { return stream_.get_executor(); }

  /// Starts serving (on the session's strand).
  void start();
  /// The server is stopping: close now when idle, else after the answer in progress.
  void on_server_stop();
  /// The shutdown deadline passed: close whatever is happening.
  void force_close();

 private:
  enum class phase { idle, header, body, dispatch, write, linger, closed };
  using step = void (session::*)();

  static constexpr std::size_t read_chunk = 16 * 1024;
  static constexpr std::chrono::milliseconds linger_time{2000};

  void wait_for_request();
  void on_idle_read(boost::system::error_code ec, std::size_t n);
  void begin_request();
  void parse_header();
  void after_header();
  void parse_body();
  void dispatch();
  void read_more(step next);
  void on_read_failed(boost::system::error_code ec);
  void reject(unsigned code, std::string_view why);
  void write(std::string bytes, unsigned code);
  void on_written(boost::system::error_code ec);
  void linger();
  void drain();
  void close();

  bool drop_leading_blank_lines();
  std::string describe_request() const;

  server_core& core_;
  std::uint64_t id_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string out_;

  phase phase_ = phase::idle;
  bool first_request_ = true;
  bool stop_requested_ = false;
  bool keep_alive_ = true;
  bool head_request_ = false;
  std::size_t line_bytes_ = 0;   // bytes of the request line with its line ending, once found
  std::size_t header_seen_ = 0;  // header bytes Beast has consumed so far
  std::string method_;           // for the logs: method and path (without query) of the request
  std::string path_;
  std::string version_;  // as sent on the request line
  unsigned status_ = 0;
  std::size_t drained_ = 0;
  std::chrono::steady_clock::time_point started_{};
};

}  // namespace flasky::net::detail

#include <flasky/net/impl/session.hpp>
