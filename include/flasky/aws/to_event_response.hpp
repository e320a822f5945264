#pragma once
/// @file
/// Turns a `flasky::response` into the answer a Lambda HTTP event expects.

#include <flasky/aws/detail/lambda_codec.hpp>
#include <flasky/aws/event_dialect.hpp>
#include <flasky/detail/ascii.hpp>
#include <flasky/response.hpp>
#include <flasky/status.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace flasky::aws {

namespace detail {

// Appends `text` to `out` as a JSON string, quotes included. Bytes from 0x80 up are copied as
// they are (the body is base64 when it is not UTF-8).
inline void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i != text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0x0F];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

// Writes the answer to_event_response describes, as JSON text, to `out`.
inline void write_event_response(std::string& out, const flasky::response& res,
                                 event_dialect dialect) {
  char code[8];
  const auto code_end = std::to_chars(code, code + sizeof code, flasky::to_int(res.status())).ptr;
  const std::string_view code_text(code, static_cast<std::size_t>(code_end - code));
  out += "{\"statusCode\":";
  out += code_text;
  const bool alb = dialect == event_dialect::alb || dialect == event_dialect::alb_multi_value;
  if (alb) {
    // "404 Not Found": no character of it needs escaping.
    out += ",\"statusDescription\":\"";
    out += code_text;
    if (const auto phrase = flasky::reason_phrase(res.status()); !phrase.empty()) {
      out += ' ';
      out += phrase;
    }
    out += '"';
  }

  // Fields grouped by name, ignoring case: the first of each name, in first-seen order, with the
  // positions of all its fields.
  const auto& fields = res.headers();
  const auto field_at = [&](std::size_t i) -> const auto& { return *(fields.begin() + i); };
  const std::size_t count = static_cast<std::size_t>(fields.end() - fields.begin());
  auto same_name = [&](std::size_t i, std::size_t j) {
    return flasky::detail::iequals(field_at(i).first, field_at(j).first);
  };
  auto is_first = [&](std::size_t i) {
    for (std::size_t j = 0; j != i; ++j)
      if (same_name(i, j)) return false;
    return true;
  };
  auto is_set_cookie = [&](std::size_t i) {
    return flasky::detail::iequals(field_at(i).first, "Set-Cookie");
  };
  auto occurrences = [&](std::size_t i) {
    std::size_t n = 0;
    for (std::size_t j = i; j != count; ++j) n += same_name(i, j) ? 1 : 0;
    return n;
  };
  // Writes `"Name":` then the value(s) of every field named like field i.
  auto write_array = [&](std::size_t i) {
    out += '[';
    bool first = true;
    for (std::size_t j = i; j != count; ++j) {
      if (!same_name(i, j)) continue;
      if (!first) out += ',';
      first = false;
      append_json_string(out, field_at(j).second);
    }
    out += ']';
  };
  auto write_joined = [&](std::size_t i) {
    if (occurrences(i) == 1) return append_json_string(out, field_at(i).second);
    std::string joined;
    for (std::size_t j = i; j != count; ++j) {
      if (!same_name(i, j)) continue;
      if (!joined.empty()) joined += ", ";
      joined += field_at(j).second;
    }
    append_json_string(out, joined);
  };
  auto write_last = [&](std::size_t i) {
    std::size_t last = i;
    for (std::size_t j = i; j != count; ++j)
      if (same_name(i, j)) last = j;
    append_json_string(out, field_at(last).second);
  };
  // Writes one JSON object of the grouped fields that `keep` selects, each written by `value`.
  auto write_object = [&](std::string_view member, auto keep, auto value) {
    out += ",\"";
    out += member;
    out += "\":{";
    bool first = true;
    for (std::size_t i = 0; i != count; ++i) {
      if (!is_first(i) || !keep(i)) continue;
      if (!first) out += ',';
      first = false;
      append_json_string(out, field_at(i).first);
      out += ':';
      value(i);
    }
    out += '}';
  };
  const auto all = [](std::size_t) { return true; };

  switch (dialect) {
    case event_dialect::rest_v1:
      write_object("headers", [&](std::size_t i) { return occurrences(i) == 1; }, write_last);
      write_object("multiValueHeaders", all, write_array);
      break;
    case event_dialect::http_api_v2:
    case event_dialect::function_url: {
      write_object("headers", [&](std::size_t i) { return !is_set_cookie(i); }, write_joined);
      bool cookies = false;
      for (std::size_t i = 0; i != count; ++i) {
        if (!is_set_cookie(i)) continue;
        out += cookies ? "," : ",\"cookies\":[";
        cookies = true;
        append_json_string(out, field_at(i).second);
      }
      if (cookies) out += ']';
      break;
    }
    case event_dialect::alb:
      write_object("headers", all, [&](std::size_t i) {
        if (is_set_cookie(i)) {
          write_last(i);
        } else {
          write_joined(i);
        }
      });
      break;
    case event_dialect::alb_multi_value: write_object("multiValueHeaders", all, write_array); break;
  }

  const std::string_view body =
      flasky::allows_body(res.status()) ? std::string_view(res.body()) : std::string_view();
  const bool binary = is_binary_body(res.header("Content-Type"), body);
  out += ",\"body\":";
  append_json_string(out, binary ? std::string_view(base64_encode(body)) : body);
  out += binary ? ",\"isBase64Encoded\":true}" : ",\"isBase64Encoded\":false}";
}

}  // namespace detail

/// The Lambda answer to an event of dialect `dialect`, as a JSON object.
///
/// Every answer has `statusCode`, `body` and `isBase64Encoded`. The body is sent base64-encoded
/// when it is binary: its `Content-Type` is not a text type (`text/*`, `application/json`,
/// `application/xml`, `application/javascript`, form data, `+json`, `+xml`, ...), or it is not
/// valid UTF-8. A status that allows no body (`204`, `304`) sends an empty body.
///
/// - `rest_v1`: `headers` holds the fields that occur once, `multiValueHeaders` every field
///   (API Gateway merges the two, taking the multi-value entries).
/// - `http_api_v2`, `function_url`: `Set-Cookie` fields become the `cookies` array; other fields
///   go in `headers`, repeated ones joined with ", ".
/// - `alb`: `statusDescription` ("404 Not Found") and `headers`; a repeated field is joined with
///   ", ", except `Set-Cookie`, of which only the last is kept (single-value mode cannot carry
///   more; enable multi-value headers on the target group).
/// - `alb_multi_value`: `statusDescription` and `multiValueHeaders`, so answered in the mode of
///   the request.
///
/// The Lambda runtime writes the same answer as text without building the object
/// (`try_invoke_event`).
///
/// @code
/// flasky::response res = app.dispatch(req);
/// boost::json::object answer = flasky::aws::to_event_response(res, dialect);
/// @endcode
inline boost::json::object to_event_response(const flasky::response& res, event_dialect dialect) {
  std::string text;
  detail::write_event_response(text, res, dialect);
  return boost::json::parse(text).as_object();
}

}  // namespace flasky::aws
