#pragma once
/// @file
/// How often and how long an AWS client retries: attempts, full-jitter backoff, time budget.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <string_view>

namespace flasky::aws {

/// When an AWS call is retried, and how long the client waits between attempts.
///
/// A call is retried on throttling (HTTP 429, or one of `throttling_error_types`), on HTTP 5xx,
/// and on transport failures (connection refused or dropped, timeout); every other error
/// (validation, access denied, missing table, ...) is returned at once. Each retry is signed
/// again, so it carries a fresh `X-Amz-Date` and signature.
///
/// Before retry `n` (n = 1 for the second attempt) the client sleeps a "full jitter" delay,
/// uniformly drawn from [0, min(max_backoff, base_delay * 2^(n-1))]. A call makes at most
/// `max_attempts` attempts, and never sleeps past `max_total_time` measured from its start:
/// when the next delay would end after the budget, the last error is returned. Each attempt's
/// I/O deadline is `attempt_timeout`, shortened to what is left of the budget.
///
/// @code
/// flasky::aws::retry_policy policy;
/// policy.max_attempts = 5;
/// policy.max_total_time = std::chrono::seconds(3);   // e.g. well inside a Lambda timeout
/// std::mt19937_64 rng{42};
/// auto delay = policy.backoff(2, rng);   // somewhere in [0, 50 ms]
/// @endcode
struct retry_policy {
  /// Attempts per call, the first included (1 disables retries).
  int max_attempts = 4;
  /// The cap of the first retry's delay; it doubles with every retry.
  std::chrono::milliseconds base_delay{25};
  /// No delay is longer than this.
  std::chrono::milliseconds max_backoff{2000};
  /// The whole call (attempts and delays) ends by then.
  std::chrono::milliseconds max_total_time{10000};
  /// The deadline of one attempt (connect, TLS handshake, send, receive).
  std::chrono::milliseconds attempt_timeout{5000};

  /// The AWS error types that mean "slow down" (retried like HTTP 5xx).
  static constexpr std::array<std::string_view, 7> throttling_error_types = {
      "ProvisionedThroughputExceededException",
      "ThrottlingException",
      "Throttling",
      "RequestLimitExceeded",
      "RequestThrottled",
      "RequestThrottledException",
      "TooManyRequestsException"};

  /// The upper bound of the delay before retry `retry` (1-based).
  std::chrono::milliseconds backoff_cap(int retry) const noexcept {
    if (retry < 1) return std::chrono::milliseconds{0};
    const int shift = std::min(retry - 1, 30);
    const auto uncapped = base_delay.count() * (std::int64_t{1} << shift);
    const auto cap = std::min<std::int64_t>(uncapped, max_backoff.count());
    return std::chrono::milliseconds{std::max<std::int64_t>(cap, 0)};
  }

  /// A full-jitter delay before retry `retry` (1-based): uniform in [0, backoff_cap(retry)].
  template <class Generator>
  std::chrono::milliseconds backoff(int retry, Generator& random) const {
    const auto cap = backoff_cap(retry).count();
    if (cap <= 0) return std::chrono::milliseconds{0};
    std::uniform_int_distribution<std::int64_t> pick(0, cap);
    return std::chrono::milliseconds{pick(random)};
  }

  /// True when an answer with this HTTP status and AWS error type (may be empty) is retried.
  static bool is_retryable(int http_status, std::string_view aws_error_type) noexcept {
    if (http_status >= 500 || http_status == 429) return true;
    return std::find(throttling_error_types.begin(), throttling_error_types.end(),
                     aws_error_type) != throttling_error_types.end();
  }
};

}  // namespace flasky::aws
