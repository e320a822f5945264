#include <flasky/candidate.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>
#include <catch2/catch.hpp>

#include <string>

namespace {

boost::system::result<flasky::candidate> from_text(const char* json) {
  return flasky::try_candidate_from_json(boost::json::parse(json));
}

}  // namespace

TEST_CASE("a candidate is written as an object with one CandidateName string") {
  const boost::json::value v = boost::json::value_from(flasky::candidate{"alice"});
  CHECK(boost::json::serialize(v) == R"({"CandidateName":"alice"})");
}

TEST_CASE("a candidate read back from its JSON form is the same candidate") {
  for (const char* name : {"alice", "Zoë", "候选人", "🦄 unicorn", "quote \" and \\ backslash"}) {
    const flasky::candidate original{name};
    const boost::json::value v = boost::json::value_from(original);
    CHECK(boost::json::value_to<flasky::candidate>(v) == original);
    const auto reparsed =
        flasky::try_candidate_from_json(boost::json::parse(boost::json::serialize(v)));
    REQUIRE(reparsed.has_value());
    CHECK(*reparsed == original);
  }
}

TEST_CASE("candidates are equal exactly when their names are byte-for-byte equal") {
  CHECK(flasky::candidate{"alice"} == flasky::candidate{"alice"});
  CHECK_FALSE(flasky::candidate{"alice"} == flasky::candidate{"Alice"});
  CHECK_FALSE(flasky::candidate{"Zo\xc3\xab"} == flasky::candidate{"Zoe\xcc\x88"});
}

TEST_CASE("reading a candidate ignores fields other than CandidateName") {
  const auto c = from_text(R"({"Party":"x","CandidateName":"bob","Votes":3})");
  REQUIRE(c.has_value());
  CHECK(c->name == "bob");
}

TEST_CASE("reading a candidate from a value that is not an object fails with json_not_object") {
  for (const char* text : {"42", R"("alice")", "null", "true", R"([{"CandidateName":"alice"}])"}) {
    INFO(text);
    const auto c = from_text(text);
    REQUIRE(c.has_error());
    CHECK(c.error() == flasky::error::json_not_object);
  }
}

TEST_CASE("reading a candidate without CandidateName fails with json_missing_field") {
  for (const char* text : {"{}", R"({"candidateName":"alice"})", R"({"Name":"alice"})"}) {
    INFO(text);
    const auto c = from_text(text);
    REQUIRE(c.has_error());
    CHECK(c.error() == flasky::error::json_missing_field);
  }
}

TEST_CASE("reading a candidate whose CandidateName is not a string fails with json_wrong_type") {
  for (const char* text : {R"({"CandidateName":42})", R"({"CandidateName":null})",
                           R"({"CandidateName":["alice"]})", R"({"CandidateName":{"x":1}})"}) {
    INFO(text);
    const auto c = from_text(text);
    REQUIRE(c.has_error());
    CHECK(c.error() == flasky::error::json_wrong_type);
  }
}

TEST_CASE("reading a candidate whose CandidateName is not a valid name fails with invalid_name") {
  const auto empty = from_text(R"({"CandidateName":""})");
  REQUIRE(empty.has_error());
  CHECK(empty.error() == flasky::error::invalid_name);

  boost::json::object too_long;
  too_long[flasky::candidate_name_key] = std::string(flasky::max_candidate_name_bytes + 1, 'x');
  const auto long_result = flasky::try_candidate_from_json(too_long);
  REQUIRE(long_result.has_error());
  CHECK(long_result.error() == flasky::error::invalid_name);

  boost::json::object not_utf8;  // a json::string built in code may hold any bytes
  not_utf8[flasky::candidate_name_key] = "bad \xff byte";
  const auto utf8_result = flasky::try_candidate_from_json(not_utf8);
  REQUIRE(utf8_result.has_error());
  CHECK(utf8_result.error() == flasky::error::invalid_name);
}

TEST_CASE("value_to throws a system_error carrying the same flasky error") {
  const boost::json::value v = boost::json::parse(R"({"CandidateName":7})");
  try {
    (void)boost::json::value_to<flasky::candidate>(v);
    FAIL("value_to did not throw");
  } catch (const boost::system::system_error& e) {
    CHECK(e.code() == flasky::error::json_wrong_type);
  }
  const auto r = boost::json::try_value_to<flasky::candidate>(v);
  REQUIRE(r.has_error());
  CHECK(r.error() == flasky::error::json_wrong_type);
}

TEST_CASE("a valid candidate name is 1 to 256 bytes of well-formed UTF-8") {
  STATIC_REQUIRE(flasky::max_candidate_name_bytes == 256);
  STATIC_REQUIRE(flasky::is_valid_candidate_name("a"));
  STATIC_REQUIRE(flasky::is_valid_candidate_name("alice smith"));
  STATIC_REQUIRE(flasky::is_valid_candidate_name("a/b ?#%20"));
  STATIC_REQUIRE(flasky::is_valid_candidate_name("Zo\xc3\xab"));        // Zoë, 2-byte sequence
  STATIC_REQUIRE(flasky::is_valid_candidate_name("\xe5\x80\x99"));      // 候, 3 bytes
  STATIC_REQUIRE(flasky::is_valid_candidate_name("\xf0\x9f\xa6\x84"));  // 🦄, 4 bytes
  STATIC_REQUIRE(flasky::is_valid_candidate_name("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  STATIC_REQUIRE(flasky::is_valid_candidate_name("\xed\x9f\xbf"));      // U+D7FF

  CHECK(flasky::is_valid_candidate_name(std::string(256, 'x')));
  CHECK_FALSE(flasky::is_valid_candidate_name(std::string(257, 'x')));
  std::string multibyte;  // 128 x "é" = 256 bytes, only 128 characters
  for (int i = 0; i < 128; ++i) multibyte += "\xc3\xa9";
  CHECK(flasky::is_valid_candidate_name(multibyte));
  CHECK_FALSE(flasky::is_valid_candidate_name(multibyte + "x"));
}

TEST_CASE("a candidate name that is empty or malformed UTF-8 is not valid") {
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name(""));
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xff"));              // never in UTF-8
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\x80"));              // stray continuation
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xc3"));              // truncated
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xc3x"));             // bad continuation
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xc0\xaf"));          // overlong '/'
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xe0\x80\xaf"));      // overlong, 3 bytes
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xed\xa0\x80"));      // surrogate U+D800
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xf0\x80\x80\xaf"));  // overlong, 4 bytes
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xf4\x90\x80\x80"));  // past U+10FFFF
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xf5\x80\x80\x80"));
  STATIC_REQUIRE_FALSE(flasky::is_valid_candidate_name("\xf0\x9f\xa6"));  // truncated emoji
}
