// A test-only program linked exactly like the Lambda bootstrap (fully static: glibc, libstdc++,
// Boost.JSON/URL, OpenSSL), used by the aws.package.* tests to check what a static program
// really does on its own: resolve host names (files and DNS) and verify a TLS server with the
// trust store it finds.
//
//   static_probe resolve <host>          prints each address, one per line
//   static_probe tls <host> <port>       GET / over TLS; prints "status <n>" and the body
//   static_probe json                    parses JSON and a URL (proves those libraries work)
//
// Exit codes: 0 success, 2 resolution failed, 3 TLS failed, 64 usage.
#include <netdb.h>
#include <sys/socket.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <boost/url.hpp>


namespace {

int resolve(const char* host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host, nullptr, &hints, &found); rc != 0) {
    std::cerr << "resolve: " << host << ": " << gai_strerror(rc) << '\n';
    return 2;
  }
  for (addrinfo* a = found; a; a = a->ai_next) {
    char text[NI_MAXHOST];
    if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
      std::cout << text << '\n';
  }
  freeaddrinfo(found);
  return 0;
}

int tls(const char* host, const char* port) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  try {
    asio::io_context io;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host))
      throw beast::system_error(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    asio::ip::tcp::resolver resolver(io);
    beast::get_lowest_layer(stream).connect(resolver.resolve(host, port));
    stream.handshake(asio::ssl::stream_base::client);
    http::request<http::empty_body> req(http::verb::get, "/", 11);
    req.set(http::field::host, host);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    std::cout << "status " << res.result_int() << '\n' << res.body() << '\n';
    beast::error_code ignored;
    stream.shutdown(ignored);
    return 0;
  } catch (const beast::system_error& e) {
    std::cerr << "tls: " << e.code().message() << '\n';
    return 3;
  }
}

int json() {
  auto url = boost::urls::parse_uri("https://dynamodb.us-east-1.amazonaws.com/?a=%2F");
  auto value = boost::json::parse(R"({"Items":[{"CandidateName":{"S":"alice"}}]})");
  if (!url) return 1;
  std::cout << url->host() << ' ' << boost::json::serialize(value.at("Items").at(0)) << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "resolve" && argc == 3) return resolve(argv[2]);
  if (mode == "tls" && argc == 4) return tls(argv[2], argv[3]);
  if (mode == "json" && argc == 2) return json();
  std::cerr << "usage: static_probe resolve <host> | tls <host> <port> | json\n";
  return 64;
}
