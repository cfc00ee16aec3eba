// Differential decoding: the same bytes through brokerwire and through
// libprotobuf (the reference implementation), for the interop tests and for
// a libFuzzer differential harness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace interop {

enum class differential_verdict {
    both_rejected,  // neither decoder accepts the bytes
    both_agree,     // both accept, with the same values and unknown fields
    excused,        // they differ for a documented reason (see
                    // differential.cpp: prost is stricter on five kinds of
                    // input, libprotobuf on one, and one they read differently)
    disagreement,   // a real difference: a bug in one of the two
    unknown_type,   // the type name is not a message of the schema
};

// Decodes `data` (`size` bytes, any content) as the message named
// `type_short_name` ("ServiceDefinition"; the short names of proto/) with
// both decoders and compares: acceptance, then every field value and the
// unknown fields; when both accept, brokerwire's re-encoding must also parse
// under libprotobuf to the same values. A reason goes to *why (when not null)
// for every verdict but both_rejected and both_agree.
differential_verdict differential_compare(std::string_view type_short_name, const std::uint8_t* data,
                                          std::size_t size, std::string* why);

// differential_compare() as a pass/fail: false on a real disagreement or an
// unknown type name, with the reason in *why; true otherwise.
bool differential_check(std::string_view type_short_name, const std::uint8_t* data, std::size_t size,
                        std::string* why);

// The short names differential_compare() knows, in schema order (that of
// for_each_type), so that a fuzzer can pick a type by index. Lives as long
// as the program.
const std::vector<std::string_view>& differential_types();

}  // namespace interop
