#pragma once
/// @file
/// An HTTP response as a handler builds it.

#include <flasky/detail/percent_encoding.hpp>
#include <flasky/header_map.hpp>
#include <flasky/json.hpp>
#include <flasky/status.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace flasky {

/// An HTTP response: status, header fields and body.
///
/// Handlers return one, usually made by a builder: `text`, `json`, `redirect` or
/// `from_status`. Every runtime binding turns it into its platform's answer unchanged; the
/// bindings add framing fields such as `Content-Length` themselves. A body on a response whose
/// status allows none (`allows_body`) is not sent.
///
/// @code
/// router.get("/candidates", [&](const flasky::request&) {
///   boost::json::array all{boost::json::object{{"CandidateName", "alice"}}};
///   return flasky::response::json(all);
/// });
/// @endcode
class response {
 public:
  /// A `200 OK` with no header fields and an empty body.
  response() = default;

  /// A response with status `s`, no header fields and an empty body.
  ///
  /// @code
  /// return flasky::response(flasky::status::no_content);
  /// @endcode
  explicit response(flasky::status s) noexcept : status_(s) {}

  /// A response with status `s`, the given body and, unless `content_type` is empty, a
  /// `Content-Type` field.
  ///
  /// @code
  /// flasky::response r(flasky::status::ok, "<p>hi</p>", "text/html; charset=utf-8");
  /// @endcode
  response(flasky::status s, std::string body, std::string content_type)
      : status_(s), body_(std::move(body)) {
    if (!content_type.empty()) headers_.set("Content-Type", std::move(content_type));
  }

  /// The status code.
  flasky::status status() const noexcept { return status_; }

  /// Replaces the status code; header fields and body stay as they are.
  void set_status(flasky::status s) noexcept { status_ = s; }

  /// The header fields.
  const header_map& headers() const noexcept { return headers_; }

  /// The header fields, to add to or change.
  ///
  /// @code
  /// auto r = flasky::response::text("hi");
  /// r.headers().add("Cache-Control", "no-store");
  /// @endcode
  header_map& headers() noexcept { return headers_; }

  /// The value of the first header field called `name`, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const {
    return headers_.find(name);
  }

  /// The body.
  const std::string& body() const noexcept { return body_; }

  /// The body, to replace or append to.
  std::string& body() noexcept { return body_; }

  /// A plain-text response: `Content-Type: text/plain; charset=utf-8`.
  ///
  /// @code
  /// return flasky::response::text("Unable to update", flasky::status::internal_server_error);
  /// @endcode
  static response text(std::string body, flasky::status s = flasky::status::ok) {
    return response(s, std::move(body), "text/plain; charset=utf-8");
  }

  /// A JSON response: `v` written compactly, `Content-Type: application/json`.
  ///
  /// JSON cannot represent infinite or NaN numbers; if `v` holds one, the result is instead
  /// `500` with the text body "Internal Server Error" (it never writes `Infinity` or `NaN`).
  ///
  /// @code
  /// return flasky::response::json({{"CandidateName", "alice"}});
  /// @endcode
  static response json(const boost::json::value& v, flasky::status s = flasky::status::ok) {
    auto text_result = try_serialize_json(v);
    if (!text_result) return from_status(flasky::status::internal_server_error);
    return response(s, std::move(*text_result), "application/json");
  }

  /// A redirect to `location`: a `Location` field and a short plain-text body.
  ///
  /// `s` should be a redirect status (`found` by default; `see_other` after a POST,
  /// `permanent_redirect` to keep the method). The location is sent as given, relative or
  /// absolute, except that bytes which may not appear in a URI at all (controls, space, DEL,
  /// non-ASCII) are percent-encoded, so a location can never break the header block. The body
  /// reads "Redirecting to <location>" when the status allows a body.
  ///
  /// @code
  /// return flasky::response::redirect("/candidates/", flasky::status::permanent_redirect);
  /// @endcode
  static response redirect(std::string location, flasky::status s = flasky::status::found) {
    std::string safe = encode_unsafe_uri_bytes(std::move(location));
    response r = allows_body(s) ? text("Redirecting to " + safe, s) : response(s);
    r.headers_.set("Location", std::move(safe));
    return r;
  }

  /// A response whose body is the status's reason phrase as plain text ("Not Found").
  ///
  /// For statuses that allow no body (`204`, `304`, `1xx`) and codes without a reason phrase
  /// the body is empty and no `Content-Type` is set.
  ///
  /// @code
  /// return flasky::response::from_status(flasky::status::not_found);  // 404 "Not Found"
  /// @endcode
  static response from_status(flasky::status s) {
    const std::string_view phrase = reason_phrase(s);
    if (!allows_body(s) || phrase.empty()) return response(s);
    return text(std::string(phrase), s);
  }

 private:
  // location with every byte outside printable ASCII (and space) as %XX; '%' itself is left
  // alone so that an already encoded location is unchanged.
  static std::string encode_unsafe_uri_bytes(std::string location) {
    std::string::size_type first = 0;
    while (first < location.size() && detail::is_visible_ascii(location[first])) ++first;
    if (first == location.size()) return location;
    std::string out = location.substr(0, first);
    detail::append_percent_encoded(out, std::string_view(location).substr(first),
                                   detail::is_visible_ascii);
    return out;
  }

  flasky::status status_ = flasky::status::ok;
  header_map headers_;
  std::string body_;
};

}  // namespace flasky
