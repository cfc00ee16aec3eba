/* The C baseline: what an empty program's .text holds (startup code). */
int main(void) { return 0; }
