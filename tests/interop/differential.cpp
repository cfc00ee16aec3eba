// The two decoders side by side. They differ, by design, on a few kinds of
// malformed input; bytes that differ only that way are `excused`, never a
// disagreement. prost (and so brokerwire) is stricter on:
//   1. a known field with the wrong wire type: prost fails ("invalid wire
//      type"), libprotobuf keeps the field as an unknown field;
//   2. a ten-byte varint whose last byte is above 0x01: prost fails (it
//      would overflow 64 bits), libprotobuf drops the extra bits;
//   3. a key of 2^32 or above, and 4. field number 0: prost always fails;
//      libprotobuf's stream readers take a truncated key or tag 0 as the end
//      of a message. Its ParseFromArray (used here) rejects both as well, at
//      any depth, so these are excused only should that ever change.
//   7. a field inside 100 levels of nesting (groups and messages counted):
//      prost checks its recursion limit on every field it reads or skips, so
//      a field inside the hundredth nested group fails ("recursion limit
//      reached"); libprotobuf counts its limit of 100 only on entering a
//      group or message. Both accept 100 empty nested groups and reject 101.
// libprotobuf is stricter on:
//   5. a key or a length prefix written in more than five bytes (overlong
//      but in range): libprotobuf reads those as at most five-byte varints
//      and fails, prost reads any valid varint.
// And they read differently:
//   6. a map field whose key names a wire type other than length-delimited:
//      prost's map merge reads a length-delimited entry whatever the wire
//      type, libprotobuf keeps the field as an unknown field of that type.
// Any other difference in acceptance, or any difference in values when both
// accept, is a disagreement.
#include "differential.hpp"

#include <climits>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>

#include "compare.hpp"
#include "reference_messages.hpp"

namespace interop {
namespace {

using compare_fn = differential_verdict (*)(const std::uint8_t*, std::size_t, std::string*);

struct entry {
    std::string_view short_name;
    compare_fn compare;
};

void explain(std::string* why, std::string text) {
    if (why != nullptr) *why = std::move(text);
}

// Rule 2: the varint at `offset` runs nine continuation bytes and ends in a
// tenth byte between 0x02 and 0x7f.
bool tenth_byte_overflows(const std::uint8_t* data, std::size_t size, std::size_t offset) {
    if (offset > size || size - offset < 10) return false;
    for (std::size_t i = 0; i < 9; ++i) {
        if (data[offset + i] < 0x80) return false;
    }
    return data[offset + 9] > 1 && data[offset + 9] < 0x80;
}

// Which of rules 1-4 and 7 (if any) explains a brokerwire rejection of what
// libprotobuf accepts; `deepest_field` is the nesting depth of the innermost
// field libprotobuf read (0 for a top-level field).
const char* prost_stricter_rule(const brokerwire::status& status, const std::uint8_t* data, std::size_t size,
                                int deepest_field) {
    switch (status.code) {
    case brokerwire::errc::unexpected_wire_type: return "a known field with the wrong wire type";
    case brokerwire::errc::invalid_key: return "a key of 2^32 or above";
    case brokerwire::errc::invalid_tag: return "field number 0";
    case brokerwire::errc::invalid_varint:
        return tenth_byte_overflows(data, size, status.offset) ? "a tenth varint byte above 0x01" : nullptr;
    case brokerwire::errc::recursion_limit:
        return deepest_field >= 100 ? "a field inside 100 levels of nesting" : nullptr;
    default: return nullptr;
    }
}

// Rules 5 and 6: walks the input as libprotobuf reads it (into known
// message fields, map entries and groups; not into unknown length-delimited
// fields, which it keeps unread) up to the first place where prost reads
// otherwise: a key or length prefix longer than five bytes, or a map field
// key of another wire type. Malformed input ends the walk with nothing found.
// On the way it notes how deeply nested the innermost field is (rule 7).
class reading_difference_finder {
public:
    reading_difference_finder(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

    // The rule that explains a difference, or nullptr.
    const char* find_in(const google::protobuf::Descriptor* type) {
        walk(end_, type, 0, 0);
        return found_;
    }

    // After find_in() found nothing: how deep the innermost field (any key
    // but END_GROUP) sits, in groups and messages around it (rule 7).
    int deepest_field_depth() const { return deepest_field_; }

private:
    // Reads a varint; returns its length in bytes, 0 when malformed.
    std::size_t varint(const std::uint8_t* end, std::uint64_t& value) {
        value = 0;
        for (std::size_t i = 0; i < 10 && p_ + i < end; ++i) {
            value |= static_cast<std::uint64_t>(p_[i] & 0x7f) << (7 * i);
            if (p_[i] < 0x80) {
                p_ += i + 1;
                return i + 1;
            }
        }
        return 0;
    }

    // Walks fields until `end`, or until the END_GROUP of `group` (when not 0).
    void walk(const std::uint8_t* end, const google::protobuf::Descriptor* type, std::uint64_t group, int depth) {
        while (found_ == nullptr && !stopped_ && p_ < end) {
            std::uint64_t key = 0, value = 0;
            const std::size_t key_length = varint(end, key);
            if (key_length > 5) found_ = overlong;
            if (key_length == 0 || found_ != nullptr || depth > 100) break;
            const std::uint64_t field = key >> 3;
            if ((key & 7) != 4 && depth > deepest_field_) deepest_field_ = depth;
            if ((key & 7) != 2 && is_map(known_field(type, field))) {
                found_ = map_wire_type;
                break;
            }
            switch (key & 7) {
            case 0: stopped_ = varint(end, value) == 0; break;
            case 1: stopped_ = !skip(end, 8); break;
            case 5: stopped_ = !skip(end, 4); break;
            case 2: delimited(end, type, field, depth); break;
            case 3: walk(end, nullptr, field, depth + 1); break;
            case 4: if (field != group) stopped_ = true; return;
            default: stopped_ = true; break;
            }
        }
        if (found_ == nullptr && p_ >= end && group != 0) stopped_ = true;  // a group without its end
    }

    bool skip(const std::uint8_t* end, std::size_t n) {
        if (static_cast<std::size_t>(end - p_) < n) return false;
        p_ += n;
        return true;
    }

    // A length-delimited field: descends into it only when the schema says it is a message.
    void delimited(const std::uint8_t* end, const google::protobuf::Descriptor* type, std::uint64_t field, int depth) {
        std::uint64_t length = 0;
        const std::size_t length_length = varint(end, length);
        if (length_length > 5) found_ = overlong;
        if (length_length == 0 || length > static_cast<std::uint64_t>(end - p_)) stopped_ = true;
        if (found_ != nullptr || stopped_) return;
        const std::uint8_t* const field_end = p_ + length;
        const google::protobuf::FieldDescriptor* known = known_field(type, field);
        if (known != nullptr && known->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
            walk(field_end, known->message_type(), 0, depth + 1);
        }
        p_ = field_end;
    }

    static const google::protobuf::FieldDescriptor* known_field(const google::protobuf::Descriptor* type,
                                                                std::uint64_t field) {
        if (type == nullptr || field > static_cast<std::uint64_t>(INT_MAX)) return nullptr;
        return type->FindFieldByNumber(static_cast<int>(field));
    }

    static bool is_map(const google::protobuf::FieldDescriptor* field) {
        return field != nullptr && field->is_map();
    }

    static constexpr const char* overlong = "libprotobuf is stricter: a key or length prefix longer than five bytes";
    static constexpr const char* map_wire_type =
        "they read differently: a map field key of another wire type (prost reads an entry)";

    const std::uint8_t* p_;
    const std::uint8_t* const end_;
    const char* found_ = nullptr;
    bool stopped_ = false;  // malformed: nothing more can be said
    int deepest_field_ = 0;
};

// Both accepted: brokerwire's own encoding must read back the same under libprotobuf.
template <class Reference, class Ours>
bool re_encoding_agrees(const Ours& ours, std::string* why) {
    const std::vector<std::uint8_t> bytes = encode(ours);
    Reference again;
    if (!again.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        explain(why, "libprotobuf rejects brokerwire's re-encoding");
        return false;
    }
    std::string inner;
    if (!same_values(again, ours, &inner)) {
        explain(why, "brokerwire's re-encoding reads back differently: " + inner);
        return false;
    }
    return true;
}

template <class Reference, class Ours>
differential_verdict compare_as(const std::uint8_t* data, std::size_t size, std::string* why) {
    if (size > static_cast<std::size_t>(INT_MAX)) {
        explain(why, "input larger than libprotobuf's 2 GiB limit");
        return differential_verdict::excused;
    }
    // Invalid UTF-8 is an expected verdict here, not news for stderr.
    const google::protobuf::LogSilencer quiet;
    Reference reference;
    const bool theirs = reference.ParseFromArray(data, static_cast<int>(size));
    Ours ours;
    const brokerwire::status status = decode(brokerwire::bytes_view(data, size), ours);

    if (!theirs && !status.ok()) return differential_verdict::both_rejected;
    std::string inner;
    if (theirs && status.ok() && same_values(reference, ours, &inner)) {
        return re_encoding_agrees<Reference>(ours, why) ? differential_verdict::both_agree
                                                         : differential_verdict::disagreement;
    }
    reading_difference_finder finder(data, size);
    if (const char* rule = finder.find_in(Reference::descriptor())) {
        explain(why, rule);
        return differential_verdict::excused;
    }
    if (theirs && status.ok()) {
        explain(why, "both accept, values differ: " + inner);
        return differential_verdict::disagreement;
    }
    if (status.ok()) {
        explain(why, "libprotobuf rejects what brokerwire accepts");
        return differential_verdict::disagreement;
    }
    if (const char* rule = prost_stricter_rule(status, data, size, finder.deepest_field_depth())) {
        explain(why, std::string("prost is stricter: ") + rule + " (" + brokerwire::to_string(status) + ")");
        return differential_verdict::excused;
    }
    explain(why, "brokerwire rejects what libprotobuf accepts: " + brokerwire::to_string(status));
    return differential_verdict::disagreement;
}

const std::vector<entry>& table() {
    static const std::vector<entry> entries = [] {
        std::vector<entry> out;
        for_each_type([&](auto pair) {
            using pair_type = decltype(pair);
            out.push_back({pair.short_name,
                           &compare_as<typename pair_type::reference, typename pair_type::ours>});
        });
        return out;
    }();
    return entries;
}

}  // namespace

differential_verdict differential_compare(std::string_view type_short_name, const std::uint8_t* data,
                                          std::size_t size, std::string* why) {
    static const std::uint8_t empty = 0;
    if (data == nullptr) data = &empty;  // libFuzzer may pass no buffer for an empty input
    for (const entry& e : table()) {
        if (e.short_name == type_short_name) return e.compare(data, size, why);
    }
    explain(why, "no message type named " + std::string(type_short_name));
    return differential_verdict::unknown_type;
}

bool differential_check(std::string_view type_short_name, const std::uint8_t* data, std::size_t size,
                        std::string* why) {
    const differential_verdict verdict = differential_compare(type_short_name, data, size, why);
    return verdict != differential_verdict::disagreement && verdict != differential_verdict::unknown_type;
}

const std::vector<std::string_view>& differential_types() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const entry& e : table()) out.push_back(e.short_name);
        return out;
    }();
    return names;
}

}  // namespace interop
