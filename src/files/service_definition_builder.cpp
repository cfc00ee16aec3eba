// Service-definition builder and the rules every written definition meets.
#include <brokerwire/files/service_definition_builder.hpp>

#include <utility>

#include <brokerwire/files/names.hpp>

namespace brokerwire::files {

namespace {

// Tags a validation error with the field it came from, for the message.
file_error for_field(file_error e, const char* field) {
    if (!e.ok()) e.other = field;
    return e;
}

}  // namespace

file_error validate_service_definition(const v2::service_definition& def) {
    if (file_error e = validate_service_name(def.service_name); !e.ok()) return e;
    if (def.isolation == v2::broker_isolation::explicit_instance) {
        if (file_error e = validate_service_name(def.explicit_instance); !e.ok()) {
            return for_field(std::move(e), "explicit_instance");
        }
    }
    if (!def.min_version.empty()) {
        if (file_error e = validate_version(def.min_version); !e.ok()) {
            return for_field(std::move(e), "min_version");
        }
    }
    for (const std::string& v : def.version_allow_list) {
        if (file_error e = validate_version(v); !e.ok()) return for_field(std::move(e), "version_allow_list entry");
    }
    return {};
}

service_definition_builder::service_definition_builder(v2::broker_isolation isolation,
                                                       std::string service_name,
                                                       std::string binary_path) {
    def_.isolation = isolation;
    def_.service_name = std::move(service_name);
    def_.binary_path = std::move(binary_path);
}

service_definition_builder service_definition_builder::private_broker(std::string service_name,
                                                                      std::string binary_path) {
    return {v2::broker_isolation::private_broker, std::move(service_name), std::move(binary_path)};
}

service_definition_builder service_definition_builder::shared_broker(std::string service_name,
                                                                     std::string binary_path) {
    return {v2::broker_isolation::shared_broker, std::move(service_name), std::move(binary_path)};
}

service_definition_builder service_definition_builder::explicit_instance(std::string service_name,
                                                                         std::string binary_path,
                                                                         std::string instance) {
    service_definition_builder b{v2::broker_isolation::explicit_instance, std::move(service_name),
                                 std::move(binary_path)};
    b.def_.explicit_instance = std::move(instance);
    return b;
}

service_definition_builder& service_definition_builder::per_version_binary_dir(std::string dir) {
    def_.per_version_binary_dir = std::move(dir);
    return *this;
}

service_definition_builder& service_definition_builder::min_version(std::string version) {
    def_.min_version = std::move(version);
    return *this;
}

service_definition_builder& service_definition_builder::version_allow_list(std::vector<std::string> versions) {
    def_.version_allow_list = std::move(versions);
    return *this;
}

service_definition_builder& service_definition_builder::allow_version(std::string version) {
    def_.version_allow_list.push_back(std::move(version));
    return *this;
}

service_definition_builder& service_definition_builder::label(std::string key, std::string value) {
    def_.labels.insert_or_assign(std::move(key), std::move(value));
    return *this;
}

service_definition_builder& service_definition_builder::labels(const std::map<std::string, std::string>& more) {
    for (const auto& [k, v] : more) def_.labels.insert_or_assign(k, v);
    return *this;
}

service_definition_builder& service_definition_builder::http_server(v2::http_server_capability capability) {
    def_.http_server = std::move(capability);
    return *this;
}

file_result<v2::service_definition> service_definition_builder::build() const {
    if (file_error e = validate_service_definition(def_); !e.ok()) return e;
    return def_;
}

}  // namespace brokerwire::files
