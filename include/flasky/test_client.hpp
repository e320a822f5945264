#pragma once
/// @file
/// In-process requests against a router, like Flask's test client.

#include <string>
#include <string_view>
#include <utility>

#include <flasky/header_map.hpp>
#include <flasky/request.hpp>
#include <flasky/response.hpp>
#include <flasky/router.hpp>
#include <flasky/verb.hpp>

namespace flasky {

/// Sends requests straight to a router's `dispatch`, with no network, for tests.
///
/// The target is the origin form as a client would send it, percent-encoding included:
/// `client.get("/candidate/Zo%C3%AB?details")`. Any method text can be sent with `open`,
/// unknown ones included.
///
/// @code
/// flasky::test_client client(app);
/// auto res = client.get("/gtg");
/// REQUIRE(res.status() == flasky::status::ok);
/// @endcode
class test_client {
 public:
  explicit test_client(router& app) noexcept : app_(&app) {}

  /// Sends `method` to `target` with `headers` and `body`; returns the router's response.
  response open(std::string_view method, std::string target, header_map headers = {},
                std::string body = {}) const {
    request req(method, std::move(target), std::move(headers), std::move(body));
    return app_->dispatch(req);
  }

  response get(std::string target, header_map headers = {}) const {
    return open("GET", std::move(target), std::move(headers));
  }
  response head(std::string target, header_map headers = {}) const {
    return open("HEAD", std::move(target), std::move(headers));
  }
  response options(std::string target, header_map headers = {}) const {
    return open("OPTIONS", std::move(target), std::move(headers));
  }
  response delete_(std::string target, header_map headers = {}) const {
    return open("DELETE", std::move(target), std::move(headers));
  }
  /// Sends a POST with `body` and its Content-Type (JSON by default).
  response post(std::string target, std::string body = {},
                std::string content_type = "application/json") const {
    return with_body("POST", std::move(target), std::move(body), std::move(content_type));
  }
  response put(std::string target, std::string body = {},
               std::string content_type = "application/json") const {
    return with_body("PUT", std::move(target), std::move(body), std::move(content_type));
  }
  response patch(std::string target, std::string body = {},
                 std::string content_type = "application/json") const {
    return with_body("PATCH", std::move(target), std::move(body), std::move(content_type));
  }

 private:
  response with_body(std::string_view method, std::string target, std::string body,
                     std::string content_type) const {
    header_map headers;
    if (!body.empty()) headers.set("Content-Type", std::move(content_type));
    return open(method, std::move(target), std::move(headers), std::move(body));
  }

  router* app_;
};

}  // namespace flasky
