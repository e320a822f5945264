#pragma once
// Checks on a request header that Beast's parser leaves to the server: the framing shapes used
// for request smuggling, the HTTP version and the Host field.

#include <cstddef>
#include <flasky/detail/ascii.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace flasky::net::detail {

/// Why a request header is refused: its status (0: accepted) and a reason for the log.
struct head_verdict {
  unsigned status = 0;
  std::string_view reason;
};

/// Whether to refuse a request header, and with which status.
///
/// `version` is Beast's (10 for HTTP/1.0, 11 for HTTP/1.1); `fields` iterates objects with
/// `name_string()` and `value()`. Refused:
/// - a major version other than 1: 505;
/// - no Host in HTTP/1.1, or more than one Host: 400 (RFC 9112, section 3.2);
/// - more than one Content-Length field, or one holding a list ("5, 5"): 400, even when the
///   values agree (Beast accepts those; a proxy in front may read them differently);
/// - Transfer-Encoding together with Content-Length, more than once, or in HTTP/1.0: 400;
/// - a Transfer-Encoding whose last coding is not chunked, or chunked applied twice: 400
///   (RFC 9112, section 6.3: the length cannot be determined);
/// - codings other than chunked before it ("gzip, chunked"): 501, flasky decodes none.
template <class Fields>
head_verdict check_request_head(unsigned version, const Fields& fields) {
  using flasky::detail::iequals;
  if (version / 10 != 1) return {505, "HTTP version other than 1.x"};
  std::size_t hosts = 0, lengths = 0, encodings = 0;
  std::string_view length_value, encoding_value;
  for (const auto& field : fields) {
    const std::string_view name(field.name_string().data(), field.name_string().size());
    const std::string_view value(field.value().data(), field.value().size());
    if (iequals(name, "Host")) {
      ++hosts;
    } else if (iequals(name, "Content-Length")) {
      ++lengths;
      length_value = value;
    } else if (iequals(name, "Transfer-Encoding")) {
      ++encodings;
      encoding_value = value;
    }
  }
  if (hosts > 1) return {400, "more than one Host field"};
  if (version == 11 && hosts == 0) return {400, "HTTP/1.1 request without Host"};
  if (lengths > 1) return {400, "more than one Content-Length field"};
  if (length_value.find(',') != std::string_view::npos) return {400, "Content-Length list"};
  if (encodings == 0) return {};
  if (lengths != 0) return {400, "Transfer-Encoding with Content-Length"};
  if (encodings > 1) return {400, "more than one Transfer-Encoding field"};
  if (version == 10) return {400, "Transfer-Encoding in HTTP/1.0"};

  std::vector<std::string_view> codings;
  std::string_view rest = encoding_value;
  while (true) {
    const auto comma = rest.find(',');
    const auto coding = flasky::detail::trim_ows(rest.substr(0, comma));
    if (!coding.empty()) codings.push_back(coding);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (codings.empty() || !iequals(codings.back(), "chunked"))
    return {400, "Transfer-Encoding whose last coding is not chunked"};
  for (std::size_t i = 0; i + 1 < codings.size(); ++i)
    if (iequals(codings[i], "chunked")) return {400, "chunked applied twice"};
  if (codings.size() > 1) return {501, "transfer coding other than chunked"};
  return {};
}

/// Method and path (without query, scheme or authority) of a raw request line, for logging a
/// request refused before its header was parsed; empty strings when the line does not have that
/// shape.
struct line_summary {
  std::string method;
  std::string path;
  std::string version;  ///< the third word as sent, e.g. "HTTP/1.1"
};

/// Whether `version` is a well-formed HTTP version ("HTTP/" digit "." digit) whose major
/// version is not 1: such a request is answered 505 rather than 400.
inline bool is_unsupported_version(std::string_view version) noexcept {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return version.size() == 8 && version.substr(0, 5) == "HTTP/" && digit(version[5]) &&
         version[6] == '.' && digit(version[7]) && version[5] != '1';
}

inline line_summary summarize_request_line(std::string_view line) {
  line_summary out;
  const auto first = line.find(' ');
  if (first == std::string_view::npos) return out;
  out.method = std::string(line.substr(0, first));
  auto target = line.substr(first + 1);
  if (const auto second = target.find(' '); second != std::string_view::npos)
    out.version = std::string(target.substr(second + 1));
  target = target.substr(0, target.find(' '));
  target = target.substr(0, target.find_first_of("?#"));
  // Absolute-form: leave out scheme and authority (which may carry user:password@).
  if (const auto scheme = target.find("://");
      scheme != std::string_view::npos &&
      target.substr(0, scheme).find('/') == std::string_view::npos) {
    const auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  out.path = std::string(target);
  return out;
}

}  // namespace flasky::net::detail
