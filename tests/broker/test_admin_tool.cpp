// `brokerwire admin` end to end: the verbs upstream v1's CLI sends, and its
// exit status, which is the reply's exit code (upstream's
// running-process-broker-v1.rs print_admin_reply exits with it).
#include "broker_harness.hpp"

#include <sys/un.h>

#include <cstring>
#include <functional>
#include <string>

#include "brokerwire/broker/broker_lanes.hpp"
#include "brokerwire/broker/envelope_dispatch.hpp"
#include "brokerwire/broker/fd_io.hpp"
#include "test_thread.hpp"

using namespace harness;
namespace v1 = brokerwire::v1;
using brokerwire::test::test_thread;

namespace {

// A stand-in for the broker's broker.sock in `run_dir` that answers one
// admin request with `handler`: a broker whose replies the test chooses.
// Construct it before the client connects; the destructor joins.
struct one_shot_admin_socket {
    int listen_fd = -1;
    test_thread server;

    one_shot_admin_socket(const std::string& run_dir, bw::broker::lane_handler handler) {
        const std::string path = run_dir + "/broker.sock";
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof addr.sun_path);
        std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
        listen_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(listen_fd >= 0);
        REQUIRE(::bind(listen_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(listen_fd, 1) == 0);
        server = test_thread([this, handler = std::move(handler)] { serve_one(handler); });
    }

    void serve_one(const bw::broker::lane_handler& handler) const {
        const int fd = ::accept(listen_fd, nullptr, nullptr);
        if (fd < 0) return;
        bw::broker::envelope_dispatcher dispatcher;
        dispatcher.on(bw::broker::lane::admin, handler);
        std::string body, reply;
        if (bw::broker::read_frame(fd, bw::framing::max_frame_body, body).ok()) {
            (void)dispatcher.dispatch(bw::bytes_view(body), reply);
            (void)bw::broker::write_frame(fd, bw::bytes_view(reply));
        }
        ::close(fd);
    }

    ~one_shot_admin_socket() {
        // Wakes an accept still waiting when the client never came.
        ::shutdown(listen_fd, SHUT_RDWR);
        server.join();
        ::close(listen_fd);
    }
};

// A handler answering every AdminRequest with {TEXT, body, exit_code}.
bw::broker::lane_handler canned(std::string body, std::uint32_t exit_code) {
    return [body = std::move(body), exit_code](const bw::broker::lane_request&, bw::broker::lane_reply& out) {
        v1::admin_reply r;
        r.body = body;
        r.exit_code = exit_code;
        r.content_type = "text/plain";
        const std::vector<std::uint8_t> bytes = encode(r);
        out.payload.assign(bytes.begin(), bytes.end());
    };
}

// Runs `brokerwire admin --run-dir DIR VERB` against a socket answering with `handler`.
std::string admin_against(bw::broker::lane_handler handler, const std::string& verb, int& status) {
    temp_dir dir;
    std::string out;
    {
        one_shot_admin_socket socket(dir.path, std::move(handler));
        out = run_tool({"admin", "--run-dir", dir.path, verb}, status);
    }
    return out;
}

}  // namespace

TEST_CASE("brokerwire admin readyz: a broker not taking Hellos prints \"not ready\" and exits 1") {
    // The broker's own READYZ answer (broker_lanes.cpp), for a broker not
    // accepting Hellos: upstream's render_readyz body and exit code.
    const auto not_ready = [](const bw::broker::lane_request& req, bw::broker::lane_reply& out) {
        bw::endpoint_registry registry;
        bw::broker::broker_metrics metrics;
        const std::optional<std::string> token;
        bw::broker::broker_view view{registry, metrics, 0, 1, token};
        view.accepting_hello = false;
        bool shutdown = false;
        bw::broker::answer_admin(req.payload, view, out, shutdown);
    };
    int status = -1;
    CHECK(admin_against(not_ready, "readyz", status) == "not ready\n");
    CHECK(status == 1);
}

TEST_CASE("brokerwire admin exits with the reply's exit code: 2 for an unsupported verb, 1 past 255") {
    int status = -1;
    CHECK(admin_against(canned("unsupported admin verb\n", 2), "shutdown", status) == "unsupported admin verb\n");
    CHECK(status == 2);
    CHECK(admin_against(canned("odd\n", 300), "healthz", status) == "odd\n");
    CHECK(status == 1);
    // A body without its final newline gets one, as upstream's CLI prints it.
    CHECK(admin_against(canned("ok", 0), "healthz", status) == "ok\n");
    CHECK(status == 0);
}

TEST_CASE("brokerwire admin readyz and shutdown against a running broker") {
    broker_process b({"alpha"});
    int status = -1;
    CHECK(run_tool({"admin", "--run-dir", b.run, "readyz"}, status) == "ready\n");
    CHECK(status == 0);
    CHECK(run_tool({"admin", "--run-dir", b.run, "shutdown"}, status) == "broker shutting down\n");
    CHECK(status == 0);
    CHECK(eventually([&] { return !b.alive(); }));
}

TEST_CASE("brokerwire admin refuses a verb it does not know, as a usage error") {
    temp_dir dir;
    int status = -1;
    std::string err;
    CHECK(run_tool({"admin", "--run-dir", dir.path, "dump"}, status, &err).empty());
    CHECK(status == 2);
    CHECK(err.find("usage: brokerwire admin --run-dir DIR status|healthz|readyz|metrics|shutdown") !=
          std::string::npos);
}
