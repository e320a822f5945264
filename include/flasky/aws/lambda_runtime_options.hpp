#pragma once
/// @file
/// Options of the Lambda Runtime API loop.

#include <flasky/aws/event_options.hpp>

#include <cstddef>
#include <string>

namespace flasky::aws {

/// How `run_lambda` talks to the Lambda Runtime API and reads events.
///
/// - `runtime_api`: the Runtime API's `host:port`; empty (the default) means the
///   `AWS_LAMBDA_RUNTIME_API` environment variable, which Lambda sets.
/// - `events`: how each event becomes a request (stage prefix, body limit, pinned dialect).
/// - `set_trace_id_environment`: set `_X_AMZN_TRACE_ID` from `Lambda-Runtime-Trace-Id` before
///   each dispatch (and unset it when an invocation has none), as the AWS SDKs expect. On by
///   default; `lambda_invocation::trace_id` carries it either way.
/// - `max_invocations`: return `0` after answering this many invocations; `0` (the default)
///   means never. For tests and benchmarks; Lambda itself decides when a runtime ends.
///
/// @code
/// flasky::aws::lambda_runtime_options options;
/// options.events.dialect = flasky::aws::event_dialect::http_api_v2;  // one trigger only
/// return flasky::aws::run_lambda(app, options);
/// @endcode
struct lambda_runtime_options {
  /// The Runtime API's `host:port`; `AWS_LAMBDA_RUNTIME_API` when empty.
  std::string runtime_api;
  /// How events are read.
  event_options events;
  /// Whether `_X_AMZN_TRACE_ID` is set for each invocation.
  bool set_trace_id_environment = true;
  /// How many invocations to answer before returning `0`; `0` for no limit.
  std::size_t max_invocations = 0;
};

}  // namespace flasky::aws
