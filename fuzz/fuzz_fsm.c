/* Fuzz harness for the generated state machines (AFL++ or libFuzzer).
 *
 * Input: byte 0 picks the configuration (transport, T1/T2/T4, sometimes an
 * invalid one); then triples (machine, event, time step). Event values past
 * the machine's events mean "deliver every due timer" or "start a new
 * machine". Time only moves forward and may jump close to the end of time.
 *
 * Invariants checked after every call (abort() on violation):
 *   - the state is a declared state and m->row a row number;
 *   - only the timers the spec allows in the current state are running, and
 *     A/E/G never run on reliable transports;
 *   - a step never sets a deadline in the past: every deadline is either
 *     unchanged or >= now;
 *   - after all due timers are delivered, no running deadline is <= now
 *     (delivering timers terminates: at most a bounded number of them);
 *   - nothing happens after the final state: no action, no state change;
 *   - next_deadline() is the minimum of the running deadlines.
 *
 * Build: afl-clang-fast -fsanitize=address,undefined -Isrc -Isrc/generated
 *        fuzz/fuzz_fsm.c src/generated/sipr_fsm_*.c   (see fsm/fsm.mk)
 *        or clang -fsanitize=fuzzer,address,undefined -DSIPR_LIBFUZZER ...
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sipr_fsm.h"
#include "sipr_fsm_dialog.h"
#include "sipr_fsm_ict.h"
#include "sipr_fsm_ist.h"
#include "sipr_fsm_nict.h"
#include "sipr_fsm_nist.h"

#define NEVER SIPR_FSM_NEVER
/* Time stays below NEVER - 2^32: past that point deadlines saturate at
 * NEVER - 1 (584 million years from 0) and a retransmission timer would be
 * due again at once; tests/test_fsm.c covers the saturation itself. */
#define TIME_END (NEVER - 0x100000000u)
#define CHECK(c)                                                                   \
    do {                                                                           \
        if (!(c)) {                                                                \
            fprintf(stderr, "fuzz_fsm: invariant failed at %s:%d: %s\n", __FILE__, \
                    __LINE__, #c);                                                 \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* Timers allowed per state, from the generated masks. */
static const unsigned ict_allowed[] = {SIPR_ICT_TIMERS_IN_CALLING, SIPR_ICT_TIMERS_IN_PROCEEDING,
                                       SIPR_ICT_TIMERS_IN_ACCEPTED, SIPR_ICT_TIMERS_IN_COMPLETED,
                                       SIPR_ICT_TIMERS_IN_TERMINATED};
static const unsigned nict_allowed[] = {SIPR_NICT_TIMERS_IN_TRYING, SIPR_NICT_TIMERS_IN_PROCEEDING,
                                        SIPR_NICT_TIMERS_IN_COMPLETED, SIPR_NICT_TIMERS_IN_TERMINATED};
static const unsigned ist_allowed[] = {SIPR_IST_TIMERS_IN_PROCEEDING, SIPR_IST_TIMERS_IN_ACCEPTED,
                                       SIPR_IST_TIMERS_IN_COMPLETED, SIPR_IST_TIMERS_IN_CONFIRMED,
                                       SIPR_IST_TIMERS_IN_TERMINATED};
static const unsigned nist_allowed[] = {SIPR_NIST_TIMERS_IN_TRYING, SIPR_NIST_TIMERS_IN_PROCEEDING,
                                        SIPR_NIST_TIMERS_IN_COMPLETED, SIPR_NIST_TIMERS_IN_TERMINATED};

/* Deadlines of a machine as an array, in timer order. */
#define AT4(m, a, b, c, d) {(m)->at_##a, (m)->at_##b, (m)->at_##c, (m)->at_##d}
#define AT3(m, a, b, c) {(m)->at_##a, (m)->at_##b, (m)->at_##c}
#define AT2(m, a, b) {(m)->at_##a, (m)->at_##b}
#define AT1(m, a) {(m)->at_##a}

static void check_timers(const uint64_t *before, const uint64_t *after, unsigned n, unsigned allowed,
                         unsigned no_reliable, unsigned reliable, uint64_t now, uint64_t next)
{
    uint64_t min = NEVER;
    unsigned k;
    for (k = 0; k < n; k++) {
        if (after[k] != NEVER) {
            CHECK(allowed & (1u << k));
            CHECK(!(reliable && (no_reliable & (1u << k))));
        }
        if (before)
            CHECK(after[k] == before[k] || after[k] == NEVER || after[k] >= now);
        if (after[k] < min)
            min = after[k];
    }
    CHECK(next == min);
}

/* One checker per machine, written once as a macro. */
#define DEFINE_DRIVER(NAME, UP, NTIM, ATS, NO_REL, ALLOWED)                                   \
    static sipr_##NAME NAME##_m;                                                              \
    static void NAME##_check(const uint64_t *before, uint64_t now)                            \
    {                                                                                         \
        const sipr_##NAME *m = &NAME##_m;                                                     \
        uint64_t after[NTIM + 1] = ATS;                                                       \
        CHECK(m->state < SIPR_##UP##_N_STATES);                                               \
        CHECK(m->row <= SIPR_##UP##_N_ROWS);                                                  \
        check_timers(before, after, NTIM, ALLOWED, NO_REL, m->reliable, now,                  \
                     sipr_##NAME##_next_deadline(m));                                         \
    }                                                                                         \
    static void NAME##_init(const sipr_fsm_config *c, uint64_t now)                           \
    {                                                                                         \
        uint32_t a = sipr_##NAME##_init(&NAME##_m, c, now);                                   \
        if (a == SIPR_FSM_BAD_CONFIG)                                                         \
            CHECK(NAME##_m.state == SIPR_##UP##_N_STATES - 1u);                               \
        NAME##_check(NULL, now);                                                              \
    }                                                                                         \
    static void NAME##_fire(uint64_t now)                                                     \
    {                                                                                         \
        unsigned ev, guard = 0;                                                               \
        while ((ev = sipr_##NAME##_expired(&NAME##_m, now)) != SIPR_##UP##_EV_NONE) {         \
            const sipr_##NAME *m = &NAME##_m;                                                 \
            uint64_t before[NTIM + 1] = ATS;                                                  \
            unsigned s0 = m->state;                                                           \
            uint32_t a = sipr_##NAME##_step(&NAME##_m, ev, now);                              \
            CHECK(m->row != 0); /* a due timer always has a row */                            \
            CHECK(!(s0 == SIPR_##UP##_N_STATES - 1u) || (a == 0 && m->state == s0));          \
            NAME##_check(before, now);                                                        \
            CHECK(++guard < 64); /* timer delivery terminates */                              \
        }                                                                                     \
        {                                                                                     \
            const sipr_##NAME *m = &NAME##_m;                                                 \
            uint64_t after[NTIM + 1] = ATS;                                                   \
            unsigned k;                                                                       \
            (void)m;                                                                          \
            for (k = 0; k + 1u <= NTIM; k++) /* NTIM may be 0 */                              \
                CHECK(after[k] == NEVER || after[k] > now);                                   \
        }                                                                                     \
    }                                                                                         \
    static void NAME##_event(unsigned ev, uint64_t now)                                       \
    {                                                                                         \
        const sipr_##NAME *m = &NAME##_m;                                                     \
        uint64_t before[NTIM + 1] = ATS;                                                      \
        unsigned s0 = m->state;                                                               \
        uint32_t a = sipr_##NAME##_step(&NAME##_m, ev % SIPR_##UP##_N_EVENTS, now);           \
        if (s0 == SIPR_##UP##_N_STATES - 1u) /* final state: nothing happens */               \
            CHECK(a == 0 && m->state == s0 && m->row == 0);                                   \
        CHECK(m->row != 0 || (a == 0 && m->state == s0)); /* default: nothing happens */      \
        CHECK(!(a & SIPR_FSM_TERMINATE) || m->state == SIPR_##UP##_N_STATES - 1u);            \
        NAME##_check(before, now);                                                            \
    }

/* Terminated is the last state of every spec (checked above against N_STATES - 1). */
DEFINE_DRIVER(ict, ICT, 4, AT4(m, a, b, d, m), 1u << SIPR_ICT_TIMER_A,
              ict_allowed[m->state < SIPR_ICT_N_STATES ? m->state : 0])
DEFINE_DRIVER(nict, NICT, 3, AT3(m, e, f, k), 1u << SIPR_NICT_TIMER_E,
              nict_allowed[m->state < SIPR_NICT_N_STATES ? m->state : 0])
DEFINE_DRIVER(ist, IST, 4, AT4(m, g, h, i, l), 1u << SIPR_IST_TIMER_G,
              ist_allowed[m->state < SIPR_IST_N_STATES ? m->state : 0])
DEFINE_DRIVER(nist, NIST, 1, AT1(m, j), 0u, nist_allowed[m->state < SIPR_NIST_N_STATES ? m->state : 0])
DEFINE_DRIVER(dialog, DIALOG, 0, {0}, 0u, 0u)

static void run(const uint8_t *data, size_t len)
{
    static const uint32_t t1s[] = {500, 1, 100, 3000, SIPR_FSM_T_MAX, 0 /* invalid */, 250, 4001};
    sipr_fsm_config c;
    uint64_t now = 0;
    size_t i;
    if (len < 1)
        return;
    sipr_fsm_config_default(&c, data[0] & 1);
    c.t1_ms = t1s[(data[0] >> 1) & 7];
    if (data[0] & 0x10)
        c.t2_ms = c.t1_ms > SIPR_FSM_T2_DEFAULT ? c.t1_ms : SIPR_FSM_T2_DEFAULT;
    else
        c.t2_ms = c.t1_ms * 8u; /* may be invalid when T1 is large */
    c.t4_ms = (data[0] & 0x20) ? 0u : SIPR_FSM_T4_DEFAULT;
    if (data[0] & 0x40)
        now = TIME_END - (uint64_t)(data[0] & 0x80) * 1000u; /* near the end of time */
    ict_init(&c, now);
    nict_init(&c, now);
    ist_init(&c, now);
    nist_init(&c, now);
    dialog_init(&c, now);
    for (i = 1; i + 3 <= len; i += 3) {
        unsigned mach = data[i] % 5u, ev = data[i + 1];
        uint8_t step = data[i + 2];
        uint64_t delta = step < 128 ? (uint64_t)step * 10u : (uint64_t)(step - 128) * 1000u;
        if (step == 255)
            delta = TIME_END; /* jump to the end of time */
        now = (delta >= TIME_END - now) ? TIME_END : now + delta;
        switch (mach) {
        case 0:
            if (ev == 255)
                ict_init(&c, now);
            else if (ev >= 128)
                ict_fire(now);
            else
                ict_event(ev, now);
            break;
        case 1:
            if (ev == 255)
                nict_init(&c, now);
            else if (ev >= 128)
                nict_fire(now);
            else
                nict_event(ev, now);
            break;
        case 2:
            if (ev == 255)
                ist_init(&c, now);
            else if (ev >= 128)
                ist_fire(now);
            else
                ist_event(ev, now);
            break;
        case 3:
            if (ev == 255)
                nist_init(&c, now);
            else if (ev >= 128)
                nist_fire(now);
            else
                nist_event(ev, now);
            break;
        default:
            if (ev == 255)
                dialog_init(&c, now);
            else if (ev >= 128)
                dialog_fire(now);
            else
                dialog_event(ev, now);
            break;
        }
    }
}

#ifdef SIPR_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    run(data, len);
    return 0;
}
#else
#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif
int main(void)
{
#ifdef __AFL_FUZZ_TESTCASE_LEN
    unsigned char *buf;
    __AFL_INIT();
    buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000))
        run(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
#else
    static uint8_t buf[1 << 16];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf && (r = read(0, buf + n, sizeof buf - n)) > 0)
        n += (size_t)r;
    run(buf, n);
#endif
    return 0;
}
#endif
