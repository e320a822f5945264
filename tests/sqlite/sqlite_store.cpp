#include <flasky/sqlite/sqlite_store.hpp>

#include <flasky/testing/candidate_store_conformance.hpp>

#include <catch2/catch.hpp>

#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

// Note: this file stays clear of <filesystem> (and <iomanip>): the conformance kit calls
// quoted(std::string) unqualified, which then finds std::quoted by argument-dependent lookup.

// Whether something exists at `path` (stat succeeds).
bool exists(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0;
}

// Whether `path` is a regular file.
bool is_regular_file(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

void make_directory(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), 0700) != 0 || ::chmod(path.c_str(), mode) != 0) {
    throw std::runtime_error("cannot make directory " + path);
  }
}

void change_mode(const std::string& path, mode_t mode) {
  if (::chmod(path.c_str(), mode) != 0) throw std::runtime_error("cannot chmod " + path);
}

// A new directory under /tmp (mkdtemp), removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    std::string pattern = "/tmp/flasky-sqlite-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    // Give directories back the write permission a test took away, then remove depth first.
    ::nftw(
        path_.c_str(),
        [](const char* p, const struct stat* s, int, FTW*) {
          if (S_ISDIR(s->st_mode)) ::chmod(p, 0700);
          return 0;
        },
        16, FTW_PHYS);
    ::nftw(
        path_.c_str(), [](const char* p, const struct stat*, int, FTW*) { return ::remove(p); }, 16,
        FTW_DEPTH | FTW_PHYS);
  }

  const std::string& path() const noexcept { return path_; }
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// A plain SQLite connection, to look at or prepare a file behind the store's back.
class raw_db {
 public:
  explicit raw_db(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
  }
  raw_db(const raw_db&) = delete;
  raw_db& operator=(const raw_db&) = delete;
  ~raw_db() { sqlite3_close(db_); }

  void exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "?";
      sqlite3_free(message);
      throw std::runtime_error(sql + ": " + text);
    }
  }

  // The first column of every row of `sql`, as text.
  std::vector<std::string> column(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    std::vector<std::string> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      rows.emplace_back(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    }
    sqlite3_finalize(statement);
    return rows;
  }

  std::string one(const std::string& sql) {
    auto rows = column(sql);
    return rows.empty() ? "<no row>" : rows.front();
  }

 private:
  sqlite3* db_ = nullptr;
};

std::vector<std::string> names_of(const boost::system::result<std::vector<flasky::candidate>>& r) {
  if (r.has_error()) return {"<error: " + r.error().message() + ">"};
  std::vector<std::string> names;
  for (const auto& c : *r) names.push_back(c.name);
  return names;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The error try_open gives for `path` (what() and code), or "opened" when it opens.
struct open_outcome {
  std::string what;
  std::string reason;
  boost::system::error_code code;
};

open_outcome open_outcome_of(const std::string& path) {
  auto store = flasky::sqlite_store::try_open(path);
  if (store) return {"opened", "opened", {}};
  return {store.error().what(), store.error().reason(), store.error().code()};
}

// The what() of try_open(path) run by an unprivileged user: in a child process that became
// `nobody` when this test runs as root (root writes anywhere), else in this process. Returns
// "opened" when the store opened.
std::string what_when_opened_without_privileges(const std::string& path) {
  if (::geteuid() != 0) return open_outcome_of(path).what;
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) throw std::runtime_error("no user 'nobody' to drop root privileges to");
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    ::close(pipe_fds[0]);
    if (::setgroups(0, nullptr) != 0 || ::setgid(nobody->pw_gid) != 0 ||
        ::setuid(nobody->pw_uid) != 0) {
      ::_exit(3);
    }
    const std::string what = open_outcome_of(path).what;
    const ssize_t written = ::write(pipe_fds[1], what.data(), what.size());
    ::_exit(written == static_cast<ssize_t>(what.size()) ? 0 : 4);
  }
  ::close(pipe_fds[1]);
  std::string what;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) what.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("the unprivileged child failed, status " + std::to_string(status));
  }
  return what;
}

}  // namespace

TEST_CASE("the SQLite store keeps the candidate_store contract") {
  const temp_dir dir;
  int stores = 0;
  flasky::testing::check_candidate_store_conformance([&] {
    return std::make_unique<flasky::sqlite_store>(
        flasky::sqlite_store::open(dir / ("store" + std::to_string(stores++) + ".db")));
  });
}

TEST_CASE("a new store file is created in WAL mode and marked as a flasky store") {
  const temp_dir dir;
  const std::string path = dir / "new.db";
  REQUIRE_FALSE(exists(path));
  {
    auto store = flasky::sqlite_store::try_open(path);
    REQUIRE(store.has_value());
    CHECK(store->path() == path);
    REQUIRE(is_regular_file(path));
    raw_db db(path);
    CHECK(db.one("PRAGMA journal_mode") == "wal");
    CHECK(db.one("PRAGMA application_id") == std::to_string(0x464c534b));
    CHECK(db.one("PRAGMA user_version") == "1");
    CHECK(db.column("SELECT name FROM sqlite_schema") == std::vector<std::string>{"candidates"});
    CHECK(db.column("SELECT name FROM pragma_table_info('candidates') WHERE pk = 1") ==
          std::vector<std::string>{"CandidateName"});
  }
  raw_db db(path);  // WAL mode is a property of the file: it stays after the store closed
  CHECK(db.one("PRAGMA journal_mode") == "wal");
}

TEST_CASE("candidates survive closing and reopening the store") {
  const temp_dir dir;
  const std::string path = dir / "persist.db";
  const std::string with_nul("nul\0inside", 10);
  {
    auto store = flasky::sqlite_store::open(path);
    for (const std::string& name : {std::string("bob"), std::string("alice"), with_nul,
                                    std::string("Zo\xc3\xab"), std::string(256, 'x')}) {
      REQUIRE(store.put(flasky::candidate{name}).has_value());
    }
  }
  auto reopened = flasky::sqlite_store::open(path);
  CHECK(names_of(reopened.list()) ==
        std::vector<std::string>{"Zo\xc3\xab", "alice", "bob", with_nul, std::string(256, 'x')});
  CHECK(names_of(reopened.find(with_nul)) == std::vector<std::string>{with_nul});
  CHECK(names_of(reopened.find("nul")).empty());
  REQUIRE(reopened.put(flasky::candidate{"carol"}).has_value());
  CHECK(names_of(flasky::sqlite_store::open(path).find("carol")) ==
        std::vector<std::string>{"carol"});
}

TEST_CASE("the store answers from a moved-to object and refuses from a moved-from one") {
  const temp_dir dir;
  auto first = flasky::sqlite_store::open(dir / "moved.db");
  REQUIRE(first.put(flasky::candidate{"alice"}).has_value());
  flasky::sqlite_store second = std::move(first);
  CHECK(names_of(second.list()) == std::vector<std::string>{"alice"});
  // NOLINTBEGIN(bugprone-use-after-move): the moved-from state is part of the contract
  CHECK(first.list().error() == flasky::error::store_unavailable);
  CHECK(first.find("alice").error() == flasky::error::store_unavailable);
  CHECK(first.put(flasky::candidate{"bob"}).error() == flasky::error::store_unavailable);
  CHECK(first.path().empty());
  // NOLINTEND(bugprone-use-after-move)
}

TEST_CASE("an existing empty file becomes a store") {
  const temp_dir dir;
  const std::string path = dir / "empty.db";
  std::ofstream(path).close();
  REQUIRE(file_bytes(path).empty());
  auto store = flasky::sqlite_store::try_open(path);
  REQUIRE(store.has_value());
  REQUIRE(store->put(flasky::candidate{"alice"}).has_value());
  CHECK(names_of(store->list()) == std::vector<std::string>{"alice"});
}

TEST_CASE("a relative path names a file in the working directory, even ':memory:'") {
  const temp_dir dir;
  char before[4096];
  REQUIRE(::getcwd(before, sizeof before) != nullptr);
  REQUIRE(::chdir(dir.path().c_str()) == 0);
  auto opened = flasky::sqlite_store::try_open(":memory:");
  auto file = flasky::sqlite_store::try_open("file:x.db");
  REQUIRE(::chdir(before) == 0);
  REQUIRE(opened.has_value());
  REQUIRE(file.has_value());
  REQUIRE(opened->put(flasky::candidate{"alice"}).has_value());
  CHECK(is_regular_file(dir / ":memory:"));
  CHECK(is_regular_file(dir / "file:x.db"));
}

TEST_CASE("the open error names the path and the reason, ready for a program to print") {
  const temp_dir dir;
  const std::string path = dir / "missing/x.db";
  auto store = flasky::sqlite_store::try_open(path);
  REQUIRE(store.has_error());
  const flasky::sqlite_open_error& error = store.error();
  CHECK(error.path() == path);
  CHECK(error.reason() == "the directory '" + dir / "missing" + "' does not exist");
  CHECK(std::string(error.what()) == "cannot open store '" + path + "': " + error.reason());
  CHECK(error.code() == flasky::error::store_unavailable);
  CHECK(std::string(flasky::sqlite_open_error().what()) == "no error");
}

TEST_CASE("open throws the error that try_open returns") {
  const temp_dir dir;
  const std::string path = dir / "missing/x.db";
  const std::string expected = flasky::sqlite_store::try_open(path).error().what();
  CHECK_THROWS_WITH(flasky::sqlite_store::open(path), expected);
  CHECK_THROWS_AS(flasky::sqlite_store::open(path), flasky::sqlite_open_error);
  CHECK_THROWS_AS(flasky::sqlite_store::open(path), std::runtime_error);
}

TEST_CASE("a SQLite database of another application is refused and left unchanged") {
  const temp_dir dir;
  const std::string path = dir / "other.db";
  {
    raw_db db(path);
    db.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ann');");
  }
  const std::string before = file_bytes(path);
  const auto outcome = open_outcome_of(path);
  CHECK(outcome.what == "cannot open store '" + path +
                            "': it is a SQLite database of another application, not a flasky "
                            "store (application_id 0, contains table 'people')");
  CHECK(outcome.code == flasky::error::store_unavailable);
  CHECK(file_bytes(path) == before);
  raw_db db(path);
  CHECK(db.one("PRAGMA journal_mode") == "delete");  // not switched to WAL
  CHECK_FALSE(exists(path + "-wal"));
}

TEST_CASE("an empty SQLite database with another application id is refused") {
  const temp_dir dir;
  const std::string path = dir / "other-id.db";
  raw_db(path).exec("PRAGMA application_id = 42;");
  CHECK(open_outcome_of(path).reason ==
        "it is a SQLite database of another application, not a flasky store (application_id "
        "42, holds no tables)");
}

TEST_CASE("a flasky store of a newer schema version is refused") {
  const temp_dir dir;
  const std::string path = dir / "newer.db";
  { auto store = flasky::sqlite_store::open(path); }
  raw_db(path).exec("PRAGMA user_version = 2;");
  CHECK(open_outcome_of(path).reason ==
        "it is a flasky store of a newer format (version 2; this program reads version 1)");
}

TEST_CASE("a file marked as a flasky store with foreign tables is refused") {
  const temp_dir dir;
  const std::string path = dir / "foreign-table.db";
  { auto store = flasky::sqlite_store::open(path); }
  raw_db(path).exec("CREATE TABLE extra (x);");
  CHECK(open_outcome_of(path).reason ==
        "it is marked as a flasky store but its schema is not flasky's (version 1, contains "
        "table 'candidates', table 'extra')");

  const std::string other_columns = dir / "other-columns.db";
  raw_db(other_columns)
      .exec(
          "CREATE TABLE candidates (CandidateName TEXT PRIMARY KEY, age INTEGER);"
          "PRAGMA application_id = 1179407179; PRAGMA user_version = 1;");
  CHECK(open_outcome_of(other_columns).reason ==
        "it is marked as a flasky store but its schema is not flasky's (version 1, contains "
        "table 'candidates')");
}

TEST_CASE("a file that is not SQLite is refused and left unchanged") {
  const temp_dir dir;
  for (const std::string& content : {std::string("just some text\n"), std::string(4096, '\x7f'),
                                     std::string("SQLite format 3") + std::string(200, 'z')}) {
    const std::string path = dir / "garbage.db";
    std::ofstream(path, std::ios::binary) << content;
    const auto outcome = open_outcome_of(path);
    CHECK(outcome.what == "cannot open store '" + path + "': it is not a SQLite database");
    CHECK(outcome.code == flasky::error::store_unavailable);
    CHECK(file_bytes(path) == content);
    CHECK_FALSE(exists(path + "-wal"));
    CHECK_FALSE(exists(path + "-journal"));
  }
}

TEST_CASE("a path in a directory that does not exist is refused") {
  const temp_dir dir;
  const std::string path = dir / "no/such/dir/x.db";
  CHECK(open_outcome_of(path).reason ==
        "the directory '" + (dir / "no/such/dir") + "' does not exist");
  CHECK_FALSE(exists(dir / "no"));
}

TEST_CASE("a path below a regular file is refused") {
  const temp_dir dir;
  const std::string file = dir / "plain";
  std::ofstream(file) << "x";
  CHECK(open_outcome_of(file + "/x.db").reason == "'" + file + "' is not a directory");
}

TEST_CASE("a directory is refused as a database path") {
  const temp_dir dir;
  const std::string path = dir / "a-directory";
  make_directory(path, 0755);
  const auto outcome = open_outcome_of(path);
  CHECK(outcome.what == "cannot open store '" + path + "': it is a directory, not a database file");
  CHECK(outcome.code == flasky::error::store_unavailable);
}

TEST_CASE("an empty path is refused") {
  CHECK(open_outcome_of("").what == "cannot open store '': the path is empty");
}

TEST_CASE("a directory the user cannot write to is refused") {
  const temp_dir dir;
  change_mode(dir.path(), 0755);  // let the unprivileged user in
  const std::string read_only = dir / "read-only";
  make_directory(read_only, 0555);
  const std::string path = read_only + "/x.db";
  CHECK(what_when_opened_without_privileges(path) ==
        "cannot open store '" + path + "': the directory '" + read_only +
            "' is not writable (Permission denied); the store keeps the database and its -wal "
            "and -shm files there");
  CHECK_FALSE(exists(path));
}

TEST_CASE("a writable store file in a directory the user cannot write to is refused") {
  // SQLite keeps <path>-wal and <path>-shm next to the file, so the directory must be writable.
  const temp_dir dir;
  change_mode(dir.path(), 0755);  // let the unprivileged user in
  const std::string read_only = dir / "read-only";
  make_directory(read_only, 0755);
  const std::string path = read_only + "/x.db";
  { REQUIRE(flasky::sqlite_store::open(path).put(flasky::candidate{"alice"}).has_value()); }
  REQUIRE_FALSE(exists(path + "-wal"));
  if (::geteuid() == 0) {
    const passwd* nobody = ::getpwnam("nobody");
    REQUIRE(nobody != nullptr);
    REQUIRE(::chown(path.c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
  }
  change_mode(read_only, 0555);
  CHECK(what_when_opened_without_privileges(path) ==
        "cannot open store '" + path + "': the directory '" + read_only +
            "' is not writable (Permission denied); the store keeps the database and its -wal "
            "and -shm files there");
}

TEST_CASE("a store file the user cannot write to is refused") {
  const temp_dir dir;
  change_mode(dir.path(), 0755);  // let the unprivileged user in
  const std::string path = dir / "read-only.db";
  { REQUIRE(flasky::sqlite_store::open(path).put(flasky::candidate{"alice"}).has_value()); }
  change_mode(path, 0444);
  CHECK(what_when_opened_without_privileges(path) ==
        "cannot open store '" + path + "': the file is not writable (Permission denied)");
}

TEST_CASE("writers on two stores of one file, like two processes, lose nothing") {
  const temp_dir dir;
  const std::string path = dir / "shared.db";
  auto first = flasky::sqlite_store::open(path);
  auto second = flasky::sqlite_store::open(path);
  constexpr int writers_per_store = 4;
  constexpr int puts_per_writer = 40;
  std::set<std::string> expected;
  std::vector<std::vector<std::string>> work(2 * writers_per_store);
  for (int w = 0; w < 2 * writers_per_store; ++w) {
    for (int i = 0; i < puts_per_writer; ++i) {
      // Even puts use names only this writer puts; odd ones, names every writer puts.
      work[w].push_back(i % 2 == 0 ? "writer " + std::to_string(w) + " #" + std::to_string(i)
                                   : "shared #" + std::to_string(i));
      expected.insert(work[w].back());
    }
  }
  std::vector<std::string> failures(work.size() + 2);
  std::atomic<bool> writers_done{false};
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < work.size(); ++w) {
    threads.emplace_back([&, w] {
      auto& store = w % 2 == 0 ? first : second;
      for (const auto& name : work[w]) {
        if (auto stored = store.put(flasky::candidate{name}); !stored) {
          failures[w] = "put(" + name + "): " + stored.error().message();
          return;
        }
      }
    });
  }
  for (std::size_t r = 0; r < 2; ++r) {
    threads.emplace_back([&, r] {
      auto& store = r == 0 ? first : second;
      std::size_t previous = 0;
      while (!writers_done.load()) {
        auto listed = store.list();
        if (!listed) {
          failures[work.size() + r] = "list: " + listed.error().message();
          return;
        }
        if (listed->size() < previous ||
            !std::is_sorted(listed->begin(), listed->end(),
                            [](const auto& a, const auto& b) { return a.name < b.name; })) {
          failures[work.size() + r] = "a listing shrank or was out of order";
          return;
        }
        previous = listed->size();
      }
    });
  }
  for (std::size_t t = 0; t < work.size(); ++t) threads[t].join();
  writers_done = true;
  for (std::size_t t = work.size(); t < threads.size(); ++t) threads[t].join();

  for (const auto& failure : failures) CHECK(failure == "");
  const std::vector<std::string> all(expected.begin(), expected.end());
  CHECK(names_of(first.list()) == all);
  CHECK(names_of(second.list()) == all);
  CHECK(names_of(flasky::sqlite_store::open(path).list()) == all);
}
