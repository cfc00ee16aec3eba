// A daemon endpoint over real Unix sockets: it answers the probe upstream's
// client sends, publishes and retracts its identity file, serves its lanes,
// and refuses bad input with a framed error while it keeps serving.
// Upstream: zackees/running-process, crates/running-process/tests/broker/
// backend_sdk.rs and backend_handle_probe.rs, src/broker/backend_sdk/mux.rs.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "brokerwire/broker/current_daemon.hpp"
#include "brokerwire/broker/daemon_identity_file.hpp"
#include "brokerwire/broker/probe_client.hpp"
#include "brokerwire/broker/lanes.hpp"
#include "brokerwire/messages/admin.hpp"
#include "daemon/daemon_harness.hpp"
#include "daemon/daemon_samples.hpp"

namespace bw = brokerwire;
namespace broker = brokerwire::broker;
using daemon_harness::closed_by_peer;
using daemon_harness::dial;
using daemon_harness::read_body;
using daemon_harness::running_daemon;
using daemon_harness::send_bytes;
using daemon_samples::unhex;

namespace {

// backend_sdk.rs TEST_PAYLOAD_PROTOCOL: a private-use lane.
constexpr std::uint32_t test_lane = 0xF412;

// backend_sdk.rs serve_connection: consumer payloads are echoed as pong:<payload>.
broker::daemon_lanes pong_lanes() {
    broker::daemon_lanes lanes;
    lanes[test_lane] = [](const bw::broker::lane_request& r, bw::broker::lane_reply& reply) {
        reply.payload = "pong:" + std::string(r.payload.as_chars());
    };
    return lanes;
}

std::string framed(const std::string& body) {
    std::string out;
    REQUIRE(bw::framing::append_frame(out, reinterpret_cast<const std::uint8_t*>(body.data()), body.size()).ok());
    return out;
}

std::string frame_body(std::uint32_t lane, bw::v1::frame_kind kind, const std::string& payload, std::uint64_t id) {
    bw::v1::frame f;
    f.envelope_version = 1;
    f.kind = kind;
    f.payload_protocol = lane;
    f.payload = payload;
    f.request_id = id;
    const std::vector<std::uint8_t> b = bw::v1::encode(f);
    return std::string(b.begin(), b.end());
}

// The error text of a framed error reply body.
std::string error_reply_text(const std::string& body) {
    bw::v1::frame f;
    REQUIRE(bw::v1::decode(bw::bytes_view(body), f).ok());
    CHECK(f.payload_protocol == bw::broker::lane::admin);
    bw::v1::admin_reply r;
    REQUIRE(bw::v1::decode(bw::bytes_view(f.payload), r).ok());
    return r.body;
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("a daemon endpoint answers upstream's probe, byte for byte, even when it arrives in pieces") {
    running_daemon d({}, daemon_samples::upstream_identity());
    // probe.rs endpoint_probe_request_frame with nonce [9; 32] and mux.rs's request_id 7.
    const std::string request =
        framed(unhex("08 01 18 b2e402 22 20") + std::string(32, '\x09') + unhex("28 07"));
    const int fd = dial(d.socket);
    send_bytes(fd, request.substr(0, 3));  // mux.rs: partial probe frames wait for more bytes
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    send_bytes(fd, request.substr(3));
    const std::string body = read_body(fd);
    broker::daemon_identity served = daemon_samples::upstream_identity();
    served.ipc_endpoint.path = d.socket;
    broker::endpoint_probe_request req;
    req.request_id = 7;
    req.nonce.fill(0x09);
    CHECK(body == broker::endpoint_probe_response_frame(req, served));
    // A probe is one-shot; the connection stays open for more (backend_endpoint.rs).
    send_bytes(fd, request);
    CHECK(read_body(fd) == body);
    ::close(fd);
}

// tests/broker/backend_sdk.rs identity_sidecar_feeds_backend_handle_probe
TEST_CASE("backend_sdk.rs: identity_sidecar_feeds_backend_handle_probe") {
    running_daemon d;
    // Published once listening: a separate "client process" reads it and probes with it.
    const std::optional<broker::daemon_identity> expected = broker::read_daemon_identity_file(d.identity_path);
    REQUIRE(expected);
    CHECK(*expected == d.endpoint->identity());
    CHECK(expected->ipc_endpoint.path == d.socket);
    CHECK(expected->ipc_endpoint.namespace_id.empty());  // as upstream's daemon records it
    const broker::probe_result r = broker::probe_expected_daemon(*expected);
    REQUIRE_MESSAGE(r.ok(), r.message);
    CHECK(r.identity.pid == static_cast<std::uint32_t>(::getpid()));
    d.shut();
    CHECK_FALSE(broker::read_daemon_identity_file(d.identity_path));
    CHECK_FALSE(exists(d.socket));
}

// tests/broker/backend_sdk.rs mux_daemon_answers_backend_handle_probe_and_serves_frame_client
TEST_CASE("backend_sdk.rs: mux_daemon_answers_backend_handle_probe_and_serves_frame_client") {
    running_daemon d(pong_lanes());
    const broker::probe_result probe = broker::probe_endpoint(d.socket);
    REQUIRE_MESSAGE(probe.ok(), probe.message);
    broker::daemon_identity published = broker::read_daemon_identity_file(d.identity_path).value_or(broker::daemon_identity{});
    published.legacy_exe_sha256.fill(0);  // a decoded identity never carries it (identity.rs TryFrom)
    CHECK(probe.identity == published);
    // FrameClient: sequential requests with ids 1, 2, 3 on one connection.
    const int fd = dial(d.socket);
    for (std::uint64_t round = 1; round <= 3; ++round) {
        const std::string payload = "ping-" + std::to_string(round);
        bw::v1::frame response;
        REQUIRE(bw::broker::call(fd, test_lane, bw::bytes_view(payload), round, response).ok());
        CHECK(response.payload == "pong:" + payload);
        CHECK(response.request_id == round);
        CHECK(response.payload_protocol == test_lane);
        CHECK(response.kind == bw::v1::frame_kind::response);
    }
    ::close(fd);
}

TEST_CASE("probe client: upstream's probe against a real daemon, with a chosen nonce") {
    running_daemon d;
    broker::probe_nonce nonce;
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<std::uint8_t>(0xA0 + i);
    const broker::probe_result r = broker::probe_endpoint_with_nonce(d.socket, nonce, broker::default_probe_timeout);
    REQUIRE_MESSAGE(r.ok(), r.message);
    REQUIRE(r.response);
    CHECK(r.response->request_id == broker::probe_request_id(nonce));
    CHECK(r.response->payload.substr(0, 32) == std::string(nonce.begin(), nonce.end()));
    // The trailer carries this executable's SHA-256 for pre-BLAKE3 brokers.
    broker::probe_response_parts parts;
    REQUIRE(broker::split_probe_response(bw::bytes_view(r.response->payload), parts));
    const broker::legacy_trailer t = broker::read_legacy_trailer(parts.identity_bytes);
    REQUIRE(t.state == broker::legacy_trailer_state::present);
    const broker::digest32 sha = d.endpoint->identity().legacy_exe_sha256;
    CHECK(t.digest == std::string(sha.begin(), sha.end()));
}

// tests/broker/backend_handle_probe.rs probe_rejects_endpoint_response_identity_mismatch
TEST_CASE("backend_handle_probe.rs: probe_rejects_endpoint_response_identity_mismatch") {
    bw::v1::endpoint ep;
    bw::files::file_result<broker::daemon_identity> current = broker::current_daemon_identity(ep, 30);
    REQUIRE(current.ok());
    broker::daemon_identity response = current.value;
    response.boot_id = "different-boot-id";
    running_daemon d({}, response);
    broker::daemon_identity expected = current.value;
    expected.ipc_endpoint.path = d.socket;
    const broker::probe_result r = broker::probe_expected_daemon(expected);
    CHECK(r.code == broker::probe_errc::identity_mismatch);
    CHECK(r.mismatch == "boot_id");
    CHECK(r.message == "endpoint probe response identity did not match expected daemon identity: boot_id");
}

// tests/broker/backend_handle_probe.rs probe_rejects_endpoint_that_does_not_answer_identity_probe
TEST_CASE("backend_handle_probe.rs: probe_rejects_endpoint_that_does_not_answer_identity_probe") {
    bw::files::testing::temp_dir dir;
    const std::string path = dir / "mute.sock";
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size());
    REQUIRE(::bind(listener, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener, 1) == 0);
    std::thread server([&] { ::close(::accept(listener, nullptr, nullptr)); });  // accept, then close
    const broker::probe_result r = broker::probe_endpoint(path);
    server.join();
    ::close(listener);
    // Upstream reports Timeout or Io; here the closed connection says so itself.
    CHECK((r.code == broker::probe_errc::closed || r.code == broker::probe_errc::io ||
           r.code == broker::probe_errc::timeout));
    CHECK_FALSE(r.ok());
    // And nobody listening at all:
    CHECK(broker::probe_endpoint(dir / "nobody.sock").code == broker::probe_errc::connect);
}

TEST_CASE("bad input gets a clear framed error, the connection is closed, and the daemon keeps serving") {
    running_daemon d(pong_lanes());
    struct bad {
        const char* what;
        std::string bytes;
        const char* reason;
    };
    const bad inputs[] = {
        {"wrong lane", framed(frame_body(0x7002, bw::v1::frame_kind::request, "", 4)),
         "error: frame for unserved payload protocol 0x7002"},
        {"broker Hello", framed(frame_body(0x0000, bw::v1::frame_kind::request, "\x08\x01", 5)),
         "error: unexpected first-party frame on backend endpoint (payload_protocol 0x0000)"},
        {"probe of the wrong kind", framed(frame_body(0xB232, bw::v1::frame_kind::response, std::string(32, 'n'), 6)),
         "kind is not REQUEST"},
        {"short nonce", framed(frame_body(0xB232, bw::v1::frame_kind::request, std::string(16, 'n'), 7)),
         "nonce must be 32 bytes (got 16)"},
        {"garbage", "GET / HTTP/1.1\r\n\r\n", "framing byte 0x47 is not 1"},
        {"not a Frame", framed(unhex("ffffff")), "error: malformed Frame"},
        {"over 16 MiB", unhex("01 01000001"), "over-cap frame length 16777217"},
    };
    for (const bad& b : inputs) {
        CAPTURE(b.what);
        const int fd = dial(d.socket);
        send_bytes(fd, b.bytes);
        const std::string text = error_reply_text(read_body(fd));
        CHECK_MESSAGE(text.find(b.reason) != std::string::npos, text);
        CHECK(closed_by_peer(fd));
        ::close(fd);
    }
    // Still serving: a probe, and a served lane.
    const broker::probe_result r = broker::probe_endpoint(d.socket);
    CHECK_MESSAGE(r.ok(), r.message);
    const int fd = dial(d.socket);
    bw::v1::frame response;
    REQUIRE(bw::broker::call(fd, test_lane, bw::bytes_view(std::string("again")), 9, response).ok());
    CHECK(response.payload == "pong:again");
    ::close(fd);
    d.shut();
    CHECK(d.endpoint->counts().faults == 7);
    CHECK(d.endpoint->counts().probes == 1);
    CHECK(d.run_error.ok());
}

TEST_CASE("open: a live socket is refused, a stale socket file is replaced, nothing is left on failure") {
    running_daemon d;
    bw::broker::daemon_endpoint_config clash;
    clash.socket_path = d.socket;
    clash.identity_path = d.dir / "daemon-other.json";
    bw::broker::daemon_endpoint second(clash);
    const bw::broker::broker_error clashed = second.open();
    CHECK(clashed.kind == bw::broker::broker_errc::socket_in_use);
    CHECK(clashed.path == d.socket);
    CHECK(to_string(clashed) == d.socket + ": another process is listening on it");
    CHECK_FALSE(exists(clash.identity_path));
    CHECK(broker::probe_endpoint(d.socket).ok());  // the first is untouched

    // A socket file nobody listens on (a daemon that was killed) is replaced.
    const std::string stale = d.dir / "stale.sock";
    const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, stale.c_str(), stale.size());
    REQUIRE(::bind(s, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    ::close(s);
    bw::broker::daemon_endpoint_config fresh;
    fresh.socket_path = stale;
    bw::broker::daemon_endpoint third(fresh);
    CHECK(third.open().ok());
    third.close();
    CHECK_FALSE(exists(stale));
}

TEST_CASE("close: an identity file another daemon has since taken over is left alone") {
    running_daemon d;
    broker::daemon_identity other = d.endpoint->identity();
    other.pid = static_cast<std::uint32_t>(::getppid());
    REQUIRE(broker::write_daemon_identity_file(d.identity_path, other).ok());
    d.shut();
    const std::optional<broker::daemon_identity> left = broker::read_daemon_identity_file(d.identity_path);
    REQUIRE(left);
    CHECK(left->pid == other.pid);
}
