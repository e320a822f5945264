#pragma once
/// @file
/// Options for turning Lambda HTTP events into requests.

#include <flasky/aws/event_dialect.hpp>

#include <cstddef>
#include <optional>

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
/// - `dialect`: when set, every event is read as this dialect (one that lacks the dialect's
///   fields gives `lambda_error::unknown_event_shape`, and the answer is always in this
///   dialect); otherwise each event's dialect is detected from its shape (`try_detect_dialect`).
///   Pin it when a function sits behind one trigger only.
///
/// @code
/// flasky::aws::event_options options;
/// options.strip_stage = false;  // routes include the stage
/// options.dialect = flasky::aws::event_dialect::http_api_v2;
/// @endcode
struct event_options {
  /// Whether a leading `/<stage>` path segment is removed (see above).
  bool strip_stage = true;
  /// The largest decoded request body, in bytes.
  std::size_t max_body_size = 6 * 1024 * 1024;
  /// The dialect to read events in; detected per event when empty.
  std::optional<event_dialect> dialect;
};

}  // namespace flasky::aws
