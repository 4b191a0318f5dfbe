/* uas: a small SIP user agent server over UDP, built on siprove.
 *
 *   uas --listen HOST:PORT [--ring-ms N] [--auth USER:PASS] [--max-seconds S]
 *
 * Answers every INVITE with 100, 180 and, after the ring time, 200 (and
 * retransmits the 200 until the ACK comes, RFC 3261 §13.3.1.4); CANCEL gets
 * 200 and the INVITE 487 (§9.2); BYE 200 (481 for no call); OPTIONS 200;
 * REGISTER 200 with the bindings of a small registrar, after a Digest
 * challenge for the user of --auth (§22). Other methods get 405.
 *
 * The library does the parsing, the checks (sipr_validate), the transaction
 * keys and table, the server transaction machines (IST, NIST: they say when
 * to send, resend and forget), the responses and Digest; this file owns the
 * socket, the clock and all memory. Nothing is allocated: every record is an
 * element of a fixed array, found through the id stored in the library's
 * transaction table. One thread, one poll loop; the clock is CLOCK_MONOTONIC
 * in milliseconds, given to every machine call.
 *
 * At exit (SIGINT, SIGTERM or --max-seconds) one line of counters goes to
 * stdout. The first line it prints is "uas: listening on HOST:PORT" (PORT 0
 * picks a free port and prints it). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"
#ifndef SIPR_FSM_IST_H
#include "sipr_fsm_ist.h"
#include "sipr_fsm_nist.h"
#endif
#include "ex_util.h"

/* ---- sizes: all memory is these static arrays ------------------------------ */
/* A transaction outlives its final response by 64*T1 = 32 s on UDP (timer J,
 * and RFC 6026 timer L after a 2xx), so a steady 500 calls/s keeps about
 * 500 * 2 * 32 = 32000 of them alive (INVITE and BYE). */
#define N_TXN        40960u /* server transactions alive at once */
#define TABLE_CAP    54614u /* key slots: holds 40960 keys (three quarters) */
#define N_CALLS      8192u  /* calls (INVITE dialogs) alive at once */
#define CALL_BUCKETS 16384u
#define REQ_MAX      2048u /* a stored INVITE; a longer request gets 513 */
#define RSP_MAX      2048u
#define N_BIND       256u /* registrar bindings */
#define N_NONCE      64u  /* Digest nonces remembered */
#define NONE32       0xFFFFFFFFu
#define N_TIMERS     (N_TXN + N_CALLS)

/* Where a message came from, or where a response goes: a UDP address
 * (conn < 0), or TCP connection conn while its generation is gen. */
typedef struct {
    struct sockaddr_storage sa;
    socklen_t len;
    int conn;
    uint32_t gen;
} peer_t;

enum { K_IST = 1, K_NIST = 2 };
enum { C_FREE = 0, C_RINGING, C_WAIT_ACK, C_CONFIRMED };
enum { M_INVITE, M_ACK, M_CANCEL, M_BYE, M_OPTIONS, M_REGISTER, M_OTHER, M__N };
static const char *const method_name[M__N] = {"INVITE",  "ACK",      "CANCEL", "BYE",
                                              "OPTIONS", "REGISTER", "other"};

/* One server transaction: its machine, its key (to leave the table), the
 * request (INVITE only: the 200 and the 487 are built from it later), the
 * last response (resent when the machine says so) and where responses go. */
typedef struct {
    uint8_t kind; /* 0 free, K_IST, K_NIST */
    sipr_ist ist;
    sipr_nist nist;
    sipr_txn_key key;
    peer_t peer;
    uint32_t call;      /* IST: its call, NONE32 when none */
    uint32_t cancel_of; /* NIST of a CANCEL: the INVITE transaction, NONE32 */
    uint32_t next_free;
    uint32_t req; /* IST: its INVITE, req_pool[req], until the final response */
    uint32_t req_len, rsp_len;
    char rsp[RSP_MAX];
} txn;

/* One call: the dialog's identifiers, the ringing and 2xx timers, and the
 * 2xx itself (the UA core, not the transaction, retransmits it). */
typedef struct {
    uint8_t state;
    uint32_t inv;  /* its INVITE transaction, NONE32 when gone */
    uint32_t next; /* hash chain */
    uint32_t hash;
    uint16_t call_id_len, from_tag_len;
    char call_id[256];
    char from_tag[128];
    char to_tag[24];
    uint64_t ring_at; /* SIPR_FSM_NEVER: not ringing */
    sipr_retx retx;   /* the 2xx's retransmissions (§13.3.1.4) */
    peer_t peer;
    uint32_t ok_len;
    char ok[RSP_MAX];
} call;

typedef struct {
    uint8_t used;
    uint16_t aor_len, uri_len;
    char aor[128];
    char uri[256];
    uint64_t expires_at;
} binding;

typedef struct {
    char text[33];
    uint64_t issued;
    uint32_t last_nc;
} nonce_rec;

static txn txns[N_TXN];
/* Records are handed out from a free list, else from the never-used ones
 * (txn_high), so that memory is touched only as it is needed. The INVITEs
 * are kept apart, each only until its final response is built from it. */
static uint32_t txn_free_head = NONE32, txn_high;
static char req_pool[N_CALLS][REQ_MAX];
static uint32_t req_next[N_CALLS];
static uint32_t req_free_head = NONE32, req_high;
static sipr_txn_slot slots[TABLE_CAP];
static sipr_txn_table table;
static call calls[N_CALLS];
static uint32_t call_free_head = NONE32, call_high;
static uint32_t call_bucket[CALL_BUCKETS];
static binding bindings[N_BIND];
static nonce_rec nonces[N_NONCE];
static uint32_t nonce_next;
static uint8_t nonce_secret[32];

/* timers: an indexed binary min-heap of deadlines; timer id t < N_TXN is
 * transaction t, N_TXN + c is call c */
static uint32_t heap[N_TIMERS];
static uint32_t heap_pos[N_TIMERS];
static uint64_t heap_key[N_TIMERS];
static uint32_t heap_n;

static sipr_msg rx;  /* the datagram being handled */
static sipr_msg aux; /* a stored INVITE, parsed again */
static char rxbuf[65536];
static char rxbuf2[65536 + 512]; /* rxbuf with received / rport on its top Via */
static char tmp[RSP_MAX];        /* stateless responses */

/* TCP connections: each with its framer (RFC 3261 §18.3) and its bytes */
#define N_CONN   128u
#define CONN_BUF (SIPR_DEFAULT_MSG_LEN + 1u)
typedef struct {
    int fd;        /* -1: free */
    uint32_t gen;  /* bumped at each close: stale peers do not match */
    int dead;      /* a write failed: close after the read loop */
    unsigned crlf; /* keep-alive CRLFs since the last message or pong */
    sipr_framer fr;
    size_t len;
    struct sockaddr_storage sa;
    socklen_t sa_len;
    char buf[CONN_BUF];
} conn_t;
static conn_t conns[N_CONN];
static int tcp_sock = -1;

static int sock = -1;
static sipr_fsm_config cfg, cfg_rel; /* UDP, and reliable transports (TCP) */
static uint32_t ring_ms = 500;
static char host_txt[280];
static uint16_t host_port;
static char auth_user[128], auth_pass[128];
static int auth_on;
static const char realm[] = "siprove";
static volatile sig_atomic_t stop_flag;

static struct {
    unsigned long req[M__N], completed, cancelled, open, ack_timeouts, rtx_2xx, resent, dropped,
        unparsable, invalid, stray, overload, registered, challenged;
} st;

/* ---- timer heap -------------------------------------------------------------- */
static void heap_swap(uint32_t a, uint32_t b)
{
    uint32_t x = heap[a];
    heap[a] = heap[b];
    heap[b] = x;
    heap_pos[heap[a]] = a;
    heap_pos[heap[b]] = b;
}

static void heap_fix(uint32_t i)
{
    while (i > 0 && heap_key[heap[(i - 1) / 2]] > heap_key[heap[i]]) {
        heap_swap(i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_n && heap_key[heap[l]] < heap_key[heap[m]])
            m = l;
        if (r < heap_n && heap_key[heap[r]] < heap_key[heap[m]])
            m = r;
        if (m == i)
            break;
        heap_swap(i, m);
        i = m;
    }
}

/* Set timer id's deadline (SIPR_FSM_NEVER: remove it). */
static void timer_set(uint32_t id, uint64_t at)
{
    uint32_t i = heap_pos[id];
    if (at == SIPR_FSM_NEVER) {
        if (i == NONE32)
            return;
        heap_pos[id] = NONE32;
        heap_n--;
        if (i != heap_n) {
            heap[i] = heap[heap_n];
            heap_pos[heap[i]] = i;
            heap_fix(i);
        }
        return;
    }
    heap_key[id] = at;
    if (i == NONE32) {
        i = heap_n++;
        heap[i] = id;
        heap_pos[id] = i;
    }
    heap_fix(i);
}

static uint64_t min64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

static void txn_timer(uint32_t id)
{
    txn *t = &txns[id];
    timer_set(id, t->kind == K_IST ? sipr_ist_next_deadline(&t->ist)
                                   : sipr_nist_next_deadline(&t->nist));
}

static void call_timer(uint32_t c)
{
    call *k = &calls[c];
    timer_set(N_TXN + c, min64(k->ring_at, sipr_retx_deadline(&k->retx)));
}

/* ---- records ------------------------------------------------------------------- */
static uint32_t txn_alloc(void)
{
    uint32_t id = txn_free_head;
    if (id != NONE32)
        txn_free_head = txns[id].next_free;
    else if (txn_high < N_TXN)
        id = txn_high++;
    else
        return NONE32;
    txns[id].call = NONE32;
    txns[id].cancel_of = NONE32;
    txns[id].req = NONE32;
    txns[id].req_len = txns[id].rsp_len = 0;
    return id;
}

/* A place for transaction id's INVITE; 0 when there is none free. */
static int req_take(uint32_t id)
{
    uint32_t r = req_free_head;
    if (r != NONE32)
        req_free_head = req_next[r];
    else if (req_high < N_CALLS)
        r = req_high++;
    else
        return 0;
    txns[id].req = r;
    return 1;
}

static void req_drop(uint32_t id)
{
    uint32_t r = txns[id].req;
    if (r == NONE32)
        return;
    req_next[r] = req_free_head;
    req_free_head = r;
    txns[id].req = NONE32;
    txns[id].req_len = 0;
}

static void txn_free(uint32_t id)
{
    txn *t = &txns[id];
    (void)sipr_txn_remove(&table, &t->key);
    timer_set(id, SIPR_FSM_NEVER);
    req_drop(id);
    if (t->call != NONE32 && calls[t->call].inv == id)
        calls[t->call].inv = NONE32;
    t->kind = 0;
    t->next_free = txn_free_head;
    txn_free_head = id;
}

static uint32_t fnv1a(uint32_t h, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t call_hash(sipr_str call_id, sipr_str from_tag)
{
    return fnv1a(fnv1a(2166136261u, call_id.s, call_id.len), from_tag.s, from_tag.len);
}

/* The call of (Call-ID, From tag), NONE32 when there is none. */
static uint32_t call_find(sipr_str call_id, sipr_str from_tag)
{
    uint32_t h = call_hash(call_id, from_tag), c;
    for (c = call_bucket[h % CALL_BUCKETS]; c != NONE32; c = calls[c].next) {
        call *k = &calls[c];
        if (k->hash == h && k->call_id_len == call_id.len && k->from_tag_len == from_tag.len &&
            memcmp(k->call_id, call_id.s, call_id.len) == 0 &&
            memcmp(k->from_tag, from_tag.s, from_tag.len) == 0)
            return c;
    }
    return NONE32;
}

static uint32_t call_new(sipr_str call_id, sipr_str from_tag)
{
    uint32_t c = call_free_head, b;
    call *k;
    if (call_id.len > sizeof calls[0].call_id || from_tag.len > sizeof calls[0].from_tag)
        return NONE32;
    if (c != NONE32)
        call_free_head = calls[c].next;
    else if (call_high < N_CALLS)
        c = call_high++;
    else
        return NONE32;
    k = &calls[c];
    k->hash = call_hash(call_id, from_tag);
    k->call_id_len = (uint16_t)call_id.len;
    k->from_tag_len = (uint16_t)from_tag.len;
    memcpy(k->call_id, call_id.s, call_id.len);
    memcpy(k->from_tag, from_tag.s, from_tag.len);
    ex_token(k->to_tag, sizeof k->to_tag, "as");
    k->state = C_RINGING;
    st.open++;
    k->inv = NONE32;
    k->ring_at = SIPR_FSM_NEVER;
    sipr_retx_stop(&k->retx);
    k->ok_len = 0;
    b = k->hash % CALL_BUCKETS;
    k->next = call_bucket[b];
    call_bucket[b] = c;
    return c;
}

static void call_free(uint32_t c)
{
    call *k = &calls[c];
    uint32_t *pp = &call_bucket[k->hash % CALL_BUCKETS];
    while (*pp != c)
        pp = &calls[*pp].next;
    *pp = k->next;
    if (k->inv != NONE32 && txns[k->inv].call == c)
        txns[k->inv].call = NONE32;
    k->state = C_FREE;
    st.open--;
    k->ring_at = SIPR_FSM_NEVER;
    sipr_retx_stop(&k->retx);
    timer_set(N_TXN + c, SIPR_FSM_NEVER);
    k->next = call_free_head;
    call_free_head = c;
}

/* ---- sending ----------------------------------------------------------------------- */
static void send_bytes(const peer_t *to, const char *p, size_t n)
{
    conn_t *c;
    size_t done = 0;
    if (n == 0)
        return;
    if (to->conn < 0) {
        (void)sendto(sock, p, n, 0, (const struct sockaddr *)&to->sa, to->len);
        return;
    }
    /* §18.2.2: a response over TCP goes on the connection the request came
     * on; when that is gone this example does not open a new one */
    c = &conns[to->conn];
    if (c->fd < 0 || c->gen != to->gen || c->dead)
        return;
    while (done < n) {
        ssize_t w = write(c->fd, p + done, n - done);
        if (w <= 0) {
            c->dead = 1; /* EAGAIN included: a peer that does not read is dropped */
            return;
        }
        done += (size_t)w;
    }
}

/* The numeric text of an address's host. */
static int host_of(const struct sockaddr_storage *sa, char *out, size_t cap)
{
    const void *a = sa->ss_family == AF_INET6
                        ? (const void *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr
                        : (const void *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;
    return inet_ntop(sa->ss_family, a, out, (socklen_t)cap) != NULL;
}

/* Where responses to request m go: sipr_response_target says (RFC 3261
 * §18.2.2, RFC 3581 §4): the request's connection (TCP); the source address
 * at the source port (rport) or the sent-by port (received); or the sent-by
 * or maddr host at its port. This example does no DNS (RFC 3263): a sent-by
 * or maddr host that is not an IP address is replaced by the source address,
 * at the port the rule gives. A closed TCP connection is not reopened. */
static void response_dest(const char *buf, size_t len, const sipr_msg *m, const peer_t *src,
                          peer_t *to)
{
    char host[INET6_ADDRSTRLEN], h2[280];
    sipr_send_target t;
    struct addrinfo hints, *res = NULL;
    *to = *src;
    if (src->conn >= 0 || !host_of(&src->sa, host, sizeof host) ||
        sipr_response_target(buf, len, m, 0, ex_str(host), ex_get_port(&src->sa), &t) != SIPR_OK)
        return;
    ex_set_port(&to->sa, t.port);
    if (t.how != SIPR_SEND_SENT_BY && t.how != SIPR_SEND_MADDR)
        return;
    if (t.host.len >= sizeof h2)
        return;
    /* an IPv6 reference comes with its brackets */
    if (t.host.len > 2 && buf[t.host.off] == '[')
        snprintf(h2, sizeof h2, "%.*s", (int)t.host.len - 2, buf + t.host.off + 1);
    else
        snprintf(h2, sizeof h2, "%.*s", (int)t.host.len, buf + t.host.off);
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(h2, NULL, &hints, &res) == 0 && res) {
        memcpy(&to->sa, res->ai_addr, res->ai_addrlen);
        to->len = (socklen_t)res->ai_addrlen;
        ex_set_port(&to->sa, t.port);
    }
    if (res)
        freeaddrinfo(res);
}

static const char *reason_of(uint16_t code)
{
    switch (code) {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 481: return "Call/Transaction Does Not Exist";
    case 483: return "Too Many Hops";
    case 487: return "Request Terminated";
    case 491: return "Request Pending";
    case 500: return "Server Internal Error";
    case 503: return "Service Unavailable";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    default: return code < 300 ? "OK" : "Error";
    }
}

static const char allow_value[] = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER";

/* What a response carries besides the copied lines. */
typedef struct {
    int contact;          /* Contact: <sip:uas@host:port> */
    int allow;            /* Allow */
    int accept;           /* Accept: application/sdp (415) */
    const char *www_auth; /* WWW-Authenticate value */
    sipr_str aor;         /* REGISTER 200: list the bindings of this AOR */
    int sdp;              /* a minimal SDP answer */
    uint64_t now;
} extras;

static int n_bindings_written;

static void add_bindings(sipr_builder *b, sipr_str aor, uint64_t now)
{
    uint32_t i;
    char exp[24];
    sipr_str_param p;
    sipr_addr_spec a;
    n_bindings_written = 0;
    for (i = 0; i < N_BIND; i++) {
        binding *x = &bindings[i];
        if (!x->used)
            continue;
        if (x->expires_at <= now) {
            x->used = 0;
            continue;
        }
        if (x->aor_len != aor.len || memcmp(x->aor, aor.s, aor.len) != 0)
            continue;
        snprintf(exp, sizeof exp, "%lu", (unsigned long)((x->expires_at - now + 999u) / 1000u));
        memset(&a, 0, sizeof a);
        a.uri.s = x->uri;
        a.uri.len = x->uri_len;
        p.name = ex_str("expires");
        p.value = ex_str(exp);
        a.params = &p;
        a.n_params = 1;
        sipr_build_addr(b, ex_str("Contact"), &a);
        n_bindings_written++;
    }
}

/* A response to request m of buf into out; its length, 0 when it cannot be
 * built (the request lacks what a response copies, or it is too long). */
static size_t make_response(char *out, size_t cap, const char *buf, size_t len, const sipr_msg *m,
                            uint16_t code, const char *to_tag, const extras *x)
{
    sipr_builder b;
    size_t n = 0;
    char contact[320];
    static const char sdp_fmt[] = "v=0\r\no=siprove 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\n"
                                  "t=0 0\r\nm=audio 9 RTP/AVP 0\r\na=inactive\r\n";
    char sdp[800];
    const char *body = NULL;
    size_t body_len = 0;

    sipr_builder_init(&b, out, cap, 0);
    sipr_build_response(&b, buf, len, m, code, ex_str(reason_of(code)),
                        ex_str(to_tag ? to_tag : ""),
                        code >= 200 && code < 300 ? SIPR_RESP_RECORD_ROUTE : 0);
    if (x && x->contact) {
        sipr_addr_spec a;
        memset(&a, 0, sizeof a);
        snprintf(contact, sizeof contact, "sip:uas@%s:%u", host_txt, (unsigned)host_port);
        a.uri = ex_str(contact);
        sipr_build_addr(&b, ex_str("Contact"), &a);
    }
    if (x && x->allow)
        sipr_build_header(&b, ex_str("Allow"), ex_str(allow_value));
    if (x && x->accept)
        sipr_build_header(&b, ex_str("Accept"), ex_str("application/sdp"));
    if (x && x->www_auth)
        sipr_build_header(&b, ex_str("WWW-Authenticate"), ex_str(x->www_auth));
    if (x && x->aor.len)
        add_bindings(&b, x->aor, x->now);
    sipr_build_header(&b, ex_str("Server"), ex_str("siprove-uas/" SIPR_VERSION_STRING));
    if (x && x->sdp && host_txt[0] != '[') {
        snprintf(sdp, sizeof sdp, sdp_fmt, host_txt, host_txt);
        sipr_build_content_type(&b, ex_str("application/sdp"));
        body = sdp;
        body_len = strlen(sdp);
    }
    if (sipr_build_end(&b, body, body_len, &n) != SIPR_OK)
        return 0;
    return n;
}

/* A response sent without a transaction (a request that failed the checks,
 * or no room for a transaction). */
static void stateless_reply(const char *buf, size_t len, const sipr_msg *m, const peer_t *src,
                            uint16_t code)
{
    peer_t to;
    extras x;
    char tag[24];
    size_t n;
    memset(&x, 0, sizeof x);
    x.accept = code == 415;
    x.allow = code == 405;
    ex_token(tag, sizeof tag, "sl");
    n = make_response(tmp, sizeof tmp, buf, len, m, code, tag, &x);
    if (n == 0) {
        st.dropped++;
        return;
    }
    response_dest(buf, len, m, src, &to);
    send_bytes(&to, tmp, n);
}

/* ---- transactions ---------------------------------------------------------------- */

/* Carry out a machine's actions for transaction id (the response to send is
 * already in t->rsp). */
static void txn_actions(uint32_t id, uint32_t act)
{
    txn *t = &txns[id];
    if (act & (SIPR_FSM_SEND_RESPONSE | SIPR_FSM_RESEND_RESPONSE))
        send_bytes(&t->peer, t->rsp, t->rsp_len);
    if (act & SIPR_FSM_RESEND_RESPONSE)
        st.resent++;
    if (act & SIPR_FSM_TERMINATE)
        txn_free(id);
    else
        txn_timer(id);
}

/* Give the IST the response in t->rsp (code tells the event). */
static void ist_respond(uint32_t id, uint16_t code, uint64_t now)
{
    txn *t = &txns[id];
    unsigned ev = code < 200   ? SIPR_IST_EV_1XX_FROM_TU
                  : code < 300 ? SIPR_IST_EV_2XX_FROM_TU
                               : SIPR_IST_EV_300_699_FROM_TU;
    if (code >= 200)
        req_drop(id); /* the final response is built: the INVITE is not needed */
    txn_actions(id, sipr_ist_step(&t->ist, ev, now));
}

static void nist_respond(uint32_t id, uint16_t code, uint64_t now)
{
    txn *t = &txns[id];
    unsigned ev = code < 200 ? SIPR_NIST_EV_1XX_FROM_TU : SIPR_NIST_EV_200_699_FROM_TU;
    txn_actions(id, sipr_nist_step(&t->nist, ev, now));
}

/* Build into transaction id's response buffer; 0 when it cannot be built. */
static int txn_build(uint32_t id, const char *buf, size_t len, const sipr_msg *m, uint16_t code,
                     const char *to_tag, const extras *x)
{
    txn *t = &txns[id];
    size_t n = make_response(t->rsp, sizeof t->rsp, buf, len, m, code, to_tag, x);
    t->rsp_len = (uint32_t)n;
    return n != 0;
}

/* A new transaction for request m under key k, or NONE32 (table or records
 * full: the caller answers 503). */
static uint32_t txn_new(int kind, const sipr_txn_key *k, const peer_t *to, uint64_t now)
{
    uint32_t id = txn_alloc();
    txn *t;
    if (id == NONE32)
        return NONE32;
    t = &txns[id];
    if (sipr_txn_add(&table, k, id) != SIPR_OK) {
        t->next_free = txn_free_head;
        txn_free_head = id;
        return NONE32;
    }
    t->kind = (uint8_t)kind;
    t->key = *k;
    t->peer = *to;
    if (kind == K_IST)
        (void)sipr_ist_init(&t->ist, to->conn < 0 ? &cfg : &cfg_rel, now);
    else
        (void)sipr_nist_init(&t->nist, to->conn < 0 ? &cfg : &cfg_rel, now);
    return id;
}

/* The 2xx for call c: built from its stored INVITE, given to the IST, then
 * retransmitted by this core at T1, 2*T1, ... up to T2 until the ACK, for
 * at most 64*T1 (§13.3.1.4). */
static void call_answer(uint32_t c, uint64_t now)
{
    call *k = &calls[c];
    txn *t;
    size_t n;
    extras x;
    k->ring_at = SIPR_FSM_NEVER;
    if (k->inv == NONE32 || txns[k->inv].ist.state != SIPR_IST_PROCEEDING ||
        txns[k->inv].req == NONE32) {
        call_free(c); /* its INVITE is gone: nothing to answer */
        return;
    }
    t = &txns[k->inv];
    if (sipr_msg_init(&aux, NULL) != SIPR_OK ||
        sipr_parse(req_pool[t->req], t->req_len, &aux) != SIPR_OK) {
        call_free(c); /* cannot happen: it parsed when it came */
        return;
    }
    memset(&x, 0, sizeof x);
    x.contact = 1;
    x.sdp = aux.body.len > 0;
    x.allow = 1;
    n = make_response(k->ok, sizeof k->ok, req_pool[t->req], t->req_len, &aux, 200, k->to_tag, &x);
    if (n == 0) {
        n = make_response(t->rsp, sizeof t->rsp, req_pool[t->req], t->req_len, &aux, 500, k->to_tag,
                          NULL);
        t->rsp_len = (uint32_t)n;
        ist_respond(k->inv, 500, now);
        call_free(c);
        return;
    }
    k->ok_len = (uint32_t)n;
    memcpy(t->rsp, k->ok, n);
    t->rsp_len = (uint32_t)n;
    k->peer = t->peer;
    k->state = C_WAIT_ACK;
    sipr_retx_start(&k->retx, cfg.t1_ms, cfg.t2_ms, now);
    ist_respond(k->inv, 200, now);
    call_timer(c);
}

static void call_fire(uint32_t c, uint64_t now)
{
    call *k = &calls[c];
    if (k->ring_at <= now) {
        call_answer(c, now);
        if (k->state == C_FREE)
            return;
    }
    switch (sipr_retx_due(&k->retx, now)) {
    case SIPR_RETX_GIVE_UP:
        /* no ACK within 64*T1: §13.3.1.4 says end the dialog (a full UA
         * would send BYE; this example forgets the call) */
        st.ack_timeouts++;
        call_free(c);
        return;
    case SIPR_RETX_SEND:
        send_bytes(&k->peer, k->ok, k->ok_len);
        st.rtx_2xx++;
        break;
    default:
        break;
    }
    call_timer(c);
}

static void txn_fire(uint32_t id, uint64_t now)
{
    txn *t = &txns[id];
    if (t->kind == K_IST) {
        unsigned ev;
        while (t->kind == K_IST && (ev = sipr_ist_expired(&t->ist, now)) != SIPR_IST_EV_NONE) {
            uint32_t act = sipr_ist_step(&t->ist, ev, now);
            if (act & SIPR_FSM_TIMEOUT)
                st.ack_timeouts++; /* timer H: no ACK for the non-2xx final */
            txn_actions(id, act);
        }
    } else if (t->kind == K_NIST) {
        unsigned ev;
        while (t->kind == K_NIST && (ev = sipr_nist_expired(&t->nist, now)) != SIPR_NIST_EV_NONE)
            txn_actions(id, sipr_nist_step(&t->nist, ev, now));
    }
    if (t->kind == 0)
        timer_set(id, SIPR_FSM_NEVER);
}

/* ---- the registrar and Digest ------------------------------------------------------- */

static void nonce_new(char *out)
{
    sipr_sha256_ctx c;
    uint8_t h[SIPR_SHA256_LEN];
    uint32_t ctr = nonce_next;
    uint64_t r = ex_rng();
    int i;
    sipr_sha256_init(&c);
    sipr_sha256_update(&c, (const char *)nonce_secret, sizeof nonce_secret);
    sipr_sha256_update(&c, (const char *)&ctr, sizeof ctr);
    sipr_sha256_update(&c, (const char *)&r, sizeof r);
    sipr_sha256_final(&c, h);
    for (i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* The remembered nonce n, or NULL (unknown, or older than 5 minutes). */
static nonce_rec *nonce_find(const char *buf, sipr_span n, uint64_t now)
{
    uint32_t i;
    for (i = 0; i < N_NONCE; i++)
        if (nonces[i].text[0] && ex_span_is(buf, n, nonces[i].text))
            return now - nonces[i].issued <= 300000u ? &nonces[i] : NULL;
    return NULL;
}

/* 1 when the request carries valid Digest credentials of the --auth user. */
static int auth_ok(const char *buf, size_t len, const sipr_msg *m, uint64_t now)
{
    uint16_t i;
    for (i = 0; i < m->n_headers; i++) {
        const sipr_header *h = &m->headers[i];
        sipr_digest_credentials cr;
        nonce_rec *nr;
        if (h->kind != SIPR_H_AUTHORIZATION)
            continue;
        if (sipr_digest_parse_credentials(buf, len, h->value, &cr) != SIPR_OK)
            continue;
        if (cr.username.escaped || !ex_span_is(buf, cr.username.value, auth_user) ||
            !ex_span_is(buf, cr.realm.value, realm))
            continue;
        /* the digest-uri is the Request-URI (§22.4) */
        if (cr.uri.value.len != m->request_uri.len ||
            memcmp(buf + cr.uri.value.off, buf + m->request_uri.off, m->request_uri.len) != 0)
            continue;
        nr = nonce_find(buf, cr.nonce.value, now);
        if (!nr)
            continue;
        if (cr.qop_kind != 0) {
            if (cr.nc_value <= nr->last_nc)
                continue; /* a replayed nonce count */
        }
        if (sipr_digest_verify(buf, len, &cr, ex_span(buf, m->method), ex_span(buf, m->body),
                               ex_str(auth_pass)) != SIPR_OK)
            continue;
        if (cr.qop_kind != 0)
            nr->last_nc = cr.nc_value;
        return 1;
    }
    return 0;
}

/* The address of record: the To URI's user@host. */
static int aor_of(const char *buf, const sipr_msg *m, char *out, size_t cap)
{
    const sipr_uri *u = &m->to.uri;
    int n = snprintf(out, cap, "%.*s@%.*s", (int)u->user.len, buf + u->user.off, (int)u->host.len,
                     buf + u->host.off);
    return n > 0 && (size_t)n < cap ? n : -1;
}

/* Apply the Contacts of a REGISTER (§10.3 steps 6-8, without the Call-ID /
 * CSeq ordering check): 0 on success, else the response code. */
static uint16_t register_apply(const char *buf, const sipr_msg *m, const char *aor, uint64_t now)
{
    uint16_t i;
    uint32_t j, aor_len = (uint32_t)strlen(aor);
    if (m->contact_star) {
        if (!m->has_expires || m->expires != 0 || m->n_contacts > 0)
            return 400;
        for (j = 0; j < N_BIND; j++)
            if (bindings[j].used && bindings[j].aor_len == aor_len &&
                memcmp(bindings[j].aor, aor, aor_len) == 0)
                bindings[j].used = 0;
        return 0;
    }
    for (i = 0; i < m->n_contacts; i++) {
        const sipr_name_addr *c = &m->contacts[i];
        uint32_t exp = m->has_expires ? m->expires : 3600u;
        uint32_t slot = NONE32;
        if (c->expires.len) {
            uint32_t v = 0, k;
            for (k = 0; k < c->expires.len && k < 9; k++) {
                char d = buf[c->expires.off + k];
                if (d < '0' || d > '9')
                    return 400;
                v = v * 10u + (uint32_t)(d - '0');
            }
            exp = v;
        }
        if (exp > 86400u)
            exp = 86400u;
        if (c->uri_text.len > sizeof bindings[0].uri)
            return 400;
        for (j = 0; j < N_BIND; j++) {
            binding *x = &bindings[j];
            if (x->used && x->aor_len == aor_len && memcmp(x->aor, aor, aor_len) == 0 &&
                x->uri_len == c->uri_text.len &&
                memcmp(x->uri, buf + c->uri_text.off, x->uri_len) == 0) {
                slot = j;
                break;
            }
            if (!x->used && slot == NONE32)
                slot = j;
        }
        if (exp == 0) {
            if (slot != NONE32 && bindings[slot].used && bindings[slot].aor_len == aor_len &&
                memcmp(bindings[slot].aor, aor, aor_len) == 0 &&
                bindings[slot].uri_len == c->uri_text.len)
                bindings[slot].used = 0;
            continue;
        }
        if (slot == NONE32)
            return 503;
        bindings[slot].used = 1;
        bindings[slot].aor_len = (uint16_t)aor_len;
        memcpy(bindings[slot].aor, aor, aor_len);
        bindings[slot].uri_len = (uint16_t)c->uri_text.len;
        memcpy(bindings[slot].uri, buf + c->uri_text.off, c->uri_text.len);
        bindings[slot].expires_at = now + (uint64_t)exp * 1000u;
    }
    return 0;
}

static void on_register(uint32_t id, const char *buf, size_t len, const sipr_msg *m,
                        const char *tag, uint64_t now)
{
    char aor[200];
    extras x;
    uint16_t code;
    memset(&x, 0, sizeof x);
    x.now = now;
    if (aor_of(buf, m, aor, sizeof aor) < 0) {
        code = 400;
    } else if (auth_on && ex_span_is(buf, m->to.uri.user, auth_user) &&
               !auth_ok(buf, len, m, now)) {
        static char chal[512];
        sipr_digest_challenge_spec sp;
        size_t need;
        nonce_rec *nr = &nonces[nonce_next % N_NONCE];
        nonce_new(nr->text);
        nonce_next++;
        nr->issued = now;
        nr->last_nc = 0;
        memset(&sp, 0, sizeof sp);
        sp.realm = ex_str(realm);
        sp.nonce = ex_str(nr->text);
        sp.alg = SIPR_DIGEST_MD5;
        sp.qop = SIPR_DIGEST_QOP_AUTH;
        code = 500;
        if (sipr_digest_build_challenge(&sp, chal, sizeof chal, &need) == SIPR_OK) {
            x.www_auth = chal;
            code = 401;
            st.challenged++;
        }
    } else {
        code = register_apply(buf, m, aor, now);
        if (code == 0) {
            code = 200;
            x.aor = ex_str(aor);
            st.registered++;
        }
    }
    if (!txn_build(id, buf, len, m, code, tag, &x)) {
        txn_build(id, buf, len, m, 500, tag, NULL);
        code = 500;
    }
    nist_respond(id, code, now);
}

/* ---- requests --------------------------------------------------------------------- */

static int method_of(const char *buf, const sipr_msg *m)
{
    int i;
    for (i = 0; i < M_OTHER; i++)
        if (ex_span_is(buf, m->method, method_name[i]))
            return i;
    return M_OTHER;
}

/* The call a request's dialog identifiers name (Call-ID, From tag, and our
 * To tag), NONE32 when none. */
static uint32_t dialog_of(const char *buf, const sipr_msg *m)
{
    uint32_t c = call_find(ex_span(buf, m->call_id), ex_span(buf, m->from.tag));
    if (c == NONE32 || !ex_span_is(buf, m->to.tag, calls[c].to_tag))
        return NONE32;
    return c;
}

/* 487 to the INVITE of call c still in Proceeding, and forget the call. */
static void call_terminate(uint32_t c, uint64_t now)
{
    call *k = &calls[c];
    uint32_t inv = k->inv;
    if (inv != NONE32 && txns[inv].ist.state == SIPR_IST_PROCEEDING && txns[inv].req != NONE32 &&
        sipr_msg_init(&aux, NULL) == SIPR_OK &&
        sipr_parse(req_pool[txns[inv].req], txns[inv].req_len, &aux) == SIPR_OK &&
        txn_build(inv, req_pool[txns[inv].req], txns[inv].req_len, &aux, 487, k->to_tag, NULL))
        ist_respond(inv, 487, now);
    call_free(c);
}

static void on_invite(const char *buf, size_t len, const sipr_msg *m, const sipr_txn_key *k,
                      const peer_t *to, const peer_t *src, uint64_t now)
{
    uint32_t id, c = NONE32;
    txn *t;
    if (len > REQ_MAX) {
        stateless_reply(buf, len, m, src, 513);
        return;
    }
    id = txn_new(K_IST, k, to, now);
    if (id == NONE32) {
        st.overload++;
        stateless_reply(buf, len, m, src, 503);
        return;
    }
    t = &txns[id];
    if (!req_take(id)) {
        st.overload++;
        if (txn_build(id, buf, len, m, 503, NULL, NULL))
            ist_respond(id, 503, now);
        return;
    }
    memcpy(req_pool[t->req], buf, len);
    t->req_len = (uint32_t)len;
    if (txn_build(id, buf, len, m, 100, NULL, NULL))
        ist_respond(id, 100, now);
    if (m->to.tag.len) {
        /* in a dialog: a re-INVITE of a call we know is answered at once
         * (no ringing); any other is 481 (§12.2.2) */
        c = dialog_of(buf, m);
        if (c == NONE32 || calls[c].state != C_CONFIRMED) {
            /* 491: an INVITE of ours is still pending in this dialog (§14.2) */
            uint16_t code = c == NONE32 ? 481 : 491;
            if (txn_build(id, buf, len, m, code, NULL, NULL))
                ist_respond(id, code, now);
            return;
        }
        if (calls[c].inv != NONE32)
            txns[calls[c].inv].call = NONE32;
        calls[c].state = C_RINGING;
        sipr_retx_stop(&calls[c].retx);
        calls[c].inv = id;
        t->call = c;
        calls[c].ring_at = now;
        call_timer(c);
        return;
    }
    c = call_new(ex_span(buf, m->call_id), ex_span(buf, m->from.tag));
    if (c == NONE32) {
        st.overload++;
        if (txn_build(id, buf, len, m, 503, NULL, NULL))
            ist_respond(id, 503, now);
        return;
    }
    calls[c].inv = id;
    t->call = c;
    if (txn_build(id, buf, len, m, 180, calls[c].to_tag, NULL))
        ist_respond(id, 180, now);
    calls[c].ring_at = now + ring_ms;
    call_timer(c);
}

/* The ACK of a 2xx: it matches no transaction (§17.2.3); it belongs to the
 * call, and stops the 2xx retransmissions (§13.3.1.4). */
static void on_ack_2xx(const char *buf, const sipr_msg *m)
{
    uint32_t c = dialog_of(buf, m);
    if (c == NONE32) {
        st.stray++;
        return;
    }
    if (calls[c].state == C_WAIT_ACK) {
        calls[c].state = C_CONFIRMED;
        sipr_retx_stop(&calls[c].retx);
        call_timer(c);
    }
}

static void on_request(const char *buf, size_t len, const peer_t *src, uint64_t now)
{
    const sipr_msg *m = &rx;
    int method = method_of(buf, m);
    sipr_verdict v;
    sipr_txn_key k;
    uint32_t id;
    peer_t to;
    char tag[24];
    extras x;
    uint16_t code;

    st.req[method]++;
    v = sipr_validate(buf, len, m, NULL);
    if (v.code != SIPR_V_OK) {
        st.invalid++;
        if (method == M_ACK) /* an ACK is never answered */
            st.dropped++;
        else
            stateless_reply(buf, len, m, src, v.response ? v.response : 400);
        return;
    }
    if (sipr_txn_key_request(buf, len, m, 0, &k) != SIPR_OK) {
        st.invalid++;
        if (method == M_ACK)
            st.dropped++;
        else
            stateless_reply(buf, len, m, src, 400);
        return;
    }
    id = sipr_txn_find(&table, &k);
    if (id != NONE32) {
        txn *t = &txns[id];
        if (t->kind == K_IST && method == M_ACK) {
            uint32_t act = sipr_ist_step(&t->ist, SIPR_IST_EV_ACK, now);
            if (act & SIPR_FSM_PASS_TO_TU)
                on_ack_2xx(buf, m); /* RFC 2543 peers: a 2xx ACK keyed like its INVITE */
            txn_actions(id, act);
        } else if (t->kind == K_IST) {
            txn_actions(id, sipr_ist_step(&t->ist, SIPR_IST_EV_INVITE, now));
        } else {
            txn_actions(id, sipr_nist_step(&t->nist, SIPR_NIST_EV_REQUEST, now));
        }
        return;
    }
    response_dest(buf, len, m, src, &to);
    if (method == M_ACK) {
        on_ack_2xx(buf, m);
        return;
    }
    if (method == M_INVITE) {
        on_invite(buf, len, m, &k, &to, src, now);
        return;
    }
    /* every other request: a NIST, one final response */
    id = txn_new(K_NIST, &k, &to, now);
    if (id == NONE32) {
        st.overload++;
        stateless_reply(buf, len, m, src, 503);
        return;
    }
    if (m->to.tag.len)
        tag[0] = '\0'; /* the To has a tag: keep it */
    else
        ex_token(tag, sizeof tag, "ns");
    memset(&x, 0, sizeof x);
    switch (method) {
    case M_REGISTER: on_register(id, buf, len, m, tag, now); return;
    case M_OPTIONS:
        code = 200;
        x.allow = 1;
        x.accept = 1;
        break;
    case M_BYE: {
        uint32_t c = dialog_of(buf, m);
        code = 481;
        if (c != NONE32) {
            code = 200;
            if (calls[c].state == C_RINGING)
                call_terminate(c, now); /* a BYE in the early dialog */
            else {
                st.completed++;
                call_free(c);
            }
        }
        break;
    }
    case M_CANCEL: {
        /* §9.2: the INVITE with the CANCEL's key but method INVITE */
        sipr_txn_key ik;
        uint32_t inv = NONE32;
        if (sipr_txn_key_request(buf, len, m, SIPR_TXN_KEY_INVITE, &ik) == SIPR_OK)
            inv = sipr_txn_find(&table, &ik);
        code = 481;
        if (inv != NONE32 && txns[inv].kind == K_IST) {
            uint32_t c = txns[inv].call;
            code = 200;
            txns[id].cancel_of = inv;
            if (c != NONE32)
                snprintf(tag, sizeof tag, "%s", calls[c].to_tag); /* §9.2: the same To tag */
            if (txn_build(id, buf, len, m, code, tag, &x))
                nist_respond(id, code, now);
            if (txns[inv].ist.state == SIPR_IST_PROCEEDING && c != NONE32) {
                st.cancelled++;
                call_terminate(c, now);
            }
            return;
        }
        break;
    }
    default:
        code = 405;
        x.allow = 1;
        break;
    }
    if (txn_build(id, buf, len, m, code, tag, &x))
        nist_respond(id, code, now);
    else
        txn_free(id);
}

/* One message: a UDP datagram, or one framed from a TCP stream. */
static void on_message(const char *buf, size_t len, const peer_t *src, uint64_t now)
{
    const struct sockaddr_storage *sa = &src->sa;
    if (len == 0 || sipr_parse(buf, len, &rx) != SIPR_OK) {
        /* too broken to answer: dropped (keep-alive CRLFs land here too) */
        st.unparsable++;
        st.dropped++;
        return;
    }
    if (rx.type != SIPR_MSG_REQUEST) {
        st.stray++; /* a UAS sends no requests: responses are not ours */
        st.dropped++;
        return;
    }
    /* §18.2.1, RFC 3581 §4: the server transport notes where the request
     * came from in its top Via (received, and the rport value when asked
     * for); the responses copy that Via, so they tell the client its public
     * address. sipr_needs_received says when; the request is then handled in
     * its rewritten form. */
    {
        char host[INET6_ADDRSTRLEN];
        size_t n2;
        if (host_of(sa, host, sizeof host) && sipr_needs_received(buf, len, &rx, ex_str(host)) &&
            sipr_proxy_received(buf, len, &rx, ex_str(host), ex_get_port(sa), rxbuf2, sizeof rxbuf2,
                                &n2) == SIPR_OK) {
            if (sipr_parse(rxbuf2, n2, &rx) == SIPR_OK) {
                on_request(rxbuf2, n2, src, now);
                return;
            }
            (void)sipr_parse(buf, len, &rx); /* cannot happen: handle the original */
        }
    }
    on_request(buf, len, src, now);
}

/* ---- TCP ---------------------------------------------------------------------------- */

static void conn_close(uint32_t i)
{
    conn_t *c = &conns[i];
    close(c->fd);
    c->fd = -1;
    c->gen++;
    c->dead = 0;
    c->len = 0;
}

static void tcp_accept(void)
{
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        uint32_t i;
        int fd = accept(tcp_sock, (struct sockaddr *)&sa, &sl);
        if (fd < 0)
            return;
        for (i = 0; i < N_CONN && conns[i].fd >= 0; i++)
            ;
        if (i == N_CONN || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK) != 0) {
            close(fd); /* no room: refused */
            st.overload++;
            continue;
        }
        conns[i].fd = fd;
        conns[i].len = 0;
        conns[i].dead = 0;
        conns[i].crlf = 0;
        conns[i].sa = sa;
        conns[i].sa_len = sl;
        (void)sipr_framer_init(&conns[i].fr, NULL);
    }
}

/* Read what connection i has, and handle every whole message in it. */
static void tcp_read(uint32_t i, uint64_t now)
{
    conn_t *c = &conns[i];
    ssize_t r = read(c->fd, c->buf + c->len, CONN_BUF - c->len);
    peer_t from;
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
        conn_close(i);
        return;
    }
    if (r < 0)
        return;
    c->len += (size_t)r;
    from.sa = c->sa;
    from.len = c->sa_len;
    from.conn = (int)i;
    from.gen = c->gen;
    for (;;) {
        sipr_frame_out o;
        sipr_frame_result fr = sipr_frame(&c->fr, c->buf, c->len, &o);
        size_t used;
        if (fr == SIPR_FRAME_ERROR) {
            st.unparsable++;
            st.dropped++;
            c->dead = 1; /* the stream cannot be framed any more */
            break;
        }
        /* keep-alives: "\r\n\r\n" is a ping, answered with a "\r\n"
         * pong (RFC 5626 §4.4.1); they may come over several reads */
        c->crlf += (unsigned)(o.skipped / 2u);
        if (c->crlf >= 2u) {
            send_bytes(&from, "\r\n", 2);
            c->crlf = 0;
        }
        if (fr == SIPR_FRAME_NEED_MORE) {
            /* drop the keep-alives seen so far and frame again from the
             * first byte after them */
            if (o.skipped > 0) {
                memmove(c->buf, c->buf + o.skipped, c->len - o.skipped);
                c->len -= o.skipped;
                (void)sipr_framer_init(&c->fr, NULL);
            }
            break;
        }
        c->crlf = 0;
        on_message(c->buf + o.skipped, o.msg_len, &from, now);
        used = o.skipped + o.msg_len;
        memmove(c->buf, c->buf + used, c->len - used);
        c->len -= used;
        (void)sipr_framer_init(&c->fr, NULL);
    }
    if (c->dead)
        conn_close(i);
}

/* ---- main ------------------------------------------------------------------------- */

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: uas --listen HOST:PORT [--ring-ms N] [--auth USER:PASS] [--max-seconds S]\n");
}

static void summary(void)
{
    int i;
    printf("uas: requests");
    for (i = 0; i < M__N; i++)
        printf(" %s=%lu", method_name[i], st.req[i]);
    printf("; calls completed=%lu cancelled=%lu open=%lu ack-timeouts=%lu; 2xx-retransmissions=%lu"
           " responses-resent=%lu; registered=%lu challenged=%lu; dropped=%lu (unparsable=%lu"
           " stray=%lu) invalid=%lu overload=%lu\n",
           st.completed, st.cancelled, st.open, st.ack_timeouts, st.rtx_2xx, st.resent,
           st.registered, st.challenged, st.dropped, st.unparsable, st.stray, st.invalid,
           st.overload);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *listen_arg = NULL;
    double max_seconds = 0;
    struct sockaddr_storage sa;
    socklen_t salen;
    struct sigaction sig;
    uint64_t start, end_at = SIPR_FSM_NEVER;
    uint32_t i;
    int a;
    FILE *f;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--listen") == 0 && a + 1 < argc)
            listen_arg = argv[++a];
        else if (strcmp(argv[a], "--ring-ms") == 0 && a + 1 < argc)
            ring_ms = (uint32_t)strtoul(argv[++a], NULL, 10);
        else if (strcmp(argv[a], "--max-seconds") == 0 && a + 1 < argc)
            max_seconds = strtod(argv[++a], NULL);
        else if (strcmp(argv[a], "--auth") == 0 && a + 1 < argc) {
            const char *up = argv[++a], *colon = strchr(up, ':');
            if (!colon || (size_t)(colon - up) >= sizeof auth_user ||
                strlen(colon + 1) >= sizeof auth_pass) {
                usage();
                return 64;
            }
            memcpy(auth_user, up, (size_t)(colon - up));
            auth_user[colon - up] = '\0';
            strcpy(auth_pass, colon + 1);
            auth_on = 1;
        } else {
            usage();
            return 64;
        }
    }
    if (!listen_arg ||
        ex_parse_hostport(listen_arg, &sa, &salen, host_txt, sizeof host_txt, &host_port) != 0) {
        usage();
        return 64;
    }
    sock = ex_udp_socket(&sa, salen);
    if (sock < 0) {
        fprintf(stderr, "uas: cannot bind %s: %s\n", listen_arg, strerror(errno));
        return 69;
    }
    salen = sizeof sa;
    if (getsockname(sock, (struct sockaddr *)&sa, &salen) == 0)
        host_port = ex_get_port(&sa);
    /* TCP on the same port (RFC 3261 §18: a UAS handles UDP and TCP); when
     * it cannot be had the UAS serves UDP only, and says so */
    for (i = 0; i < N_CONN; i++)
        conns[i].fd = -1;
    tcp_sock = socket(sa.ss_family, SOCK_STREAM, 0);
    if (tcp_sock >= 0) {
        int one = 1;
        (void)setsockopt(tcp_sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(tcp_sock, (struct sockaddr *)&sa, salen) != 0 || listen(tcp_sock, 64) != 0 ||
            fcntl(tcp_sock, F_SETFL, fcntl(tcp_sock, F_GETFL, 0) | O_NONBLOCK) != 0) {
            close(tcp_sock);
            tcp_sock = -1;
        }
    }

    ex_rng_seed();
    f = fopen("/dev/urandom", "rb");
    if (!f || fread(nonce_secret, sizeof nonce_secret, 1, f) != 1)
        for (i = 0; i < sizeof nonce_secret; i++)
            nonce_secret[i] = (uint8_t)ex_rng();
    if (f)
        fclose(f);
    sipr_fsm_config_default(&cfg, 0);     /* UDP: T1 500 ms, T2 4 s, T4 5 s */
    sipr_fsm_config_default(&cfg_rel, 1); /* TCP: no retransmissions, timers I and J 0 */
    if (sipr_txn_table_init(&table, slots, TABLE_CAP) != SIPR_OK ||
        sipr_msg_init(&rx, NULL) != SIPR_OK) {
        fprintf(stderr, "uas: library init failed\n");
        return 70;
    }
    for (i = 0; i < CALL_BUCKETS; i++)
        call_bucket[i] = NONE32;
    for (i = 0; i < N_TIMERS; i++)
        heap_pos[i] = NONE32;

    memset(&sig, 0, sizeof sig);
    sig.sa_handler = on_signal;
    sigaction(SIGINT, &sig, NULL);
    sigaction(SIGTERM, &sig, NULL);

    printf("uas: listening on %s:%u\n", host_txt, (unsigned)host_port);
    printf("uas: transports UDP%s\n", tcp_sock >= 0 ? " TCP" : " (no TCP: the port is taken)");
    fflush(stdout);
    start = ex_now_ms();
    if (max_seconds > 0)
        end_at = start + (uint64_t)(max_seconds * 1000.0);

    while (!stop_flag) {
        uint64_t now = ex_now_ms(), wait;
        struct pollfd pfd[2 + N_CONN];
        uint32_t conn_of[2 + N_CONN];
        nfds_t nfd = 0, j;
        int batch;
        if (now >= end_at)
            break;
        /* due timers, earliest first */
        while (heap_n > 0 && heap_key[heap[0]] <= now) {
            uint32_t id = heap[0];
            if (id < N_TXN)
                txn_fire(id, now);
            else
                call_fire(id - N_TXN, now);
        }
        wait = 1000;
        if (heap_n > 0)
            wait = min64(wait, heap_key[heap[0]] - now);
        if (end_at != SIPR_FSM_NEVER)
            wait = min64(wait, end_at - now);
        pfd[nfd].fd = sock;
        pfd[nfd++].events = POLLIN;
        if (tcp_sock >= 0) {
            pfd[nfd].fd = tcp_sock;
            pfd[nfd++].events = POLLIN;
        }
        for (i = 0; i < N_CONN; i++)
            if (conns[i].fd >= 0) {
                conn_of[nfd] = i;
                pfd[nfd].fd = conns[i].fd;
                pfd[nfd++].events = POLLIN;
            }
        if (poll(pfd, nfd, (int)wait) <= 0)
            continue;
        for (j = 2; j < nfd; j++)
            if (pfd[j].revents & (POLLIN | POLLHUP | POLLERR))
                tcp_read(conn_of[j], ex_now_ms());
        if (tcp_sock >= 0 && (pfd[1].revents & POLLIN))
            tcp_accept();
        for (batch = 0; batch < 256 && (pfd[0].revents & POLLIN); batch++) {
            peer_t src;
            ssize_t n;
            src.len = sizeof src.sa;
            src.conn = -1;
            src.gen = 0;
            n = recvfrom(sock, rxbuf, sizeof rxbuf, 0, (struct sockaddr *)&src.sa, &src.len);
            if (n < 0)
                break;
            on_message(rxbuf, (size_t)n, &src, ex_now_ms());
        }
    }
    summary();
    close(sock);
    if (tcp_sock >= 0)
        close(tcp_sock);
    for (i = 0; i < N_CONN; i++)
        if (conns[i].fd >= 0)
            close(conns[i].fd);
    return 0;
}
