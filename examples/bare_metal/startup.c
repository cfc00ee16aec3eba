/* The least a Cortex-M image needs to start: the vector table the core reads
   at reset (its first word is the initial stack pointer, its second the reset
   handler), and a reset handler that lays out .data and .bss and runs the
   static constructors before main. The symbols are cortex-m.ld's. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern uint32_t __stack_top[];
extern uint8_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

int main(void);
void reset_handler(void);

/* Where the core goes when there is nothing left to do, or something went wrong. */
static void halt(void) {
    for (;;) __asm__ volatile("wfi");
}

/* Reset, NMI and HardFault only: the firmware enables no other exception, and
   the ones it cannot disable (NMI, faults) stop it. */
struct vector_table {
    uint32_t* stack_top;
    void (*handlers[3])(void);
};

__attribute__((section(".vectors"), used)) static const struct vector_table vectors = {
    __stack_top, {reset_handler, halt, halt}};

static size_t span(const uint8_t* begin, const uint8_t* end) { return (size_t)((uintptr_t)end - (uintptr_t)begin); }

void reset_handler(void) {
    memcpy(__data_start, __data_load, span(__data_start, __data_end));
    memset(__bss_start, 0, span(__bss_start, __bss_end));
    for (void (**init)(void) = __init_array_start; init != __init_array_end; ++init) (*init)();
    (void)main();
    halt();
}
