#pragma once
// Private: an http:// or https:// endpoint (scheme, host, port), parsed with Boost.URL.

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace flasky::aws::detail {

struct http_endpoint {
  bool tls = true;
  std::string host;         // without brackets for IPv6
  std::string port;         // always set: "443" / "80" by default
  std::string host_header;  // Host header value: host[:port] when the port is not the default
  std::string path = "/";   // path of a credentials URI (with its query); "/" for services

  std::string describe() const {
    return host_header.find(':') == std::string::npos ? host_header + ":" + port : host_header;
  }
};

// Parses "http(s)://host[:port][/path]"; with allow_path false, the path must be empty or "/".
// No user info, no fragment. nullopt when malformed.
inline std::optional<http_endpoint> parse_http_endpoint(std::string_view text, bool allow_path) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return std::nullopt;
  const boost::urls::url_view& u = *parsed;
  http_endpoint ep;
  if (u.scheme() == "https") {
    ep.tls = true;
  } else if (u.scheme() == "http") {
    ep.tls = false;
  } else {
    return std::nullopt;
  }
  if (!u.has_authority() || u.has_userinfo() || u.host().empty()) return std::nullopt;
  if (u.host_type() == boost::urls::host_type::ipv6) {
    ep.host = u.host_address();
  } else {
    ep.host = u.host();
  }
  const std::string default_port = ep.tls ? "443" : "80";
  ep.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : default_port;
  if (ep.port.size() > 5 || ep.port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(ep.port) == 0 || std::stoul(ep.port) > 65535) {
    return std::nullopt;
  }
  ep.host_header = std::string(u.encoded_host_and_port());
  if (ep.port == default_port && u.has_port()) ep.host_header = std::string(u.encoded_host());
  const std::string_view path = u.encoded_path();
  if (!allow_path && !(path.empty() || path == "/")) return std::nullopt;
  if (u.has_fragment()) return std::nullopt;
  if (!allow_path && u.has_query()) return std::nullopt;
  ep.path = path.empty() ? "/" : std::string(path);
  if (u.has_query()) ep.path += "?" + std::string(u.encoded_query());
  return ep;
}

// True for a host that names this machine: 127.0.0.0/8, ::1, localhost.
inline bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace flasky::aws::detail
