// docs/routing.md: a custom converter.
#include <flasky/flasky.hpp>

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>

/// A colour written as six hex digits, as in /colours/ff8800.
struct rgb {
  std::uint32_t value;
};

template <>
struct flasky::converter<rgb> {
  static constexpr std::string_view name = "rgb";
  static std::optional<rgb> parse(std::string_view text) noexcept {
    if (text.size() != 6) return std::nullopt;
    std::uint32_t value = 0;
    for (char c : text) {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return rgb{value};
  }
  static std::string format(rgb colour) {  // for url_for
    std::string text(6, '0');
    for (int i = 5; i >= 0; --i, colour.value >>= 4) text[i] = "0123456789abcdef"[colour.value & 15];
    return text;
  }
};

inline constexpr flasky::route<"/colours/<rgb:colour>"> colour_route;

int main() {
  flasky::router app;
  app.get(colour_route, [](rgb colour) { return std::to_string(colour.value); });
  flasky::test_client client(app);
  assert(client.get("/colours/ff8800").body() == "16746496");
  assert(client.get("/colours/orange").status() == flasky::status::not_found);
  assert(flasky::url_for(colour_route, rgb{0xff8800}) == "/colours/ff8800");
}
