/* protobuf-c: decode and encode ServiceDefinition and BackendHttpReady. */
#include <stdio.h>
#include <stdlib.h>

#include "broker_v2.pb-c.h"

int main(void) {
    static uint8_t in[1 << 16], out[1 << 16];
    const size_t n = fread(in, 1, sizeof in, stdin);
    RunningProcess__Broker__V2__ServiceDefinition* def =
        running_process__broker__v2__service_definition__unpack(NULL, n, in);
    RunningProcess__Broker__V2__BackendHttpReady* ready =
        running_process__broker__v2__backend_http_ready__unpack(NULL, n, in);
    if (def == NULL || ready == NULL) return 1;
    fwrite(out, 1, running_process__broker__v2__service_definition__pack(def, out), stdout);
    fwrite(out, 1, running_process__broker__v2__backend_http_ready__pack(ready, out), stdout);
    running_process__broker__v2__service_definition__free_unpacked(def, NULL);
    running_process__broker__v2__backend_http_ready__free_unpacked(ready, NULL);
    return 0;
}
