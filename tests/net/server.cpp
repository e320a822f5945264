#include <atomic>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <flasky/net/server.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "raw_connection.hpp"

using flasky_net_test::raw_connection;
using flasky_net_test::round_trip;
using namespace std::chrono_literals;

namespace {

// Small limits so each boundary is cheap to reach: request line 256, header block 512,
// body 1024 bytes; header and body timeouts of half a second.
flasky::net::server_options test_options() {
  flasky::net::server_options o;
  o.port = 0;
  o.threads = 2;
  o.max_request_line_bytes = 256;
  o.max_header_bytes = 512;
  o.max_body_bytes = 1024;
  o.header_timeout = 500ms;
  o.body_timeout = 500ms;
  o.idle_timeout = 2s;
  o.shutdown_timeout = 3s;
  return o;
}

// A server on a free port, running on its own thread, with test routes and captured logs.
struct running_server {
  explicit running_server(flasky::net::server_options o = test_options()) {
    app.get("/hello", [] { return "hello"; });
    app.post("/echo", [](flasky::request& req) { return flasky::response::text(req.body()); });
    app.get("/slow", [this] {
      slow_started = true;
      std::this_thread::sleep_for(300ms);
      return "slow";
    });
    app.get("/inject", [] {
      flasky::response res = flasky::response::text("body");
      res.headers().add("X-Bad", "a\r\nSet-Cookie: evil=1");
      res.headers().add("X-Good", "ok");
      return res;
    });
    o.access_log = [this](std::string_view line) {
      std::lock_guard lock(mutex);
      access.emplace_back(line);
    };
    o.warning_log = [this](std::string_view line) {
      std::lock_guard lock(mutex);
      warnings.emplace_back(line);
    };
    o.error_log = o.warning_log;
    srv.emplace(app, o);
    srv->start();
    port = srv->port();
    thread = std::thread([this] { srv->run(); });
  }
  ~running_server() { stop(); }

  void stop() {
    if (!thread.joinable()) return;
    srv->stop();
    thread.join();
  }

  std::vector<std::string> access_lines() {
    std::lock_guard lock(mutex);
    return access;
  }
  std::vector<std::string> warning_lines() {
    std::lock_guard lock(mutex);
    return warnings;
  }

  flasky::router app;
  std::optional<flasky::net::server> srv;
  std::uint16_t port = 0;
  std::thread thread;
  std::atomic<bool> slow_started{false};
  std::mutex mutex;
  std::vector<std::string> access, warnings;
};

int status_of(std::uint16_t port, const std::string& bytes) {
  auto r = round_trip(port, bytes);
  return r ? r->status : 0;
}

// The status and whether the server then closed the connection (waits up to 2 s for that:
// use it where the server should close).
std::pair<int, bool> status_and_close(std::uint16_t port, const std::string& bytes) {
  raw_connection c(port);
  c.send(bytes);
  auto r = c.read_response();
  if (!r) return {0, c.closed_by_peer()};
  return {r->status, c.closed_by_peer()};
}

// The status, when the connection then goes on serving (a GET /hello on it gets 200); else -1.
int status_keeping_alive(std::uint16_t port, const std::string& bytes) {
  raw_connection c(port);
  c.send(bytes);
  auto r = c.read_response();
  if (!r) return 0;
  c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  auto next = c.read_response();
  return next && next->status == 200 ? r->status : -1;
}

std::string get(std::string_view target, std::string_view extra = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra) + "\r\n";
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<std::pair<int, bool>> {
  static std::string convert(const std::pair<int, bool>& p) {
    return "{" + std::to_string(p.first) + (p.second ? ", closed}" : ", open}");
  }
};
}  // namespace Catch

TEST_CASE("a server on port 0 binds a free port, reports it and answers over TCP") {
  running_server s;
  REQUIRE(s.port != 0);
  auto r = round_trip(s.port, get("/hello"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "hello");
  CHECK(r->header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(r->header("Content-Length") == "5");
  CHECK(r->header("Date"));
  CHECK(status_of(s.port, get("/nowhere")) == 404);
  CHECK(status_of(s.port, "PUT /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n") == 405);
}

TEST_CASE("a second server on a port in use fails with an error value") {
  running_server s;
  flasky::router app;
  auto o = test_options();
  o.port = s.port;
  flasky::net::server other(app, o);
  auto where = other.try_start();
  REQUIRE_FALSE(where);
  CHECK(where.error() == boost::asio::error::address_in_use);
  CHECK_THROWS_AS(other.start(), boost::system::system_error);
}

TEST_CASE("keep-alive serves several requests on one connection") {
  running_server s;
  raw_connection c(s.port);
  for (int i = 0; i != 3; ++i) {
    REQUIRE(c.send(get("/hello")));
    auto r = c.read_response();
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK_FALSE(r->header("Connection"));
  }
  REQUIRE(c.send(get("/hello", "Connection: close\r\n")));
  auto last = c.read_response();
  REQUIRE(last);
  CHECK(last->header("Connection") == "close");
  CHECK(c.closed_by_peer());
}

TEST_CASE("pipelined requests sent in one write are answered in order") {
  running_server s;
  raw_connection c(s.port);
  const std::string burst =
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nfirst" + get("/hello") +
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nthi\r\n2\r\nrd\r\n0\r\n\r\n" +
      get("/nowhere") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nlast";
  REQUIRE(c.send(burst));
  std::vector<std::pair<int, std::string>> answers;
  for (int i = 0; i != 5; ++i) {
    auto r = c.read_response();
    REQUIRE(r);
    answers.emplace_back(r->status, r->body);
  }
  CHECK(answers ==
        std::vector<std::pair<int, std::string>>{
            {200, "first"}, {200, "hello"}, {200, "third"}, {404, "Not Found"}, {200, "last"}});
}

TEST_CASE("HTTP/1.0 closes after the answer unless keep-alive is asked for") {
  running_server s;
  auto [status, closed] = status_and_close(s.port, "GET /hello HTTP/1.0\r\n\r\n");
  CHECK(status == 200);
  CHECK(closed);
  raw_connection c(s.port);
  REQUIRE(c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto r = c.read_response();
  REQUIRE(r);
  CHECK(r->header("Connection") == "keep-alive");
  REQUIRE(c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  CHECK(c.read_response());
}

TEST_CASE("HEAD keeps the Content-Length of GET and sends no body") {
  running_server s;
  raw_connection c(s.port);
  REQUIRE(c.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto r = c.read_response(true);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("Content-Length") == "5");
  // No body bytes: the next answer on the connection starts right away.
  REQUIRE(c.send(get("/hello")));
  auto next = c.read_response();
  REQUIRE(next);
  CHECK(next->body == "hello");
}

TEST_CASE("a request line over the limit gets 414 and the connection closes") {
  running_server s;
  // "GET /" + k + " HTTP/1.1" is k + 14 bytes; the limit is 256.
  CHECK(status_keeping_alive(s.port, get("/" + std::string(242, 'a'))) == 404);
  CHECK(status_and_close(s.port, get("/" + std::string(243, 'a'))) == std::pair{414, true});
  // No line end at all, far past the limit.
  CHECK(status_and_close(s.port, "GET /" + std::string(5000, 'a')) == std::pair{414, true});
}

TEST_CASE("a header block over the limit gets 431 and the connection closes") {
  running_server s;
  // "Host: t\r\n" + "X-Pad: " + p + "\r\n" + "\r\n" is p + 20 bytes; the limit is 512.
  CHECK(status_keeping_alive(s.port, get("/hello", "X-Pad: " + std::string(492, 'p') + "\r\n")) ==
        200);
  CHECK(status_and_close(s.port, get("/hello", "X-Pad: " + std::string(493, 'p') + "\r\n")) ==
        std::pair{431, true});
  // Many small fields count the same, and so does a header that never ends.
  std::string many;
  for (int i = 0; i != 100; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  CHECK(status_and_close(s.port, get("/hello", many)) == std::pair{431, true});
  CHECK(status_and_close(s.port, "GET /hello HTTP/1.1\r\nX: " + std::string(5000, 'p')) ==
        std::pair{431, true});
}

TEST_CASE("a body over the limit gets 413, by Content-Length or chunked") {
  running_server s;
  auto post = [](std::size_t n) {
    return "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(n) + "\r\n\r\n" +
           std::string(n, 'b');
  };
  auto chunked = [](std::size_t n) {
    std::string half(n / 2, 'c'), rest(n - n / 2, 'c');
    auto hex = [](std::size_t v) {
      char buf[20];
      std::snprintf(buf, sizeof buf, "%zx", v);
      return std::string(buf);
    };
    return "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
           hex(half.size()) + "\r\n" + half + "\r\n" + hex(rest.size()) + "\r\n" + rest +
           "\r\n0\r\n\r\n";
  };
  CHECK(status_keeping_alive(s.port, post(1024)) == 200);
  CHECK(status_and_close(s.port, post(1025)) == std::pair{413, true});
  CHECK(status_keeping_alive(s.port, chunked(1024)) == 200);
  CHECK(status_and_close(s.port, chunked(1025)) == std::pair{413, true});
  // Refused from the header alone, before any body byte is sent.
  CHECK(status_and_close(s.port,
                         "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999\r\n\r\n") ==
        std::pair{413, true});
}

TEST_CASE("Expect: 100-continue gets 100 Continue before the body is sent") {
  running_server s;
  raw_connection c(s.port);
  REQUIRE(c.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  auto go_on = c.read_response();
  REQUIRE(go_on);
  CHECK(go_on->status == 100);
  REQUIRE(c.send("ok"));
  auto r = c.read_response();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "ok");
}

TEST_CASE("malformed requests get 400 and the connection closes") {
  running_server s;
  using namespace std::string_literals;
  const std::string bad[] = {
      "GARBAGE\r\n\r\n"s,
      "GET\r\nHost: t\r\n\r\n"s,
      "GET /hello\r\nHost: t\r\n\r\n"s,
      "GET /hello HTTP/1.1 extra\r\nHost: t\r\n\r\n"s,
      "GET /hello HTTX/1.1\r\nHost: t\r\n\r\n"s,
      "G(T /hello HTTP/1.1\r\nHost: t\r\n\r\n"s,
      "GET /he llo HTTP/1.1\r\nHost: t\r\n\r\n"s,
      "GET /hello HTTP/1.1\nHost: t\n\n"s,
      "GET /hello HTTP/1.1\r\nHost: t\r\nNo-Colon\r\n\r\n"s,
      "GET /hello HTTP/1.1\r\nHost: t\r\nBad Name: v\r\n\r\n"s,
      "GET /hello HTTP/1.1\r\nHost: t\r\nX: a\0b\r\n\r\n"s,
      "GET /hello HTTP/1.1\r\n\r\n"s,                        // HTTP/1.1 without Host
      "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"s,  // two Hosts
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n"s,
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n"s,
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"s,
  };
  for (const std::string& request : bad) {
    INFO(request);
    CHECK(status_and_close(s.port, request) == std::pair{400, true});
  }
  // A well-formed version other than 1.x is 505; 1.0 and 1.1 are the only minors Beast takes.
  CHECK(status_and_close(s.port, "GET /hello HTTP/2.0\r\nHost: t\r\n\r\n") == std::pair{505, true});
  CHECK(status_and_close(s.port, "GET /hello HTTP/0.9\r\nHost: t\r\n\r\n") == std::pair{505, true});
  CHECK(status_and_close(s.port, "GET /hello HTTP/1.x\r\nHost: t\r\n\r\n") == std::pair{400, true});
  CHECK(status_of(s.port, get("/hello")) == 200);  // still serving
}

TEST_CASE("request smuggling shapes are refused and the connection closes") {
  running_server s;
  const std::string head = "POST /echo HTTP/1.1\r\nHost: t\r\n";
  struct shape {
    const char* fields;
    int status;
  };
  const shape shapes[] = {
      {"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400},
      {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400},
      {"Content-Length: 5\r\nContent-Length: 5\r\n", 400},
      {"Content-Length: 5\r\nContent-Length: 6\r\n", 400},
      {"Content-Length: 5, 5\r\n", 400},
      {"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n", 400},
      {"Transfer-Encoding: gzip\r\n", 400},
      {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400},
      {"Transfer-Encoding: chunked, chunked\r\n", 400},
      {"Transfer-Encoding: gzip, chunked\r\n", 501},
      {"Content-Length : 5\r\n", 400},
      {"Transfer-Encoding : chunked\r\n", 400},
  };
  for (const auto& [fields, status] : shapes) {
    INFO(fields);
    CHECK(status_and_close(s.port, head + fields + "\r\n0\r\n\r\nhello") ==
          std::pair{status, true});
  }
  CHECK(status_and_close(s.port,
                         "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") ==
        std::pair{400, true});
  CHECK(status_of(s.port, get("/hello")) == 200);
}

TEST_CASE("a client sending its header a byte at a time is dropped while others are served") {
  running_server s;  // header timeout 0.5 s
  std::atomic<bool> dropped{false};
  std::atomic<int> sent{0};
  const std::string request = get("/hello", "X-Pad: " + std::string(200, 'p') + "\r\n");
  std::thread slow([&] {
    raw_connection c(s.port);
    for (char byte : request) {
      if (!c.send(std::string_view(&byte, 1))) break;
      ++sent;
      std::this_thread::sleep_for(20ms);  // the whole header would take about 5 s
    }
    dropped = c.closed_by_peer();
  });
  int served = 0;
  for (int i = 0; i != 10; ++i) {
    if (status_of(s.port, get("/hello")) == 200) ++served;
    std::this_thread::sleep_for(20ms);
  }
  slow.join();
  CHECK(served == 10);
  CHECK(dropped);
  CHECK(sent < static_cast<int>(request.size()));
  bool warned = false;
  for (const auto& line : s.warning_lines())
    warned = warned || line.find("slow client") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("a request that arrives in small pieces is read as if it came at once") {
  running_server s;
  raw_connection c(s.port);
  const std::string request = "POST /echo HTTP/1.1\r\nHost: t\r\nX-Pad: " + std::string(100, 'p') +
                              "\r\nContent-Length: 11\r\n\r\nhello world";
  for (std::size_t i = 0; i < request.size(); i += 3) {
    REQUIRE(c.send(std::string_view(request).substr(i, 3)));
    std::this_thread::sleep_for(1ms);
  }
  auto r = c.read_response();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "hello world");
}

TEST_CASE("a client that disconnects mid-body leaves the server serving") {
  running_server s;
  {
    raw_connection c(s.port);
    REQUIRE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly part"));
  }
  {
    raw_connection c(s.port);
    REQUIRE(
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"));
    c.shutdown_send();
    CHECK_FALSE(c.read_response());
  }
  CHECK(status_of(s.port, get("/hello")) == 200);
  auto r = round_trip(s.port, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
  REQUIRE(r);
  CHECK(r->body == "abc");
}

TEST_CASE("a slow body is dropped at the body timeout") {
  running_server s;  // body timeout 0.5 s
  raw_connection c(s.port);
  REQUIRE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab"));
  CHECK_FALSE(c.read_response());  // closed without an answer
  CHECK(status_of(s.port, get("/hello")) == 200);
}

TEST_CASE("stop() lets a request in flight finish, closes idle connections and ends run()") {
  running_server s;
  raw_connection idle(s.port);
  REQUIRE(idle.send(get("/hello")));
  REQUIRE(idle.read_response());
  raw_connection busy(s.port);
  REQUIRE(busy.send(get("/slow")));
  while (!s.slow_started) std::this_thread::sleep_for(1ms);
  s.srv->stop();
  auto r = busy.read_response();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "slow");
  CHECK(r->header("Connection") == "close");
  CHECK(idle.closed_by_peer());
  s.thread.join();  // run() returned
  CHECK_THROWS(raw_connection(s.port));
}

TEST_CASE("stop() before any connection ends run() at once, and may be called twice") {
  running_server s;
  s.srv->stop();
  s.srv->stop();
  s.thread.join();
  SUCCEED();
}

TEST_CASE("the access log has one JSON line per request, without query, headers or cookies") {
  running_server s;
  raw_connection c(s.port);
  REQUIRE(
      c.send("GET /hello?token=s3cr3t HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer s3cr3t\r\n"
             "Cookie: session=s3cr3t\r\nX-Api-Key: s3cr3t\r\n\r\n"));
  REQUIRE(c.read_response());
  REQUIRE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\ns3cr3t"));
  REQUIRE(c.read_response());
  REQUIRE(c.send("GET /a%0Ab%FF HTTP/1.1\r\nHost: t\r\n\r\n"));
  REQUIRE(c.read_response());
  CHECK(status_of(s.port, get("/" + std::string(300, 'x'))) == 414);
  s.stop();
  const auto lines = s.access_lines();
  REQUIRE(lines.size() == 4);
  for (const auto& line : lines) {
    INFO(line);
    CHECK(line.find("s3cr3t") == std::string::npos);
    auto v = boost::json::parse(line).as_object();
    CHECK(v.size() == 5);
    CHECK(v.at("time").as_string().size() == 24);  // 2024-05-01T12:34:56.789Z
    CHECK(v.at("time").as_string().back() == 'Z');
    CHECK(v.at("duration_ms").is_number());
  }
  // Requests on one connection are logged in order; the 414 (its own connection) may come
  // anywhere, since a line is written once its answer is sent.
  std::vector<boost::json::object> entries;
  for (const auto& line : lines) entries.push_back(boost::json::parse(line).as_object());
  std::vector<boost::json::object> kept_alive, refused;
  for (auto& e : entries) (e.at("status") == 414 ? refused : kept_alive).push_back(e);
  REQUIRE(kept_alive.size() == 3);
  REQUIRE(refused.size() == 1);
  CHECK(kept_alive[0].at("method") == "GET");
  CHECK(kept_alive[0].at("path") == "/hello");
  CHECK(kept_alive[0].at("status") == 200);
  CHECK(kept_alive[1].at("method") == "POST");
  CHECK(kept_alive[2].at("path") == "/a%0Ab%FF");
  CHECK(refused[0].at("method") == "GET");
}

TEST_CASE("a handler's header with CR or LF in its value is never written") {
  running_server s;
  auto r = round_trip(s.port, get("/inject"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("X-Good") == "ok");
  CHECK_FALSE(r->header("X-Bad"));
  CHECK_FALSE(r->header("Set-Cookie"));
}

TEST_CASE("empty lines before a request line are ignored") {
  running_server s;
  CHECK(status_of(s.port, "\r\n\r\n" + get("/hello")) == 200);
}
