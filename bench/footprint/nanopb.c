/* nanopb: decode and encode ServiceDefinition and BackendHttpReady (static structs). */
#include <pb_decode.h>
#include <pb_encode.h>
#include <stdio.h>

#include "broker_v2.nanopb.h"

static int roundtrip(const pb_byte_t* in, size_t n, const pb_msgdesc_t* fields, void* msg) {
    static pb_byte_t out[1 << 16];
    pb_istream_t is = pb_istream_from_buffer(in, n);
    if (!pb_decode(&is, fields, msg)) return 0;
    pb_ostream_t os = pb_ostream_from_buffer(out, sizeof out);
    if (!pb_encode(&os, fields, msg)) return 0;
    fwrite(out, 1, os.bytes_written, stdout);
    return 1;
}

int main(void) {
    static pb_byte_t in[1 << 16];
    static running_process_broker_v2_ServiceDefinition def;
    static running_process_broker_v2_BackendHttpReady ready;
    const size_t n = fread(in, 1, sizeof in, stdin);
    return roundtrip(in, n, running_process_broker_v2_ServiceDefinition_fields, &def) &&
                   roundtrip(in, n, running_process_broker_v2_BackendHttpReady_fields, &ready)
               ? 0
               : 1;
}
