// verify_requests FILE.json: runs flasky::aws::sigv4_verifier on requests signed by another
// signer (botocore, see botocore_crosscheck.py) and checks each answer against the expected one.
//
// The file: {"region", "service", "keys": [{"access_key_id", "secret_access_key",
// "session_token"?}], "requests": [{"name", "method", "target", "headers": [[name, value]...],
// "body_hex", "now" (Unix seconds), "expect": "ok" or a sigv4_error name, "access_key_id"?}]}.
// Prints one line per request; exits 1 if any answer differs (or the file is empty), else 0.
#include <flasky/aws/sigv4_verifier.hpp>

#include <flasky/aws/sigv4_error.hpp>
#include <flasky/header_map.hpp>
#include <flasky/request.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace {

using flasky::aws::sigv4_error;

// Every sigv4_error by its enumerator name, as the JSON file spells it.
constexpr std::pair<std::string_view, sigv4_error> error_names[] = {
    {"not_signed", sigv4_error::not_signed},
    {"signed_twice", sigv4_error::signed_twice},
    {"malformed_authorization", sigv4_error::malformed_authorization},
    {"unsupported_algorithm", sigv4_error::unsupported_algorithm},
    {"malformed_credential", sigv4_error::malformed_credential},
    {"missing_date", sigv4_error::missing_date},
    {"malformed_date", sigv4_error::malformed_date},
    {"malformed_expires", sigv4_error::malformed_expires},
    {"request_expired", sigv4_error::request_expired},
    {"presigned_request_expired", sigv4_error::presigned_request_expired},
    {"request_in_future", sigv4_error::request_in_future},
    {"scope_date_mismatch", sigv4_error::scope_date_mismatch},
    {"wrong_region", sigv4_error::wrong_region},
    {"wrong_service", sigv4_error::wrong_service},
    {"unknown_access_key", sigv4_error::unknown_access_key},
    {"host_not_signed", sigv4_error::host_not_signed},
    {"date_not_signed", sigv4_error::date_not_signed},
    {"signed_header_missing", sigv4_error::signed_header_missing},
    {"missing_host_header", sigv4_error::missing_host_header},
    {"malformed_query", sigv4_error::malformed_query},
    {"payload_hash_mismatch", sigv4_error::payload_hash_mismatch},
    {"session_token_mismatch", sigv4_error::session_token_mismatch},
    {"signature_mismatch", sigv4_error::signature_mismatch},
    {"crypto_unavailable", sigv4_error::crypto_unavailable},
};

std::string_view name_of(const boost::system::error_code& ec) {
  for (const auto& [name, e] : error_names) {
    if (ec == e) return name;
  }
  return "(not a sigv4_error)";
}

bool known_name(std::string_view expect) {
  if (expect == "ok") return true;
  for (const auto& [name, e] : error_names) {
    if (name == expect) return true;
  }
  return false;
}

std::string from_hex(std::string_view hex) {
  auto value = [](char c) { return c <= '9' ? c - '0' : (c >= 'a' ? c - 'a' + 10 : c - 'A' + 10); };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1])));
  }
  return out;
}

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: verify_requests FILE.json\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "verify_requests: cannot read " << argv[1] << '\n';
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const auto doc = boost::json::parse(text.str()).as_object();

  flasky::aws::sigv4_key_table keys;
  for (const auto& k : doc.at("keys").as_array()) {
    const auto& o = k.as_object();
    flasky::aws::sigv4_credentials c(str(o.at("access_key_id")), str(o.at("secret_access_key")));
    if (const auto* token = o.if_contains("session_token")) c.session_token = str(*token);
    keys.add(std::move(c));
  }
  const flasky::aws::sigv4_verifier verifier(std::move(keys), str(doc.at("region")),
                                             str(doc.at("service")));

  int failures = 0, accepted = 0, refused = 0;
  const auto& requests = doc.at("requests").as_array();
  for (const auto& r : requests) {
    const auto& o = r.as_object();
    const std::string name = str(o.at("name"));
    const std::string expect = str(o.at("expect"));
    flasky::header_map headers;
    for (const auto& h : o.at("headers").as_array()) {
      headers.add(str(h.as_array().at(0)), str(h.as_array().at(1)));
    }
    const flasky::request req(std::string_view(str(o.at("method"))), str(o.at("target")),
                              std::move(headers), from_hex(o.at("body_hex").as_string()));
    const std::chrono::sys_seconds now{std::chrono::seconds(o.at("now").as_int64())};

    const auto result = verifier.try_verify(req, now);
    std::string got = result ? "ok" : std::string(name_of(result.error()));
    bool pass = known_name(expect) && got == expect;
    if (pass && result && o.contains("access_key_id")) {
      pass = result->access_key_id == str(o.at("access_key_id"));
    }
    if (pass) {
      ++(result ? accepted : refused);
      std::cout << "pass  " << name << ": " << got << '\n';
    } else {
      ++failures;
      std::cout << "FAIL  " << name << ": expected " << expect << ", got " << got;
      if (!result) std::cout << " (" << result.error().message() << ')';
      std::cout << "\n      " << req.method() << ' ' << req.target() << '\n';
    }
  }
  std::cout << requests.size() << " requests signed by " << str(doc.at("signer")) << ": "
            << accepted << " accepted and " << refused << " refused as expected, " << failures
            << " wrong\n";
  return failures == 0 && !requests.empty() ? 0 : 1;
}
