// Internal: reading a small text file and trimming it as upstream's Rust does.
#pragma once

#include <string>
#include <string_view>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files::detail {

// The whole file at `path`, as Rust's std::fs::read_to_string reads it:
// symlinks are followed and EINTR is retried. Errors are io values; an absent
// file is io with sys_errno ENOENT (callers decide whether that is normal),
// and content that is not UTF-8 is io EILSEQ (Rust: InvalidData).
file_result<std::string> read_text_file(const std::string& path);

// `text` without leading and trailing whitespace as Rust's str::trim
// defines it (the Unicode White_Space property, not just ASCII). `text` must
// be valid UTF-8; the view points into it.
std::string_view trim_whitespace(std::string_view text) noexcept;

}  // namespace brokerwire::files::detail
