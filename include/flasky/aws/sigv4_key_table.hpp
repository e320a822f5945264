#pragma once
/// @file
/// The access keys a SigV4 verifier accepts.

#include <flasky/aws/sigv4_credentials.hpp>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace flasky::aws {

/// The access keys a `sigv4_verifier` accepts, by access key id.
///
/// Each entry is a `sigv4_credentials`: the secret that requests signed with that id must have
/// used and, for temporary credentials, the session token they must carry. The table is a plain
/// value: build it, then hand it to a verifier (which only reads it, so one verifier may serve
/// many threads).
///
/// @code
/// flasky::aws::sigv4_key_table keys{
///     {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
///     {"ASIATEMP", "secret2", "session-token"}};
/// keys.add({"AKIDOTHER", "secret3"});
/// assert(keys.find("AKIDOTHER") != nullptr);
/// @endcode
class sigv4_key_table {
 public:
  /// An empty table: every request is refused with `sigv4_error::unknown_access_key`.
  sigv4_key_table() = default;

  /// A table with these keys (a later key with the same id replaces an earlier one).
  sigv4_key_table(std::initializer_list<sigv4_credentials> keys) {
    for (const auto& k : keys) add(k);
  }

  /// Adds a key, replacing any key with the same access key id.
  void add(sigv4_credentials key) {
    auto id = key.access_key_id;
    keys_.insert_or_assign(std::move(id), std::move(key));
  }

  /// Removes the key with this id; returns whether there was one.
  bool erase(std::string_view access_key_id) {
    auto it = keys_.find(access_key_id);
    if (it == keys_.end()) return false;
    keys_.erase(it);
    return true;
  }

  /// The key with this access key id, or `nullptr`; valid until the table is next modified.
  const sigv4_credentials* find(std::string_view access_key_id) const {
    auto it = keys_.find(access_key_id);
    return it == keys_.end() ? nullptr : &it->second;
  }

  /// The number of keys.
  std::size_t size() const noexcept { return keys_.size(); }

  /// Whether the table has no keys.
  bool empty() const noexcept { return keys_.empty(); }

 private:
  std::map<std::string, sigv4_credentials, std::less<>> keys_;
};

}  // namespace flasky::aws
