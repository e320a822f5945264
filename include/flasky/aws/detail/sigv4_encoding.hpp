#pragma once
// Private: the encodings of the SigV4 canonical request (path, query, header values).

#include <flasky/aws/sigv4_path_rules.hpp>
#include <flasky/detail/percent_encoding.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky::aws::detail {

constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Appends s with every byte but the unreserved ones (and '/' when keep_slash) as %XX (SigV4
// never encodes the unreserved ones, and always encodes the others, with upper-case hex).
inline void append_uri_encoded(std::string& out, std::string_view s, bool keep_slash) {
  flasky::detail::append_percent_encoded(out, s, [keep_slash](char c) {
    return flasky::detail::is_unreserved(c) || (keep_slash && c == '/');
  });
}

inline std::string uri_encode(std::string_view s, bool keep_slash = false) {
  std::string out;
  out.reserve(s.size());
  append_uri_encoded(out, s, keep_slash);
  return out;
}

// s with %XX escapes decoded ('+' stays '+'); nullopt for a '%' not followed by two hex digits.
inline std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// RFC 3986 dot-segment removal as AWS applies it: empty segments go too, a leading '/' stays,
// and a trailing '/' stays when something is left ("//example//" -> "/example/",
// "/example/.." -> "/"). The segments are compared as written ("%2E" is not ".").
inline std::string normalize_path(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> kept;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const auto segment = path.substr(pos, slash - pos);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    pos = slash + 1;
  }
  std::string out;
  if (path.front() == '/') out.push_back('/');
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i != 0) out.push_back('/');
    out.append(kept[i]);
  }
  if (path.back() == '/' && !kept.empty()) out.push_back('/');
  return out;
}

// The canonical path of a request path as received (percent-encoded on the wire).
inline std::string canonical_path(std::string_view path, sigv4_path_rules rules) {
  std::string p = rules.normalize ? normalize_path(path) : std::string(path);
  if (p.empty()) p = "/";
  std::string out;
  out.reserve(p.size() + 8);
  if (rules.double_encode) {
    append_uri_encoded(out, p, /*keep_slash=*/true);
    return out;
  }
  // Signed as sent: only bytes that cannot appear in a URI path are encoded.
  flasky::detail::append_percent_encoded(out, p, flasky::detail::is_visible_ascii);
  return out;
}

// One query parameter, decoded.
struct query_param {
  std::string key;
  std::string value;
};

// The parameters of a raw query string ("a=1&b&c=%20"), decoded, in order. Empty pieces
// ("a=1&&b=2") are skipped; a piece without '=' has the value "". nullopt for a malformed %.
inline std::optional<std::vector<query_param>> parse_query(std::string_view query) {
  std::vector<query_param> params;
  std::size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    auto amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    const auto piece = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (piece.empty()) continue;
    const auto eq = piece.find('=');
    auto key = percent_decode(piece.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    params.push_back({std::move(*key), std::move(*value)});
  }
  return params;
}

// The canonical query string of decoded parameters: each key and value URI-encoded, sorted by
// encoded key then encoded value, joined as k=v with '&'. Parameters whose decoded key equals
// skip_key (if not empty) are left out.
inline std::string canonical_query(const std::vector<query_param>& params,
                                   std::string_view skip_key = {}) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& p : params) {
    if (!skip_key.empty() && p.key == skip_key) continue;
    encoded.emplace_back(uri_encode(p.key), uri_encode(p.value));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  }
  return out;
}

// A header value as SigV4 signs it: leading and trailing whitespace removed, every run of
// whitespace inside (spaces, tabs, and the CR LF of folded lines) turned into one space.
inline void append_folded_value(std::string& out, std::string_view value) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  bool pending_space = false;
  bool started = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    started = true;
    out.push_back(c);
  }
}

// Lower-case ASCII copy of s.
inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace flasky::aws::detail
