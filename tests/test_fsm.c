/* Tests of the generated state machines (src/generated/sipr_fsm_*.c).
 *
 * Every scenario checks, after every step, the spec row that applied
 * (m.row, numbered as in docs/fsm/NAME.md), the next state and the exact
 * action bits. `every_row_is_exercised` runs all scenarios in one process
 * and fails if any row of any spec was never taken.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "sipr_fsm.h"
#include "sipr_fsm_dialog.h"
#include "sipr_fsm_ict.h"
#include "sipr_fsm_ist.h"
#include "sipr_fsm_nict.h"
#include "sipr_fsm_nist.h"

#define NEVER SIPR_FSM_NEVER

static unsigned char cov_ict[SIPR_ICT_N_ROWS + 1];
static unsigned char cov_nict[SIPR_NICT_N_ROWS + 1];
static unsigned char cov_ist[SIPR_IST_N_ROWS + 1];
static unsigned char cov_nist[SIPR_NIST_N_ROWS + 1];
static unsigned char cov_dialog[SIPR_DIALOG_N_ROWS + 1];

static sipr_fsm_config cfg_of(int reliable)
{
    sipr_fsm_config c;
    sipr_fsm_config_default(&c, reliable);
    return c;
}

/* Step machine `m` of kind NAME with event EV at NOW and check the row, the
 * next state and the actions. */
#define STEP(NAME, m, EV, NOW, ROW, STATE, ACT)                                         \
    do {                                                                               \
        uint32_t a_ = sipr_##NAME##_step(&(m), (EV), (NOW));                           \
        cr_assert_eq((m).row, (unsigned)(ROW), #NAME " %s at %llu: row %u, want %u",   \
                     sipr_##NAME##_event_name[(EV)], (unsigned long long)(NOW), (m).row, \
                     (unsigned)(ROW));                                                 \
        cr_assert_eq((m).state, (unsigned)(STATE), #NAME ": state %s, want %s",        \
                     sipr_##NAME##_state_name[(m).state], sipr_##NAME##_state_name[(STATE)]); \
        cr_assert_eq(a_, (uint32_t)(ACT), #NAME ": actions 0x%x, want 0x%x", a_,       \
                     (unsigned)(ACT));                                                 \
        cov_##NAME[(m).row] = 1;                                                       \
    } while (0)

#define INIT(NAME, m, CFG, NOW, ACT)                                                   \
    do {                                                                               \
        sipr_fsm_config c_ = (CFG);                                                    \
        uint32_t a_ = sipr_##NAME##_init(&(m), &c_, (NOW));                            \
        cr_assert_eq(a_, (uint32_t)(ACT), #NAME " init: actions 0x%x", a_);            \
        cr_assert_eq((m).row, 1u);                                                     \
        cov_##NAME[1] = 1;                                                             \
    } while (0)

/* Deliver due timers until none is due at `now`; return the OR of actions. */
#define FIRE_ALL(NAME, m, NOW, ACC)                                                    \
    do {                                                                               \
        unsigned e_;                                                                   \
        (ACC) = 0;                                                                     \
        while ((e_ = sipr_##NAME##_expired(&(m), (NOW))) != SIPR_##NAME##_EV_NONE) {   \
            (ACC) |= sipr_##NAME##_step(&(m), e_, (NOW));                              \
            cov_##NAME[(m).row] = 1;                                                   \
        }                                                                              \
    } while (0)
#define SIPR_ict_EV_NONE SIPR_ICT_EV_NONE
#define SIPR_nict_EV_NONE SIPR_NICT_EV_NONE
#define SIPR_ist_EV_NONE SIPR_IST_EV_NONE
#define SIPR_nist_EV_NONE SIPR_NIST_EV_NONE
#define SIPR_dialog_EV_NONE SIPR_DIALOG_EV_NONE

/* ---- INVITE client transaction ------------------------------------------ */

/* Timer A at T1, 2T1, 4T1, ... until B = 64*T1 (RFC 3261 §17.1.1.2). */
static void ict_retransmit_schedule(uint32_t t1)
{
    sipr_ict m;
    sipr_fsm_config c = cfg_of(0);
    uint64_t now = 1000, start = 1000, expect_next = start + t1, iv = t1;
    unsigned retransmits = 0;
    c.t1_ms = t1;
    c.t2_ms = t1 > 4000 ? t1 : 4000;
    INIT(ict, m, c, now, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    cr_assert_eq(m.state, SIPR_ICT_CALLING);
    cr_assert_eq(m.at_a, start + t1);
    cr_assert_eq(m.at_b, start + 64u * t1);
    for (;;) {
        uint64_t d = sipr_ict_next_deadline(&m);
        if (m.state == SIPR_ICT_TERMINATED)
            break;
        if (d == m.at_a) {
            cr_assert_eq(d, expect_next, "A fires at %llu, want %llu", (unsigned long long)d,
                         (unsigned long long)expect_next);
            cr_assert_eq(sipr_ict_expired(&m, d - 1), SIPR_ICT_EV_NONE);
            cr_assert_eq(sipr_ict_expired(&m, d), SIPR_ICT_EV_TIMER_A);
            STEP(ict, m, SIPR_ICT_EV_TIMER_A, d, 2, SIPR_ICT_CALLING,
                 SIPR_FSM_RETRANSMIT | SIPR_ICT_START_A);
            retransmits++;
            iv *= 2; /* no cap for A */
            cr_assert_eq(m.iv_a, iv);
            expect_next = d + iv;
        } else {
            cr_assert_eq(d, start + 64u * t1, "B at 64*T1");
            cr_assert_eq(sipr_ict_expired(&m, d), SIPR_ICT_EV_TIMER_B);
            STEP(ict, m, SIPR_ICT_EV_TIMER_B, d, 3, SIPR_ICT_TERMINATED,
                 SIPR_FSM_TIMEOUT | SIPR_FSM_TERMINATE);
        }
    }
    /* 1, 3, 7, 15, 31, 63 T1: six retransmissions before B at 64*T1 */
    cr_assert_eq(retransmits, 6u);
    cr_assert_eq(sipr_ict_next_deadline(&m), NEVER);
}

Test(ict, retransmit_schedule_default_t1) { ict_retransmit_schedule(500); }
Test(ict, retransmit_schedule_t1_100) { ict_retransmit_schedule(100); }
Test(ict, retransmit_schedule_t1_3000) { ict_retransmit_schedule(3000); }

static void ict_reliable_no_retransmit(void)
{
    sipr_ict m;
    unsigned acc;
    INIT(ict, m, cfg_of(1), 0, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    cr_assert_eq(m.at_a, NEVER, "timer A does not run on reliable transports");
    cr_assert_eq(sipr_ict_next_deadline(&m), 32000u);
    /* a stray timer A event is ignored */
    STEP(ict, m, SIPR_ICT_EV_TIMER_A, 20000, 0, SIPR_ICT_CALLING, 0);
    FIRE_ALL(ict, m, 31999, acc);
    cr_assert_eq(acc, 0u);
    FIRE_ALL(ict, m, 32000, acc);
    cr_assert_eq(acc, SIPR_FSM_TIMEOUT | SIPR_FSM_TERMINATE);
    cr_assert_eq(m.state, SIPR_ICT_TERMINATED);
}
Test(ict, reliable_no_retransmit) { ict_reliable_no_retransmit(); }

static void ict_calling_transport_error(void)
{
    sipr_ict m;
    INIT(ict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    STEP(ict, m, SIPR_ICT_EV_TRANSPORT_ERR, 10, 4, SIPR_ICT_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
    cr_assert_eq(sipr_ict_next_deadline(&m), NEVER);
}
Test(ict, calling_transport_error) { ict_calling_transport_error(); }

/* RFC 6026: 2xx -> Accepted; retransmitted 2xx go to the TU; Timer M ends it. */
static void ict_accepted_via_proceeding(void)
{
    sipr_ict m;
    INIT(ict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    STEP(ict, m, SIPR_ICT_EV_1XX, 100, 5, SIPR_ICT_PROCEEDING,
         SIPR_FSM_PASS_TO_TU | SIPR_ICT_STOP_A | SIPR_ICT_STOP_B);
    cr_assert_eq(sipr_ict_next_deadline(&m), NEVER, "no timer in Proceeding");
    STEP(ict, m, SIPR_ICT_EV_1XX, 200, 8, SIPR_ICT_PROCEEDING, SIPR_FSM_PASS_TO_TU);
    STEP(ict, m, SIPR_ICT_EV_2XX, 300, 9, SIPR_ICT_ACCEPTED, SIPR_FSM_PASS_TO_TU | SIPR_ICT_START_M);
    cr_assert_eq(m.at_m, 300u + 64u * 500u);
    /* absorbed: 2xx retransmissions stay in Accepted, each passed to the TU */
    STEP(ict, m, SIPR_ICT_EV_2XX, 400, 11, SIPR_ICT_ACCEPTED, SIPR_FSM_PASS_TO_TU);
    STEP(ict, m, SIPR_ICT_EV_2XX, 5000, 11, SIPR_ICT_ACCEPTED, SIPR_FSM_PASS_TO_TU);
    /* other responses are ignored in Accepted */
    STEP(ict, m, SIPR_ICT_EV_1XX, 5001, 0, SIPR_ICT_ACCEPTED, 0);
    STEP(ict, m, SIPR_ICT_EV_300_699, 5002, 0, SIPR_ICT_ACCEPTED, 0);
    STEP(ict, m, SIPR_ICT_EV_TIMER_M, 32299, 0, SIPR_ICT_ACCEPTED, 0); /* not yet due */
    STEP(ict, m, SIPR_ICT_EV_TIMER_M, 32300, 12, SIPR_ICT_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(ict, accepted_via_proceeding) { ict_accepted_via_proceeding(); }

static void ict_accepted_from_calling(void)
{
    sipr_ict m;
    INIT(ict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    STEP(ict, m, SIPR_ICT_EV_2XX, 50, 6, SIPR_ICT_ACCEPTED,
         SIPR_FSM_PASS_TO_TU | SIPR_ICT_STOP_A | SIPR_ICT_STOP_B | SIPR_ICT_START_M);
    cr_assert_eq(m.at_a, NEVER);
    cr_assert_eq(m.at_b, NEVER);
    cr_assert_eq(sipr_ict_next_deadline(&m), 50u + 32000u);
    /* Timer A/B events after leaving Calling are stale */
    STEP(ict, m, SIPR_ICT_EV_TIMER_A, 600, 0, SIPR_ICT_ACCEPTED, 0);
    STEP(ict, m, SIPR_ICT_EV_TIMER_B, 40000, 0, SIPR_ICT_ACCEPTED, 0);
}
Test(ict, accepted_from_calling) { ict_accepted_from_calling(); }

static void ict_completed(int reliable)
{
    sipr_ict m;
    INIT(ict, m, cfg_of(reliable), 0, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    STEP(ict, m, SIPR_ICT_EV_300_699, 700, 7, SIPR_ICT_COMPLETED,
         SIPR_FSM_PASS_TO_TU | SIPR_FSM_SEND_ACK | SIPR_ICT_STOP_A | SIPR_ICT_STOP_B | SIPR_ICT_START_D);
    /* D: 32 s on unreliable transports, 0 on reliable ones */
    cr_assert_eq(m.at_d, reliable ? 700u : 700u + 32000u);
    if (!reliable) {
        STEP(ict, m, SIPR_ICT_EV_300_699, 900, 13, SIPR_ICT_COMPLETED, SIPR_FSM_SEND_ACK);
        STEP(ict, m, SIPR_ICT_EV_1XX, 901, 0, SIPR_ICT_COMPLETED, 0);
        STEP(ict, m, SIPR_ICT_EV_2XX, 902, 0, SIPR_ICT_COMPLETED, 0);
        STEP(ict, m, SIPR_ICT_EV_TIMER_D, 32699, 0, SIPR_ICT_COMPLETED, 0);
    }
    cr_assert_eq(sipr_ict_expired(&m, m.at_d), SIPR_ICT_EV_TIMER_D);
    STEP(ict, m, SIPR_ICT_EV_TIMER_D, m.at_d, 15, SIPR_ICT_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(ict, completed_unreliable) { ict_completed(0); }
Test(ict, completed_reliable_timer_d_zero) { ict_completed(1); }

static void ict_proceeding_to_completed_transport_error(void)
{
    sipr_ict m;
    INIT(ict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    STEP(ict, m, SIPR_ICT_EV_1XX, 100, 5, SIPR_ICT_PROCEEDING,
         SIPR_FSM_PASS_TO_TU | SIPR_ICT_STOP_A | SIPR_ICT_STOP_B);
    STEP(ict, m, SIPR_ICT_EV_TRANSPORT_ERR, 150, 0, SIPR_ICT_PROCEEDING, 0); /* not in Figure 5 */
    STEP(ict, m, SIPR_ICT_EV_300_699, 200, 10, SIPR_ICT_COMPLETED,
         SIPR_FSM_PASS_TO_TU | SIPR_FSM_SEND_ACK | SIPR_ICT_START_D);
    STEP(ict, m, SIPR_ICT_EV_TRANSPORT_ERR, 300, 14, SIPR_ICT_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
    /* Terminated absorbs everything, with no action */
    for (unsigned e = 0; e < SIPR_ICT_N_EVENTS; e++)
        STEP(ict, m, e, 100000, 0, SIPR_ICT_TERMINATED, 0);
}
Test(ict, proceeding_completed_transport_error) { ict_proceeding_to_completed_transport_error(); }

Test(ict, bad_config)
{
    sipr_ict m;
    sipr_fsm_config c = cfg_of(0);
    c.t1_ms = 0;
    cr_assert_eq(sipr_ict_init(&m, &c, 0), SIPR_FSM_BAD_CONFIG);
    cr_assert_eq(m.state, SIPR_ICT_TERMINATED);
    cr_assert_eq(sipr_ict_next_deadline(&m), NEVER);
    c = cfg_of(0);
    c.t2_ms = 100; /* T2 < T1 */
    cr_assert_eq(sipr_ict_init(&m, &c, 0), SIPR_FSM_BAD_CONFIG);
    c = cfg_of(0);
    c.t4_ms = SIPR_FSM_T_MAX + 1;
    cr_assert_eq(sipr_ict_init(&m, &c, 0), SIPR_FSM_BAD_CONFIG);
    c = cfg_of(0);
    c.t1_ms = c.t2_ms = c.t4_ms = SIPR_FSM_T_MAX;
    cr_assert_eq(sipr_ict_init(&m, &c, 0), SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
}

/* Deadlines saturate instead of wrapping (now close to the end of time). */
Test(ict, deadline_saturates)
{
    sipr_ict m;
    sipr_fsm_config c = cfg_of(0);
    uint64_t now = NEVER - 10;
    cr_assert_eq(sipr_ict_init(&m, &c, now), SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    cr_assert_eq(m.at_a, NEVER - 1);
    cr_assert_eq(m.at_b, NEVER - 1);
    cr_assert(m.at_a >= now);
    STEP(ict, m, SIPR_ICT_EV_TIMER_A, NEVER - 1, 2, SIPR_ICT_CALLING, SIPR_FSM_RETRANSMIT | SIPR_ICT_START_A);
    cr_assert_eq(m.at_a, NEVER - 1);
}

/* ---- non-INVITE client transaction ---------------------------------------- */

/* Timer E: T1, 2T1, 4T1, then T2 (capped) until F = 64*T1 (RFC 3261 §17.1.2.2). */
static void nict_retransmit_schedule(void)
{
    sipr_nict m;
    uint64_t expect = 500, iv = 500;
    unsigned n = 0;
    INIT(nict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_NICT_START_E | SIPR_NICT_START_F);
    cr_assert_eq(m.at_f, 32000u);
    while (m.state != SIPR_NICT_TERMINATED) {
        uint64_t d = sipr_nict_next_deadline(&m);
        unsigned e = sipr_nict_expired(&m, d);
        if (e == SIPR_NICT_EV_TIMER_E) {
            cr_assert_eq(d, expect, "E #%u at %llu, want %llu", n, (unsigned long long)d,
                         (unsigned long long)expect);
            STEP(nict, m, e, d, 2, SIPR_NICT_TRYING, SIPR_FSM_RETRANSMIT | SIPR_NICT_START_E);
            iv = iv * 2 > 4000 ? 4000 : iv * 2;
            cr_assert_eq(m.iv_e, iv);
            expect = d + iv;
            n++;
        } else {
            cr_assert_eq(e, SIPR_NICT_EV_TIMER_F);
            cr_assert_eq(d, 32000u);
            STEP(nict, m, e, d, 3, SIPR_NICT_TERMINATED, SIPR_FSM_TIMEOUT | SIPR_FSM_TERMINATE);
        }
    }
    /* 500, 1500, 3500, 7500, 11500, ..., 31500: 3 doubling steps then every 4 s */
    cr_assert_eq(n, 10u);
}
Test(nict, retransmit_schedule_capped_at_t2) { nict_retransmit_schedule(); }

/* In Proceeding, E is reset to T2 each time it fires. */
static void nict_proceeding(void)
{
    sipr_nict m;
    INIT(nict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_NICT_START_E | SIPR_NICT_START_F);
    STEP(nict, m, SIPR_NICT_EV_TIMER_E, 500, 2, SIPR_NICT_TRYING, SIPR_FSM_RETRANSMIT | SIPR_NICT_START_E);
    STEP(nict, m, SIPR_NICT_EV_1XX, 600, 5, SIPR_NICT_PROCEEDING, SIPR_FSM_PASS_TO_TU);
    cr_assert_eq(m.at_e, 1500u, "E keeps running into Proceeding");
    STEP(nict, m, SIPR_NICT_EV_TIMER_E, 1500, 7, SIPR_NICT_PROCEEDING, SIPR_FSM_RETRANSMIT | SIPR_NICT_START_E);
    cr_assert_eq(m.at_e, 1500u + 4000u);
    STEP(nict, m, SIPR_NICT_EV_TIMER_E, 5500, 7, SIPR_NICT_PROCEEDING, SIPR_FSM_RETRANSMIT | SIPR_NICT_START_E);
    cr_assert_eq(m.at_e, 5500u + 4000u);
    STEP(nict, m, SIPR_NICT_EV_1XX, 6000, 10, SIPR_NICT_PROCEEDING, SIPR_FSM_PASS_TO_TU);
    STEP(nict, m, SIPR_NICT_EV_200_699, 7000, 11, SIPR_NICT_COMPLETED,
         SIPR_FSM_PASS_TO_TU | SIPR_NICT_STOP_E | SIPR_NICT_STOP_F | SIPR_NICT_START_K);
    cr_assert_eq(m.at_k, 7000u + 5000u, "K = T4");
    STEP(nict, m, SIPR_NICT_EV_200_699, 7001, 0, SIPR_NICT_COMPLETED, 0); /* absorbed */
    STEP(nict, m, SIPR_NICT_EV_TIMER_E, 9500, 0, SIPR_NICT_COMPLETED, 0);  /* stopped */
    STEP(nict, m, SIPR_NICT_EV_TIMER_K, 12000, 12, SIPR_NICT_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(nict, proceeding_resets_e_to_t2) { nict_proceeding(); }

static void nict_proceeding_timeout(void)
{
    sipr_nict m;
    unsigned acc;
    INIT(nict, m, cfg_of(1), 0, SIPR_FSM_SEND_REQUEST | SIPR_NICT_START_E | SIPR_NICT_START_F);
    cr_assert_eq(m.at_e, NEVER, "no E on reliable transports");
    STEP(nict, m, SIPR_NICT_EV_1XX, 10, 5, SIPR_NICT_PROCEEDING, SIPR_FSM_PASS_TO_TU);
    FIRE_ALL(nict, m, 31999, acc);
    cr_assert_eq(acc, 0u);
    STEP(nict, m, SIPR_NICT_EV_TIMER_F, 32000, 8, SIPR_NICT_TERMINATED, SIPR_FSM_TIMEOUT | SIPR_FSM_TERMINATE);
}
Test(nict, proceeding_timer_f) { nict_proceeding_timeout(); }

static void nict_transport_errors_and_reliable_k(void)
{
    sipr_nict m;
    INIT(nict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_NICT_START_E | SIPR_NICT_START_F);
    STEP(nict, m, SIPR_NICT_EV_TRANSPORT_ERR, 1, 4, SIPR_NICT_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
    INIT(nict, m, cfg_of(0), 0, SIPR_FSM_SEND_REQUEST | SIPR_NICT_START_E | SIPR_NICT_START_F);
    STEP(nict, m, SIPR_NICT_EV_1XX, 1, 5, SIPR_NICT_PROCEEDING, SIPR_FSM_PASS_TO_TU);
    STEP(nict, m, SIPR_NICT_EV_TRANSPORT_ERR, 2, 9, SIPR_NICT_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
    INIT(nict, m, cfg_of(1), 0, SIPR_FSM_SEND_REQUEST | SIPR_NICT_START_E | SIPR_NICT_START_F);
    STEP(nict, m, SIPR_NICT_EV_200_699, 40, 6, SIPR_NICT_COMPLETED,
         SIPR_FSM_PASS_TO_TU | SIPR_NICT_STOP_E | SIPR_NICT_STOP_F | SIPR_NICT_START_K);
    cr_assert_eq(m.at_k, 40u, "K = 0 on reliable transports");
    STEP(nict, m, SIPR_NICT_EV_TIMER_K, 40, 12, SIPR_NICT_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(nict, transport_errors_and_reliable_k) { nict_transport_errors_and_reliable_k(); }

/* ---- INVITE server transaction ---------------------------------------------- */

/* Timer G: T1, 2T1, 4T1, T2, T2, ... until H = 64*T1 (RFC 3261 §17.2.1). */
static void ist_completed_retransmit_schedule(void)
{
    sipr_ist m;
    uint64_t t0 = 2000, expect = 2500, iv = 500;
    unsigned n = 0;
    INIT(ist, m, cfg_of(0), 0, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_INVITE, 100, 2, SIPR_IST_PROCEEDING, SIPR_FSM_RESEND_RESPONSE);
    STEP(ist, m, SIPR_IST_EV_1XX_FROM_TU, 200, 3, SIPR_IST_PROCEEDING, SIPR_FSM_SEND_RESPONSE);
    STEP(ist, m, SIPR_IST_EV_300_699_FROM_TU, t0, 5, SIPR_IST_COMPLETED,
         SIPR_FSM_SEND_RESPONSE | SIPR_IST_START_G | SIPR_IST_START_H);
    STEP(ist, m, SIPR_IST_EV_INVITE, 2100, 12, SIPR_IST_COMPLETED, SIPR_FSM_RESEND_RESPONSE);
    while (m.state != SIPR_IST_TERMINATED) {
        uint64_t d = sipr_ist_next_deadline(&m);
        unsigned e = sipr_ist_expired(&m, d);
        if (e == SIPR_IST_EV_TIMER_G) {
            cr_assert_eq(d, expect);
            STEP(ist, m, e, d, 13, SIPR_IST_COMPLETED, SIPR_FSM_RESEND_RESPONSE | SIPR_IST_START_G);
            iv = iv * 2 > 4000 ? 4000 : iv * 2;
            expect = d + iv;
            n++;
        } else {
            cr_assert_eq(e, SIPR_IST_EV_TIMER_H);
            cr_assert_eq(d, t0 + 32000u);
            STEP(ist, m, e, d, 14, SIPR_IST_TERMINATED, SIPR_FSM_TIMEOUT | SIPR_FSM_TERMINATE);
        }
    }
    cr_assert_eq(n, 10u);
}
Test(ist, completed_retransmit_schedule) { ist_completed_retransmit_schedule(); }

static void ist_confirmed(int reliable)
{
    sipr_ist m;
    INIT(ist, m, cfg_of(reliable), 0, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_300_699_FROM_TU, 10, 5, SIPR_IST_COMPLETED,
         SIPR_FSM_SEND_RESPONSE | SIPR_IST_START_G | SIPR_IST_START_H);
    cr_assert_eq(m.at_g, reliable ? NEVER : 510u);
    STEP(ist, m, SIPR_IST_EV_ACK, 20, 16, SIPR_IST_CONFIRMED,
         SIPR_IST_STOP_G | SIPR_IST_STOP_H | SIPR_IST_START_I);
    cr_assert_eq(m.at_i, reliable ? 20u : 20u + 5000u, "I = T4, zero on reliable");
    cr_assert_eq(m.at_g, NEVER);
    cr_assert_eq(m.at_h, NEVER);
    STEP(ist, m, SIPR_IST_EV_ACK, 20, 0, SIPR_IST_CONFIRMED, 0);    /* absorbed */
    STEP(ist, m, SIPR_IST_EV_INVITE, 20, 0, SIPR_IST_CONFIRMED, 0); /* absorbed */
    STEP(ist, m, SIPR_IST_EV_TIMER_I, m.at_i, 17, SIPR_IST_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(ist, confirmed_unreliable) { ist_confirmed(0); }
Test(ist, confirmed_reliable) { ist_confirmed(1); }

/* RFC 6026: a 2xx from the TU moves to Accepted, which absorbs INVITE
 * retransmissions, passes ACKs up and lets the TU retransmit the 2xx. */
static void ist_accepted(void)
{
    sipr_ist m;
    INIT(ist, m, cfg_of(0), 0, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_2XX_FROM_TU, 1000, 4, SIPR_IST_ACCEPTED, SIPR_FSM_SEND_RESPONSE | SIPR_IST_START_L);
    cr_assert_eq(m.at_l, 1000u + 32000u);
    STEP(ist, m, SIPR_IST_EV_INVITE, 1100, 7, SIPR_IST_ACCEPTED, 0);
    STEP(ist, m, SIPR_IST_EV_2XX_FROM_TU, 1500, 9, SIPR_IST_ACCEPTED, SIPR_FSM_SEND_RESPONSE);
    STEP(ist, m, SIPR_IST_EV_ACK, 1600, 8, SIPR_IST_ACCEPTED, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_ACK, 1700, 8, SIPR_IST_ACCEPTED, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_TRANSPORT_ERR, 1800, 10, SIPR_IST_ACCEPTED, SIPR_FSM_TRANSPORT_ERROR);
    STEP(ist, m, SIPR_IST_EV_300_699_FROM_TU, 1900, 0, SIPR_IST_ACCEPTED, 0);
    STEP(ist, m, SIPR_IST_EV_TIMER_L, 32999, 0, SIPR_IST_ACCEPTED, 0);
    STEP(ist, m, SIPR_IST_EV_TIMER_L, 33000, 11, SIPR_IST_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(ist, accepted_rfc6026) { ist_accepted(); }

static void ist_transport_errors(void)
{
    sipr_ist m;
    INIT(ist, m, cfg_of(0), 0, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_ACK, 1, 0, SIPR_IST_PROCEEDING, 0); /* unexpected */
    STEP(ist, m, SIPR_IST_EV_TRANSPORT_ERR, 2, 6, SIPR_IST_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
    INIT(ist, m, cfg_of(0), 0, SIPR_FSM_PASS_TO_TU);
    STEP(ist, m, SIPR_IST_EV_300_699_FROM_TU, 3, 5, SIPR_IST_COMPLETED,
         SIPR_FSM_SEND_RESPONSE | SIPR_IST_START_G | SIPR_IST_START_H);
    STEP(ist, m, SIPR_IST_EV_TRANSPORT_ERR, 4, 15, SIPR_IST_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
}
Test(ist, transport_errors) { ist_transport_errors(); }

/* ---- non-INVITE server transaction --------------------------------------------- */

static void nist_paths(int reliable)
{
    sipr_nist m;
    INIT(nist, m, cfg_of(reliable), 0, SIPR_FSM_PASS_TO_TU);
    STEP(nist, m, SIPR_NIST_EV_REQUEST, 1, 0, SIPR_NIST_TRYING, 0); /* discarded in Trying */
    STEP(nist, m, SIPR_NIST_EV_1XX_FROM_TU, 2, 2, SIPR_NIST_PROCEEDING, SIPR_FSM_SEND_RESPONSE);
    STEP(nist, m, SIPR_NIST_EV_REQUEST, 3, 4, SIPR_NIST_PROCEEDING, SIPR_FSM_RESEND_RESPONSE);
    STEP(nist, m, SIPR_NIST_EV_1XX_FROM_TU, 4, 5, SIPR_NIST_PROCEEDING, SIPR_FSM_SEND_RESPONSE);
    STEP(nist, m, SIPR_NIST_EV_200_699_FROM_TU, 5, 6, SIPR_NIST_COMPLETED,
         SIPR_FSM_SEND_RESPONSE | SIPR_NIST_START_J);
    cr_assert_eq(m.at_j, reliable ? 5u : 5u + 32000u, "J = 64*T1, zero on reliable");
    STEP(nist, m, SIPR_NIST_EV_REQUEST, 5, 8, SIPR_NIST_COMPLETED, SIPR_FSM_RESEND_RESPONSE);
    STEP(nist, m, SIPR_NIST_EV_200_699_FROM_TU, 5, 0, SIPR_NIST_COMPLETED, 0);
    STEP(nist, m, SIPR_NIST_EV_TIMER_J, m.at_j, 10, SIPR_NIST_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(nist, unreliable) { nist_paths(0); }
Test(nist, reliable) { nist_paths(1); }

static void nist_others(void)
{
    sipr_nist m;
    INIT(nist, m, cfg_of(0), 0, SIPR_FSM_PASS_TO_TU);
    STEP(nist, m, SIPR_NIST_EV_TRANSPORT_ERR, 1, 0, SIPR_NIST_TRYING, 0); /* nothing sent yet */
    STEP(nist, m, SIPR_NIST_EV_200_699_FROM_TU, 2, 3, SIPR_NIST_COMPLETED,
         SIPR_FSM_SEND_RESPONSE | SIPR_NIST_START_J);
    STEP(nist, m, SIPR_NIST_EV_TRANSPORT_ERR, 3, 9, SIPR_NIST_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
    INIT(nist, m, cfg_of(0), 0, SIPR_FSM_PASS_TO_TU);
    STEP(nist, m, SIPR_NIST_EV_1XX_FROM_TU, 2, 2, SIPR_NIST_PROCEEDING, SIPR_FSM_SEND_RESPONSE);
    STEP(nist, m, SIPR_NIST_EV_TRANSPORT_ERR, 3, 7, SIPR_NIST_TERMINATED,
         SIPR_FSM_TRANSPORT_ERROR | SIPR_FSM_TERMINATE);
}
Test(nist, trying_completed_and_errors) { nist_others(); }

/* ---- dialog ------------------------------------------------------------------------ */

static void dialog_paths(void)
{
    sipr_dialog m;
    INIT(dialog, m, cfg_of(0), 0, 0);
    cr_assert_eq(m.state, SIPR_DIALOG_INIT);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_NOTAG, 1, 0, SIPR_DIALOG_INIT, 0); /* no dialog yet */
    STEP(dialog, m, SIPR_DIALOG_EV_BYE, 1, 0, SIPR_DIALOG_INIT, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_TAG, 2, 2, SIPR_DIALOG_EARLY, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_TAG, 3, 5, SIPR_DIALOG_EARLY, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_2XX, 4, 6, SIPR_DIALOG_CONFIRMED, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_2XX, 5, 11, SIPR_DIALOG_CONFIRMED, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_300_699, 6, 0, SIPR_DIALOG_CONFIRMED, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_BYE, 7, 12, SIPR_DIALOG_TERMINATED, SIPR_FSM_TERMINATE);
    cr_assert_eq(sipr_dialog_next_deadline(&m), NEVER);
    cr_assert_eq(sipr_dialog_expired(&m, 7), SIPR_DIALOG_EV_NONE);

    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_2XX, 1, 3, SIPR_DIALOG_CONFIRMED, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_481, 2, 13, SIPR_DIALOG_TERMINATED, SIPR_FSM_TERMINATE);
    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_2XX, 1, 3, SIPR_DIALOG_CONFIRMED, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_408, 2, 14, SIPR_DIALOG_TERMINATED, SIPR_FSM_TERMINATE);

    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_300_699, 1, 4, SIPR_DIALOG_TERMINATED,
         SIPR_FSM_PASS_TO_TU | SIPR_FSM_TERMINATE);
    STEP(dialog, m, SIPR_DIALOG_EV_2XX, 2, 0, SIPR_DIALOG_TERMINATED, 0);

    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_TAG, 1, 2, SIPR_DIALOG_EARLY, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_300_699, 2, 7, SIPR_DIALOG_TERMINATED,
         SIPR_FSM_PASS_TO_TU | SIPR_FSM_TERMINATE);
    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_TAG, 1, 2, SIPR_DIALOG_EARLY, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_BYE, 2, 8, SIPR_DIALOG_TERMINATED, SIPR_FSM_TERMINATE);
    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_TAG, 1, 2, SIPR_DIALOG_EARLY, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_481, 2, 9, SIPR_DIALOG_TERMINATED, SIPR_FSM_TERMINATE);
    INIT(dialog, m, cfg_of(0), 0, 0);
    STEP(dialog, m, SIPR_DIALOG_EV_1XX_TAG, 1, 2, SIPR_DIALOG_EARLY, SIPR_FSM_PASS_TO_TU);
    STEP(dialog, m, SIPR_DIALOG_EV_408, 2, 10, SIPR_DIALOG_TERMINATED, SIPR_FSM_TERMINATE);
}
Test(dialog, all_paths) { dialog_paths(); }

/* ---- coverage and generated artefacts --------------------------------------------------- */

static void check_all_rows(const char *name, const unsigned char *cov, unsigned n)
{
    for (unsigned r = 1; r <= n; r++)
        cr_expect(cov[r], "%s: spec row %u never exercised", name, r);
}

Test(fsm, every_row_is_exercised)
{
    ict_retransmit_schedule(500);
    ict_reliable_no_retransmit();
    ict_calling_transport_error();
    ict_accepted_via_proceeding();
    ict_accepted_from_calling();
    ict_completed(0);
    ict_completed(1);
    ict_proceeding_to_completed_transport_error();
    nict_retransmit_schedule();
    nict_proceeding();
    nict_proceeding_timeout();
    nict_transport_errors_and_reliable_k();
    ist_completed_retransmit_schedule();
    ist_confirmed(0);
    ist_confirmed(1);
    ist_accepted();
    ist_transport_errors();
    nist_paths(0);
    nist_paths(1);
    nist_others();
    dialog_paths();
    check_all_rows("ict", cov_ict, SIPR_ICT_N_ROWS);
    check_all_rows("nict", cov_nict, SIPR_NICT_N_ROWS);
    check_all_rows("ist", cov_ist, SIPR_IST_N_ROWS);
    check_all_rows("nist", cov_nist, SIPR_NIST_N_ROWS);
    check_all_rows("dialog", cov_dialog, SIPR_DIALOG_N_ROWS);
}

Test(fsm, dot_and_names)
{
    cr_assert(strstr(sipr_ict_dot, "digraph ict") != NULL);
    cr_assert(strstr(sipr_ict_dot, "Accepted -> Accepted") != NULL);
    cr_assert_str_eq(sipr_ict_state_name[SIPR_ICT_ACCEPTED], "Accepted");
    cr_assert_str_eq(sipr_nict_event_name[SIPR_NICT_EV_TIMER_E], "timer_E");
    cr_assert(strstr(sipr_dialog_dot, "digraph dialog") != NULL);
}

/* next_deadline is the minimum; expired picks the earliest due timer. */
Test(fsm, expired_picks_earliest)
{
    sipr_ict m;
    sipr_fsm_config c = cfg_of(0);
    cr_assert_eq(sipr_ict_init(&m, &c, 0), SIPR_FSM_SEND_REQUEST | SIPR_ICT_START_A | SIPR_ICT_START_B);
    /* both A (500) and B (32000) are due at 40000: A comes first */
    cr_assert_eq(sipr_ict_expired(&m, 40000), SIPR_ICT_EV_TIMER_A);
    cr_assert_eq(sipr_ict_next_deadline(&m), 500u);
    STEP(ict, m, SIPR_ICT_EV_TIMER_A, 40000, 2, SIPR_ICT_CALLING, SIPR_FSM_RETRANSMIT | SIPR_ICT_START_A);
    cr_assert_eq(sipr_ict_expired(&m, 40000), SIPR_ICT_EV_TIMER_B);
}
