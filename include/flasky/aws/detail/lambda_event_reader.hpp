#pragma once
// Private: reads what the Lambda HTTP dialects need of an event straight from its JSON text, in
// one pass and without building a DOM (boost::json::basic_parser with a handler that keeps only
// the known fields). Everything else in the event is validated as JSON and dropped.

#include <boost/container/small_vector.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/system/error_code.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <forward_list>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky::aws::detail {

// The JSON type of a member, as far as the dialects care.
enum class json_kind : unsigned char { absent, null, string, boolean, object, array, other };

// A member read as a string: its kind, and its text when it is a string (a view into the event's
// text, or into lambda_event::owned when the JSON string had escapes).
struct event_field {
  json_kind kind = json_kind::absent;
  std::string_view text;

  // The text when a string, empty when absent or null; `bad` is set for another type (the
  // dialects' "optional string").
  std::string_view optional_string(bool& bad) const noexcept {
    if (kind == json_kind::string) return text;
    if (kind != json_kind::absent && kind != json_kind::null) bad = true;
    return {};
  }
};

// The value recorded in a lenient map for an entry that is not a string (compared by address).
inline constexpr std::string_view not_a_string{"\0", 1};

// Whether `value`, an entry of a lenient map, stands for a value that was not a string.
constexpr bool is_not_a_string(std::string_view value) noexcept {
  return value.data() == not_a_string.data();
}

// A member read as a map of strings (single-value) or of string arrays (multi-value), flattened
// into (key, value) pairs in the event's order; null entries are left out. In a strict map an
// entry of another type sets `bad`; a lenient map (the identity's, whose readers look at some
// members only) records it as `not_a_string`.
struct event_map {
  json_kind kind = json_kind::absent;
  bool lenient = false;
  bool bad = false;
  // Inline room for the fields a typical event has, so reading them allocates nothing.
  boost::container::small_vector<std::pair<std::string_view, std::string_view>, 16> entries;

  // Whether the map is there (an object); `bad_member` is set when it is neither an object nor
  // absent or null.
  bool present(bool& bad_member) const noexcept {
    if (kind == json_kind::object) return true;
    if (kind != json_kind::absent && kind != json_kind::null) bad_member = true;
    return false;
  }
};

// An empty lenient map.
inline event_map lenient_map() {
  event_map map;
  map.lenient = true;
  return map;
}

// The members of a Lambda HTTP event that flasky reads.
struct lambda_event {
  json_kind root = json_kind::absent;
  event_field version, http_method, raw_path, path, raw_query_string, body;
  json_kind is_base64_encoded_kind = json_kind::absent;
  bool is_base64_encoded = false;
  event_map headers, multi_value_headers, query, multi_value_query;
  json_kind cookies_kind = json_kind::absent;
  bool cookies_bad = false;
  std::vector<std::string_view> cookies;

  // requestContext and what the dialects look for in it.
  json_kind context = json_kind::absent;
  json_kind context_http = json_kind::absent;
  json_kind context_elb = json_kind::absent;
  json_kind context_resource_path = json_kind::absent;
  json_kind context_path = json_kind::absent;
  event_field context_stage, context_domain_name, context_http_method;

  // The caller identity: requestContext.identity (REST), requestContext.http.sourceIp and
  // .userAgent, requestContext.authorizer.iam and its cognitoIdentity (HTTP API, Function URL).
  // `cognito` holds identityId, identityPoolId and one "amr" entry per authentication method.
  event_map identity = lenient_map(), iam = lenient_map(), cognito = lenient_map();
  event_field context_source_ip, context_user_agent;
  json_kind context_authorizer = json_kind::absent;
  json_kind cognito_amr = json_kind::absent;

  // The unescaped text of JSON strings that had escapes (stable addresses; empty, and so
  // allocating nothing, for most events).
  std::forward_list<std::string> owned;
};

// The basic_parser handler that fills a lambda_event.
class lambda_event_handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  // Reads into `event` from `text`, which must outlive `event`'s views.
  lambda_event_handler(lambda_event& event, std::string_view text) noexcept
      : event_(event), text_(text) {}

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }

  bool on_object_begin(boost::system::error_code&) {
    push(begin_value(json_kind::object));
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    --depth_;
    return true;
  }
  bool on_array_begin(boost::system::error_code&) {
    push(begin_value(json_kind::array));
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    --depth_;
    return true;
  }

  bool on_key_part(std::string_view part, std::size_t, boost::system::error_code&) {
    pending_.append(part);
    return true;
  }
  bool on_key(std::string_view last, std::size_t, boost::system::error_code&) {
    on_key(complete(last));
    pending_.clear();
    return true;
  }

  bool on_string_part(std::string_view part, std::size_t, boost::system::error_code&) {
    // Only strings that are kept are gathered; a large skipped body costs no copy.
    if (wants_string()) pending_.append(part);
    return true;
  }
  bool on_string(std::string_view last, std::size_t, boost::system::error_code&) {
    on_string_value(complete(last));
    pending_.clear();
    return true;
  }

  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, boost::system::error_code&) { return scalar(); }
  bool on_uint64(std::uint64_t, std::string_view, boost::system::error_code&) { return scalar(); }
  bool on_double(double, std::string_view, boost::system::error_code&) { return scalar(); }
  bool on_bool(bool b, boost::system::error_code&) {
    const bool flag = top() == frame::root && slot_ == slot::is_base64_encoded;
    begin_value(json_kind::boolean);
    if (flag) event_.is_base64_encoded = b;
    return true;
  }
  bool on_null(boost::system::error_code&) {
    begin_value(json_kind::null);
    return true;
  }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

 private:
  // What the container being read is.
  enum class frame : unsigned char {
    document,      // outside the event
    root,          // the event object
    skip,          // a value nobody reads
    context,       // requestContext
    context_http,  // requestContext.http
    authorizer,    // requestContext.authorizer
    cognito,       // requestContext.authorizer.iam.cognitoIdentity
    strict_map,    // headers, queryStringParameters, identity: string values
    iam_map,       // authorizer.iam: a map, and cognitoIdentity
    multi_map,     // multiValueHeaders or multiValueQueryStringParameters: arrays of strings
    multi_values,  // one entry's array in a multi_map, or cognitoIdentity.amr
    cookies        // the v2 cookies array
  };
  // What the next value in the current object is, set by its key.
  enum class slot : unsigned char {
    none,
    version, http_method, raw_path, path, raw_query_string, body, is_base64_encoded,
    headers, multi_value_headers, query, multi_value_query, cookies, request_context,
    context_http, context_elb, context_resource_path, context_path, context_stage,
    context_domain_name, context_identity, context_authorizer, http_method_v2, source_ip,
    user_agent, iam, cognito_identity, cognito_amr, map_entry
  };

  frame top() const noexcept { return frames_[depth_]; }

  // The map that the entries of the current container go to (map frames and their arrays).
  event_map& current_map() const noexcept { return *maps_[depth_]; }

  void push(frame f) noexcept {
    // basic_parser's max_depth (at most 64 here) keeps depth_ inside the arrays.
    ++depth_;
    frames_[depth_] = f;
    maps_[depth_] = next_map_;
    slot_ = slot::none;
  }

  std::string_view complete(std::string_view last) {
    if (pending_.empty()) return last;
    pending_.append(last);
    return pending_;
  }

  // `s` as a view that outlives the parse: into the event's text when it lies there (a string
  // without escapes), else into a copy.
  std::string_view keep(std::string_view s) {
    const std::less_equal<const char*> before;
    if (pending_.empty() && before(text_.data(), s.data()) &&
        before(s.data() + s.size(), text_.data() + text_.size()))
      return s;
    return event_.owned.emplace_front(s);
  }

  // Whether the string value about to arrive is kept.
  bool wants_string() const noexcept {
    switch (top()) {
      case frame::multi_values:
      case frame::cookies: return true;
      case frame::root:
      case frame::context:
      case frame::context_http:
      case frame::cognito:
      case frame::strict_map:
      case frame::iam_map: return slot_ != slot::none;
      default: return false;
    }
  }

  // The field a slot names, for the members read as strings.
  event_field* field_for(slot s) noexcept {
    switch (s) {
      case slot::version: return &event_.version;
      case slot::http_method: return &event_.http_method;
      case slot::raw_path: return &event_.raw_path;
      case slot::path: return &event_.path;
      case slot::raw_query_string: return &event_.raw_query_string;
      case slot::body: return &event_.body;
      case slot::context_stage: return &event_.context_stage;
      case slot::context_domain_name: return &event_.context_domain_name;
      case slot::http_method_v2: return &event_.context_http_method;
      case slot::source_ip: return &event_.context_source_ip;
      case slot::user_agent: return &event_.context_user_agent;
      default: return nullptr;
    }
  }

  event_map* map_for(slot s) noexcept {
    switch (s) {
      case slot::headers: return &event_.headers;
      case slot::multi_value_headers: return &event_.multi_value_headers;
      case slot::query: return &event_.query;
      case slot::multi_value_query: return &event_.multi_value_query;
      case slot::context_identity: return &event_.identity;
      case slot::iam: return &event_.iam;
      default: return nullptr;
    }
  }

  void on_key(std::string_view key) {
    switch (top()) {
      case frame::root: slot_ = root_slot(key); break;
      case frame::context: slot_ = context_slot(key); break;
      case frame::context_http:
        slot_ = key == "method"      ? slot::http_method_v2
                : key == "sourceIp"  ? slot::source_ip
                : key == "userAgent" ? slot::user_agent
                                     : slot::none;
        break;
      case frame::authorizer: slot_ = key == "iam" ? slot::iam : slot::none; break;
      case frame::iam_map:
        if (key == "cognitoIdentity") {
          slot_ = slot::cognito_identity;
          break;
        }
        [[fallthrough]];
      case frame::strict_map:
      case frame::multi_map:
        entry_key_ = keep(key);
        slot_ = slot::map_entry;
        break;
      case frame::cognito:
        if (key == "amr") {
          slot_ = slot::cognito_amr;
        } else if (key == "identityId" || key == "identityPoolId") {
          entry_key_ = keep(key);
          slot_ = slot::map_entry;
        } else {
          slot_ = slot::none;
        }
        break;
      default: slot_ = slot::none; break;
    }
  }

  // The slot of `key` in `names`, or slot::none; compares length and first letter first.
  template <std::size_t N>
  static slot find_slot(const std::pair<std::string_view, slot> (&names)[N],
                        std::string_view key) noexcept {
    if (key.empty()) return slot::none;
    for (const auto& [name, s] : names)
      if (name.size() == key.size() && name[0] == key[0] && name == key) return s;
    return slot::none;
  }

  static slot root_slot(std::string_view key) noexcept {
    static constexpr std::pair<std::string_view, slot> names[] = {
        {"version", slot::version},
        {"httpMethod", slot::http_method},
        {"rawPath", slot::raw_path},
        {"path", slot::path},
        {"rawQueryString", slot::raw_query_string},
        {"body", slot::body},
        {"isBase64Encoded", slot::is_base64_encoded},
        {"headers", slot::headers},
        {"multiValueHeaders", slot::multi_value_headers},
        {"queryStringParameters", slot::query},
        {"multiValueQueryStringParameters", slot::multi_value_query},
        {"cookies", slot::cookies},
        {"requestContext", slot::request_context}};
    return find_slot(names, key);
  }

  static slot context_slot(std::string_view key) noexcept {
    static constexpr std::pair<std::string_view, slot> names[] = {
        {"http", slot::context_http},
        {"elb", slot::context_elb},
        {"resourcePath", slot::context_resource_path},
        {"path", slot::context_path},
        {"stage", slot::context_stage},
        {"domainName", slot::context_domain_name},
        {"identity", slot::context_identity},
        {"authorizer", slot::context_authorizer}};
    return find_slot(names, key);
  }

  // Records that a value of `kind` starts in the current position; returns the frame to push
  // when it is a container.
  frame begin_value(json_kind kind) {
    const frame where = top();
    const slot s = slot_;
    slot_ = slot::none;
    switch (where) {
      case frame::document:
        event_.root = kind;
        return kind == json_kind::object ? frame::root : frame::skip;
      case frame::root:
      case frame::context:
      case frame::context_http:
      case frame::authorizer: return begin_member(s, kind);
      case frame::iam_map:
        if (s == slot::cognito_identity) return begin_member(s, kind);
        return begin_entry(where, kind);
      case frame::cognito:
        if (s == slot::cognito_amr) return begin_member(s, kind);
        if (s == slot::map_entry) return begin_entry(frame::strict_map, kind);
        return frame::skip;
      case frame::strict_map:
      case frame::multi_map: return begin_entry(where, kind);
      case frame::multi_values:
        if (kind != json_kind::string) not_a_string_entry();
        return frame::skip;
      case frame::cookies:
        if (kind != json_kind::string) event_.cookies_bad = true;
        return frame::skip;
      default: return frame::skip;
    }
  }

  frame begin_member(slot s, json_kind kind) {
    if (auto* field = field_for(s)) {
      field->kind = kind;
      field->text = {};
      return frame::skip;
    }
    if (auto* map = map_for(s)) {
      map->kind = kind;
      map->bad = false;
      map->entries.clear();
      next_map_ = map;
      if (kind != json_kind::object) return frame::skip;
      if (s == slot::iam) return frame::iam_map;
      return s == slot::multi_value_headers || s == slot::multi_value_query ? frame::multi_map
                                                                            : frame::strict_map;
    }
    switch (s) {
      case slot::is_base64_encoded:
        event_.is_base64_encoded_kind = kind;
        event_.is_base64_encoded = false;
        return frame::skip;
      case slot::cookies:
        event_.cookies_kind = kind;
        event_.cookies_bad = false;
        event_.cookies.clear();
        return kind == json_kind::array ? frame::cookies : frame::skip;
      case slot::request_context:
        event_.context = kind;
        return kind == json_kind::object ? frame::context : frame::skip;
      case slot::context_http:
        event_.context_http = kind;
        return kind == json_kind::object ? frame::context_http : frame::skip;
      case slot::context_elb: event_.context_elb = kind; return frame::skip;
      case slot::context_resource_path: event_.context_resource_path = kind; return frame::skip;
      case slot::context_path: event_.context_path = kind; return frame::skip;
      case slot::context_authorizer:
        event_.context_authorizer = kind;
        return kind == json_kind::object ? frame::authorizer : frame::skip;
      case slot::cognito_identity:
        event_.cognito.entries.clear();
        event_.cognito.kind = kind;
        event_.cognito_amr = json_kind::absent;
        next_map_ = &event_.cognito;
        return kind == json_kind::object ? frame::cognito : frame::skip;
      case slot::cognito_amr:
        event_.cognito_amr = kind;
        next_map_ = &event_.cognito;
        entry_key_ = "amr";
        return kind == json_kind::array ? frame::multi_values : frame::skip;
      default: return frame::skip;
    }
  }

  // A value in a map: null entries are left out; a multi_map entry is an array of strings; any
  // other non-string is not_a_string_entry(). (Strings arrive through on_string_value.)
  frame begin_entry(frame where, json_kind kind) {
    if (kind == json_kind::null) return frame::skip;
    if (where == frame::multi_map && kind == json_kind::array) {
      next_map_ = maps_[depth_];
      return frame::multi_values;
    }
    if (!(where != frame::multi_map && kind == json_kind::string)) not_a_string_entry();
    return frame::skip;
  }

  // The current entry is not a string: the map is bad, or, when lenient, records that.
  void not_a_string_entry() {
    auto& map = current_map();
    if (map.lenient) {
      map.entries.emplace_back(entry_key_, not_a_string);
    } else {
      map.bad = true;
    }
  }

  void on_string_value(std::string_view text) {
    const frame where = top();
    const slot s = slot_;
    if (where == frame::multi_values) {
      current_map().entries.emplace_back(entry_key_, keep(text));
      return;
    }
    if (where == frame::cookies) {
      event_.cookies.push_back(keep(text));
      return;
    }
    slot_ = slot::none;
    if (s == slot::map_entry) {
      if (where == frame::multi_map) {
        current_map().bad = true;  // a string where an array belongs (lenient maps have none)
      } else {
        current_map().entries.emplace_back(entry_key_, keep(text));
      }
      return;
    }
    if (where != frame::root && where != frame::context && where != frame::context_http &&
        where != frame::iam_map && where != frame::cognito)
      return;
    if (auto* field = field_for(s)) {
      field->kind = json_kind::string;
      field->text = keep(text);
      return;
    }
    slot_ = s;
    begin_member(s, json_kind::string);
  }

  bool scalar() {
    begin_value(json_kind::other);
    return true;
  }

  lambda_event& event_;
  std::string_view text_;
  std::array<frame, 72> frames_{};  // frames_[0] is the document
  std::array<event_map*, 72> maps_{};  // the map of each frame, where it has one
  std::size_t depth_ = 0;
  slot slot_ = slot::none;
  event_map* next_map_ = nullptr;  // the map of the container about to be pushed
  std::string_view entry_key_;
  std::string pending_;
};

// Reads `text` into `event`, whose views point into `text` (keep it alive while `event` is
// used); false when it is not JSON or nests deeper than `max_depth` (at most 64).
inline bool read_lambda_event(std::string_view text, lambda_event& event,
                              std::size_t max_depth = 64) {
  boost::json::parse_options options;
  options.max_depth = max_depth < 64 ? max_depth : 64;
  boost::json::basic_parser<lambda_event_handler> parser(options, event, text);
  boost::system::error_code ec;
  const auto used = parser.write_some(false, text.data(), text.size(), ec);
  return !ec && used == text.size();
}

}  // namespace flasky::aws::detail
