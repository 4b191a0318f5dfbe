/* siprove: common definitions of the generated transaction and dialog state
 * machines (src/generated/sipr_fsm_NAME.{c,h}, made by gen/fsmgen from
 * fsm/NAME.fsm).
 *
 * Sans-IO: a machine is a plain struct in caller memory. The caller passes the
 * current time `now` (milliseconds on any monotonic clock) to every call; a
 * step returns a bit set of actions for the caller to carry out and leaves the
 * machine's timer deadlines in the struct (see sipr_<m>_next_deadline() and
 * sipr_<m>_expired()). Nothing here allocates, blocks or reads a clock.
 *
 * Time arithmetic saturates: a deadline is always >= the `now` it was computed
 * from and never equal to SIPR_FSM_NEVER, which means "timer not running".
 */
#ifndef SIPR_FSM_H
#define SIPR_FSM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RFC 3261 §17.1.1.1 defaults, in milliseconds. */
#define SIPR_FSM_T1_DEFAULT 500u
#define SIPR_FSM_T2_DEFAULT 4000u
#define SIPR_FSM_T4_DEFAULT 5000u
/* Largest accepted T1/T2/T4 (about 4.7 hours): 64*T1 still fits in 32 bits. */
#define SIPR_FSM_T_MAX 16777216u

/* "Timer not running" (and the value of next_deadline() when none runs). */
#define SIPR_FSM_NEVER 0xFFFFFFFFFFFFFFFFu
/* Cap of the interval of a doubling timer without a declared cap (timer A). */
#define SIPR_FSM_NO_CAP 0xFFFFFFFFu

/* Per-machine configuration (RFC 3261 §17.1.1.1: T1, T2 and T4 are
 * configurable; the transport decides which timers run, RFC 3261 §17). */
typedef struct {
    uint32_t t1_ms;   /* RTT estimate, default 500 ms; 1 <= t1 <= t2 */
    uint32_t t2_ms;   /* maximum retransmit interval, default 4 s; <= SIPR_FSM_T_MAX */
    uint32_t t4_ms;   /* maximum time a message stays in the network, default 5 s */
    int reliable;     /* nonzero for reliable transports (TCP, TLS, SCTP) */
} sipr_fsm_config;

/* A configuration is accepted when 1 <= T1 <= T2 <= SIPR_FSM_T_MAX and
 * T4 <= SIPR_FSM_T_MAX. */
#define SIPR_FSM_CFG_OK(t1, t2, t4)                                           \
    (1u <= (t1) && (t1) <= (t2) && (t2) <= SIPR_FSM_T_MAX &&                 \
     (t4) <= SIPR_FSM_T_MAX)

/* ---- Actions: the bits returned by init and step ------------------------ */
#define SIPR_FSM_SEND_REQUEST    0x0001u /* client: pass the request to the transport */
#define SIPR_FSM_RETRANSMIT      0x0002u /* client: pass the request to the transport again */
#define SIPR_FSM_SEND_ACK        0x0004u /* INVITE client: send ACK for the non-2xx final */
#define SIPR_FSM_PASS_TO_TU      0x0008u /* pass the received message up to the TU */
#define SIPR_FSM_SEND_RESPONSE   0x0010u /* server: send the TU's response */
#define SIPR_FSM_RESEND_RESPONSE 0x0020u /* server: send the last response again */
#define SIPR_FSM_TIMEOUT         0x0040u /* report a timeout to the TU */
#define SIPR_FSM_TRANSPORT_ERROR 0x0080u /* report a transport error to the TU */
#define SIPR_FSM_TERMINATE       0x0100u /* the machine entered its final state */
#define SIPR_FSM_BAD_CONFIG      0x8000u /* init only: configuration rejected */
/* Timer k of a machine (declaration order in its spec): started (or
 * restarted) and stopped. The deadlines themselves live in the machine. */
#define SIPR_FSM_START(k) (0x00010000u << (k))
#define SIPR_FSM_STOP(k)  (0x01000000u << (k))

/*@ logic integer sipr_fsm_sat(integer now, integer d) =
        now + d < SIPR_FSM_NEVER ? now + d : SIPR_FSM_NEVER - 1;
    logic integer sipr_fsm_dbl(integer iv, integer cap) =
        iv > cap / 2 ? cap : 2 * iv;
*/

/* Deadline `d` ms after `now`, saturated below SIPR_FSM_NEVER. */
/*@ requires now < SIPR_FSM_NEVER;
    assigns \nothing;
    ensures \result == sipr_fsm_sat(now, d);
    ensures now <= \result < SIPR_FSM_NEVER;
*/
static inline uint64_t sipr_fsm_at(uint64_t now, uint32_t d)
{
    return (d >= SIPR_FSM_NEVER - now) ? SIPR_FSM_NEVER - 1u : now + d;
}

/* Next interval of a doubling retransmission timer: MIN(2*iv, cap)
 * (RFC 3261 §17.1.1.2 timer A, §17.1.2.2 timer E, §17.2.1 timer G). */
/*@ requires iv <= cap;
    assigns \nothing;
    ensures \result == sipr_fsm_dbl(iv, cap);
    ensures \result <= cap;
*/
static inline uint32_t sipr_fsm_double(uint32_t iv, uint32_t cap)
{
    return iv > cap / 2u ? cap : 2u * iv;
}

/* RFC 3261 defaults on the given transport. */
/*@ requires \valid(c);
    assigns *c;
    ensures SIPR_FSM_CFG_OK(c->t1_ms, c->t2_ms, c->t4_ms);
    ensures c->t1_ms == SIPR_FSM_T1_DEFAULT && c->t2_ms == SIPR_FSM_T2_DEFAULT;
    ensures c->t4_ms == SIPR_FSM_T4_DEFAULT && c->reliable == reliable;
*/
static inline void sipr_fsm_config_default(sipr_fsm_config *c, int reliable)
{
    c->t1_ms = SIPR_FSM_T1_DEFAULT;
    c->t2_ms = SIPR_FSM_T2_DEFAULT;
    c->t4_ms = SIPR_FSM_T4_DEFAULT;
    c->reliable = reliable;
}

#ifdef __cplusplus
}
#endif

#endif /* SIPR_FSM_H */
