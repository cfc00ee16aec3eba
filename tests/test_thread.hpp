// Threads that a test starts. An exception escaping a std::thread's body
// ends the whole run in std::terminate, before doctest reports which test
// failed, and doctest's REQUIRE fails by throwing. A test_thread catches what
// escapes its body, and join() turns it into a failed check of the running
// test, on the joining thread.
#pragma once

#include <doctest/doctest.h>

#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <utility>

namespace brokerwire::test {

class test_thread {
public:
    test_thread() = default;

    template <typename Body>
    explicit test_thread(Body body)
        : escaped_(std::make_unique<std::exception_ptr>()),
          thread_([body = std::move(body), escaped = escaped_.get()]() mutable {
              try {
                  body();
              } catch (...) {
                  *escaped = std::current_exception();
              }
          }) {}

    // Waits for the body to end, then fails the test, at the caller's line,
    // if anything escaped it.
    void join(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
        thread_.join();
        if (*escaped_) ADD_FAIL_CHECK_AT(file, line, "a thread of this test ended early: " << describe(*escaped_));
    }

    bool joinable() const noexcept { return thread_.joinable(); }

private:
    static std::string describe(const std::exception_ptr& e) {
        try {
            std::rethrow_exception(e);
        } catch (const doctest::detail::TestFailureException&) {
            return "a REQUIRE failed (reported above)";
        } catch (const std::exception& x) {
            return std::string("exception: ") + x.what();
        } catch (...) {
            return "an exception of unknown type";
        }
    }

    // On the heap, so that a moved test_thread (in a vector) keeps the slot
    // its running body writes to.
    std::unique_ptr<std::exception_ptr> escaped_;
    std::thread thread_;
};

}  // namespace brokerwire::test
