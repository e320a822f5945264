#pragma once
// Counts calls to the global operator new of the program it is linked into
// (allocation_counter.cpp replaces every replaceable form of operator new and delete).

#include <cstdint>

namespace flasky_bench {

/// How many times any global operator new has been called so far in this program.
std::uint64_t allocation_count() noexcept;

}  // namespace flasky_bench
