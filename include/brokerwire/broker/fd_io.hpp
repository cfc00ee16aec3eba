// Blocking frame I/O over a file descriptor (pipe, socket, file).
#pragma once

#include "brokerwire/requires_linux.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

#include "brokerwire/framing/frame_header.hpp"
#include "brokerwire/wire/bytes.hpp"

namespace brokerwire::broker {

// Reads one whole frame from blocking `fd` into `body` (replacing its
// contents), retrying on EINTR and short reads.
//
// Errors (offsets are relative to the start of this frame):
//   end_of_stream  the fd was at end of stream before the first header byte;
//   truncated      it ended inside the header or body (value = bytes of the frame read);
//   wrong_version  the first byte is not 1 (value = the byte);
//   over_cap       the claimed length exceeds `cap` (value = the length); the body
//                  is not read and no memory is reserved for it;
//   io_error       read(2) failed (value = errno).
// Body memory grows with the bytes actually received, never from the claim
// alone, so a peer that claims 16 MiB and sends nothing costs nothing.
framing::frame_status read_frame(int fd, std::uint32_t cap, std::string& body);

// Writes `body` as one frame to blocking `fd`, retrying on EINTR and short
// writes. On a socket, a closed peer is reported as io_error EPIPE rather
// than raising SIGPIPE. A body longer than `cap` is refused with over_cap
// before anything is written.
framing::frame_status write_frame(int fd, bytes_view body, std::uint32_t cap = framing::max_frame_body);

}  // namespace brokerwire::broker
