// Internal: read one file and decode it as a message, with file-layer errors.
#pragma once

#include <string>

#include <brokerwire/files/loader.hpp>

namespace brokerwire::files::detail {

// read_small_regular_file, then decode as T; a decode failure is a decode
// error naming the path, the message type and the byte offset.
template <class T>
file_result<T> read_message(const std::string& path) {
    file_result<std::string> bytes = read_small_regular_file(path);
    if (!bytes.ok()) return bytes.error;
    file_result<T> out;
    if (const status s = decode(bytes_view(bytes.value), out.value); !s.ok()) {
        // The catalog's short name reads better than the full one, and tells
        // a v1 ServiceDefinition ("v1.ServiceDefinition") from a v2 one.
        return decode_error(path, T::short_name, s);
    }
    return out;
}

}  // namespace brokerwire::files::detail
