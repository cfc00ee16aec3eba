// protozero: hand-written decode (pbf_reader into views) and encode
// (pbf_writer) of ServiceDefinition and BackendHttpReady.
#define PROTOZERO_USE_VIEW std::string_view
#include <protozero/pbf_reader.hpp>
#include <protozero/pbf_writer.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct http_server {
    std::string_view bind_addr, health_path, display_name;
};
struct service_definition {
    std::string_view service_name, binary_path, explicit_instance, per_version_binary_dir, min_version;
    std::int32_t isolation = 0;
    std::vector<std::string_view> version_allow_list;
    std::vector<std::pair<std::string_view, std::string_view>> labels;
    bool has_http_server = false;
    http_server http;
};

static void decode(protozero::pbf_reader r, http_server& m) {
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.bind_addr = r.get_view(); break;
            case 2: m.health_path = r.get_view(); break;
            case 3: m.display_name = r.get_view(); break;
            default: r.skip();
        }
    }
}

static void decode(protozero::pbf_reader r, service_definition& m) {
    while (r.next()) {
        switch (r.tag()) {
            case 1: m.service_name = r.get_view(); break;
            case 2: m.binary_path = r.get_view(); break;
            case 3: m.isolation = r.get_enum(); break;
            case 4: m.explicit_instance = r.get_view(); break;
            case 5: m.per_version_binary_dir = r.get_view(); break;
            case 6: m.min_version = r.get_view(); break;
            case 7: m.version_allow_list.push_back(r.get_view()); break;
            case 8: {
                protozero::pbf_reader e = r.get_message();
                std::pair<std::string_view, std::string_view> kv;
                while (e.next()) (e.tag() == 1 ? kv.first : kv.second) = e.get_view();
                m.labels.push_back(kv);
                break;
            }
            case 10: m.has_http_server = true; decode(r.get_message(), m.http); break;
            default: r.skip();
        }
    }
}

static void encode(const service_definition& m, std::string& out) {
    protozero::pbf_writer w(out);
    if (!m.service_name.empty()) w.add_string(1, m.service_name);
    if (!m.binary_path.empty()) w.add_string(2, m.binary_path);
    if (m.isolation != 0) w.add_enum(3, m.isolation);
    if (!m.explicit_instance.empty()) w.add_string(4, m.explicit_instance);
    if (!m.per_version_binary_dir.empty()) w.add_string(5, m.per_version_binary_dir);
    if (!m.min_version.empty()) w.add_string(6, m.min_version);
    for (std::string_view s : m.version_allow_list) w.add_string(7, s);
    for (const auto& kv : m.labels) {
        protozero::pbf_writer e(w, 8);
        e.add_string(1, kv.first);
        e.add_string(2, kv.second);
    }
    if (m.has_http_server) {
        protozero::pbf_writer h(w, 10);
        if (!m.http.bind_addr.empty()) h.add_string(1, m.http.bind_addr);
        if (!m.http.health_path.empty()) h.add_string(2, m.http.health_path);
        if (!m.http.display_name.empty()) h.add_string(3, m.http.display_name);
    }
}

int main() {
    std::string in(1 << 16, '\0');
    in.resize(std::fread(in.data(), 1, in.size(), stdin));
    try {
        service_definition def;
        decode(protozero::pbf_reader(in), def);
        std::uint32_t port = 0;
        for (protozero::pbf_reader r(in); r.next();) (r.tag() == 1) ? void(port = r.get_uint32()) : r.skip();
        std::string out;
        encode(def, out);
        protozero::pbf_writer(out).add_uint32(1, port);
        std::fwrite(out.data(), 1, out.size(), stdout);
    } catch (const protozero::exception&) {
        return 1;
    }
    return 0;
}
