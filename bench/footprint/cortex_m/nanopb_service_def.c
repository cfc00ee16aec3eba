/* nanopb on a Cortex-M, ServiceDefinition: decoded into a static struct and
   encoded into a buffer. */
#include "broker_v2.nanopb.h"
#include "nanopb_roundtrip.h"

int main(void) {
    static running_process_broker_v2_ServiceDefinition def;
    const size_t n = take_input();
    give_output(roundtrip(n, 0, running_process_broker_v2_ServiceDefinition_fields, &def));
    return 0;
}
