/* What the Cortex-M footprint programs share: input the compiler cannot see
   (rx, filled by whoever loads the image) and output it must keep (tx), both
   volatile, so that nothing folds away. Each program is one translation unit,
   linked as examples/bare_metal/ links its firmware (tools/bench-report). */
#ifndef BARE_METAL_H
#define BARE_METAL_H

#include <stddef.h>
#include <stdint.h>

enum { bare_buffer = 1024 };
static volatile uint8_t rx[bare_buffer];
static volatile size_t rx_size;
static volatile uint8_t tx[bare_buffer];
static uint8_t in[bare_buffer];
static uint8_t out[bare_buffer];
/* What a program read from its views, so that the reading is kept too. */
static volatile size_t observed;

/* Copies the input out of rx into in; returns its size. */
static size_t take_input(void) {
    const size_t n = rx_size < bare_buffer ? rx_size : bare_buffer;
    for (size_t i = 0; i < n; ++i) in[i] = rx[i];
    return n;
}

/* Hands out[0..n) over to tx. */
static void give_output(size_t n) {
    for (size_t i = 0; i < n && i < bare_buffer; ++i) tx[i] = out[i];
}

#ifdef __cplusplus
/* Holds a message that is never destroyed: a std::string's destructor names
   operator delete, and these images have none. */
template <typename T>
union never_destroyed {
    never_destroyed() : value() {}
    ~never_destroyed() {}
    T value;
};
#endif

#endif
