#pragma once
// Bodies of flasky::net::detail::session (included at the end of detail/session.hpp).

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <exception>
#include <flasky/net/detail/log_line.hpp>
#include <flasky/net/detail/session.hpp>
#include <flasky/net/detail/request_checks.hpp>
#include <flasky/net/detail/wire.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <limits>
#include <string_view>
#include <utility>

namespace flasky::net::detail {

namespace http = boost::beast::http;

inline void session::start() { wait_for_request(); }

inline void session::on_server_stop() {
  stop_requested_ = true;
  if (phase_ == phase::idle) close();  // a lingering one ends by itself, within linger_time
}

inline void session::force_close() { close(); }

// Waits for the first byte of the next request (or uses bytes already buffered: pipelining).
inline void session::wait_for_request() {
  phase_ = phase::idle;
  if (stop_requested_ || core_.stopping.load()) return close();
  if (drop_leading_blank_lines()) return begin_request();
  // A new connection gets header_timeout from its opening; a kept-alive one idle_timeout.
  stream_.expires_after(first_request_ ? core_.options.header_timeout : core_.options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(read_chunk),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                            self->on_idle_read(ec, n);
                          });
}

inline void session::on_idle_read(boost::system::error_code ec, std::size_t n) {
  if (phase_ == phase::closed) return;
  if (ec) return close();  // idle (or a connection that never sent anything): nothing is lost
  buffer_.commit(n);
  if (!drop_leading_blank_lines()) {
    // Only empty lines so far (RFC 9112 2.2 lets a server ignore them); the deadline stands.
    stream_.async_read_some(
        buffer_.prepare(read_chunk),
        [self = shared_from_this()](boost::system::error_code e, std::size_t m) {
          self->on_idle_read(e, m);
        });
    return;
  }
  begin_request();
}

// Removes CRLFs (or LFs) before a request line; true when something else is buffered.
inline bool session::drop_leading_blank_lines() {
  const auto* p = static_cast<const char*>(buffer_.data().data());
  std::size_t n = 0;
  while (n < buffer_.size() && (p[n] == '\r' || p[n] == '\n')) ++n;
  buffer_.consume(n);
  return buffer_.size() != 0;
}

inline void session::begin_request() {
  phase_ = phase::header;
  started_ = std::chrono::steady_clock::now();
  line_bytes_ = 0;
  header_seen_ = 0;
  method_.clear();
  path_.clear();
  version_.clear();
  head_request_ = false;
  keep_alive_ = true;
  parser_.emplace();
  // Our own checks come first (414, 431); Beast's limit only backs them up.
  const auto& o = core_.options;
  const std::size_t total = o.max_request_line_bytes + o.max_header_bytes + 8;
  parser_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(total, std::numeric_limits<std::uint32_t>::max())));
  parser_->body_limit(o.max_body_bytes);
  if (!first_request_) stream_.expires_after(o.header_timeout);
  first_request_ = false;
  parse_header();
}

inline void session::parse_header() {
  const auto& o = core_.options;
  if (line_bytes_ == 0) {
    // Nothing of this request is consumed yet: the buffer starts with its request line.
    const std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    const auto lf = data.find('\n');
    if (lf == std::string_view::npos) {
      if (data.size() > o.max_request_line_bytes + 1) {
        auto summary = summarize_request_line(data.substr(0, data.find(' ') + 1));
        method_ = std::move(summary.method);
        return reject(414, "request line longer than the limit");
      }
      return read_more(&session::parse_header);
    }
    std::size_t line_length = lf;
    if (lf > 0 && data[lf - 1] == '\r') --line_length;
    auto summary = summarize_request_line(data.substr(0, line_length));
    method_ = std::move(summary.method);
    path_ = std::move(summary.path);
    version_ = std::move(summary.version);
    if (line_length > o.max_request_line_bytes) {
      path_.clear();
      return reject(414, "request line longer than the limit");
    }
    line_bytes_ = lf + 1;
  }
  // Beast consumes the header as it goes (the request line, then each complete field), so the
  // size of the header block is what it consumed plus what is still buffered.
  boost::system::error_code ec;
  const std::size_t used = parser_->put(buffer_.data(), ec);
  header_seen_ += used;
  buffer_.consume(used);
  if (ec == http::error::need_more) {
    if (header_seen_ + buffer_.size() - line_bytes_ > o.max_header_bytes)
      return reject(431, "header block larger than the limit");
    return read_more(&session::parse_header);
  }
  if (ec == http::error::header_limit) return reject(431, "header block larger than the limit");
  if (ec == http::error::body_limit) return reject(413, "Content-Length larger than the limit");
  if (ec == http::error::bad_version && is_unsupported_version(version_))
    return reject(505, "HTTP version other than 1.x");
  if (ec) return reject(400, ec.message());
  if (header_seen_ - line_bytes_ > o.max_header_bytes)
    return reject(431, "header block larger than the limit");
  after_header();
}

inline void session::after_header() {
  auto& msg = parser_->get();
  head_request_ = msg.method() == http::verb::head;
  if (const auto verdict = check_request_head(msg.version(), msg); verdict.status != 0)
    return reject(verdict.status, verdict.reason);
  if (parser_->is_done()) return dispatch();
  phase_ = phase::body;
  stream_.expires_after(core_.options.body_timeout);
  const auto expect = msg[http::field::expect];
  if (msg.version() == 11 &&
      flasky::detail::iequals(std::string_view(expect.data(), expect.size()), "100-continue") &&
      buffer_.size() == 0) {
    static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
    boost::asio::async_write(stream_, boost::asio::buffer(go_on.data(), go_on.size()),
                             [self = shared_from_this()](boost::system::error_code e, std::size_t) {
                               if (self->phase_ == phase::closed) return;
                               if (e) return self->close();
                               self->stream_.expires_after(self->core_.options.body_timeout);
                               self->parse_body();
                             });
    return;
  }
  parse_body();
}

inline void session::parse_body() {
  static constexpr std::size_t max_pending_framing = 64 * 1024;  // an unfinished chunk header
  while (!parser_->is_done()) {
    if (buffer_.size() == 0) return read_more(&session::parse_body);
    boost::system::error_code ec;
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) {
      if (used != 0) continue;
      if (buffer_.size() > max_pending_framing) return reject(400, "chunk header too long");
      return read_more(&session::parse_body);
    }
    if (ec == http::error::body_limit) return reject(413, "body larger than the limit");
    if (ec) return reject(400, ec.message());
  }
  dispatch();
}

inline void session::read_more(step next) {
  stream_.async_read_some(
      buffer_.prepare(read_chunk),
      [self = shared_from_this(), next](boost::system::error_code ec, std::size_t n) {
        if (self->phase_ == phase::closed) return;
        if (ec) return self->on_read_failed(ec);
        self->buffer_.commit(n);
        ((*self).*next)();
      });
}

inline void session::on_read_failed(boost::system::error_code ec) {
  const bool in_body = phase_ == phase::body;
  if (ec == boost::beast::error::timeout) {
    const auto limit = in_body ? core_.options.body_timeout : core_.options.header_timeout;
    core_.warn("dropped a slow client: its request " + std::string(in_body ? "body" : "header") +
               " did not arrive within " + std::to_string(limit.count()) + " ms" +
               describe_request());
  } else if (ec != boost::asio::error::operation_aborted) {
    core_.warn("client closed the connection in the middle of a request " +
               std::string(in_body ? "body" : "header") + describe_request());
  }
  close();
}

inline std::string session::describe_request() const {
  if (method_.empty() && path_.empty()) return {};
  return " (" + loggable_path(method_) + ' ' + loggable_path(path_) + ')';
}

inline void session::reject(unsigned code, std::string_view why) {
  phase_ = phase::write;
  keep_alive_ = false;
  core_.warn("refused a request with " + std::to_string(code) + ": " + std::string(why) +
             describe_request());
  write(serialize_error(code, head_request_, http_date(std::chrono::system_clock::now())), code);
}

inline void session::dispatch() {
  phase_ = phase::dispatch;
  std::string bytes;
  unsigned code = 500;
  try {
    auto msg = parser_->release();
    parser_.reset();
    header_map headers;
    for (const auto& field : msg)
      headers.add(std::string(field.name_string()), std::string(field.value()));
    const auto method = msg.method_string();
    flasky::request req(std::string_view(method.data(), method.size()), std::string(msg.target()),
                        std::move(headers), std::move(msg.body()));
    method_ = std::string(req.method());
    path_ = std::string(req.path());
    const response res = core_.app.dispatch(req);
    // Decided after the handler ran: a stop that came meanwhile says "Connection: close".
    keep_alive_ = msg.keep_alive() && !stop_requested_ && !core_.stopping.load();
    code = to_int(res.status());
    std::size_t dropped = 0;
    bytes = serialize_response(res, head_request_, {keep_alive_, msg.version() == 10},
                               http_date(std::chrono::system_clock::now()), &dropped);
    if (dropped != 0)
      core_.error("left out " + std::to_string(dropped) +
                  " response header field(s) that cannot be sent (bad name, or CR/LF/NUL in "
                  "the value)" +
                  describe_request());
  } catch (const std::exception& e) {
    core_.error(std::string("could not answer a request: ") + e.what() + describe_request());
    keep_alive_ = false;
    code = 500;
    bytes = serialize_error(code, head_request_, http_date(std::chrono::system_clock::now()));
  }
  phase_ = phase::write;
  write(std::move(bytes), code);
}

inline void session::write(std::string bytes, unsigned code) {
  status_ = code;
  out_ = std::move(bytes);
  stream_.expires_after(core_.options.write_timeout);
  boost::asio::async_write(stream_, boost::asio::buffer(out_),
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                             self->on_written(ec);
                           });
}

inline void session::on_written(boost::system::error_code ec) {
  if (core_.access_log_enabled()) {
    core_.log_access(access_line(std::chrono::system_clock::now(), method_, path_, status_,
                                 std::chrono::steady_clock::now() - started_));
  }
  out_.clear();
  if (phase_ == phase::closed) return;
  if (ec) {
    if (ec == boost::beast::error::timeout)
      core_.warn("dropped a client that did not read its response within the write timeout" +
                 describe_request());
    return close();
  }
  if (!keep_alive_ || stop_requested_ || core_.stopping.load()) return linger();
  wait_for_request();
}

// After "Connection: close": stop sending, then read and discard what the client still sends
// for a moment, so that closing does not reset the connection before it has read our answer.
inline void session::linger() {
  phase_ = phase::linger;
  boost::system::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) return close();
  drained_ = 0;
  stream_.expires_after(linger_time);
  drain();
}

inline void session::drain() {
  buffer_.consume(buffer_.size());
  stream_.async_read_some(
      buffer_.prepare(read_chunk),
      [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
        if (self->phase_ == phase::closed) return;
        self->drained_ += n;
        if (ec || self->drained_ > self->core_.options.max_body_bytes + 16 * 1024 * 1024)
          return self->close();
        self->buffer_.commit(n);
        self->drain();
      });
}

inline void session::close() {
  if (phase_ == phase::closed) return;
  phase_ = phase::closed;
  boost::system::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace flasky::net::detail

#include <flasky/net/impl/server_core.hpp>
