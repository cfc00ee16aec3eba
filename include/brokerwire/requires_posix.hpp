// The file layer (brokerwire/files/) needs POSIX: open with O_NOFOLLOW and
// O_CLOEXEC, fsync, rename, mkdtemp, lstat and directory streams. Its
// headers include this one, so a build for another target stops here with
// a reason rather than deep in a system header.
#pragma once

#if !defined(__unix__) && !defined(__APPLE__)
#error "brokerwire/files needs a POSIX system; the portable core is brokerwire-core (meson -Dlayers=core)"
#endif
