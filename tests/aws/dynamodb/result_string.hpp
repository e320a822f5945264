#pragma once
// How Catch2 prints a boost::system::result in a failed assertion: "value", or the error's
// message (boost's own operator<< needs both T and E streamable, which most here are not).

#include <flasky/aws/aws_error.hpp>

#include <boost/system/result.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace Catch {
template <class T, class E>
struct StringMaker<boost::system::result<T, E>> {
  static std::string convert(const boost::system::result<T, E>& r) {
    if (r) return "{value}";
    if constexpr (std::is_same_v<E, flasky::aws::aws_error>) {
      return std::string("{error: ") + r.error().what() + "}";
    } else {
      return "{error: " + r.error().message() + "}";
    }
  }
};
}  // namespace Catch
