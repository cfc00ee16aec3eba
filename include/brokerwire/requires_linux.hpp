// The broker layer (brokerwire/broker/: the broker, the daemon side, frames
// over descriptors, envelope dispatch) needs Linux: epoll, accept4, pipe2
// and /proc/self/exe. Its headers include this one, so a build
// for another target stops here with a reason.
#pragma once

#if !defined(__linux__)
#error "brokerwire/broker needs Linux; the portable layers are brokerwire-core, brokerwire-json and brokerwire-registry"
#endif
