/* nanopb on a Cortex-M, the control plane: the messages of brokerwire's
   control.hpp decoded into static structs and encoded into a buffer. */
#include "broker_v2.nanopb.h"
#include "nanopb_roundtrip.h"

int main(void) {
    static running_process_broker_v2_BackendHttpReady ready;
    static running_process_broker_v2_GetBrokerHttpEndpointRequest endpoint_request;
    static running_process_broker_v2_GetBrokerHttpEndpointResponse endpoint_response;
    static running_process_broker_v2_GetSessionTokenRequest token_request;
    static running_process_broker_v2_GetSessionTokenResponse token_response;
    const size_t n = take_input();
    size_t at = roundtrip(n, 0, running_process_broker_v2_BackendHttpReady_fields, &ready);
    at = roundtrip(n, at, running_process_broker_v2_GetBrokerHttpEndpointRequest_fields, &endpoint_request);
    at = roundtrip(n, at, running_process_broker_v2_GetBrokerHttpEndpointResponse_fields, &endpoint_response);
    at = roundtrip(n, at, running_process_broker_v2_GetSessionTokenRequest_fields, &token_request);
    at = roundtrip(n, at, running_process_broker_v2_GetSessionTokenResponse_fields, &token_response);
    give_output(at);
    return 0;
}
