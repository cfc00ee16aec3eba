// The benchmark samples in bench/data, loaded once.
#pragma once

#include <string>
#include <string_view>

namespace brokerwire::bench {

// The bytes of bench/data/<stem>.bin. The directory is fixed at build time
// and may be overridden with BROKERWIRE_BENCH_DATA. A missing sample ends the
// run with a message: a benchmark of nothing would mislead.
const std::string& sample(std::string_view stem);

}  // namespace brokerwire::bench
