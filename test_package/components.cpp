// Uses the opt-in targets of the Conan package: flasky::net (a server, never started),
// flasky::sqlite (a store in a scratch file) and flasky::aws (linked to libcrypto).
#include <flasky/flasky.hpp>
#include <flasky/net/server.hpp>
#include <flasky/sqlite/sqlite_store.hpp>

#include <openssl/crypto.h>

#include <filesystem>
#include <iostream>
#include <string>

int main() {
  flasky::router app;
  flasky::net::server_options options;
  options.threads = 2;
  flasky::net::server srv(app, options);  // nothing is bound until start()

  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "flasky-test-package";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::size_t stored = 0;
  {
    auto opened = flasky::sqlite_store::try_open((dir / "store.db").string());
    if (!opened) {
      std::cerr << opened.error().what() << '\n';
      return 1;
    }
    if (!opened->put(flasky::candidate{"alice"})) return 1;
    auto all = opened->list();
    if (!all) return 1;
    stored = all->size();
  }
  fs::remove_all(dir);

  std::cout << "flasky::net server threads=" << srv.threads() << ", flasky::sqlite stored="
            << stored << " (SQLite " << sqlite3_libversion() << "), flasky::aws with "
            << OpenSSL_version(OPENSSL_VERSION) << '\n';
  return srv.threads() == 2 && stored == 1 ? 0 : 1;
}
