/* siprove in one page: parse a SIP request, check it, and drive the INVITE
 * client transaction (RFC 3261 §17.1.1) that would send it.
 *
 * Builds against any form of the library:
 *   cc -Idist examples/parse_and_step.c dist/siprove.c          (amalgamation)
 *   cc examples/parse_and_step.c $(pkg-config --cflags --libs siprove)
 * With the amalgamation "siprove.h" is the one public header; with the
 * installed library the state machines have their own headers. */
#include <stdio.h>
#include <string.h>

#include "siprove.h"
#ifndef SIPR_FSM_ICT_H
#include "sipr_fsm_ict.h"
#endif

static const char invite[] =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static sipr_msg msg; /* about 20 KiB: static, not on the stack */

static void span(const char *what, const char *buf, sipr_span s)
{
    printf(" %s=%.*s", what, (int)s.len, buf + s.off);
}

int main(void)
{
    size_t len = strlen(invite);
    sipr_verdict v;
    sipr_fsm_config cfg;
    sipr_ict ict;
    uint32_t act;

    sipr_msg_init(&msg, NULL);
    if (sipr_parse(invite, len, &msg) != SIPR_OK) {
        printf("invalid: %s at byte %u\n", sipr_strerror(msg.err), (unsigned)msg.err_off);
        return 1;
    }
    printf("parsed:");
    span("method", invite, msg.method);
    span("host", invite, msg.ruri.host);
    span("branch", invite, msg.vias[0].branch);
    span("from-tag", invite, msg.from.tag);
    printf(" cseq=%u headers=%u\n", (unsigned)msg.cseq_number, (unsigned)msg.n_headers);
    v = sipr_validate(invite, len, &msg);
    printf("verdict: %u %s\n", (unsigned)v.response, sipr_verdict_reason(v.code));
    if (v.code != SIPR_V_OK)
        return 1;

    /* The transaction: created when the INVITE is handed to the transport
     * (UDP: timer A retransmits), then timer A fires at its deadline. */
    sipr_fsm_config_default(&cfg, 0);
    act = sipr_ict_init(&ict, &cfg, 0);
    printf("ict init: %s, send=%d, timer A at %lu ms\n", sipr_ict_state_name[ict.state],
           (act & SIPR_FSM_SEND_REQUEST) != 0, (unsigned long)ict.at_a);
    act = sipr_ict_step(&ict, sipr_ict_expired(&ict, ict.at_a), ict.at_a);
    printf("ict step: %s, retransmit=%d, timer A at %lu ms\n", sipr_ict_state_name[ict.state],
           (act & SIPR_FSM_RETRANSMIT) != 0, (unsigned long)ict.at_a);
    return 0;
}
