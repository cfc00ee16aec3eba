// Listing a directory's file names for the scans (internal to the files
// layer: scanner.cpp defines it, the scans and the combined loader use it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <brokerwire/files/file_error.hpp>

namespace brokerwire::files::detail {

// The names in `dir` that end with `suffix`, sorted. The directory must be
// private; a missing one has no names; an unreadable one is the error.
file_result<std::vector<std::string>> names_ending_with(const std::string& dir, std::string_view suffix);

}  // namespace brokerwire::files::detail
