// The whole JSON core in one include: parse, value, writer, base64, proto3
// scalar conversions and the mapping error type.
#pragma once

#include <brokerwire/json/base64.hpp>
#include <brokerwire/json/mapping_error.hpp>
#include <brokerwire/json/numbers.hpp>
#include <brokerwire/json/reader.hpp>
#include <brokerwire/json/value.hpp>
#include <brokerwire/json/writer.hpp>
