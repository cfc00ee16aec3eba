// docs/contract.md, "Atomic writes": a writer killed at any moment leaves
// the old or the new file (never a mixture), and killed writers'
// temporaries do not pile up.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <random>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

#include <brokerwire/files/atomic_write.hpp>
#include <brokerwire/files/loader.hpp>
#include <brokerwire/files/names.hpp>
#include <brokerwire/files/writers.hpp>

#include "sample_values.hpp"

using namespace brokerwire;
using namespace brokerwire::files;
using namespace brokerwire::files::testing;

namespace {

// Two manifests of very different sizes, so a torn or mixed file cannot
// decode to either of them.
v2::cache_manifest small_manifest() {
    return cache_manifest_builder("crash", "1.0.0").created_at_unix_ms(1).last_active_unix_ms(1).build().value;
}

v2::cache_manifest large_manifest() {
    cache_manifest_builder b("crash", "2.0.0-rc.1");
    b.created_at_unix_ms(2).last_active_unix_ms(3).bundle_id("bundle");
    for (int i = 0; i < 200; ++i) b.root(v2::cache_root_kind::cache_data, "/var/cache/crash/root-" + std::to_string(i));
    return b.build().value;
}

std::size_t count_temporaries(const std::string& dir) {
    const std::string prefix = temp_file_prefix(root_manifest_file);
    std::size_t n = 0;
    for (const std::string& name : list_dir(dir)) {
        if (name.compare(0, prefix.size(), prefix) == 0) ++n;
    }
    return n;
}

// Rewrites the root manifest, b then a then b..., until killed. It says so
// on `started` first, so that the parent's kill delay counts from the first
// rewrite and not from the fork.
[[noreturn]] void rewrite_forever(const std::string& dir, const v2::cache_manifest& a, const v2::cache_manifest& b,
                                  int started) {
    if (::write(started, "s", 1) != 1) ::_exit(1);
    for (unsigned i = 0;; ++i) {
        (void)write_to_root(dir, (i % 2 == 0) ? b : a);
    }
}

// The manifest a killed writer left: a, the old one (in place before the
// writer started), or b, the new one (the first it writes).
enum class survivor { a, b, neither };

// Starts a writer rewriting forever, SIGKILLs it `delay_us` after its first
// rewrite began, and says which manifest the file holds afterwards.
survivor kill_writer_after(const std::string& dir, const v2::cache_manifest& a, const v2::cache_manifest& b,
                           int delay_us) {
    int started[2];
    REQUIRE(::pipe(started) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(started[0]);
        rewrite_forever(dir, a, b, started[1]);
    }
    ::close(started[1]);
    char c;
    const bool began = ::read(started[0], &c, 1) == 1;
    ::close(started[0]);
    if (began) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(pid, SIGKILL);  // before any REQUIRE can fail: a writer left running would never stop
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(began);

    const auto loaded = load_root_manifest(dir);
    if (loaded.ok() && loaded.value == a) return survivor::a;
    if (loaded.ok() && loaded.value == b) return survivor::b;
    return survivor::neither;
}

// The mean duration of one rewrite in `dir`, in microseconds. Leaves `a` in place.
int mean_rewrite_us(const std::string& dir, const v2::cache_manifest& a, const v2::cache_manifest& b) {
    constexpr int rewrites = 10;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < rewrites; ++i) REQUIRE(write_to_root(dir, (i % 2 == 0) ? b : a).ok());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    return static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() / rewrites);
}

}  // namespace

TEST_CASE("crash safety: a writer SIGKILLed mid-rewrite leaves the old or the new manifest") {
    const temp_dir tmp;
    const v2::cache_manifest a = small_manifest();
    const v2::cache_manifest b = large_manifest();
    // The writer alternates b and a, so the file holds each for half of
    // any span of whole rewrites: kill moments spread over two rewrites
    // land on both sides of a rename. Both manifests must have survived
    // some kill, or the kills never tested a rename at all (a run that only
    // ever killed before the first rename once passed here).
    int spread_us = 2 * mean_rewrite_us(tmp.path(), a, b) + 1;
    std::mt19937 rng(20240521);  // fixed seed; the kill moments still vary with timing
    constexpr int kills_per_round = 100;
    constexpr int min_kills = 200;
    constexpr int max_rounds = 6;
    int kills = 0, saw_a = 0, saw_b = 0, bad = 0;
    std::size_t most_temporaries = 0;
    for (int round = 0; round < max_rounds && (kills < min_kills || saw_a == 0 || saw_b == 0); ++round) {
        // A round that saw one manifest only killed too early (a first
        // rewrite slower than measured): the next waits twice as long.
        if (round > 0 && (saw_a == 0 || saw_b == 0)) spread_us *= 2;
        std::uniform_int_distribution<int> delay_us(0, spread_us);
        for (int k = 0; k < kills_per_round; ++k, ++kills) {
            switch (kill_writer_after(tmp.path(), a, b, delay_us(rng))) {
                case survivor::a: ++saw_a; break;
                case survivor::b: ++saw_b; break;
                case survivor::neither: ++bad; break;
            }
            most_temporaries = std::max(most_temporaries, count_temporaries(tmp.path()));
        }
    }
    MESSAGE("kills: " << kills << ", old/new seen: " << saw_a << "/" << saw_b << ", last spread us: " << spread_us);
    CHECK(bad == 0);
    CHECK_MESSAGE(saw_a > 0, "no kill left the old manifest in " << kills << " kills");
    CHECK_MESSAGE(saw_b > 0, "no kill left the new manifest in " << kills << " kills");
    CHECK(most_temporaries <= 1);  // at most the one in flight when the last writer died
    // The next write sweeps whatever the last killed writer left.
    REQUIRE(write_to_root(tmp.path(), a).ok());
    CHECK(count_temporaries(tmp.path()) == 0);
    CHECK(list_dir(tmp.path()) == std::vector<std::string>{std::string(root_manifest_file)});
}
