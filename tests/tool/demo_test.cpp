// tests of brokerwire demo, through the real binary
