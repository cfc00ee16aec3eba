// v1 service definitions: upstream's v1 loader and its rules
// (server/service_def_loader.rs), and the conversions between the schemas.
#include <brokerwire/files/v1_service_definition.hpp>

#include <cstdint>
#include <utility>

#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/paths.hpp>
#include <brokerwire/files/private_directory.hpp>
#include <brokerwire/files/service_definition_builder.hpp>

#include "read_message.hpp"

namespace brokerwire::files {

file_result<std::string> v1_service_definition_path(std::string_view root, std::string_view service_name) {
    if (file_error e = validate_service_name(service_name); !e.ok()) return e;
    std::string file(service_name);
    file += '.';
    file += v1_service_definition_extension;
    return join_path(root, file);
}

file_error check_v1_service_definition(const v1::service_definition& def, std::string_view expected_service) {
    if (file_error e = validate_service_name(expected_service); !e.ok()) return e;
    if (file_error e = validate_service_name(def.service_name); !e.ok()) return e;
    // A file renamed (or planted) under another service's name must not
    // start that service's binary.
    if (def.service_name != expected_service) {
        return name_mismatch_error("", std::string(expected_service), def.service_name);
    }
    // The rest of upstream's v1 rules are the ones every definition we write
    // meets; fields 1-8 mean the same in both schemas, so one check serves.
    return validate_service_definition(to_v2(def));
}

file_result<v1::service_definition> load_v1_service_definition(const std::string& dir,
                                                               std::string_view service_name) {
    file_result<std::string> path = v1_service_definition_path(dir, service_name);
    if (!path.ok()) return path.error;
    if (file_error e = check_private_directory(dir); !e.ok()) return e;
    file_result<v1::service_definition> def = detail::read_message<v1::service_definition>(path.value);
    if (!def.ok()) return def;
    if (file_error e = check_v1_service_definition(def.value, service_name); !e.ok()) {
        e.path = path.value;  // the rules say which field; the path says which file
        return e;
    }
    return def;
}

v2::service_definition to_v2(const v1::service_definition& def) {
    v2::service_definition out;
    out.service_name = def.service_name;
    out.binary_path = def.binary_path;
    // Same numbers in both enums; an unknown value stays the same number.
    out.isolation = static_cast<v2::broker_isolation>(static_cast<std::int32_t>(def.isolation));
    out.explicit_instance = def.explicit_instance;
    out.per_version_binary_dir = def.per_version_binary_dir;
    out.min_version = def.min_version;
    out.version_allow_list = def.version_allow_list;
    out.labels = def.labels;
    return out;
}

v1::service_definition to_v1(const v2::service_definition& def) {
    v1::service_definition out;
    out.service_name = def.service_name;
    out.binary_path = def.binary_path;
    out.isolation = static_cast<v1::broker_isolation>(static_cast<std::int32_t>(def.isolation));
    out.explicit_instance = def.explicit_instance;
    out.per_version_binary_dir = def.per_version_binary_dir;
    out.min_version = def.min_version;
    out.version_allow_list = def.version_allow_list;
    out.labels = def.labels;
    // http_server has no v1 field: upstream's launch path never reads it.
    return out;
}

}  // namespace brokerwire::files
