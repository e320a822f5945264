#include <flasky/route_pattern.hpp>

#include <catch2/catch.hpp>

using flasky::parse_pattern;
using flasky::pattern_error;
using flasky::segment_kind;

TEST_CASE("a pattern splits into literal and parameter segments") {
  constexpr auto p = parse_pattern("/candidate/<name>");
  STATIC_REQUIRE(p.ok());
  STATIC_REQUIRE(p.segment_count == 2);
  STATIC_REQUIRE(p.param_count == 1);
  STATIC_REQUIRE(p.segments[0].kind == segment_kind::literal);
  STATIC_REQUIRE(p.segments[0].text == "candidate");
  STATIC_REQUIRE(p.segments[1].kind == segment_kind::string);
  STATIC_REQUIRE(p.segments[1].name == "name");
  STATIC_REQUIRE(p.segments[1].converter == "string");
}

TEST_CASE("converters give typed, string and path segments") {
  constexpr auto p = parse_pattern("/a/<int:id>/<uuid:u>/<hex:h>/<path:rest>");
  STATIC_REQUIRE(p.ok());
  STATIC_REQUIRE(p.segments[1].kind == segment_kind::typed);
  STATIC_REQUIRE(p.segments[1].converter == "int");
  STATIC_REQUIRE(p.segments[3].kind == segment_kind::typed);
  STATIC_REQUIRE(p.segments[3].converter == "hex");
  STATIC_REQUIRE(p.segments[4].kind == segment_kind::path);
  STATIC_REQUIRE(p.param_index("rest") == 3);
  STATIC_REQUIRE(p.param_index("nope") == flasky::max_route_params);
  STATIC_REQUIRE(p.param_segment(2).name == "h");
}

TEST_CASE("the root and trailing slashes are recorded") {
  STATIC_REQUIRE(parse_pattern("/").ok());
  STATIC_REQUIRE(parse_pattern("/").segment_count == 0);
  STATIC_REQUIRE(!parse_pattern("/").trailing_slash);
  STATIC_REQUIRE(parse_pattern("/dir/").trailing_slash);
  STATIC_REQUIRE(parse_pattern("/dir/").segment_count == 1);
}

TEST_CASE("each malformed pattern reports its own error and where") {
  struct row {
    const char* pattern;
    pattern_error error;
  };
  const row rows[] = {
      {"", pattern_error::empty},
      {"gtg", pattern_error::no_leading_slash},
      {"/a//b", pattern_error::empty_segment},
      {"/a/<x", pattern_error::unclosed_parameter},
      {"/a/x>", pattern_error::stray_closing_bracket},
      {"/a/<x>>", pattern_error::parameter_not_whole_segment},
      {"/file.<ext>", pattern_error::parameter_not_whole_segment},
      {"/a/<>", pattern_error::empty_parameter_name},
      {"/a/<int:>", pattern_error::empty_parameter_name},
      {"/a/<1x>", pattern_error::invalid_parameter_name},
      {"/a/<in-t:x>", pattern_error::invalid_converter_name},
      {"/a/<int(signed=True):x>", pattern_error::converter_arguments},
      {"/a/<x>/<int:x>", pattern_error::duplicate_parameter_name},
      {"/a/<path:p>/b", pattern_error::path_not_last},
      {"/a/<path:p>/", pattern_error::path_not_last},
      {"/a b", pattern_error::invalid_literal_character},
      {"/a?b", pattern_error::invalid_literal_character},
      {"/100%", pattern_error::invalid_literal_character},
      {"/a/../b", pattern_error::dot_segment},
      {"/./b", pattern_error::dot_segment},
  };
  for (const auto& r : rows) {
    INFO(r.pattern);
    auto p = parse_pattern(r.pattern);
    CHECK(p.error == r.error);
    CHECK(!p.ok());
    CHECK(flasky::describe(p.error).size() > 10);
  }
  CHECK(parse_pattern("/a/<x").error_offset == 3);
}

TEST_CASE("limits on segments and parameters are enforced") {
  std::string many_segments;
  for (int i = 0; i < 33; ++i) many_segments += "/s";
  CHECK(parse_pattern(many_segments).error == pattern_error::too_many_segments);
  std::string many_params;
  for (int i = 0; i < 17; ++i) many_params += "/<p" + std::to_string(i) + ">";
  CHECK(parse_pattern(many_params).error == pattern_error::too_many_parameters);
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "/<p" + std::to_string(i) + ">";
  CHECK(parse_pattern(sixteen).ok());
}

TEST_CASE("literal segments may hold UTF-8 and sub-delimiters") {
  CHECK(parse_pattern("/caf\xC3\xA9/a-b_c.d~e!$&'()*+,;=:@").ok());
}
