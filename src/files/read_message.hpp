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
        // full_name is "running_process.broker.v2.X"; the short name reads better.
        const std::string_view full = T::full_name;
        return decode_error(path, full.substr(full.rfind('.') + 1), s);
    }
    return out;
}

}  // namespace brokerwire::files::detail
