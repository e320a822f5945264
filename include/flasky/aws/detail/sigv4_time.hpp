#pragma once
// Private: the SigV4 time format yyyymmddThhmmssZ (ISO 8601 basic format, UTC).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace flasky::aws::detail {

// t written yyyymmddThhmmssZ, for example "20150830T123600Z" (years 0000-9999).
inline std::string format_amz_date(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> time{t - day};
  auto put = [](std::string& out, long value, int width) {
    std::string digits(static_cast<std::size_t>(width), '0');
    for (int i = width - 1; i >= 0 && value > 0; --i, value /= 10) {
      digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    }
    out += digits;
  };
  std::string out;
  out.reserve(16);
  put(out, static_cast<int>(ymd.year()), 4);
  put(out, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
  put(out, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
  out.push_back('T');
  put(out, time.hours().count(), 2);
  put(out, time.minutes().count(), 2);
  put(out, static_cast<long>(time.seconds().count()), 2);
  out.push_back('Z');
  return out;
}

// The time written in s as yyyymmddThhmmssZ; nullopt unless s is exactly that, with a valid
// calendar date, hours 00-23, minutes and seconds 00-59.
inline std::optional<std::chrono::sys_seconds> parse_amz_date(std::string_view s) {
  using namespace std::chrono;
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> int {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = number(0, 4), mo = number(4, 2), d = number(6, 2);
  const int h = number(9, 2), mi = number(11, 2), se = number(13, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return std::nullopt;
  if (h > 23 || mi > 59 || se > 59) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{se};
}

}  // namespace flasky::aws::detail
