// Reflection-driven random messages: one filler serves every message type,
// so a field added to proto/ is exercised without touching this file.
#include "random_messages.hpp"

#include <limits>
#include <set>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>

namespace interop {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A value of `bits` random low bits, so small and large varints are equally likely.
std::uint64_t random_width(random_source& random, unsigned max_bits) {
    const auto bits = static_cast<unsigned>(random.below(max_bits)) + 1;
    const std::uint64_t value = random.next();
    return bits >= 64 ? value : value & ((std::uint64_t{1} << bits) - 1);
}

void append_utf8(std::string& out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xc0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3f));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xe0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (code_point & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (code_point & 0x3f));
    }
}

// A scalar code point from one of four encoded lengths; surrogates are not
// characters (proto3 strings are UTF-8 text), so they are never chosen.
std::uint32_t random_code_point(random_source& random) {
    switch (random.below(4)) {
    case 0: return static_cast<std::uint32_t>(random.below(0x80));
    case 1: return static_cast<std::uint32_t>(0x80 + random.below(0x800 - 0x80));
    case 2: {
        const auto c = static_cast<std::uint32_t>(0x800 + random.below(0x10000 - 0x800));
        return (c >= 0xd800 && c <= 0xdfff) ? 0xfffd : c;
    }
    default: return static_cast<std::uint32_t>(0x10000 + random.below(0x110000 - 0x10000));
    }
}

// Sometimes long, so length prefixes of two and three bytes appear.
std::size_t random_length(random_source& random) {
    if (random.chance(20)) return 0;
    if (random.chance(5)) return static_cast<std::size_t>(random.below(3000));
    return static_cast<std::size_t>(random.below(24)) + 1;
}

void set_random_scalar(Message& message, const FieldDescriptor* field, random_source& random) {
    const Reflection* reflection = message.GetReflection();
    switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_UINT32: reflection->SetUInt32(&message, field, random.any_uint32()); break;
    case FieldDescriptor::CPPTYPE_INT32: reflection->SetInt32(&message, field, random.any_int32()); break;
    case FieldDescriptor::CPPTYPE_UINT64: reflection->SetUInt64(&message, field, random.any_uint64()); break;
    case FieldDescriptor::CPPTYPE_BOOL: reflection->SetBool(&message, field, random.chance(50)); break;
    case FieldDescriptor::CPPTYPE_ENUM: {
        // Proto3 enums are open: a number outside the schema is a value too.
        const auto* values = field->enum_type();
        const int number = random.chance(60)
            ? values->value(static_cast<int>(random.below(static_cast<std::uint64_t>(values->value_count()))))->number()
            : random.any_int32();
        reflection->SetEnumValue(&message, field, number);
        break;
    }
    case FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&message, field,
                              field->type() == FieldDescriptor::TYPE_BYTES ? random.any_bytes() : random.any_utf8());
        break;
    default: break;  // the schema has no float, double or 64-bit signed fields
    }
}

void add_random_map_entries(Message& message, const FieldDescriptor* field, random_source& random) {
    const Reflection* reflection = message.GetReflection();
    const FieldDescriptor* key = field->message_type()->map_key();
    const FieldDescriptor* value = field->message_type()->map_value();
    std::set<std::string> keys;
    const auto count = random.below(6);
    for (std::uint64_t i = 0; i < count; ++i) {
        std::string k = random.any_utf8();
        if (!keys.insert(k).second) continue;  // duplicate keys would make the map's size ambiguous
        Message* entry = reflection->AddMessage(&message, field);
        entry->GetReflection()->SetString(entry, key, k);
        entry->GetReflection()->SetString(entry, value, random.any_utf8());
    }
}

void fill_field(Message& message, const FieldDescriptor* field, random_source& random) {
    const Reflection* reflection = message.GetReflection();
    if (field->is_map()) {
        add_random_map_entries(message, field, random);
    } else if (field->is_repeated()) {
        const auto count = random.below(6);
        for (std::uint64_t i = 0; i < count; ++i) {
            if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
                fill_random(*reflection->AddMessage(&message, field), random);
            } else {
                reflection->AddString(&message, field, random.any_utf8());
            }
        }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        // Present-and-empty is a distinct value from absent (docs/contract.md,
        // "Encoding").
        Message* nested = reflection->MutableMessage(&message, field);
        if (random.chance(75)) fill_random(*nested, random);
    } else {
        set_random_scalar(message, field, random);
    }
}

void fill_oneof(Message& message, const google::protobuf::OneofDescriptor* oneof, random_source& random) {
    const auto choice = random.below(static_cast<std::uint64_t>(oneof->field_count()) + 1);
    if (choice == 0) return;  // unset is one of the oneof's states too
    fill_field(message, oneof->field(static_cast<int>(choice - 1)), random);
}

void add_unknown_field(google::protobuf::UnknownFieldSet& fields, int number, random_source& random, int depth) {
    switch (random.below(depth > 0 ? 4 : 5)) {
    case 0: fields.AddVarint(number, random.any_uint64()); break;
    case 1: fields.AddFixed32(number, random.any_uint32()); break;
    case 2: fields.AddFixed64(number, random.any_uint64()); break;
    case 3: fields.AddLengthDelimited(number, random.any_bytes()); break;
    default: {
        google::protobuf::UnknownFieldSet* group = fields.AddGroup(number);
        const auto count = random.below(3);
        for (std::uint64_t i = 0; i < count; ++i) {
            add_unknown_field(*group, static_cast<int>(1 + random.below(30)), random, depth + 1);
        }
        break;
    }
    }
}

// A field number the message's schema does not use (reserved ones included:
// a reader must skip those too): small ones with one-byte keys, and large
// ones up to the maximum, 2^29 - 1.
int unused_number(const Descriptor* type, random_source& random) {
    static const int candidates[] = {9, 11, 15, 16, 17, 99, 100, 2047, 2048, 262143, 262144, 536870911};
    for (;;) {
        const int number = random.chance(50)
            ? candidates[random.below(sizeof candidates / sizeof candidates[0])]
            : static_cast<int>(1 + random.below(200));
        if (type->FindFieldByNumber(number) == nullptr) return number;
    }
}

bool entry_has_default(const Message& entry) {
    const Descriptor* type = entry.GetDescriptor();
    const Reflection* reflection = entry.GetReflection();
    return reflection->GetString(entry, type->map_key()).empty()
        || reflection->GetString(entry, type->map_value()).empty();
}

}  // namespace

std::uint32_t random_source::any_uint32() {
    static const std::uint32_t edges[] = {0, 1, 127, 128, 16383, 16384, 65535, 65536,
                                          std::numeric_limits<std::uint32_t>::max()};
    if (chance(40)) return edges[below(sizeof edges / sizeof edges[0])];
    return static_cast<std::uint32_t>(random_width(*this, 32));
}

std::int32_t random_source::any_int32() {
    static const std::int32_t edges[] = {0, 1, -1, 127, -128, std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max()};
    if (chance(40)) return edges[below(sizeof edges / sizeof edges[0])];
    const auto magnitude = static_cast<std::int32_t>(random_width(*this, 31));
    return chance(50) ? -magnitude : magnitude;
}

std::uint64_t random_source::any_uint64() {
    static const std::uint64_t edges[] = {0, 1, 0xffffffffu, 0x100000000u, std::uint64_t{1} << 63,
                                          std::numeric_limits<std::uint64_t>::max(),
                                          std::numeric_limits<std::uint64_t>::max() - 1};
    if (chance(40)) return edges[below(sizeof edges / sizeof edges[0])];
    return random_width(*this, 64);
}

std::string random_source::any_utf8() {
    std::string out;
    const std::size_t length = random_length(*this);
    for (std::size_t i = 0; i < length; ++i) append_utf8(out, random_code_point(*this));
    return out;
}

std::string random_source::any_bytes() {
    std::string out;
    const std::size_t length = random_length(*this);
    for (std::size_t i = 0; i < length; ++i) out += static_cast<char>(below(256));
    return out;
}

void fill_random(Message& message, random_source& random) {
    message.Clear();
    const Descriptor* type = message.GetDescriptor();
    for (int i = 0; i < type->field_count(); ++i) {
        const FieldDescriptor* field = type->field(i);
        if (field->real_containing_oneof() != nullptr) continue;  // filled per oneof below
        // Absent optional messages and unset scalars are half of the cases.
        if (field->is_repeated() || random.chance(55)) fill_field(message, field, random);
    }
    for (int i = 0; i < type->oneof_decl_count(); ++i) {
        // A proto3 `optional` field sits in a synthetic oneof of its own; it was filled above.
        if (!type->oneof_decl(i)->is_synthetic()) fill_oneof(message, type->oneof_decl(i), random);
    }
}

void add_random_unknown_fields(Message& message, random_source& random, bool nested) {
    const Descriptor* type = message.GetDescriptor();
    const Reflection* reflection = message.GetReflection();
    google::protobuf::UnknownFieldSet* unknown = reflection->MutableUnknownFields(&message);
    const auto count = 1 + random.below(4);
    for (std::uint64_t i = 0; i < count; ++i) add_unknown_field(*unknown, unused_number(type, random), random, 0);
    if (!nested) return;
    for (int i = 0; i < type->field_count(); ++i) {
        const FieldDescriptor* field = type->field(i);
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_map()) continue;
        if (field->is_repeated()) {
            for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
                add_random_unknown_fields(*reflection->MutableRepeatedMessage(&message, field, j), random, true);
            }
        } else if (reflection->HasField(message, field)) {
            add_random_unknown_fields(*reflection->MutableMessage(&message, field), random, true);
        }
    }
}

bool has_default_map_entry(const Message& message) {
    const Descriptor* type = message.GetDescriptor();
    const Reflection* reflection = message.GetReflection();
    for (int i = 0; i < type->field_count(); ++i) {
        const FieldDescriptor* field = type->field(i);
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
        if (field->is_repeated()) {
            for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
                const Message& element = reflection->GetRepeatedMessage(message, field, j);
                if (field->is_map() ? entry_has_default(element) : has_default_map_entry(element)) return true;
            }
        } else if (reflection->HasField(message, field) && has_default_map_entry(reflection->GetMessage(message, field))) {
            return true;
        }
    }
    return false;
}

std::string deterministic_bytes(const Message& message) {
    std::string out;
    {
        google::protobuf::io::StringOutputStream stream(&out);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        message.SerializeToCodedStream(&coded);
    }  // the coded stream flushes into `out` as it closes
    return out;
}

}  // namespace interop
