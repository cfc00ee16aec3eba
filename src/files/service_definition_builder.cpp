// Service-definition builder and the rules every written definition meets.
#include <brokerwire/files/service_definition_builder.hpp>

#include <cstdint>
#include <string>
#include <utility>

#include <brokerwire/files/names.hpp>

namespace brokerwire::files {

namespace {

// Tags a validation error with the field it came from, for the message.
file_error for_field(file_error e, const char* field) {
    if (!e.ok()) e.other = field;
    return e;
}

// upstream v1: validate_absolute_path. The broker executes binary_path and
// trusts per_version_binary_dir; relative, they would name whatever sits
// under the broker's working directory.
file_error check_absolute(const char* field, const std::string& value) {
    if (value.empty()) return invalid_path_error(field, value, path_problem::empty);
    if (value[0] != '/') return invalid_path_error(field, value, path_problem::relative);
    return {};
}

file_error check_versions(const v2::service_definition& def) {
    if (!def.min_version.empty()) {
        if (file_error e = validate_version(def.min_version); !e.ok()) return for_field(std::move(e), "min_version");
    }
    for (const std::string& v : def.version_allow_list) {
        if (file_error e = validate_version(v); !e.ok()) return for_field(std::move(e), "version_allow_list entry");
    }
    return {};
}

// upstream v1: the isolation match of validate_service_definition_for_service.
file_error check_isolation(const v2::service_definition& def) {
    switch (def.isolation) {
        case v2::broker_isolation::private_broker:
        case v2::broker_isolation::shared_broker:
            if (def.explicit_instance.empty()) return {};
            return invalid_isolation_error("explicit_instance", def.explicit_instance,
                                           isolation_problem::instance_not_allowed);
        case v2::broker_isolation::explicit_instance:
            if (def.explicit_instance.empty()) {
                return invalid_isolation_error("explicit_instance", "", isolation_problem::instance_required);
            }
            // It names a broker, so it ends up in a pipe name.
            return for_field(validate_service_name(def.explicit_instance), "explicit_instance");
    }
    return invalid_isolation_error("isolation", std::to_string(static_cast<std::int32_t>(def.isolation)),
                                   isolation_problem::unknown_value);
}

}  // namespace

file_error validate_service_definition(const v2::service_definition& def) {
    // Upstream's order, so the first failure reported is the one it reports.
    if (file_error e = validate_service_name(def.service_name); !e.ok()) return e;
    if (file_error e = check_absolute("binary_path", def.binary_path); !e.ok()) return e;
    if (!def.per_version_binary_dir.empty()) {
        if (file_error e = check_absolute("per_version_binary_dir", def.per_version_binary_dir); !e.ok()) return e;
    }
    if (file_error e = check_versions(def); !e.ok()) return e;
    return check_isolation(def);
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
