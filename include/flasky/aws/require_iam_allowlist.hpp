#pragma once
/// @file
/// The accounts and ARNs `require_iam` lets in.

#include <flasky/aws/caller_identity.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace flasky::aws {

/// Which IAM callers `require_iam` lets in: any caller of one of `accounts`, and any caller
/// whose ARN is one of `arns`.
///
/// An ARN entry is compared exactly, except that an entry ending in `*` matches every ARN that
/// starts with what precedes the `*` (for assumed roles, whose ARN ends with a session name:
/// "arn:aws:sts::123456789012:assumed-role/ci/*"). Account ids are compared exactly. An empty
/// allowlist lets nobody in. The caller must be IAM-authenticated either way
/// (`caller_identity::iam_authenticated()`).
///
/// @code
/// flasky::aws::require_iam_allowlist allow;
/// allow.accounts = {"123456789012"};
/// allow.arns = {"arn:aws:iam::210987654321:user/ci",
///               "arn:aws:sts::210987654321:assumed-role/ops/*"};  // any session of the role
/// @endcode
struct require_iam_allowlist {
  /// AWS account ids whose IAM callers are let in.
  std::vector<std::string> accounts;
  /// Caller ARNs let in; a trailing `*` matches any rest.
  std::vector<std::string> arns;

  /// Whether `identity` is IAM-authenticated and on the list.
  bool allows(const caller_identity& identity) const {
    if (!identity.iam_authenticated()) return false;
    if (std::find(accounts.begin(), accounts.end(), identity.account_id) != accounts.end())
      return true;
    const std::string_view arn = identity.user_arn;
    return std::any_of(arns.begin(), arns.end(), [arn](std::string_view entry) {
      if (!entry.empty() && entry.back() == '*') {
        entry.remove_suffix(1);
        return arn.size() > entry.size() && arn.substr(0, entry.size()) == entry;
      }
      return arn == entry;
    });
  }
};

}  // namespace flasky::aws
