// mapping_error: the located error a message mapper returns from from_json.

#include <doctest/doctest.h>

#include <string>

#include <brokerwire/json/core.hpp>

using namespace brokerwire::json;

TEST_CASE("a default mapping error means success") {
    const mapping_error ok;
    CHECK(ok.ok());
    CHECK(to_string(ok) == "ok");
    const parse_error parsed_ok;
    CHECK(parsed_ok.ok());
}

TEST_CASE("error_at locates the error at the node") {
    value doc;
    REQUIRE(parse("{\n  \"name\": \"svc\",\n    \"port\": -1\n}", doc).ok());
    const value* port = doc.find("port");
    REQUIRE(port != nullptr);
    std::uint32_t p = 0;
    CHECK_FALSE(to_uint32(*port, p));
    const mapping_error e = error_at(*port, "field \"port\": expected an unsigned 32-bit integer");
    CHECK_FALSE(e.ok());
    CHECK(e.line == 3);
    CHECK(e.column == 13);
    CHECK(e.message == "field \"port\": expected an unsigned 32-bit integer");
    CHECK(to_string(e) == "line 3, column 13: field \"port\": expected an unsigned 32-bit integer");
}
