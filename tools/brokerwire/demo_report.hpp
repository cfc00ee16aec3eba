// What `brokerwire demo` tells: a numbered line per step as it goes, then
// the registry table and the throughput line; or, with --json, one document
// at the end.
#pragma once

#include <string>
#include <vector>

#include "brokerwire/json/writer.hpp"
#include "demo_steps.hpp"

namespace brokerwire::tool::demo {

class demo_report {
public:
    // `colour`: paint "ok" green (only for a terminal, and unless NO_COLOR).
    demo_report(bool json, bool colour) : json_(json), colour_(colour) {}

    // Records step `number` as done and, unless --json, prints it at once.
    void done(int number, const char* name, std::string detail);
    // Records the failure, prints "error: step N (name): why" on standard
    // error, and returns false, so a step can `return report.failed(...)`.
    bool failed(int number, const char* name, const std::string& why);

    // The scratch directory exists: named before the steps' lines.
    void begin(std::string directory);

    // What the last lines show.
    void set_hello_socket(std::string path) { hello_socket_ = std::move(path); }
    void set_sessions(std::vector<session_record> s) { sessions_ = std::move(s); }
    void set_refusals(std::vector<refusal_record> r) { refusals_ = std::move(r); }
    void set_answers(broker_answers answers) { answers_ = std::move(answers); }
    void set_throughput(decode_throughput t) { throughput_ = std::move(t); }

    // The end of the output: the table and the throughput line, or the JSON
    // document (which also tells a failure).
    void finish() const;

private:
    struct step_record {
        int number;
        const char* name;
        std::string detail;
    };
    struct failure {
        int number = 0;
        const char* name = "";
        std::string why;
    };

    void print_table() const;
    void print_throughput() const;
    void print_json() const;
    void write_results(json::writer& w) const;
    void write_v2(json::writer& w) const;

    bool json_;
    bool colour_;
    std::string directory_;
    std::vector<step_record> steps_;
    failure failure_;
    std::string hello_socket_;
    std::vector<session_record> sessions_;
    std::vector<refusal_record> refusals_;
    broker_answers answers_;
    decode_throughput throughput_;
};

}  // namespace brokerwire::tool::demo
