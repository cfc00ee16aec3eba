// Errors of the proto3 JSON mappers, located at a node.

#include <brokerwire/json/mapping_error.hpp>

namespace brokerwire::json {

mapping_error error_at(const value& v, std::string message) {
    return mapping_error{v.line, v.column, std::move(message)};
}

std::string to_string(const mapping_error& e) {
    if (e.ok()) return "ok";
    return "line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + ": " + e.message;
}

}  // namespace brokerwire::json
