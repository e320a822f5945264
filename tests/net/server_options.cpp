#include <catch2/catch.hpp>
#include <chrono>
#include <flasky/net/server_options.hpp>

TEST_CASE("the default options are the documented limits and timeouts") {
  using namespace std::chrono_literals;
  const flasky::net::server_options o;
  CHECK(o.host == "127.0.0.1");
  CHECK(o.port == 8080);
  CHECK(o.threads == 0);
  CHECK(o.max_request_line_bytes == 8192);
  CHECK(o.max_header_bytes == 8192);
  CHECK(o.max_body_bytes == 1024 * 1024);
  CHECK(o.header_timeout == 10s);
  CHECK(o.body_timeout == 30s);
  CHECK(o.idle_timeout == 60s);
  CHECK(o.write_timeout == 30s);
  CHECK(o.shutdown_timeout < 10s);
  CHECK(o.access_log);
  CHECK(o.warning_log);
  CHECK(o.error_log);
}

TEST_CASE("timeouts can be given in milliseconds and logs can be turned off") {
  using namespace std::chrono_literals;
  flasky::net::server_options o;
  o.header_timeout = 250ms;
  o.access_log = {};
  CHECK(o.header_timeout.count() == 250);
  CHECK_FALSE(o.access_log);
}
