#pragma once
/// @file
/// One HTTP answer as an AWS client's transport hands it back.

#include <flasky/header_map.hpp>

#include <string>

namespace flasky::aws {

/// An HTTP response received from an AWS endpoint: status, headers, body.
///
/// The built-in transport (Boost.Beast over a kept-alive connection) produces it; a test or a
/// custom HTTP stack can produce it too, through `dynamodb_options::transport`.
///
/// @code
/// flasky::aws::aws_http_response throttled{400, {}, R"({"__type":"...#ThrottlingException"})"};
/// @endcode
struct aws_http_response {
  /// The status code, for example 200.
  int status = 0;
  /// The response headers.
  header_map headers;
  /// The body (JSON for DynamoDB).
  std::string body;
};

}  // namespace flasky::aws
