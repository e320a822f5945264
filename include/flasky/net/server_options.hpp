#pragma once
/// @file
/// Settings of the HTTP server: where it listens, how many threads, its limits and timeouts,
/// and where its logs go.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <flasky/net/detail/log_line.hpp>
#include <functional>
#include <string>
#include <string_view>

namespace flasky::net {

/// How a `flasky::net::server` listens, what it accepts and where it logs.
///
/// Every limit answers with its own status and closes the connection: a request line longer
/// than `max_request_line_bytes` gets 414, a header block longer than `max_header_bytes` gets
/// 431, a body longer than `max_body_bytes` gets 413 (as soon as `Content-Length` says so, or
/// when a chunked body passes the limit). The timeouts are totals, not per read: a client that
/// sends its header a byte a second is dropped once `header_timeout` has passed since its first
/// byte, whatever it keeps sending. Waiting is asynchronous, so a slow client never holds a
/// worker thread.
///
/// The three log sinks receive one line each (without the newline). The server calls them one
/// at a time (under a lock), so a sink need not be thread-safe; it should be quick, since the
/// thread that calls it is serving a request. An empty function turns that log off.
///
/// @code
/// flasky::net::server_options options;
/// options.port = 0;                       // any free port; server::port() tells which
/// options.max_body_bytes = 64 * 1024;
/// options.header_timeout = std::chrono::seconds(5);
/// options.access_log = {};                // no access log
/// @endcode
struct server_options {
  /// The address to listen on: an IPv4 or IPv6 literal, or a name that resolves to one.
  std::string host = "127.0.0.1";
  /// The TCP port; 0 lets the system pick a free one (`server::port()` reports it).
  std::uint16_t port = 8080;
  /// Worker threads; 0 means one per hardware thread.
  unsigned threads = 0;

  /// The longest request line (method, target and version, without CRLF): 414 past it.
  std::size_t max_request_line_bytes = 8 * 1024;
  /// The longest header block (every field line and the empty line that ends it): 431 past it.
  std::size_t max_header_bytes = 8 * 1024;
  /// The longest request body (after removing chunked framing): 413 past it.
  std::size_t max_body_bytes = 1024 * 1024;

  /// From a request's first byte to the end of its header (for a connection's first request,
  /// from the moment it was accepted); a client slower than this is dropped.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  /// From the end of the header to the end of the body; a client slower than this is dropped.
  std::chrono::milliseconds body_timeout = std::chrono::seconds(30);
  /// How long a keep-alive connection may wait for its next request before it is closed.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  /// How long writing one response may take (a client that does not read is dropped).
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
  /// How long `stop()` lets requests in flight finish before closing every connection, so the
  /// process exits within 10 seconds of a SIGTERM.
  std::chrono::milliseconds shutdown_timeout = std::chrono::seconds(8);

  /// One JSON line per answered request: time (RFC 3339, UTC), method, path (without the query),
  /// status and duration_ms. Never headers, cookies, query strings or bodies. Default: stdout.
  std::function<void(std::string_view)> access_log = [](std::string_view line) {
    detail::write_line(stdout, line);
  };
  /// One JSON line per client-side problem: a request rejected before routing (400, 413, 414,
  /// 431, 505), a client dropped for being slow or gone mid-request. Default: stderr.
  std::function<void(std::string_view)> warning_log = [](std::string_view line) {
    detail::write_line(stderr, line);
  };
  /// One JSON line per server-side problem: failing to accept, the shutdown deadline passing.
  /// Default: stderr.
  std::function<void(std::string_view)> error_log = [](std::string_view line) {
    detail::write_line(stderr, line);
  };
};

}  // namespace flasky::net
