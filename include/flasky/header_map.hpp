#pragma once
/// @file
/// An ordered collection of HTTP header fields with case-insensitive names.

#include <flasky/detail/ascii.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flasky {

/// An ordered multimap of HTTP header fields whose names compare case-insensitively.
///
/// Fields keep the order in which they were added and the spelling of their names, so a
/// response is written out the way the handler built it. Lookup ignores ASCII case
/// ("content-type" finds "Content-Type") and returns the first matching field; duplicates are
/// kept, as HTTP allows for fields such as `Set-Cookie`. Lookup is a linear scan, which is
/// faster than hashing for the dozen or so fields a message usually has.
///
/// The map stores names and values as given and does not validate them; whoever writes the
/// fields to the wire must reject CR, LF and NUL in values. Views returned by `find` stay valid
/// until the map is next modified.
///
/// @code
/// flasky::header_map h;
/// h.add("Set-Cookie", "a=1");
/// h.add("Set-Cookie", "b=2");
/// h.set("Content-Type", "application/json");
/// assert(h.find("content-type") == "application/json");
/// assert(h.size() == 3);
/// @endcode
class header_map {
 public:
  /// One field: name (as given) and value.
  using value_type = std::pair<std::string, std::string>;
  /// Iterates the fields in order as `const value_type&`.
  using const_iterator = std::vector<value_type>::const_iterator;

  /// Appends a field, keeping any existing fields of the same name.
  ///
  /// @code
  /// h.add("Vary", "Accept");
  /// h.add("Vary", "Origin");  // two fields now
  /// @endcode
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }

  /// Makes room for `count` fields in all, so that adding up to that many allocates no more
  /// for the list itself (a binding that knows how many fields it will add calls this first).
  void reserve(std::size_t count) { fields_.reserve(count); }

  /// Makes `name: value` the only field of that name.
  ///
  /// The first existing field of that name (any case) is replaced in place, later ones are
  /// removed; without one, the field is appended.
  ///
  /// @code
  /// h.set("content-type", "text/plain");  // replaces "Content-Type: application/json"
  /// @endcode
  void set(std::string name, std::string value) {
    auto first = std::find_if(fields_.begin(), fields_.end(),
                              [&](const value_type& f) { return detail::iequals(f.first, name); });
    if (first == fields_.end()) {
      fields_.emplace_back(std::move(name), std::move(value));
      return;
    }
    const auto index = first - fields_.begin();
    fields_.erase(
        std::remove_if(first + 1, fields_.end(),
                       [&](const value_type& f) { return detail::iequals(f.first, name); }),
        fields_.end());
    fields_[static_cast<std::size_t>(index)] = value_type(std::move(name), std::move(value));
  }

  /// Removes every field called `name` (any case) and returns how many there were.
  ///
  /// @code
  /// std::size_t removed = h.erase("set-cookie");
  /// @endcode
  std::size_t erase(std::string_view name) {
    const auto old_size = fields_.size();
    fields_.erase(
        std::remove_if(fields_.begin(), fields_.end(),
                       [&](const value_type& f) { return detail::iequals(f.first, name); }),
        fields_.end());
    return old_size - fields_.size();
  }

  /// The value of the first field called `name` (any case), or `std::nullopt`.
  ///
  /// The view refers into the map and is valid until the map is next modified.
  ///
  /// @code
  /// if (auto type = h.find("Content-Type")) { use(*type); }
  /// @endcode
  std::optional<std::string_view> find(std::string_view name) const {
    for (const auto& f : fields_) {
      if (detail::iequals(f.first, name)) return std::string_view(f.second);
    }
    return std::nullopt;
  }

  /// Whether a field called `name` (any case) exists.
  bool contains(std::string_view name) const { return find(name).has_value(); }

  /// The number of fields, duplicates included.
  std::size_t size() const noexcept { return fields_.size(); }

  /// Whether there are no fields.
  bool empty() const noexcept { return fields_.empty(); }

  /// The first field, in insertion order.
  ///
  /// @code
  /// for (const auto& [name, value] : h) { write(name, value); }
  /// @endcode
  const_iterator begin() const noexcept { return fields_.begin(); }

  /// Past the last field.
  const_iterator end() const noexcept { return fields_.end(); }

 private:
  std::vector<value_type> fields_;
};

}  // namespace flasky
