#pragma once
/// @file
/// The candidate record of the reference service, its name rules and its JSON form.

#include <flasky/detail/utf8.hpp>
#include <flasky/error.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace flasky {

/// The largest candidate name, in bytes of UTF-8 (not in characters).
///
/// It matches the default limit on a route parameter, so every name that can arrive in a URL
/// can be stored, and every backend (DynamoDB keys, Cosmos ids, Firestore document ids) can hold
/// it.
inline constexpr std::size_t max_candidate_name_bytes = 256;

/// A candidate of the reference service, identified by its name.
///
/// A valid name is any non-empty string of well-formed UTF-8 of at most
/// `max_candidate_name_bytes` bytes (see `is_valid_candidate_name`). Spaces, punctuation, `/`,
/// and any Unicode character are allowed; names are compared byte for byte, with no case folding
/// or Unicode normalisation ("Zoë" written precomposed and decomposed are two names).
///
/// Its JSON form is an object with one string field, `{"CandidateName":"alice"}`, converted both
/// ways by Boost.JSON (`boost::json::value_from` and `boost::json::value_to`, or the non-throwing
/// `try_candidate_from_json`).
///
/// @code
/// flasky::candidate c{"alice"};
/// boost::json::value v = boost::json::value_from(c);  // {"CandidateName":"alice"}
/// assert(boost::json::value_to<flasky::candidate>(v) == c);
/// @endcode
struct candidate {
  /// The candidate's name: the key under which stores keep it.
  std::string name;

  /// Two candidates are equal when their names are byte-for-byte equal.
  friend bool operator==(const candidate&, const candidate&) = default;
};

/// The key of the name in a candidate's JSON object.
inline constexpr std::string_view candidate_name_key = "CandidateName";

/// True when `name` may name a candidate: 1 to `max_candidate_name_bytes` bytes of well-formed
/// UTF-8.
///
/// Well-formed means what RFC 3629 says: no overlong encodings, no surrogate code points
/// (U+D800 to U+DFFF), nothing past U+10FFFF, no truncated sequence. Every other code point is
/// allowed, control characters included.
///
/// @code
/// static_assert(flasky::is_valid_candidate_name("Zoë"));
/// static_assert(!flasky::is_valid_candidate_name(""));
/// static_assert(!flasky::is_valid_candidate_name("\xff"));
/// @endcode
constexpr bool is_valid_candidate_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= max_candidate_name_bytes && detail::is_valid_utf8(name);
}

/// Reads a candidate from its JSON form, `{"CandidateName":"alice"}`.
///
/// Other fields of the object are ignored. The errors, all `flasky::error` values:
/// - `json_not_object`: `v` is not an object;
/// - `json_missing_field`: the object has no `CandidateName`;
/// - `json_wrong_type`: `CandidateName` is not a string;
/// - `invalid_name`: the string is not a valid name (see `is_valid_candidate_name`).
///
/// @code
/// auto c = flasky::try_candidate_from_json(boost::json::parse(R"({"CandidateName":"bob"})"));
/// assert(c && c->name == "bob");
/// auto bad = flasky::try_candidate_from_json(boost::json::value(42));
/// assert(bad.error() == flasky::error::json_not_object);
/// @endcode
inline boost::system::result<candidate> try_candidate_from_json(const boost::json::value& v) {
  const boost::json::object* object = v.if_object();
  if (object == nullptr) return error::json_not_object;
  const boost::json::value* field = object->if_contains(candidate_name_key);
  if (field == nullptr) return error::json_missing_field;
  const boost::json::string* name = field->if_string();
  if (name == nullptr) return error::json_wrong_type;
  if (!is_valid_candidate_name(*name)) return error::invalid_name;
  return candidate{std::string(*name)};
}

/// Writes `c` as `{"CandidateName":"<name>"}`; the hook behind `boost::json::value_from`.
///
/// @code
/// boost::json::value v = boost::json::value_from(flasky::candidate{"alice"});
/// @endcode
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const candidate& c) {
  boost::json::object& object = v.emplace_object();
  object.emplace(candidate_name_key, c.name);
}

/// Reads a candidate as `try_candidate_from_json` does; the hook behind
/// `boost::json::try_value_to<candidate>` and `boost::json::value_to<candidate>`.
///
/// `value_to` throws `boost::system::system_error` carrying the same `flasky::error` that
/// `try_candidate_from_json` returns.
///
/// @code
/// auto c = boost::json::try_value_to<flasky::candidate>(v);
/// @endcode
inline boost::system::result<candidate> tag_invoke(boost::json::try_value_to_tag<candidate>,
                                                   const boost::json::value& v) {
  return try_candidate_from_json(v);
}

}  // namespace flasky
