// Clang thread-safety attributes behind BROKERWIRE_-prefixed macros.
//
// With clang and -Wthread-safety the compiler proves that every field marked
// BROKERWIRE_GUARDED_BY is touched only with its lock held. Other compilers
// see nothing: every macro expands to nothing, and the prefix keeps the
// common names (GUARDED_BY, REQUIRES, ...) free for the code that includes us.
#pragma once

#if defined(__clang__) && !defined(SWIG)
#define BROKERWIRE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define BROKERWIRE_THREAD_ANNOTATION(x)
#endif

// On a class: objects of this type are locks ("capabilities").
#define BROKERWIRE_CAPABILITY(name) BROKERWIRE_THREAD_ANNOTATION(capability(name))
// On an RAII class: constructing it acquires, destroying it releases.
#define BROKERWIRE_SCOPED_CAPABILITY BROKERWIRE_THREAD_ANNOTATION(scoped_lockable)
// On a field: read or written only with lock `x` held.
#define BROKERWIRE_GUARDED_BY(x) BROKERWIRE_THREAD_ANNOTATION(guarded_by(x))
// On a function: the caller must hold the lock(s), exclusively or shared.
#define BROKERWIRE_REQUIRES(...) BROKERWIRE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define BROKERWIRE_REQUIRES_SHARED(...) \
    BROKERWIRE_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
// On a function: it acquires or releases the lock(s).
#define BROKERWIRE_ACQUIRE(...) BROKERWIRE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define BROKERWIRE_ACQUIRE_SHARED(...) \
    BROKERWIRE_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define BROKERWIRE_RELEASE(...) BROKERWIRE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define BROKERWIRE_RELEASE_SHARED(...) \
    BROKERWIRE_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define BROKERWIRE_TRY_ACQUIRE(...) BROKERWIRE_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// On a function: the caller must NOT hold the lock (it is taken inside).
#define BROKERWIRE_EXCLUDES(...) BROKERWIRE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// On a function the analysis cannot follow (a loop over N locks); each use
// says why it is still correct.
#define BROKERWIRE_NO_THREAD_SAFETY_ANALYSIS BROKERWIRE_THREAD_ANNOTATION(no_thread_safety_analysis)
