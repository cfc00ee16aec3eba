// Counting the heap allocations of a test binary, for the rules of
// docs/contract.md that promise none. A binary that links counting_new.cpp
// has every global operator new replaced by a counting one, so such tests
// are binaries of their own.
#pragma once

namespace brokerwire::test {

// The operator new calls made so far by this process.
long allocations_so_far();

// The operator new calls made while running fn.
template <typename Fn>
long allocations_during(Fn&& fn) {
    const long before = allocations_so_far();
    fn();
    return allocations_so_far() - before;
}

}  // namespace brokerwire::test
