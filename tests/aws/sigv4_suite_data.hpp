#pragma once
// Test helper: loads the AWS SigV4 test suite (awslabs/aws-c-auth, ../shared/data/aws-sigv4-suite)
// into flasky requests and the settings of each case.

#include <flasky/aws/sigv4_credentials.hpp>
#include <flasky/header_map.hpp>
#include <flasky/request.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef FLASKY_SHARED_DATA_DIR
#define FLASKY_SHARED_DATA_DIR "../shared/data"
#endif

namespace flasky_test {

// The number of cases the suite has; a different count means the data changed.
inline constexpr std::size_t sigv4_suite_size = 38;

// One case: its settings (context.json), its request and the expected texts.
struct sigv4_case {
  std::string name;
  flasky::aws::sigv4_credentials credentials;
  std::string region;
  std::string service;
  std::chrono::sys_seconds timestamp{};
  std::chrono::seconds expiration{0};
  bool normalize = true;
  bool sign_body = false;
  bool omit_session_token = false;
  std::string request_text;  // request.txt
  std::string header_canonical_request, header_string_to_sign, header_signature;
  std::string header_signed_request;  // header-signed-request.txt
  std::string query_canonical_request, query_string_to_sign, query_signature;
  std::string query_signed_request;  // query-signed-request.txt
};

// The suite's directory: $FLASKY_SHARED_DATA/aws-sigv4-suite when that variable is set, else
// the shared data directory CMake compiled in.
inline std::filesystem::path sigv4_suite_dir() {
  std::filesystem::path root = FLASKY_SHARED_DATA_DIR;
  if (const char* env = std::getenv("FLASKY_SHARED_DATA"); env != nullptr && *env != '\0') {
    root = env;
  }
  return root / "aws-sigv4-suite";
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "2015-08-30T12:36:00Z"
inline std::chrono::sys_seconds parse_iso8601(std::string_view s) {
  auto num = [&](std::size_t pos, std::size_t len) {
    return std::stoi(std::string(s.substr(pos, len)));
  };
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != 'Z') {
    throw std::runtime_error("unexpected timestamp " + std::string(s));
  }
  using namespace std::chrono;
  const year_month_day ymd{year{num(0, 4)}, month{static_cast<unsigned>(num(5, 2))},
                           day{static_cast<unsigned>(num(8, 2))}};
  return sys_days{ymd} + hours{num(11, 2)} + minutes{num(14, 2)} + seconds{num(17, 2)};
}

// Parses an HTTP/1.1 request as the suite writes it: "METHOD target HTTP/1.1" (the target may
// contain spaces), "Name:value" lines (the value kept exactly as written after the colon; a line
// starting with whitespace continues the previous value after a "\n"), an empty line, the body.
inline flasky::request parse_http_request(std::string_view text) {
  auto next_line = [&text]() {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  const std::string_view request_line = next_line();
  const auto first_space = request_line.find(' ');
  const auto last_space = request_line.rfind(' ');
  if (first_space == std::string_view::npos || last_space <= first_space) {
    throw std::runtime_error("bad request line: " + std::string(request_line));
  }
  const std::string method(request_line.substr(0, first_space));
  std::string target(request_line.substr(first_space + 1, last_space - first_space - 1));

  std::vector<std::pair<std::string, std::string>> fields;
  while (!text.empty()) {
    const std::string_view line = next_line();
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (fields.empty()) throw std::runtime_error("continuation line before any header");
      fields.back().second.append("\n").append(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      throw std::runtime_error("bad header line: " + std::string(line));
    }
    fields.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  flasky::header_map headers;
  for (auto& [n, v] : fields) headers.add(std::move(n), std::move(v));
  return flasky::request(std::string_view(method), std::move(target), std::move(headers),
                         std::string(text));
}

// Loads one case directory; throws with the reason when something is missing or unexpected.
inline sigv4_case load_sigv4_case(const std::filesystem::path& dir) {
  sigv4_case c;
  c.name = dir.filename().string();
  const auto context = boost::json::parse(read_file(dir / "context.json")).as_object();
  // Every field the suite uses is honoured; an unknown one must not be silently ignored.
  for (const auto& field : context) {
    static constexpr std::string_view known[] = {
        "credentials", "expiration_in_seconds", "normalize", "region", "service", "sign_body",
        "timestamp",   "omit_session_token"};
    bool ok = false;
    for (auto k : known) ok = ok || field.key() == k;
    if (!ok) {
      throw std::runtime_error(c.name + "/context.json has a field this test does not know: " +
                               std::string(field.key()));
    }
  }
  const auto& creds = context.at("credentials").as_object();
  for (const auto& field : creds) {
    if (field.key() != "access_key_id" && field.key() != "secret_access_key" &&
        field.key() != "token") {
      throw std::runtime_error(
          c.name + "/context.json has an unknown credential field: " + std::string(field.key()));
    }
  }
  c.credentials.access_key_id = std::string(creds.at("access_key_id").as_string());
  c.credentials.secret_access_key = std::string(creds.at("secret_access_key").as_string());
  if (const auto* token = creds.if_contains("token")) {
    c.credentials.session_token = std::string(token->as_string());
  }
  c.region = std::string(context.at("region").as_string());
  c.service = std::string(context.at("service").as_string());
  c.timestamp = parse_iso8601(context.at("timestamp").as_string());
  c.expiration = std::chrono::seconds(context.at("expiration_in_seconds").as_int64());
  c.normalize = context.at("normalize").as_bool();
  c.sign_body = context.at("sign_body").as_bool();
  if (const auto* omit = context.if_contains("omit_session_token")) {
    c.omit_session_token = omit->as_bool();
  }
  c.request_text = read_file(dir / "request.txt");
  c.header_canonical_request = read_file(dir / "header-canonical-request.txt");
  c.header_string_to_sign = read_file(dir / "header-string-to-sign.txt");
  c.header_signature = read_file(dir / "header-signature.txt");
  c.header_signed_request = read_file(dir / "header-signed-request.txt");
  c.query_canonical_request = read_file(dir / "query-canonical-request.txt");
  c.query_string_to_sign = read_file(dir / "query-string-to-sign.txt");
  c.query_signature = read_file(dir / "query-signature.txt");
  c.query_signed_request = read_file(dir / "query-signed-request.txt");
  return c;
}

// Every case of the suite, sorted by name; throws when the directory is missing or unreadable.
inline std::vector<sigv4_case> load_sigv4_suite() {
  const auto dir = sigv4_suite_dir();
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("the AWS SigV4 test suite is not at " + dir.string() +
                             " (set FLASKY_SHARED_DATA to the shared data directory)");
  }
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<sigv4_case> cases;
  for (const auto& d : dirs) cases.push_back(load_sigv4_case(d));
  return cases;
}

}  // namespace flasky_test
