#pragma once
/// @file
/// An HTTP request as a handler sees it.

#include <flasky/detail/ascii.hpp>
#include <flasky/detail/cookie_parser.hpp>
#include <flasky/header_map.hpp>
#include <flasky/json.hpp>
#include <flasky/verb.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky {

/// An HTTP request: method, target, headers, body, and the route parameters of its match.
///
/// Every runtime binding (local server, Lambda, Azure, Cloud Run) turns its platform's input into
/// one `request`; handlers receive it by reference. The target is kept exactly as received and
/// split once, at construction, into path and query; `path()` and `query_string()` are views into
/// it and cost nothing. The path stays percent-encoded: the router matches on the encoded path and
/// decodes each parameter exactly once.
///
/// Target forms (RFC 9112, section 3.2):
/// - origin-form `"/a%20b/c?x=1"`: path `"/a%20b/c"`, query `"x=1"`;
/// - absolute-form `"http://host/a?x=1"`: path `"/a"` (`"/"` when the URI has no path);
/// - asterisk-form `"*"` and anything else: everything before the first `?` is the path;
/// - a fragment (`#...`) is never part of the path or the query.
///
/// @code
/// flasky::request req("GET", "/gtg?details", {}, {});
/// assert(req.path() == "/gtg");
/// assert(req.has_query_param("details"));
/// @endcode
class request {
 public:
  /// A `GET` request with an empty target, no headers and an empty body.
  request() = default;

  /// A request for a known method.
  ///
  /// `method()` is the verb's token ("GET", ...).
  ///
  /// @code
  /// flasky::request req(flasky::verb::post, "/candidate/alice", {}, R"({"x":1})");
  /// @endcode
  request(flasky::verb v, std::string target, header_map headers = {}, std::string body = {})
      : verb_(v),
        method_(flasky::to_string(v)),
        target_(std::move(target)),
        headers_(std::move(headers)),
        body_(std::move(body)) {
    split_target();
  }

  /// A request with the method text as received, which may be one flasky does not know.
  ///
  /// `verb()` is `verb_from_string(method)` (exact and case-sensitive, so "get" is
  /// `verb::unknown`); `method()` keeps the text.
  ///
  /// @code
  /// flasky::request req("PROPFIND", "/dav");
  /// assert(req.verb() == flasky::verb::unknown && req.method() == "PROPFIND");
  /// @endcode
  request(std::string_view method, std::string target, header_map headers = {},
          std::string body = {})
      : verb_(flasky::verb_from_string(method)),
        method_(method),
        target_(std::move(target)),
        headers_(std::move(headers)),
        body_(std::move(body)) {
    split_target();
  }

  /// The request method; `verb::unknown` for a method flasky does not know.
  flasky::verb verb() const noexcept { return verb_; }

  /// The method text as received ("GET", "FOO").
  std::string_view method() const noexcept { return method_; }

  /// The request target as received, for example `"/a%20b/c?x=1"`.
  std::string_view target() const noexcept { return target_; }

  /// The path part of the target, still percent-encoded: `"/a%20b/c"` for `"/a%20b/c?x=1"`.
  ///
  /// Empty for an empty target or one that starts with `?`; `"*"` for the asterisk-form.
  std::string_view path() const noexcept {
    if (path_is_root_) return "/";
    return std::string_view(target_).substr(path_pos_, path_len_);
  }

  /// The query part of the target without the `?`, still percent-encoded: `"x=1"`.
  ///
  /// Empty when there is no query (and for a bare `?`).
  std::string_view query_string() const noexcept {
    return std::string_view(target_).substr(query_pos_, query_len_);
  }

  /// The query parameters, decoded as HTML forms encode them (`%XX` escapes, `+` is a space).
  ///
  /// A view into this request (valid while the request lives and its target is unchanged).
  /// A query that Boost.URL refuses as a whole (a bad `%` escape, a raw space, ...) gives an
  /// empty view; it never throws. Keys may repeat, in order.
  ///
  /// @code
  /// for (const auto& p : req.query()) { use(p.key, p.has_value ? p.value : ""); }
  /// @endcode
  boost::urls::params_view query() const {
    if (!query_valid_) return {};
    // Validated in the constructor, so this cannot throw.
    return boost::urls::params_view(terminated_query());
  }

  /// The decoded value of the first query parameter whose decoded key is `key`.
  ///
  /// A parameter without `=` (`?details`) has the value "". `std::nullopt` when there is no such
  /// key or the query is invalid.
  ///
  /// @code
  /// // target "/search?q=caf%C3%A9+au+lait"
  /// assert(req.query_param("q") == "caf\xC3\xA9 au lait");
  /// @endcode
  std::optional<std::string> query_param(std::string_view key) const {
    for (const auto& param : query()) {
      if (param.key == key) return param.has_value ? param.value : std::string();
    }
    return std::nullopt;
  }

  /// Whether the query has a parameter whose decoded key is `key`, with or without a value.
  ///
  /// True for `?details`, `?details=` and `?details=1` alike.
  bool has_query_param(std::string_view key) const {
    for (const auto& param : query()) {
      if (param.key == key) return true;
    }
    return false;
  }

  /// The request's header fields.
  const header_map& headers() const noexcept { return headers_; }

  /// The request's header fields, for bindings and `before_request` hooks to adjust.
  header_map& headers() noexcept { return headers_; }

  /// The value of the first header field called `name`, compared case-insensitively.
  ///
  /// @code
  /// auto type = req.header("content-type");  // finds "Content-Type"
  /// @endcode
  std::optional<std::string_view> header(std::string_view name) const {
    return headers_.find(name);
  }

  /// The value of the cookie called `name` from the `Cookie` header(s), or `std::nullopt`.
  ///
  /// Reads `Cookie: a=1; b=2` (RFC 6265, section 4.2.1) leniently: spaces and tabs around names
  /// and values are ignored, a value in double quotes loses its quotes, and malformed pairs
  /// (no `=`, a name that is not a token, a control character or stray quote in the value) are
  /// skipped. Several `Cookie` header fields are read in order; the first match wins. Names are
  /// case-sensitive; values are returned as sent, without any decoding.
  ///
  /// @code
  /// // Cookie: session="abc 123"; theme=dark
  /// assert(req.cookie("session") == "abc 123");
  /// @endcode
  std::optional<std::string> cookie(std::string_view name) const {
    for (const auto& [field, value] : headers_) {
      if (!detail::iequals(field, "Cookie")) continue;
      if (auto found = detail::find_cookie(value, name)) return std::string(*found);
    }
    return std::nullopt;
  }

  /// The request body.
  const std::string& body() const noexcept { return body_; }

  /// The request body, for bindings to fill.
  std::string& body() noexcept { return body_; }

  /// The body parsed as JSON with `try_parse_json` and the default depth limit.
  ///
  /// Fails with `error::json_syntax` (not JSON, including an empty body), `error::json_too_deep`
  /// or `error::json_non_finite`; each means the client sent a bad body, so answer 400.
  /// `describe_json_error(req.body())` says what is wrong and where. The body is parsed on every
  /// call.
  ///
  /// @code
  /// auto v = req.json();
  /// if (!v) {
  ///   return flasky::response::text("request body is " + flasky::describe_json_error(req.body()),
  ///                                 flasky::status::bad_request);
  /// }
  /// @endcode
  boost::system::result<boost::json::value> json() const { return try_parse_json(body_); }

  /// The decoded value of the route parameter `name`, or `std::nullopt`.
  ///
  /// Route parameters are filled in by the router after a match.
  ///
  /// @code
  /// // route "/candidate/<name>", target "/candidate/al%20ice"
  /// assert(req.param("name") == "al ice");
  /// @endcode
  std::optional<std::string_view> param(std::string_view name) const noexcept {
    for (const auto& [n, value] : params_) {
      if (n == name) return std::string_view(value);
    }
    return std::nullopt;
  }

  /// Replaces the route parameters (the router calls this after a match).
  ///
  /// Names are views into the router's route patterns, which outlive the request; values are
  /// already decoded.
  void set_params(std::vector<std::pair<std::string_view, std::string>> params) {
    params_ = std::move(params);
  }

  /// The route parameters in pattern order, as the router set them.
  const std::vector<std::pair<std::string_view, std::string>>& params() const noexcept {
    return params_;
  }

  /// Attaches `value`, an object of the binding that made this request, for handlers to read
  /// with `extension<T>()`; replaces an earlier one of the same type.
  ///
  /// The request does not own `value`: the binding keeps it alive while the request is
  /// dispatched. The Lambda binding attaches its `flasky::aws::lambda_invocation` this way (request
  /// id, deadline, caller identity); the local server attaches nothing.
  ///
  /// @code
  /// req.set_extension(invocation);  // the binding, before dispatch
  /// @endcode
  template <class T>
  void set_extension(const T& value) {
    for (auto& slot : extensions_) {
      if (slot.first == type_tag<T>()) {
        slot.second = &value;
        return;
      }
    }
    extensions_.emplace_back(type_tag<T>(), &value);
  }

  /// The object of type `T` that the binding attached, or `nullptr` when there is none (for
  /// example the Lambda invocation when the same handler runs on the local server).
  ///
  /// @code
  /// if (const auto* invocation = req.extension<flasky::aws::lambda_invocation>())
  ///   log(invocation->request_id);
  /// @endcode
  template <class T>
  const T* extension() const noexcept {
    for (const auto& slot : extensions_) {
      if (slot.first == type_tag<T>()) return static_cast<const T*>(slot.second);
    }
    return nullptr;
  }

 private:
  // One address per type, without RTTI: the address of a variable template's instance.
  template <class T>
  static const void* type_tag() noexcept {
    static constexpr char tag = 0;
    return &tag;
  }

  // The length of a leading `scheme "://"` (RFC 3986, section 3.1) in t, i.e. of the start of an
  // absolute-form target; 0 when t does not start that way.
  static std::size_t scheme_and_slashes_length(std::string_view t) noexcept {
    auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (t.empty() || !alpha(t.front())) return 0;
    std::size_t i = 1;
    while (i < t.size() && (alpha(t[i]) || (t[i] >= '0' && t[i] <= '9') || t[i] == '+' ||
                            t[i] == '-' || t[i] == '.')) {
      ++i;
    }
    return t.substr(i, 3) == "://" ? i + 3 : 0;
  }

  // Finds path and query once; stores offsets, so copies and moves stay correct.
  void split_target() noexcept {
    std::string_view t = target_;
    t = t.substr(0, t.find('#'));
    std::size_t path_begin = 0;
    bool absolute = false;
    if (const auto prefix = scheme_and_slashes_length(t); prefix != 0) {
      absolute = true;
      path_begin = t.find_first_of("/?", prefix);
      if (path_begin == std::string_view::npos) path_begin = t.size();
    }
    const auto question = t.find('?', path_begin);
    const auto path_end = question == std::string_view::npos ? t.size() : question;
    path_pos_ = path_begin;
    path_len_ = path_end - path_begin;
    path_is_root_ = absolute && path_len_ == 0;
    query_pos_ = question == std::string_view::npos ? t.size() : question + 1;
    query_len_ = t.size() - query_pos_;
    // Boost.URL 1.81's parse_query sizes the view with strlen(data) rather than the length it
    // was given, so the last parameter would run on to the end of the target (into a fragment).
    // Give it a query that ends where the string does.
    if (query_len_ != 0 && query_pos_ + query_len_ != target_.size()) {
      terminated_query_copy_.assign(query_string());
    }
    query_valid_ = !boost::urls::parse_query(terminated_query()).has_error();
  }

  // The query string, in storage where its end is the end of a NUL-terminated string.
  std::string_view terminated_query() const noexcept {
    return terminated_query_copy_.empty() ? query_string()
                                          : std::string_view(terminated_query_copy_);
  }

  flasky::verb verb_ = flasky::verb::get;
  std::string method_ = "GET";
  std::string target_;
  header_map headers_;
  std::string body_;
  std::vector<std::pair<std::string_view, std::string>> params_;
  std::vector<std::pair<const void*, const void*>> extensions_;  // (type tag, object)
  std::size_t path_pos_ = 0;
  std::size_t path_len_ = 0;
  std::size_t query_pos_ = 0;
  std::size_t query_len_ = 0;
  std::string terminated_query_copy_;  // only for a query followed by a fragment
  bool path_is_root_ = false;
  bool query_valid_ = true;
};

}  // namespace flasky
