// The one step of the brokerwire Cortex-M footprint programs.
#pragma once

#include "bare_metal.h"
#include "brokerwire/wire/bytes.hpp"

// Decodes in[0..n) as a View, encodes the Message that `fill` makes of its
// scalars into out at `at`, and returns the new end of out. (The strings stay
// empty: giving a std::string content would link its allocator.)
template <typename View, typename Message, typename Fill>
std::size_t roundtrip(std::size_t n, std::size_t at, Fill fill) {
    View view;
    if (!decode(brokerwire::bytes_view(in, n), view).ok()) return at;
    never_destroyed<Message> message;
    fill(view, message.value);
    return at + encode(message.value, out + at, bare_buffer - at);
}
