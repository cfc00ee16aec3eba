// The output of `brokerwire demo` (see demo_report.hpp).
#include "demo_report.hpp"

#include <cstdio>

namespace brokerwire::tool::demo {
namespace {

// JSON numbers for the rates: the writer has no floating-point output.
std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void write_rate(json::writer& w, const char* key, const decode_rate& rate) {
    w.key(key);
    w.begin_object();
    w.key("mb_per_s");
    w.raw(fixed(rate.mb_per_s, 1));
    w.key("messages_per_s");
    w.raw(fixed(rate.messages_per_s, 0));
    w.end_object();
}

}  // namespace

void demo_report::begin(std::string directory) {
    directory_ = std::move(directory);
    if (!json_) std::printf("brokerwire demo in %s (removed at the end)\n", directory_.c_str());
}

void demo_report::done(int number, const char* name, std::string detail) {
    if (!json_) {
        std::printf("%d. %s  %s: %s\n", number, colour_ ? "\033[32mok\033[0m" : "ok", name, detail.c_str());
        std::fflush(stdout);  // progress: each line as its step ends
    }
    steps_.push_back({number, name, std::move(detail)});
}

bool demo_report::failed(int number, const char* name, const std::string& why) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: step %d (%s): %s\n", number, name, why.c_str());
    if (failure_.number == 0) failure_ = {number, name, why};  // the first failure is the story
    return false;
}

void demo_report::finish() const {
    if (json_) {
        print_json();
    } else if (failure_.number == 0) {
        print_table();
        print_throughput();
    }
}

void demo_report::print_table() const {
    std::printf("\nregistry, as the admin lane reported it at step 9:\n  %-10s %-8s %s\n", "SERVICE", "STATE", "PORT");
    for (const backend_row& b : answers_.backends) {
        std::printf("  %-10s %-8s %s\n", b.service.c_str(), b.state.c_str(),
                    b.state == "bound" ? std::to_string(b.port).c_str() : "-");
    }
}

void demo_report::print_throughput() const {
    std::printf("\ndecode throughput on %zu sample messages: views %.1f MB/s (%.2f M messages/s), "
                "owning %.1f MB/s (%.2f M messages/s)\n",
                throughput_.samples.size(), throughput_.view.mb_per_s, throughput_.view.messages_per_s / 1e6,
                throughput_.owning.mb_per_s, throughput_.owning.messages_per_s / 1e6);
}

void demo_report::print_json() const {
    std::string out;
    json::writer w(out);
    w.begin_object();
    w.key("ok");
    w.boolean(failure_.number == 0);
    w.key("directory");
    w.string(directory_);
    w.key("steps");
    w.begin_array();
    for (const step_record& s : steps_) {
        w.begin_object();
        w.key("step");
        w.number(s.number);
        w.key("name");
        w.string(s.name);
        w.key("detail");
        w.string(s.detail);
        w.end_object();
    }
    w.end_array();
    if (failure_.number != 0) {
        w.key("error");
        w.begin_object();
        w.key("step");
        w.number(failure_.number);
        w.key("name");
        w.string(failure_.name);
        w.key("why");
        w.string(failure_.why);
        w.end_object();
    } else {
        write_results(w);
    }
    w.end_object();
    std::printf("%s\n", out.c_str());
}

// Upstream's flow: where the broker listened, what each client learnt, and
// what was refused.
void demo_report::write_v2(json::writer& w) const {
    w.key("hello_socket");
    w.string(hello_socket_);
    w.key("sessions");
    w.begin_array();
    for (const session_record& s : sessions_) {
        w.begin_object();
        w.key("service");
        w.string(s.service);
        w.key("wanted_version");
        w.string(s.wanted_version);
        w.key("negotiated_protocol");
        w.number(s.negotiated_protocol);
        w.key("daemon_version");
        w.string(s.daemon_version);
        w.key("backend_pipe");
        w.string(s.backend_pipe);
        w.key("identity");
        w.begin_object();
        w.key("pid");
        w.number(s.identity.pid);
        w.key("exe_path");
        w.string(s.identity.exe_path);
        w.key("exe_hash");
        w.string(hex_of(s.identity.exe_hash));
        w.key("boot_id");
        w.string(s.identity.boot_id);
        w.key("ipc_endpoint");
        w.string(s.identity.ipc_endpoint.path);
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.key("refusals");
    w.begin_array();
    for (const refusal_record& r : refusals_) {
        w.begin_object();
        w.key("service");
        w.string(r.service);
        w.key("wanted_version");
        w.string(r.wanted_version);
        w.key("code");
        w.string(r.code);
        w.key("reason");
        w.string(r.reason);
        w.end_object();
    }
    w.end_array();
}

void demo_report::write_results(json::writer& w) const {
    write_v2(w);
    w.key("endpoint");
    w.begin_object();
    w.key("port");
    w.number(answers_.http_port);
    w.key("pid");
    w.number(answers_.pid);
    w.end_object();
    w.key("backends");
    w.begin_array();
    for (const backend_row& b : answers_.backends) {
        w.begin_object();
        w.key("service");
        w.string(b.service);
        w.key("state");
        w.string(b.state);
        if (b.state == "bound") {
            w.key("port");
            w.number(b.port);
        }
        w.end_object();
    }
    w.end_array();
    w.key("throughput");
    w.begin_object();
    w.key("samples");
    w.begin_array();
    for (const std::string& s : throughput_.samples) w.string(s);
    w.end_array();
    w.key("seconds_per_mode");
    w.raw(fixed(throughput_.seconds_per_mode, 2));
    write_rate(w, "view", throughput_.view);
    write_rate(w, "owning", throughput_.owning);
    w.end_object();
}

}  // namespace brokerwire::tool::demo
