// docs/contract.md, "Registry": decode-and-register, and upstream's three
// decode_and_register tests (http_endpoint_registry.rs). Bodies are literal
// bytes as prost encodes them.
#include "registry_printers.hpp"

#include <brokerwire/registry/decode_and_register.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <vector>

using brokerwire::backend_state;
using brokerwire::bytes_view;
using brokerwire::decode_and_register;
using brokerwire::endpoint_registry;
using brokerwire::errc;
using brokerwire::ready_error;
using brokerwire::ready_result;

namespace {

// BackendHttpReady { port: 49152 } as prost writes it.
const std::vector<std::uint8_t> port_49152{0x08, 0x80, 0x80, 0x03};
// BackendHttpReady { port: 70000 }: valid uint32, too big for a TCP port.
const std::vector<std::uint8_t> port_70000{0x08, 0xF0, 0xA2, 0x04};
// Upstream's malformed frame: eight 0xFF bytes (field 31, wire type 7).
const std::vector<std::uint8_t> eight_ff(8, 0xFF);

}  // namespace

// --- Upstream's tests ------------------------------------------------------

TEST_CASE("decode_and_register_happy_path") {
    endpoint_registry reg;
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(port_49152));
    REQUIRE(r.ok());
    CHECK(r.port() == 49152);
    CHECK(reg.lookup("zccache") == std::optional<std::uint16_t>(49152));
}

TEST_CASE("decode_and_register_rejects_oversized_port") {
    endpoint_registry reg;
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(port_70000));
    CHECK_FALSE(r.ok());
    CHECK(r.error() == ready_error::port_out_of_range);
    CHECK(r.rejected_port() == 70000);
    CHECK(reg.lookup("zccache") == std::nullopt);
}

TEST_CASE("decode_and_register_rejects_malformed_frame") {
    endpoint_registry reg;
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(eight_ff));
    CHECK_FALSE(r.ok());
    CHECK(r.error() == ready_error::decode);
    CHECK(reg.lookup("zccache") == std::nullopt);
}

// --- docs/contract.md, "Registry" -----------------------------------------

TEST_CASE("decode_and_register reports the decode error with its offset") {
    endpoint_registry reg;
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(eight_ff));
    REQUIRE(r.error() == ready_error::decode);
    // The first byte 0xFF begins a key varint that never ends inside 8 bytes.
    CHECK(r.decode_status().code == errc::invalid_varint);
    CHECK(r.decode_status().offset == 0);
    CHECK(r.rejected_port() == 0);
    CHECK(brokerwire::to_string(r).rfind("decode BackendHttpReady: ", 0) == 0);
}

TEST_CASE("decode_and_register: a truncated port is a decode error, not a port") {
    endpoint_registry reg;
    const std::vector<std::uint8_t> truncated{0x08, 0x80, 0x80};
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(truncated));
    REQUIRE(r.error() == ready_error::decode);
    CHECK(r.decode_status().code == errc::invalid_varint);
    CHECK(r.decode_status().offset == 1);
    CHECK(reg.state("zccache") == backend_state::untracked());
}

TEST_CASE("decode_and_register: the wrong wire type for port is a decode error") {
    endpoint_registry reg;
    const std::vector<std::uint8_t> port_as_bytes{0x0A, 0x00};  // field 1, length-delimited
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(port_as_bytes));
    REQUIRE(r.error() == ready_error::decode);
    CHECK(r.decode_status().code == errc::unexpected_wire_type);
    CHECK(r.decode_status().offset == 0);
}

TEST_CASE("decode_and_register: port out of range and decode failure are distinct errors") {
    endpoint_registry reg;
    const ready_result big = decode_and_register(reg, "a", bytes_view(port_70000));
    const ready_result bad = decode_and_register(reg, "a", bytes_view(eight_ff));
    CHECK(big.error() != bad.error());
    CHECK(big.decode_status().ok());
    CHECK(brokerwire::to_string(big) == "BackendHttpReady.port = 70000 is out of u16 range");
}

TEST_CASE("decode_and_register: 65535 is the largest port accepted, 65536 the smallest rejected") {
    endpoint_registry reg;
    const std::vector<std::uint8_t> max_port{0x08, 0xFF, 0xFF, 0x03};
    const std::vector<std::uint8_t> over{0x08, 0x80, 0x80, 0x04};
    const ready_result ok = decode_and_register(reg, "a", bytes_view(max_port));
    CHECK(ok.ok());
    CHECK(ok.port() == 65535);
    const ready_result r = decode_and_register(reg, "b", bytes_view(over));
    CHECK(r.error() == ready_error::port_out_of_range);
    CHECK(r.rejected_port() == 65536);
    CHECK(reg.state("b") == backend_state::untracked());
}

TEST_CASE("decode_and_register: an empty body is port 0, as prost decodes it") {
    endpoint_registry reg;
    const ready_result r = decode_and_register(reg, "zccache", bytes_view());
    REQUIRE(r.ok());
    CHECK(r.port() == 0);
    CHECK(reg.state("zccache") == backend_state::bound(0));
}

TEST_CASE("decode_and_register: on any error a bound backend keeps its port") {
    endpoint_registry reg;
    (void)reg.register_endpoint("zccache", 8765);
    reg.track("fbuild");
    CHECK(decode_and_register(reg, "zccache", bytes_view(port_70000)).error() == ready_error::port_out_of_range);
    CHECK(decode_and_register(reg, "zccache", bytes_view(eight_ff)).error() == ready_error::decode);
    CHECK(decode_and_register(reg, "fbuild", bytes_view(port_70000)).error() == ready_error::port_out_of_range);
    CHECK(decode_and_register(reg, "fbuild", bytes_view(eight_ff)).error() == ready_error::decode);
    CHECK(reg.state("zccache") == backend_state::bound(8765));
    CHECK(reg.state("fbuild") == backend_state::pending());
    CHECK(reg.size() == 2);
}

TEST_CASE("decode_and_register replaces a previous port and tracks a new backend") {
    endpoint_registry reg;
    (void)reg.register_endpoint("zccache", 8765);
    CHECK(decode_and_register(reg, "zccache", bytes_view(port_49152)).port() == 49152);
    CHECK(reg.state("zccache") == backend_state::bound(49152));
    CHECK(decode_and_register(reg, "new", bytes_view(port_49152)).ok());
    CHECK(reg.size() == 2);
}

TEST_CASE("decode_and_register: unknown fields around the port are skipped") {
    endpoint_registry reg;
    // field 2 varint 7, then port 8080 (0x1F90), then field 3 bytes "hi".
    const std::vector<std::uint8_t> body{0x10, 0x07, 0x08, 0x90, 0x3F, 0x1A, 0x02, 'h', 'i'};
    const ready_result r = decode_and_register(reg, "zccache", bytes_view(body));
    REQUIRE(r.ok());
    CHECK(r.port() == 8080);
    CHECK(brokerwire::to_string(r) == "registered port 8080");
}
