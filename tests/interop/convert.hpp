// brokerwire messages holding the same values as libprotobuf ones, built field
// by field (not through bytes), for the encode direction of the interop tests.
#pragma once

#include "reference_messages.hpp"

namespace interop {

// The brokerwire message with every value of `reference`, unknown fields
// included (as libprotobuf encodes them). One overload per message of
// BROKERWIRE_FOR_EACH_MESSAGE, defined in convert.cpp: a message added to
// proto/ without one fails to link.
#define INTEROP_DECLARE_TO_BROKERWIRE(ns, type, Name) \
    ::brokerwire::ns::type to_brokerwire(const ::running_process::broker::ns::Name& reference);
BROKERWIRE_FOR_EACH_MESSAGE(INTEROP_DECLARE_TO_BROKERWIRE)
#undef INTEROP_DECLARE_TO_BROKERWIRE

}  // namespace interop
