// flasky-local: the reference candidate API over HTTP on this machine (flasky::net::server).
//
//   flasky-local [--host H] [--port P] [--store memory|sqlite:PATH] [--log-level L] [--help]
//
// Prints the URL it serves at start; SIGTERM or SIGINT stops it gracefully. See docs/local.md.
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <flasky/memory_store.hpp>
#include <flasky/net/server.hpp>
#include <flasky/router.hpp>
#include <flasky/router_options.hpp>
#include <flasky/sqlite/sqlite_store.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "candidate_api.hpp"

namespace {

constexpr std::string_view usage = R"(usage: flasky-local [options]

Serves the flasky candidate API over HTTP/1.1.

options:
  --host HOST              address to listen on (default 127.0.0.1)
  --port PORT              TCP port; 0 picks a free one (default: $PORT, else 8080)
  --store STORE            memory, or sqlite:PATH (default sqlite:./flasky.db)
  --log-level LEVEL        error, warn or info (default info: includes the access log)
  --threads N              worker threads (default: one per hardware thread)
  --max-request-line-bytes N   414 past it (default 8192)
  --max-header-bytes N     431 past it (default 8192)
  --max-body-bytes N       413 past it (default 1048576)
  --header-timeout SECONDS drop a client whose header takes longer (default 10)
  --body-timeout SECONDS   drop a client whose body takes longer (default 30)
  --idle-timeout SECONDS   close a keep-alive connection idle this long (default 60)
  --help                   print this and exit

Logs are JSON lines: the access log on stdout, warnings and errors on stderr.
SIGTERM or SIGINT: stop accepting, finish requests in flight, exit (within 10 seconds).
)";

enum class level { error, warn, info };

struct config {
  flasky::net::server_options server;
  std::string store = "sqlite:./flasky.db";
  level log_level = level::info;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "flasky-local: " << message << "\n(flasky-local --help lists the options)\n";
  std::exit(2);
}

template <class Int>
Int parse_number(std::string_view option, std::string_view text, Int min, Int max) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max)
    fail(std::string(option) + ": expected a number from " + std::to_string(min) + " to " +
         std::to_string(max) + ", got '" + std::string(text) + "'");
  return value;
}

std::chrono::milliseconds parse_seconds(std::string_view option, std::string_view text) {
  // Whole seconds, or a decimal such as 0.5.
  double seconds = 0;
  try {
    std::size_t used = 0;
    seconds = std::stod(std::string(text), &used);
    if (used != text.size() || !(seconds > 0) || seconds > 86400) throw std::invalid_argument("");
  } catch (const std::exception&) {
    fail(std::string(option) + ": expected seconds (more than 0), got '" + std::string(text) + "'");
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

config parse_arguments(int argc, char** argv) {
  config c;
  bool port_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      std::exit(0);
    }
    std::string_view name = arg, value;
    bool inline_value = false;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    auto next = [&]() -> std::string_view {
      if (inline_value) return value;
      if (i + 1 >= argc) fail(std::string(name) + " needs a value");
      return argv[++i];
    };
    auto& s = c.server;
    if (name == "--host") {
      s.host = std::string(next());
      if (s.host.empty()) fail("--host: empty");
    } else if (name == "--port") {
      s.port = parse_number<std::uint16_t>(name, next(), 0, 65535);
      port_given = true;
    } else if (name == "--store") {
      c.store = std::string(next());
    } else if (name == "--log-level") {
      auto l = next();
      if (l == "error")
        c.log_level = level::error;
      else if (l == "warn")
        c.log_level = level::warn;
      else if (l == "info")
        c.log_level = level::info;
      else
        fail("--log-level: expected error, warn or info, got '" + std::string(l) + "'");
    } else if (name == "--threads") {
      s.threads = parse_number<unsigned>(name, next(), 1, 1024);
    } else if (name == "--max-request-line-bytes") {
      s.max_request_line_bytes = parse_number<std::size_t>(name, next(), 64, 1u << 30);
    } else if (name == "--max-header-bytes") {
      s.max_header_bytes = parse_number<std::size_t>(name, next(), 64, 1u << 30);
    } else if (name == "--max-body-bytes") {
      s.max_body_bytes = parse_number<std::size_t>(name, next(), 0, std::size_t(1) << 40);
    } else if (name == "--header-timeout") {
      s.header_timeout = parse_seconds(name, next());
    } else if (name == "--body-timeout") {
      s.body_timeout = parse_seconds(name, next());
    } else if (name == "--idle-timeout") {
      s.idle_timeout = parse_seconds(name, next());
    } else {
      fail("unknown option '" + std::string(arg) + "'");
    }
  }
  if (!port_given) {
    if (const char* env = std::getenv("PORT"); env != nullptr && *env != '\0')
      c.server.port = parse_number<std::uint16_t>("PORT (environment)", env, 0, 65535);
  }
  return c;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// The JSON line of an error logged by the program itself (same shape as the server's).
void log_error(std::string_view message) {
  boost::json::object line;
  line["level"] = "error";
  line["message"] = message;
  flasky::net::detail::write_line(stderr, boost::json::serialize(line));
}

std::string url_of(const boost::asio::ip::tcp::endpoint& where) {
  const auto address = where.address();
  std::string host = address.to_string();
  if (address.is_v6()) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(where.port()) + "/";
}

template <class Store>
int serve(config& c, Store& store, std::string_view store_name) {
  flasky::router_options router_options;
  router_options.log = [](std::string_view line) { log_error(line); };  // handler exceptions
  flasky::router app(router_options);
  candidate_api::add_routes(app, store, host_name());

  auto& s = c.server;
  if (c.log_level < level::info) s.access_log = {};
  if (c.log_level < level::warn) s.warning_log = {};
  flasky::net::server srv(app, s);
  auto where = srv.try_start();
  if (!where) {
    std::cerr << "flasky-local: cannot listen on " << s.host << ':' << s.port << ": "
              << where.error().message() << '\n';
    return 1;
  }
  srv.stop_on_signals();
  std::cout << "flasky-local: serving the candidate API at " << url_of(*where) << " (store "
            << store_name << ", " << srv.threads() << " threads)" << std::endl;
  srv.run();
  std::cerr << "flasky-local: stopped\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  config c = parse_arguments(argc, argv);
  try {
    if (c.store == "memory") {
      flasky::memory_store store;
      return serve(c, store, "memory");
    }
    if (c.store.starts_with("sqlite:")) {
      const std::string path = c.store.substr(7);
      auto opened = flasky::sqlite_store::try_open(path);
      if (!opened) {
        std::cerr << "flasky-local: " << opened.error().what() << '\n';
        return 1;
      }
      flasky::sqlite_store store = std::move(*opened);
      return serve(c, store, c.store);
    }
    fail("--store: expected memory or sqlite:PATH, got '" + c.store + "'");
  } catch (const std::exception& e) {
    std::cerr << "flasky-local: " << e.what() << '\n';
    return 1;
  }
}
