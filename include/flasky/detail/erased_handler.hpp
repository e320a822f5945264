#pragma once
// Private: a move-only, type-erased route handler, lighter to instantiate than std::function
// (one handler type per route makes that cost count at compile time).

#include <utility>

#include <flasky/request.hpp>
#include <flasky/response.hpp>

namespace flasky::detail {

/// Owns a callable `response(request&)` of any type.
class erased_handler {
 public:
  erased_handler() noexcept = default;
  template <class F>
  explicit erased_handler(F f)
      : object_(new F(std::move(f))),
        call_([](void* object, request& req) -> response { return (*static_cast<F*>(object))(req); }),
        destroy_([](void* object) noexcept { delete static_cast<F*>(object); }) {}

  erased_handler(erased_handler&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)), call_(other.call_), destroy_(other.destroy_) {}
  erased_handler& operator=(erased_handler&& other) noexcept {
    erased_handler(std::move(other)).swap(*this);
    return *this;
  }
  erased_handler(const erased_handler&) = delete;
  erased_handler& operator=(const erased_handler&) = delete;
  ~erased_handler() {
    if (object_ != nullptr) destroy_(object_);
  }

  response operator()(request& req) const { return call_(object_, req); }

  void swap(erased_handler& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(call_, other.call_);
    std::swap(destroy_, other.destroy_);
  }

 private:
  void* object_ = nullptr;
  response (*call_)(void*, request&) = nullptr;
  void (*destroy_)(void*) noexcept = nullptr;
};

}  // namespace flasky::detail
