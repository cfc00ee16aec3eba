// tests of brokerwire decode-raw, through the real binary
