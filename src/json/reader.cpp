// Strict RFC 8259 parser: values, arrays, objects, numbers and literals.
// Strings are read by string_reader.cpp; positions and messages by cursor.cpp.

#include <brokerwire/json/reader.hpp>

#include <functional>
#include <unordered_set>

#include <brokerwire/json/writer.hpp>

#include "ascii_digit.hpp"
#include "cursor.hpp"
#include "string_reader.hpp"

namespace brokerwire::json {

namespace {

using members_t = std::vector<std::pair<std::string, value>>;

// Finds an earlier member with the same key as the last one. Small objects
// are scanned; past `linear_limit` members an index of the keys is kept so a
// large object costs O(n), not O(n^2).
class duplicate_finder {
public:
    explicit duplicate_finder(const members_t& members)
        : members_(members), seen_(0, by_key{&members}, by_key{&members}) {}

    // True when members.back() repeats an earlier key.
    bool last_is_duplicate() {
        const std::size_t last = members_.size() - 1;
        if (members_.size() <= linear_limit) {
            for (std::size_t i = 0; i < last; ++i) {
                if (members_[i].first == members_[last].first) return true;
            }
            return false;
        }
        if (seen_.empty()) {
            for (std::size_t i = 0; i < last; ++i) seen_.insert(i);
        }
        return !seen_.insert(last).second;
    }

private:
    static constexpr std::size_t linear_limit = 16;

    // Hashes and compares member indices by their key, so the index stays
    // valid while the members vector grows (a string_view would not).
    struct by_key {
        const members_t* members;
        std::size_t operator()(std::size_t i) const noexcept {
            return std::hash<std::string_view>{}((*members)[i].first);
        }
        bool operator()(std::size_t a, std::size_t b) const noexcept {
            return (*members)[a].first == (*members)[b].first;
        }
    };

    const members_t& members_;
    std::unordered_set<std::size_t, by_key, by_key> seen_;
};

class parser {
public:
    explicit parser(detail::cursor& c) noexcept : c_(c) {}

    // One value at the cursor (whitespace already skipped). `depth` is the
    // number of arrays and objects around it.
    bool parse_value(value& out, std::size_t depth) {
        out.line = c_.line();
        out.column = c_.column_at(c_.offset());
        if (c_.at_end()) return expected("a value");
        switch (c_.peek()) {
            case '{': return parse_object(out, depth);
            case '[': return parse_array(out, depth);
            case '"':
                out.type = value::kind::string;
                return detail::read_string(c_, out.text);
            case 't': return parse_literal(out, "true", value::kind::boolean, true);
            case 'f': return parse_literal(out, "false", value::kind::boolean, false);
            case 'n': return parse_literal(out, "null", value::kind::null, false);
            default:
                if (c_.peek() == '-' || detail::is_digit(c_.peek())) return parse_number(out);
                return expected("a value");
        }
    }

private:
    // Records "expected <what>, found ..." at the cursor; always false.
    bool expected(std::string_view what) {
        c_.fail_expected(what);
        return false;
    }

    // Entering one more array or object: refused past max_depth, which is
    // also what bounds this parser's recursion.
    bool enter(std::size_t depth) {
        if (depth < max_depth) return true;
        c_.fail(c_.offset(), "nesting deeper than " + std::to_string(max_depth) +
                                 " arrays and objects, found " + c_.describe(c_.offset()));
        return false;
    }

    bool parse_array(value& out, std::size_t depth) {
        if (!enter(depth)) return false;
        out.type = value::kind::array;
        c_.advance();  // '['
        c_.skip_whitespace();
        if (c_.next_is(']')) {
            c_.advance();
            return true;
        }
        for (;;) {
            out.items.emplace_back();
            if (!parse_value(out.items.back(), depth + 1)) return false;
            c_.skip_whitespace();
            if (c_.next_is(']')) {
                c_.advance();
                return true;
            }
            if (!c_.next_is(',')) return expected("',' or ']' after array element");
            c_.advance();
            c_.skip_whitespace();
            // RFC 8259 has no trailing comma: a value must follow.
            if (c_.next_is(']')) return expected("a value after ','");
        }
    }

    bool parse_object(value& out, std::size_t depth) {
        if (!enter(depth)) return false;
        out.type = value::kind::object;
        c_.advance();  // '{'
        c_.skip_whitespace();
        if (c_.next_is('}')) {
            c_.advance();
            return true;
        }
        duplicate_finder duplicates(out.members);
        for (;;) {
            if (!parse_member(out.members, duplicates, depth)) return false;
            c_.skip_whitespace();
            if (c_.next_is('}')) {
                c_.advance();
                return true;
            }
            if (!c_.next_is(',')) return expected("',' or '}' after object member");
            c_.advance();
            c_.skip_whitespace();
            if (!c_.next_is('"')) return expected("'\"' to start an object key after ','");
        }
    }

    // "key": value, the cursor on the key's opening quote (or wherever a key
    // should have been).
    bool parse_member(members_t& members, duplicate_finder& duplicates, std::size_t depth) {
        if (!c_.next_is('"')) return expected("'\"' to start an object key or '}'");
        const std::size_t key_at = c_.offset();
        members.emplace_back();
        if (!detail::read_string(c_, members.back().first)) return false;
        if (duplicates.last_is_duplicate()) {
            std::string message = "duplicate key ";
            append_quoted(message, members.back().first);
            c_.fail(key_at, std::move(message));
            return false;
        }
        c_.skip_whitespace();
        if (!c_.next_is(':')) return expected("':' after object key");
        c_.advance();
        c_.skip_whitespace();
        return parse_value(members.back().second, depth + 1);
    }

    bool parse_literal(value& out, std::string_view word, value::kind type, bool b) {
        const std::string_view rest = c_.text().substr(c_.offset());
        if (rest.substr(0, word.size()) != word) {
            // Quote the word that is there instead ("tru", "nul"), not a
            // single character: the mistake is usually a misspelling.
            std::size_t n = 0;
            while (n < rest.size() && n < 16 && is_word_char(rest[n])) ++n;
            c_.fail(c_.offset(), "expected '" + std::string(word) + "', found '" +
                                     std::string(rest.substr(0, n)) + "'");
            return false;
        }
        out.type = type;
        out.boolean = b;
        c_.advance(word.size());
        return true;
    }

    static bool is_word_char(char c) noexcept {
        return detail::is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    // number = [ "-" ] int [ frac ] [ exp ]   (RFC 8259 section 6)
    bool parse_number(value& out) {
        const std::size_t start = c_.offset();
        if (c_.next_is('-')) c_.advance();
        if (c_.at_end() || !detail::is_digit(c_.peek())) return expected("a digit after '-'");
        if (c_.peek() == '0') {
            c_.advance();
            // int = zero / ( digit1-9 *DIGIT ): no leading zeros.
            if (!c_.at_end() && detail::is_digit(c_.peek())) {
                return expected("'.', 'e' or the end of the number after a leading '0'");
            }
        } else {
            skip_digits();
        }
        if (c_.next_is('.')) {
            c_.advance();
            if (!expect_digits("a digit after '.'")) return false;
        }
        if (c_.next_is('e') || c_.next_is('E')) {
            c_.advance();
            if (c_.next_is('+') || c_.next_is('-')) c_.advance();
            if (!expect_digits("a digit in the exponent")) return false;
        }
        out.type = value::kind::number;
        out.text.assign(c_.text().substr(start, c_.offset() - start));
        return true;
    }

    void skip_digits() noexcept {
        while (!c_.at_end() && detail::is_digit(c_.peek())) c_.advance();
    }

    bool expect_digits(std::string_view what) {
        if (c_.at_end() || !detail::is_digit(c_.peek())) return expected(what);
        skip_digits();
        return true;
    }

    detail::cursor& c_;
};

}  // namespace

parse_error parse(std::string_view text, value& out) {
    out = value{};
    detail::cursor c(text);
    parser p(c);
    c.skip_whitespace();
    if (p.parse_value(out, 0)) {
        c.skip_whitespace();
        if (!c.at_end()) c.fail_expected("end of input after the value");
    }
    if (!c.failed()) return {};
    out = value{};
    return c.take_error();
}

std::string to_string(const parse_error& e) {
    if (e.ok()) return "ok";
    return "line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + " (offset " +
           std::to_string(e.offset) + "): " + e.message;
}

}  // namespace brokerwire::json
