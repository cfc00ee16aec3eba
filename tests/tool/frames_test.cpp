// tests of brokerwire frames, through the real binary
