// Which sanitizer the test binary was built with, for the bounds that only
// hold without one (AddressSanitizer's shadow memory and quarantine alone
// exceed address-space and resident-set limits).
#pragma once

namespace brokerwire::test {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool built_with_asan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool built_with_asan = true;
#else
constexpr bool built_with_asan = false;
#endif
#else
constexpr bool built_with_asan = false;
#endif

}  // namespace brokerwire::test
