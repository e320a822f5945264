// A user's program: a flasky router and an OpenSSL digest, linked statically by
// flasky_add_lambda_package. Prints the router's answer and the digest's size.
#include <flasky/flasky.hpp>

#include <openssl/evp.h>

#include <iostream>

int main() {
  flasky::router app;
  app.get("/hello/<name>", [](std::string_view name) { return "Hello, " + std::string(name) + "!"; });
  flasky::test_client client(app);
  auto res = client.get("/hello/lambda");
  std::cout << flasky::to_int(res.status()) << ' ' << res.body() << ' '
            << EVP_MD_get_size(EVP_sha256()) << '\n';  // 200 Hello, lambda! 32
}
