/* The one step of the nanopb Cortex-M footprint programs. */
#ifndef NANOPB_ROUNDTRIP_H
#define NANOPB_ROUNDTRIP_H

#include <pb_decode.h>
#include <pb_encode.h>

#include "bare_metal.h"

/* Decodes in[0..n) into the static struct `msg`, encodes it into out at `at`,
   and returns the new end of out. */
static size_t roundtrip(size_t n, size_t at, const pb_msgdesc_t* fields, void* msg) {
    pb_istream_t is = pb_istream_from_buffer(in, n);
    if (!pb_decode(&is, fields, msg)) return at;
    pb_ostream_t os = pb_ostream_from_buffer(out + at, bare_buffer - at);
    if (!pb_encode(&os, fields, msg)) return at;
    return at + os.bytes_written;
}

#endif
