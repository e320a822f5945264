#pragma once
// Private: a converter as the run-time matcher sees it.

#include <string_view>

#include <flasky/converter.hpp>
#include <flasky/route_pattern.hpp>

namespace flasky::detail {

/// A converter erased to what matching needs: name, order, and an acceptance test.
struct converter_desc {
  std::string_view name;
  int priority = 0;  ///< typed converters by their own priority; strings 1000, paths 2000
  segment_kind kind = segment_kind::typed;
  bool (*accepts)(std::string_view decoded) noexcept = nullptr;  ///< null: any acceptable text

  /// Order of trial at one node: by priority, then by name for a stable answer.
  constexpr bool tried_before(const converter_desc& other) const noexcept {
    if (priority != other.priority) return priority < other.priority;
    return name < other.name;
  }
};

inline constexpr converter_desc string_converter_desc{"string", 1000, segment_kind::string, nullptr};
inline constexpr converter_desc path_converter_desc{"path", 2000, segment_kind::path, nullptr};

template <class T>
inline constexpr converter_desc converter_desc_for{
    converter<T>::name, converter_priority<T>(), segment_kind::typed,
    [](std::string_view decoded) noexcept { return converter_accepts<T>(decoded); }};

/// True for the names of the built-in converters (no pointer comparison: usable in constant
/// expressions even under g++'s -fsanitize=undefined).
constexpr bool is_builtin_converter(std::string_view name) noexcept {
  return name == "string" || name == "path" || name == "int" || name == "uint" ||
         name == "float" || name == "uuid";
}

/// The built-in converter named `name`, or null.
constexpr const converter_desc* builtin_converter_desc(std::string_view name) noexcept {
  if (name == "string") return &string_converter_desc;
  if (name == "path") return &path_converter_desc;
  if (name == "int") return &converter_desc_for<std::int64_t>;
  if (name == "uint") return &converter_desc_for<std::uint64_t>;
  if (name == "float") return &converter_desc_for<double>;
  if (name == "uuid") return &converter_desc_for<uuid>;
  return nullptr;
}

}  // namespace flasky::detail
