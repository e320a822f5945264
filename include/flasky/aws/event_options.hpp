#pragma once
/// @file
/// Options for turning Lambda HTTP events into requests.

#include <cstddef>

namespace flasky::aws {

/// How `try_to_request` reads a Lambda HTTP event.
///
/// - `strip_stage`: when the path starts with `/<stage>/` (or is `/<stage>`), where `<stage>` is
///   `requestContext.stage` and not `$default`, remove that prefix. API Gateway puts the stage in
///   the path of HTTP API events (`rawPath`) and of REST events sent through a custom domain's
///   base path; routes are written without it. ALB and Function URL events have no stage.
///   On by default.
/// - `max_body_size`: the largest request body accepted, counted in bytes after base64
///   decoding; 6 MB (6,291,456 bytes, Lambda's limit for a synchronous invocation's payload) by
///   default. A larger body gives `lambda_error::body_too_large`.
///
/// @code
/// flasky::aws::event_options options;
/// options.strip_stage = false;  // routes include the stage
/// @endcode
struct event_options {
  /// Whether a leading `/<stage>` path segment is removed (see above).
  bool strip_stage = true;
  /// The largest decoded request body, in bytes.
  std::size_t max_body_size = 6 * 1024 * 1024;
};

}  // namespace flasky::aws
