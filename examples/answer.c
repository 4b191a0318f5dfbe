/* answer: the whole API path of a server, without sockets.
 *
 *   answer [FILE]      (standard input when no FILE)
 *
 * Reads one SIP request, parses it (sipr_parse), judges it as a UAS
 * (sipr_validate), finds or makes its server transaction (a key, the
 * transaction table and the generated machine: NIST, or IST for an INVITE),
 * builds the response (sipr_build_response: 200, or the code the verdict
 * gives), tells the machine the TU answered, and writes the response to
 * standard output when the machine says to send it. Exit status: 0 when a
 * response was written, 1 when the request could not be parsed (the reason
 * and offset go to standard error), 64 on a usage error, 66 when FILE cannot
 * be read. Memory is static; the library allocates nothing. */
#include <stdio.h>
#include <string.h>

#include "siprove.h"
#include "sipr_fsm_ist.h"
#include "sipr_fsm_nist.h"

static char buf[SIPR_MAX_MSG_LEN / 256];  /* the request (64 KiB) */
static char out[sizeof buf + 1024];       /* the response */
static sipr_msg msg;                      /* the parsed request */
static sipr_txn_slot slots[16];           /* the transaction table's room */

/* The caller's transaction records, indexed by the id the table stores. */
static struct {
    int invite;
    sipr_ist ist;
    sipr_nist nist;
} txn[12];

static sipr_str str(const char *s)
{
    sipr_str t;
    t.s = s;
    t.len = (uint32_t)strlen(s);
    return t;
}

int main(int argc, char **argv)
{
    FILE *f = stdin;
    size_t len, out_len;
    sipr_txn_table table;
    sipr_txn_key key;
    sipr_fsm_config cfg;
    sipr_verdict v;
    sipr_builder b;
    uint32_t id, act;
    uint16_t code;
    const uint64_t now_ms = 0; /* the caller's clock */

    if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')) {
        fprintf(stderr, "usage: answer [FILE]\n");
        return 64;
    }
    if (argc == 2 && strcmp(argv[1], "-") != 0 && (f = fopen(argv[1], "rb")) == NULL) {
        perror(argv[1]);
        return 66;
    }
    len = fread(buf, 1, sizeof buf, f);
    if (f != stdin)
        fclose(f);

    /* 1. parse: spans into buf, every error a code and an offset */
    sipr_msg_init(&msg, NULL);
    if (sipr_parse(buf, len, &msg) != SIPR_OK || msg.type != SIPR_MSG_REQUEST) {
        fprintf(stderr, "answer: %s at byte %u\n",
                msg.err != SIPR_OK ? sipr_strerror(msg.err) : "not a request", msg.err_off);
        return 1;
    }

    /* 2. judge it as a UAS: the response RFC 3261 asks for, or 0 */
    v = sipr_validate(buf, len, &msg, NULL);
    code = v.response != 0 ? v.response : 200;

    /* 3. its server transaction (RFC 3261 §17.2.3): a retransmission would
       find its record here; a new request gets one */
    sipr_txn_table_init(&table, slots, 16);
    if (sipr_txn_key_request(buf, len, &msg, 0, &key) != SIPR_OK) {
        fprintf(stderr, "answer: no transaction key (no Via?)\n");
        return 1;
    }
    id = sipr_txn_find(&table, &key);
    if (id == SIPR_TXN_NONE) {
        id = 0; /* the first free record */
        if (sipr_txn_add(&table, &key, id) != SIPR_OK)
            return 1;
        sipr_fsm_config_default(&cfg, 0); /* UDP timers */
        txn[id].invite = msg.method.len == 6 && memcmp(buf + msg.method.off, "INVITE", 6) == 0;
        if (txn[id].invite)
            sipr_ist_init(&txn[id].ist, &cfg, now_ms);
        else
            sipr_nist_init(&txn[id].nist, &cfg, now_ms);
    }

    /* 4. the response (§8.2.6.2): Via lines, From, To with our tag, Call-ID, CSeq */
    sipr_builder_init(&b, out, sizeof out, 0);
    sipr_build_response(&b, buf, len, &msg, code, str(code == 200 ? "OK" : sipr_verdict_reason(v.code)), str("4fa3b2"), 0);
    sipr_build_header(&b, str("Server"), str("siprove-answer"));
    if (sipr_build_end(&b, NULL, 0, &out_len) != SIPR_OK) {
        fprintf(stderr, "answer: the response does not fit\n");
        return 1;
    }

    /* 5. the machine decides what goes on the wire */
    if (txn[id].invite)
        act = sipr_ist_step(&txn[id].ist,
                            code < 300 ? SIPR_IST_EV_2XX_FROM_TU : SIPR_IST_EV_300_699_FROM_TU, now_ms);
    else
        act = sipr_nist_step(&txn[id].nist, SIPR_NIST_EV_200_699_FROM_TU, now_ms);
    if (act & SIPR_FSM_SEND_RESPONSE)
        fwrite(out, 1, out_len, stdout);
    return (act & SIPR_FSM_SEND_RESPONSE) ? 0 : 1;
}
