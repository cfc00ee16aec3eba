// Field-by-field comparison of a libprotobuf message with a brokerwire one,
// one function per message type, so a mismatch names the field.
#pragma once

#include <string>

#include "reference_messages.hpp"

namespace interop {

// True when `ours` holds exactly the values of `reference`: every field, every
// repeated element and map entry, the set oneof member, the presence of an
// optional message or scalar, and the unknown fields (compared as libprotobuf
// re-encodes them). Otherwise false, with the path of the first difference
// and both values in *why (when not null).
//
// One overload per message of BROKERWIRE_FOR_EACH_MESSAGE, defined in
// compare.cpp: a message added to proto/ without one fails to link.
#define INTEROP_DECLARE_SAME_VALUES(ns, type, Name)                        \
    bool same_values(const ::running_process::broker::ns::Name& reference, \
                     const ::brokerwire::ns::type& ours, std::string* why);
BROKERWIRE_FOR_EACH_MESSAGE(INTEROP_DECLARE_SAME_VALUES)
#undef INTEROP_DECLARE_SAME_VALUES

}  // namespace interop
