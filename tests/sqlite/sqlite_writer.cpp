// Helper of the sqlite.kill9 test (kill9.py).
//
//   sqlite_writer <db>          puts "n0", "n1", ... into the store at <db>, one at a time, and
//                               prints each name on its own line (flushed) only after its put
//                               returned success; runs until killed, or exits 1 on an error
//   sqlite_writer <db> --list   prints every name in the store, one a line
//
// Names are plain ASCII without newlines, so a line is a name.
#include <flasky/sqlite/sqlite_store.hpp>

#include <cstdio>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::string_view(argv[2]) != "--list")) {
    std::fprintf(stderr, "usage: sqlite_writer <db> [--list]\n");
    return 2;
  }
  auto store = flasky::sqlite_store::try_open(argv[1]);
  if (!store) {
    std::fprintf(stderr, "sqlite_writer: %s\n", store.error().what());
    return 1;
  }
  if (argc == 3) {
    auto all = store->list();
    if (!all) {
      std::fprintf(stderr, "sqlite_writer: list failed: %s\n", all.error().message().c_str());
      return 1;
    }
    for (const auto& c : *all) std::printf("%s\n", c.name.c_str());
    return 0;
  }
  for (unsigned long long i = 0;; ++i) {
    const std::string name = "n" + std::to_string(i);
    if (auto stored = store->put(flasky::candidate{name}); !stored) {
      std::fprintf(stderr, "sqlite_writer: put(%s) failed: %s\n", name.c_str(),
                   stored.error().message().c_str());
      return 1;
    }
    std::printf("%s\n", name.c_str());
    std::fflush(stdout);
  }
}
