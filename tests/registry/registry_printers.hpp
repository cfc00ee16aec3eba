// Lets doctest print registry values in failure messages.
#pragma once

#include <brokerwire/registry/backend_state.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace doctest {

template <>
struct StringMaker<brokerwire::backend_state> {
    static String convert(brokerwire::backend_state s) {
        return String(brokerwire::to_string(s).c_str());
    }
};

template <>
struct StringMaker<std::optional<std::uint16_t>> {
    static String convert(const std::optional<std::uint16_t>& p) {
        return p ? String(std::to_string(*p).c_str()) : String("nullopt");
    }
};

}  // namespace doctest
