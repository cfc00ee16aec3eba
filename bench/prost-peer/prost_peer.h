/* C ABI of the prost benchmark peer (bench/prost-peer, a Rust static
 * library built by build.sh). Kinds: 0 BackendHttpReady,
 * 1 GetBrokerHttpEndpointResponse, 2 ServiceDefinition, 3 CacheManifest,
 * 4 SessionStart, 5 SessionFrame, 6 Frame, 7 Hello, 8 HelloReply.
 * Link: libprost_peer.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc */
#ifndef PROST_PEER_H
#define PROST_PEER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes data[0..len) `iterations` times into one reused message
 * (clear + merge); returns a checksum of the decoded values, or
 * UINT64_MAX for an unknown kind or input prost rejects. */
uint64_t prost_peer_decode_loop(uint32_t kind, const uint8_t* data, size_t len,
                                uint64_t iterations);

/* Decodes once, then encodes `iterations` times into one reused buffer;
 * returns a checksum of the output, or UINT64_MAX on an unknown kind or
 * input prost rejects. */
uint64_t prost_peer_encode_loop(uint32_t kind, const uint8_t* data, size_t len,
                                uint64_t iterations);

/* 1 when data decodes and prost re-encodes it to the same bytes, 0 when it
 * does not, -1 for an unknown kind. */
int32_t prost_peer_check(uint32_t kind, const uint8_t* data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
