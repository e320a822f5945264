#pragma once
// A byte-exact HTTP client for the server tests: plain POSIX sockets on loopback, so a test can
// send exactly the bytes it means (malformed, oversized, pipelined, slow) and read exactly what
// comes back. Every read has a timeout, so a test never hangs.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flasky_net_test {

/// One answer as read from the wire.
struct raw_response {
  int status = 0;
  std::string head;  // status line and fields, up to and including the empty line
  std::string body;

  /// The value of the first field called `name` (ASCII case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size()) {
      const std::size_t start = pos + 2;
      const std::size_t end = head.find("\r\n", start);
      const std::string_view line(head.data() + start, end - start);
      const auto colon = line.find(':');
      if (colon != std::string_view::npos && colon == name.size()) {
        bool same = true;
        for (std::size_t i = 0; i < colon; ++i)
          same = same && std::tolower(static_cast<unsigned char>(line[i])) ==
                             std::tolower(static_cast<unsigned char>(name[i]));
        if (same) {
          auto value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
          return std::string(value);
        }
      }
      pos = end;
    }
    return std::nullopt;
  }
};

/// A TCP connection to 127.0.0.1:port with a receive timeout (default 5 s).
class raw_connection {
 public:
  explicit raw_connection(std::uint16_t port, int timeout_ms = 5000) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
  }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;
  ~raw_connection() { close(); }

  /// Sends all of `bytes`; false when the peer has closed or reset the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Reads one response (HEAD answers have no body); std::nullopt when the connection ends or
  /// the timeout passes first.
  std::optional<raw_response> read_response(bool head_request = false) {
    std::size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return std::nullopt;
    raw_response r;
    r.head = pending_.substr(0, end + 4);
    pending_.erase(0, end + 4);
    if (r.head.size() < 12 || r.head.compare(0, 5, "HTTP/") != 0) return std::nullopt;
    r.status = std::atoi(r.head.c_str() + 9);
    std::size_t length = 0;
    if (auto cl = r.header("Content-Length")) length = std::stoul(*cl);
    if (head_request || r.status / 100 == 1 || r.status == 204 || r.status == 304) length = 0;
    while (pending_.size() < length)
      if (!fill()) return std::nullopt;
    r.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return r;
  }

  /// Whether the server closes the connection within `wait_ms`: a read sees the end of the
  /// stream (or a reset) with no bytes before it.
  bool closed_by_peer(int wait_ms = 2000) {
    if (!pending_.empty()) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) <= 0) return false;  // still open
    char c;
    const auto n = ::recv(fd_, &c, 1, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET || errno == EPIPE;
    pending_.push_back(c);
    return false;
  }

  /// Stops sending (the server sees the end of the stream).
  void shutdown_send() { ::shutdown(fd_, SHUT_WR); }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  bool fill() {
    char buf[16384];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
};

/// Sends `bytes` on a new connection and reads one answer.
inline std::optional<raw_response> round_trip(std::uint16_t port, std::string_view bytes) {
  raw_connection c(port);
  if (!c.send(bytes)) return std::nullopt;
  return c.read_response();
}

}  // namespace flasky_net_test
