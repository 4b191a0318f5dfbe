/* siprove: fuzz harness for the transaction layer: keys, the table and the
 * four transaction machines driven together, as a UA's transaction layer
 * drives them.
 *
 * Drivers as in fuzz/fuzz_parse.c (AFL++ persistent mode, libFuzzer, or a
 * main that replays files).
 *
 * The input is a program, three bytes an instruction (op, a, b):
 *   op % 6 == 0  a request arrives: built from a (method: INVITE, ACK,
 *                CANCEL, BYE, OPTIONS, REGISTER; with or without the z9hG4bK
 *                cookie; one of two sent-by hosts) and b (branch and CSeq),
 *                parsed, keyed (sipr_txn_key_request); a match is a
 *                retransmission (or the ACK) given to its machine, a new
 *                INVITE or non-INVITE request makes a server transaction
 *                (IST, NIST) in a free record and the table; a CANCEL also
 *                looks up its INVITE (SIPR_TXN_KEY_INVITE);
 *   op % 6 == 1  the TU answers record a % N: 1xx, 2xx or 3xx-6xx by b;
 *   op % 6 == 2  the TU sends a request: a client transaction (ICT for an
 *                INVITE, NICT else) keyed by sipr_txn_key_client;
 *   op % 6 == 3  a response arrives for branch b (status class by a), built
 *                as text, parsed, keyed (sipr_txn_key_response), given to
 *                the matching client machine;
 *   op % 6 == 4  time passes: a * 16 + b ms (a * 1024 with b's top bit);
 *                every due timer of every machine fires, in deadline order;
 *   op % 6 == 5  a transport error on record a % N.
 * After every instruction, terminated machines leave the table, and the
 * harness checks, aborting on a violation:
 *   - the table holds exactly the live records (sipr_txn_count), each found
 *     under its key with its own id, and no more than cap - cap/4;
 *   - every machine satisfies its invariant (SIPR_*_INV, the C form of the
 *     ACSL invariant its proof carries), and no live machine is in its final
 *     state;
 *   - a key just built is not longer than SIPR_TXN_KEY_MAX and its hash is
 *     the one its text gives; equal keys come from messages RFC 3261 §17
 *     puts in one transaction: a request matched to a record has that
 *     record's method (ACK and CANCEL-by-flag: INVITE), branch and sent-by;
 *   - an add of a key that is there is SIPR_E_TXN_EXISTS, and the table is
 *     full exactly when it holds its most keys.
 * The last part of the input (after the program) is also parsed as a message
 * and keyed both ways: the keys of arbitrary messages must be well formed
 * or a clean SIPR_E_TXN_KEY / SIPR_E_EDIT. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"
#include "sipr_fsm_ict.h"
#include "sipr_fsm_ist.h"
#include "sipr_fsm_nict.h"
#include "sipr_fsm_nist.h"

#define FUZZ_NAME "fuzz_txn"
#include "fail.h"

enum { K_FREE = 0, K_IST, K_NIST, K_ICT, K_NICT };

#define N_REC 12u   /* records; the table has fewer slots' worth of room */
#define N_SLOTS 11u /* holds 9: a full table is reached */

typedef struct {
    int kind;
    sipr_txn_key key;
    char method[16];
    unsigned branch;
    unsigned host;
    union {
        sipr_ist ist;
        sipr_nist nist;
        sipr_ict ict;
        sipr_nict nict;
    } m;
} record;

static record g_rec[N_REC];
static sipr_txn_slot g_slots[N_SLOTS];
static sipr_txn_table g_t;
static sipr_msg g_msg;
static uint64_t g_now;
static unsigned g_live;
static char g_text[1024];

static const char *const k_methods[] = {"INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER"};
static const char *const k_hosts[] = {"pc33.atlanta.example.com", "192.0.2.7:5062"};

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

static void key_sane(const sipr_txn_key *k)
{
    if (k->len > SIPR_TXN_KEY_MAX)
        FAIL("key length %u", (unsigned)k->len);
    if (k->hash != fnv(k->text, k->len))
        FAIL("key hash");
}

static int machine_ok(const record *r)
{
    switch (r->kind) {
    case K_IST: return SIPR_IST_INV(&r->m.ist);
    case K_NIST: return SIPR_NIST_INV(&r->m.nist);
    case K_ICT: return SIPR_ICT_INV(&r->m.ict);
    case K_NICT: return SIPR_NICT_INV(&r->m.nict);
    default: return 1;
    }
}

static int terminated(const record *r)
{
    switch (r->kind) {
    case K_IST: return r->m.ist.state == SIPR_IST_TERMINATED;
    case K_NIST: return r->m.nist.state == SIPR_NIST_TERMINATED;
    case K_ICT: return r->m.ict.state == SIPR_ICT_TERMINATED;
    case K_NICT: return r->m.nict.state == SIPR_NICT_TERMINATED;
    default: return 0;
    }
}

static void step(record *r, unsigned ev)
{
    switch (r->kind) {
    case K_IST: (void)sipr_ist_step(&r->m.ist, ev, g_now); break;
    case K_NIST: (void)sipr_nist_step(&r->m.nist, ev, g_now); break;
    case K_ICT: (void)sipr_ict_step(&r->m.ict, ev, g_now); break;
    case K_NICT: (void)sipr_nict_step(&r->m.nict, ev, g_now); break;
    default: break;
    }
}

/* A new record of kind for key k; the table full is fine, a key that is
   there already is not (the caller looked it up). */
static record *open_rec(int kind, const sipr_txn_key *k, const char *method, unsigned branch,
                        unsigned host)
{
    unsigned i;
    sipr_fsm_config cfg;
    sipr_status st;
    for (i = 0; i < N_REC && g_rec[i].kind != K_FREE; i++)
        ;
    if (i == N_REC)
        return NULL;
    st = sipr_txn_add(&g_t, k, i);
    if (st == SIPR_E_TABLE_FULL) {
        if (sipr_txn_count(&g_t) != g_t.max)
            FAIL("full at %u of %u", sipr_txn_count(&g_t), g_t.max);
        return NULL;
    }
    if (st != SIPR_OK)
        FAIL("add: %s", sipr_strerror(st));
    record *r = &g_rec[i];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->key = *k;
    snprintf(r->method, sizeof r->method, "%s", method);
    r->branch = branch;
    r->host = host;
    sipr_fsm_config_default(&cfg, 0);
    switch (kind) {
    case K_IST: (void)sipr_ist_init(&r->m.ist, &cfg, g_now); break;
    case K_NIST: (void)sipr_nist_init(&r->m.nist, &cfg, g_now); break;
    case K_ICT: (void)sipr_ict_init(&r->m.ict, &cfg, g_now); break;
    default: (void)sipr_nict_init(&r->m.nict, &cfg, g_now); break;
    }
    g_live++;
    return r;
}

static int parse_text(size_t n)
{
    if (sipr_msg_init(&g_msg, NULL) != SIPR_OK)
        FAIL("init");
    return sipr_parse(g_text, n, &g_msg) == SIPR_OK;
}

static void request_arrives(unsigned a, unsigned b)
{
    const char *method = k_methods[a % 6u];
    const unsigned cookie = (a / 6u) % 2u, host = (a / 12u) % 2u, branch = b % 16u;
    sipr_txn_key k;
    uint32_t id;
    int n = snprintf(g_text, sizeof g_text,
                     "%s sip:bob@biloxi.example.com SIP/2.0\r\n"
                     "Via: SIP/2.0/UDP %s;branch=%s%u\r\n"
                     "Max-Forwards: 70\r\nTo: <sip:bob@biloxi.example.com>%s\r\n"
                     "From: <sip:alice@atlanta.example.com>;tag=88\r\n"
                     "Call-ID: c%u\r\nCSeq: %u %s\r\nContent-Length: 0\r\n\r\n",
                     method, k_hosts[host], cookie ? "z9hG4bK" : "", branch,
                     strcmp(method, "ACK") == 0 ? ";tag=t9" : "", branch, 1u + b / 16u, method);
    if (!parse_text((size_t)n))
        FAIL("a request of the harness did not parse: %s", sipr_strerror(g_msg.err));
    if (sipr_txn_key_request(g_text, (size_t)n, &g_msg, 0, &k) != SIPR_OK)
        FAIL("no key for a request");
    key_sane(&k);
    id = sipr_txn_find(&g_t, &k);
    if (id != SIPR_TXN_NONE) {
        record *r = &g_rec[id];
        const int inv = strcmp(method, "ACK") == 0 || strcmp(method, "INVITE") == 0;
        if (id >= N_REC || r->kind == K_FREE || !sipr_txn_key_eq(&r->key, &k))
            FAIL("find gave id %u", (unsigned)id);
        /* §17.2.3: same branch and sent-by; the method, ACK as INVITE */
        if (r->branch != branch || r->host != host ||
            strcmp(r->method, inv ? "INVITE" : method) != 0)
            FAIL("%s matched the %s of branch %u host %u", method, r->method, r->branch, r->host);
        if (sipr_txn_add(&g_t, &k, id) != SIPR_E_TXN_EXISTS)
            FAIL("a key added twice");
        if (r->kind == K_IST)
            step(r, strcmp(method, "ACK") == 0 ? SIPR_IST_EV_ACK : SIPR_IST_EV_INVITE);
        else if (r->kind == K_NIST)
            step(r, SIPR_NIST_EV_REQUEST);
        return;
    }
    if (strcmp(method, "ACK") == 0)
        return; /* an ACK that matches nothing goes to the core */
    if (strcmp(method, "CANCEL") == 0) {
        sipr_txn_key ki;
        if (sipr_txn_key_request(g_text, (size_t)n, &g_msg, SIPR_TXN_KEY_INVITE, &ki) != SIPR_OK)
            FAIL("no INVITE key for a CANCEL");
        key_sane(&ki);
        id = sipr_txn_find(&g_t, &ki);
        if (id != SIPR_TXN_NONE && (id >= N_REC || strcmp(g_rec[id].method, "INVITE") != 0 ||
                                    g_rec[id].branch != branch || g_rec[id].host != host))
            FAIL("a CANCEL found a transaction that is not its INVITE");
    }
    (void)open_rec(strcmp(method, "INVITE") == 0 ? K_IST : K_NIST, &k,
                   strcmp(method, "INVITE") == 0 ? "INVITE" : method, branch, host);
}

static void tu_answers(unsigned a, unsigned b)
{
    record *r = &g_rec[a % N_REC];
    const unsigned cls = b % 3u;
    if (r->kind == K_IST)
        step(r, cls == 0 ? SIPR_IST_EV_1XX_FROM_TU : cls == 1 ? SIPR_IST_EV_2XX_FROM_TU
                                                               : SIPR_IST_EV_300_699_FROM_TU);
    else if (r->kind == K_NIST)
        step(r, cls == 0 ? SIPR_NIST_EV_1XX_FROM_TU : SIPR_NIST_EV_200_699_FROM_TU);
}

static void tu_sends(unsigned a, unsigned b)
{
    const char *method = k_methods[a % 6u];
    char br[32];
    sipr_str bs, ms;
    sipr_txn_key k;
    if (strcmp(method, "ACK") == 0)
        return; /* not a transaction */
    snprintf(br, sizeof br, "z9hG4bKc%u", b % 16u);
    bs.s = br;
    bs.len = (uint32_t)strlen(br);
    ms.s = method;
    ms.len = (uint32_t)strlen(method);
    if (sipr_txn_key_client(bs, ms, &k) != SIPR_OK)
        FAIL("client key");
    key_sane(&k);
    if (sipr_txn_find(&g_t, &k) != SIPR_TXN_NONE)
        return; /* a branch in use: a real UA makes a new one */
    (void)open_rec(strcmp(method, "INVITE") == 0 ? K_ICT : K_NICT, &k, method, b % 16u, 0);
}

static void response_arrives(unsigned a, unsigned b)
{
    static const unsigned codes[] = {100, 180, 200, 202, 302, 404, 486, 503, 603};
    const unsigned code = codes[a % 9u];
    const char *method = k_methods[(a / 9u) % 6u];
    sipr_txn_key k;
    uint32_t id;
    int n = snprintf(g_text, sizeof g_text,
                     "SIP/2.0 %u Reason\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bKc%u\r\n"
                     "To: <sip:bob@biloxi.example.com>;tag=t1\r\nFrom: <sip:alice@a.example.com>;tag=88\r\n"
                     "Call-ID: x\r\nCSeq: 1 %s\r\nContent-Length: 0\r\n\r\n",
                     code, k_hosts[0], b % 16u, method);
    if (!parse_text((size_t)n))
        FAIL("a response of the harness did not parse: %s", sipr_strerror(g_msg.err));
    if (sipr_txn_key_response(g_text, (size_t)n, &g_msg, &k) != SIPR_OK)
        FAIL("no key for a response");
    key_sane(&k);
    id = sipr_txn_find(&g_t, &k);
    if (id == SIPR_TXN_NONE)
        return; /* a stray response goes to the core */
    record *r = &g_rec[id];
    if (id >= N_REC || (r->kind != K_ICT && r->kind != K_NICT) || strcmp(r->method, method) != 0 ||
        r->branch != b % 16u)
        FAIL("response for %s branch %u matched %s branch %u", method, b % 16u, r->method, r->branch);
    if (r->kind == K_ICT)
        step(r, code < 200 ? SIPR_ICT_EV_1XX : code < 300 ? SIPR_ICT_EV_2XX : SIPR_ICT_EV_300_699);
    else
        step(r, code < 200 ? SIPR_NICT_EV_1XX : SIPR_NICT_EV_200_699);
}

/* Fire every due timer, earliest first, until none is due. */
static void time_passes(unsigned a, unsigned b)
{
    unsigned i, rounds;
    g_now += (b & 0x80u) ? (uint64_t)a * 1024u : (uint64_t)a * 16u + b;
    for (rounds = 0; rounds < 64; rounds++) {
        int fired = 0;
        for (i = 0; i < N_REC; i++) {
            record *r = &g_rec[i];
            unsigned ev;
            switch (r->kind) {
            case K_IST: ev = sipr_ist_expired(&r->m.ist, g_now); ev = ev == SIPR_IST_EV_NONE ? 99u : ev; break;
            case K_NIST: ev = sipr_nist_expired(&r->m.nist, g_now); ev = ev == SIPR_NIST_EV_NONE ? 99u : ev; break;
            case K_ICT: ev = sipr_ict_expired(&r->m.ict, g_now); ev = ev == SIPR_ICT_EV_NONE ? 99u : ev; break;
            case K_NICT: ev = sipr_nict_expired(&r->m.nict, g_now); ev = ev == SIPR_NICT_EV_NONE ? 99u : ev; break;
            default: ev = 99u; break;
            }
            if (ev != 99u) {
                step(r, ev);
                fired = 1;
            }
        }
        if (!fired)
            return;
    }
}

static void transport_error(unsigned a)
{
    record *r = &g_rec[a % N_REC];
    switch (r->kind) {
    case K_IST: step(r, SIPR_IST_EV_TRANSPORT_ERR); break;
    case K_NIST: step(r, SIPR_NIST_EV_TRANSPORT_ERR); break;
    case K_ICT: step(r, SIPR_ICT_EV_TRANSPORT_ERR); break;
    case K_NICT: step(r, SIPR_NICT_EV_TRANSPORT_ERR); break;
    default: break;
    }
}

/* Terminated machines leave; then the table and the records must agree. */
static void settle(void)
{
    unsigned i, live = 0;
    for (i = 0; i < N_REC; i++) {
        record *r = &g_rec[i];
        if (r->kind == K_FREE)
            continue;
        if (!machine_ok(r))
            FAIL("record %u breaks its machine's invariant", i);
        if (terminated(r)) {
            if (sipr_txn_remove(&g_t, &r->key) != i)
                FAIL("remove of record %u", i);
            if (sipr_txn_find(&g_t, &r->key) != SIPR_TXN_NONE)
                FAIL("record %u found after its removal", i);
            r->kind = K_FREE;
            g_live--;
        }
    }
    for (i = 0; i < N_REC; i++) {
        if (g_rec[i].kind == K_FREE)
            continue;
        live++;
        if (sipr_txn_find(&g_t, &g_rec[i].key) != i)
            FAIL("record %u not found under its key", i);
    }
    if (live != g_live || sipr_txn_count(&g_t) != live || live > g_t.max)
        FAIL("table holds %u, records %u", sipr_txn_count(&g_t), live);
}

static void any_message(const uint8_t *data, size_t size)
{
    sipr_txn_key k;
    sipr_status st;
    char *copy = exact_copy(data, size);
    if (copy == NULL)
        return;
    if (sipr_msg_init(&g_msg, NULL) == SIPR_OK && sipr_parse(copy, size, &g_msg) == SIPR_OK) {
        st = sipr_txn_key_request(copy, size, &g_msg, 0, &k);
        if (st == SIPR_OK)
            key_sane(&k);
        else if (st != SIPR_E_TXN_KEY && st != SIPR_E_EDIT)
            FAIL("key_request: %s", sipr_strerror(st));
        st = sipr_txn_key_response(copy, size, &g_msg, &k);
        if (st == SIPR_OK)
            key_sane(&k);
        else if (st != SIPR_E_TXN_KEY && st != SIPR_E_EDIT)
            FAIL("key_response: %s", sipr_strerror(st));
    }
    free(copy);
}

static int one_input(const uint8_t *data, size_t size)
{
    size_t pc = 0;
    memset(g_rec, 0, sizeof g_rec);
    g_now = 0;
    g_live = 0;
    if (sipr_txn_table_init(&g_t, g_slots, N_SLOTS) != SIPR_OK)
        FAIL("init");
    /* the program: up to 4096 instructions, up to a 0xFF op */
    while (pc + 3u <= size && pc < 3u * 4096u && data[pc] != 0xFFu) {
        const unsigned op = data[pc], a = data[pc + 1], b = data[pc + 2];
        pc += 3u;
        switch (op % 6u) {
        case 0: request_arrives(a, b); break;
        case 1: tu_answers(a, b); break;
        case 2: tu_sends(a, b); break;
        case 3: response_arrives(a, b); break;
        case 4: time_passes(a, b); break;
        default: transport_error(a); break;
        }
        settle();
    }
    if (pc < size)
        any_message(data + pc + 1u > data + size ? data + size : data + pc + 1u,
                    size - (pc + 1u > size ? size : pc + 1u));
    return 0;
}

static void report(const char *name, size_t size)
{
    printf("%s: %zu bytes, %u transactions live at the end\n", name, size, g_live);
}

#include "driver.h"
