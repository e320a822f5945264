#pragma once
// Private: one log line written in one call, so lines from several threads never interleave.

#include <cstdio>
#include <string>
#include <string_view>

namespace flasky::detail {

/// Writes `line` and a newline to `out` in one call, then flushes.
inline void write_line(std::FILE* out, std::string_view line) {
  std::string text;
  text.reserve(line.size() + 1);
  text.append(line).push_back('\n');
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
}

}  // namespace flasky::detail
