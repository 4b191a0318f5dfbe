/* siprove bench: siprove against oSIP, sofia-sip and libre on the same corpus,
 * in one run (`make bench`; method and reading in docs/bench.md).
 *
 *   siprove-bench [--corpus DIR] [--out DIR] [--runs N] [--min-time SEC]
 *                 [--cg-iters N] [--no-callgrind]
 *   siprove-bench --cg-child PARSER ITERS [--cg-op parse|serialize|proxy] [--corpus DIR]
 *
 * Three operations: parse (every adapter), serialize (a parsed message
 * written back to bytes) and the proxy path (parse a request, push a Via,
 * decrement Max-Forwards, add a Record-Route, write it), the last two for
 * the adapters that have them (siprove, oSIP, sofia-sip).
 * 1. Loads the corpus below (no network).
 * 2. Checks every adapter: which messages its library accepts, which of the
 *    nine fields it finds, and whether their bytes equal siprove's; then
 *    whether what it writes parses again, with its own library, to the same
 *    fields (proxy path: with the new Via on top), and for the proxy path
 *    whether siprove's parser finds the new Via, Max-Forwards and
 *    Record-Route in it. An adapter that fails a writer check is not timed.
 * 3. Times every operation: a run is as many passes over the corpus as last
 *    about --min-time (calibrated first); --runs rounds, every operation of
 *    every adapter in turn within each round; the best run by wall clock
 *    counts (the median and the best by thread CPU time are printed beside
 *    it). Serialization times only the writing: each pass loads (parses)
 *    the corpus untimed, times writing all of it, and frees it untimed.
 * 4. Runs itself under `valgrind --tool=callgrind`, once per operation and
 *    adapter, with collection switched on only inside the timed function
 *    (bench_loop, bench_ser_batch, bench_proxy_loop), and divides the
 *    instruction count by the number of messages.
 * 5. Prints a table per operation and, last, one line per peer and
 *    operation: `vs <peer>: <ratio>x` (siprove messages/s over the peer's). */
#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "?"
#endif

/* ---- The corpus -------------------------------------------------------------
 * Every message of tests/corpus/ whose manifest verdict is `valid`, except the
 * RFC 4475 torture tests (they are built to be unusual, not representative):
 * the RFC 3261 §11 and §24 call flows and the RFC 3515, 3665, 4916 and 5626
 * flow examples, less RFC 3515 F1 and F3 (their Refer-To and
 * Subscription-State values are the RFC's placeholders, not values: the
 * manifest marks them as our departures). RFC data, used with attribution:
 * sources and transcription notes in tests/corpus/README.md and
 * tests/corpus/MANIFEST.tsv. */
static const struct {
    const char *path;    /* under the corpus directory */
    const char *source;  /* as in MANIFEST.tsv */
} corpus_list[] = {
    {"rfc3261/11.1-options-request.sip", "RFC 3261 11.1 (example OPTIONS request)"},
    {"rfc3261/11.2-options-200ok.sip", "RFC 3261 11.2 (example OPTIONS response)"},
    {"rfc3261/24.1-F01-register-bob-registrar.sip", "RFC 3261 24.1 F1 (REGISTER Bob -> Registrar)"},
    {"rfc3261/24.1-F02-200-ok-registrar-bob.sip", "RFC 3261 24.1 F2 (200 OK Registrar -> Bob)"},
    {"rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip", "RFC 3261 24.2 F1 (INVITE Alice -> atlanta.com proxy)"},
    {"rfc3261/24.2-F02-100-trying-atlanta-com-proxy-alice.sip", "RFC 3261 24.2 F2 (100 Trying atlanta.com proxy -> Alice)"},
    {"rfc3261/24.2-F03-invite-atlanta-com-proxy-biloxi-com-proxy.sip", "RFC 3261 24.2 F3 (INVITE atlanta.com proxy -> biloxi.com proxy)"},
    {"rfc3261/24.2-F04-100-trying-biloxi-com-proxy-atlanta-com-proxy.sip", "RFC 3261 24.2 F4 (100 Trying biloxi.com proxy -> atlanta.com proxy)"},
    {"rfc3261/24.2-F05-invite-biloxi-com-proxy-bob.sip", "RFC 3261 24.2 F5 (INVITE biloxi.com proxy -> Bob)"},
    {"rfc3261/24.2-F06-180-ringing-bob-biloxi-com-proxy.sip", "RFC 3261 24.2 F6 (180 Ringing Bob -> biloxi.com proxy)"},
    {"rfc3261/24.2-F07-180-ringing-biloxi-com-proxy-atlanta-com-proxy.sip", "RFC 3261 24.2 F7 (180 Ringing biloxi.com proxy -> atlanta.com proxy)"},
    {"rfc3261/24.2-F08-180-ringing-atlanta-com-proxy-alice.sip", "RFC 3261 24.2 F8 (180 Ringing atlanta.com proxy -> Alice)"},
    {"rfc3261/24.2-F09-200-ok-bob-biloxi-com-proxy.sip", "RFC 3261 24.2 F9 (200 OK Bob -> biloxi.com proxy)"},
    {"rfc3261/24.2-F10-200-ok-biloxi-com-proxy-atlanta-com-proxy.sip", "RFC 3261 24.2 F10 (200 OK biloxi.com proxy -> atlanta.com proxy)"},
    {"rfc3261/24.2-F11-200-ok-atlanta-com-proxy-alice.sip", "RFC 3261 24.2 F11 (200 OK atlanta.com proxy -> Alice)"},
    {"rfc3261/24.2-F12-ack-alice-bob.sip", "RFC 3261 24.2 F12 (ACK Alice -> Bob)"},
    {"rfc3261/24.2-F13-bye-bob-alice.sip", "RFC 3261 24.2 F13 (BYE Bob -> Alice)"},
    {"rfc3261/24.2-F14-200-ok-alice-bob.sip", "RFC 3261 24.2 F14 (200 OK Alice -> Bob)"},
    {"rfc3515/4.1-F2-202-accepted.sip", "RFC 3515 4.1 F2"},
    {"rfc3665/2.1-F1-register.sip", "RFC 3665 2.1 F1"},
    {"rfc3665/2.1-F2-401-unauthorized.sip", "RFC 3665 2.1 F2"},
    {"rfc3665/2.1-F3-register.sip", "RFC 3665 2.1 F3"},
    {"rfc3665/2.1-F4-200-ok.sip", "RFC 3665 2.1 F4"},
    {"rfc3665/3.1-F1-invite.sip", "RFC 3665 3.1 F1"},
    {"rfc3665/3.1-F2-180-ringing.sip", "RFC 3665 3.1 F2"},
    {"rfc3665/3.1-F3-200-ok.sip", "RFC 3665 3.1 F3"},
    {"rfc3665/3.1-F4-ack.sip", "RFC 3665 3.1 F4"},
    {"rfc3665/3.1-F5-bye.sip", "RFC 3665 3.1 F5"},
    {"rfc3665/3.1-F6-200-ok.sip", "RFC 3665 3.1 F6"},
    {"rfc3665/3.2-F12-200-ok.sip", "RFC 3665 3.2 F12"},
    {"rfc3665/3.2-F2-407-proxy-authorization-required.sip", "RFC 3665 3.2 F2"},
    {"rfc3665/3.2-F4-invite.sip", "RFC 3665 3.2 F4"},
    {"rfc3665/3.2-F7-invite.sip", "RFC 3665 3.2 F7"},
    {"rfc3665/3.6-F11-ack.sip", "RFC 3665 3.6 F11"},
    {"rfc3665/3.6-F2-302-moved-temporarily.sip", "RFC 3665 3.6 F2"},
    {"rfc3665/3.8-F15-487-request-terminated.sip", "RFC 3665 3.8 F15"},
    {"rfc3665/3.8-F9-cancel.sip", "RFC 3665 3.8 F9"},
    {"rfc3665/3.9-F6-486-busy-here.sip", "RFC 3665 3.9 F6"},
    {"rfc4916/5.1-F7-update.sip", "RFC 4916 5.1 F7"},
    {"rfc5626/9.1-F1-subscribe.sip", "RFC 5626 9.1 F1"},
    {"rfc5626/9.1-F2-notify.sip", "RFC 5626 9.1 F2"},
};
#define N_MSGS (sizeof corpus_list / sizeof corpus_list[0])

typedef struct {
    char *buf;           /* exactly len bytes, its own allocation */
    size_t len;
} message;

static message msgs[N_MSGS];
static size_t corpus_bytes;
/* serialization loads the whole corpus at once, one adapter slot per message */
typedef char bench_slots_hold_the_corpus[N_MSGS <= BENCH_SLOTS ? 1 : -1];

/* the requests of the corpus (the proxy path's input), as indexes into msgs */
static size_t reqs[N_MSGS];
static size_t n_reqs;
static size_t req_bytes;

static const bench_peer *const peers[] = {
    &bench_peer_siprove, &bench_peer_osip, &bench_peer_sofia, &bench_peer_libre,
};
#define N_PEERS (sizeof peers / sizeof peers[0])

static const char *const field_names[BF__COUNT] = {
    "Via branch", "Via host", "From tag", "To tag", "Call-ID",
    "CSeq number", "CSeq method", "Contact URI", "Content-Length",
};

/* ---- What bench_touch() does ---------------------------------------------------- */
enum { TOUCH_FOLD, TOUCH_DIGEST };
static int touch_mode = TOUCH_FOLD;

/* TOUCH_FOLD: length, first and last byte of every string field and the
 * numbers, folded into one word that is printed at the end. */
uint64_t bench_fold;
/* TOUCH_DIGEST: one FNV-1a digest per field of the last message. */
static uint64_t digest[BF__COUNT];
static unsigned digest_found;

static uint64_t fold_str(uint64_t h, bench_str s)
{
    if (s.n)
        h = h * 31u + s.n + (unsigned char)s.p[0] + (unsigned char)s.p[s.n - 1];
    return h;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3u;
    }
    return h;
}
#define FNV0 0xcbf29ce484222325u

void bench_touch(const bench_fields *f)
{
    if (touch_mode == TOUCH_FOLD) {
        uint64_t h = bench_fold;
        h = fold_str(h, f->via_branch);
        h = fold_str(h, f->via_host);
        h = fold_str(h, f->from_tag);
        h = fold_str(h, f->to_tag);
        h = fold_str(h, f->call_id);
        h = fold_str(h, f->call_id_host);
        h = h * 31u + f->cseq_number;
        h = fold_str(h, f->cseq_method);
        h = fold_str(h, f->contact_user);
        h = fold_str(h, f->contact_host);
        h = h * 31u + f->content_length + f->found;
        bench_fold = h;
        return;
    }
    digest_found = f->found;
    digest[0] = fnv(FNV0, f->via_branch.p, f->via_branch.n);
    digest[1] = fnv(FNV0, f->via_host.p, f->via_host.n);
    digest[2] = fnv(FNV0, f->from_tag.p, f->from_tag.n);
    digest[3] = fnv(FNV0, f->to_tag.p, f->to_tag.n);
    digest[4] = fnv(FNV0, f->call_id.p, f->call_id.n);
    if (f->call_id_host.n) /* a Call-ID split at '@' digests as the whole */
        digest[4] = fnv(fnv(digest[4], "@", 1), f->call_id_host.p, f->call_id_host.n);
    digest[5] = fnv(FNV0, &f->cseq_number, sizeof f->cseq_number);
    digest[6] = fnv(FNV0, f->cseq_method.p, f->cseq_method.n);
    digest[7] = fnv(fnv(fnv(FNV0, f->contact_user.p, f->contact_user.n), "@", 1),
                    f->contact_host.p, f->contact_host.n);
    digest[8] = fnv(FNV0, &f->content_length, sizeof f->content_length);
}

/* ---- What bench_wrote() does ------------------------------------------------------ */
enum { WROTE_FOLD, WROTE_COPY };
static int wrote_mode = WROTE_FOLD;
/* WROTE_COPY: the last message written (the largest message plus the proxy's lines) */
static char wrote_buf[65535 + 4096];
static size_t wrote_len;
static long wrote_calls;

void bench_wrote(const char *p, size_t n)
{
    if (wrote_mode == WROTE_FOLD) {
        if (n)
            bench_fold = bench_fold * 31u + n + (unsigned char)p[0] + (unsigned char)p[n - 1];
        return;
    }
    wrote_calls++;
    wrote_len = n <= sizeof wrote_buf ? n : 0;
    memcpy(wrote_buf, p, wrote_len);
}

/* ---- Loading ---------------------------------------------------------------------- */
static int load_corpus(const char *dir)
{
    size_t i;
    for (i = 0; i < N_MSGS; i++) {
        char path[4096];
        FILE *fp;
        long n;
        snprintf(path, sizeof path, "%s/%s", dir, corpus_list[i].path);
        fp = fopen(path, "rb");
        if (!fp) {
            fprintf(stderr, "bench: cannot open %s: %s\n", path, strerror(errno));
            return -1;
        }
        if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) <= 0 || fseek(fp, 0, SEEK_SET) != 0) {
            fprintf(stderr, "bench: cannot size %s\n", path);
            fclose(fp);
            return -1;
        }
        msgs[i].len = (size_t)n;
        msgs[i].buf = malloc(msgs[i].len);
        if (!msgs[i].buf || fread(msgs[i].buf, 1, msgs[i].len, fp) != msgs[i].len) {
            fprintf(stderr, "bench: cannot read %s\n", path);
            fclose(fp);
            return -1;
        }
        fclose(fp);
        corpus_bytes += msgs[i].len;
        /* a response's start line begins with the SIP-Version (RFC 3261 §7.2) */
        if (msgs[i].len < 4 || memcmp(msgs[i].buf, "SIP/", 4) != 0) {
            reqs[n_reqs++] = i;
            req_bytes += msgs[i].len;
        }
    }
    return 0;
}

/* ---- The operations ---------------------------------------------------------------- */
enum { OP_PARSE, OP_SERIALIZE, OP_PROXY, N_OPS };
static const char *const op_names[N_OPS] = {"parse", "serialize", "proxy"};
/* the function callgrind collects in, per operation */
static const char *const op_loops[N_OPS] = {"bench_loop", "bench_ser_batch", "bench_proxy_loop"};

static int op_has(const bench_peer *p, int op)
{
    if (op == OP_SERIALIZE)
        return p->ser_load && p->serialize && p->ser_free;
    if (op == OP_PROXY)
        return p->proxy != NULL;
    return 1;
}

/* messages per corpus pass */
static size_t op_msgs(int op)
{
    return op == OP_PROXY ? n_reqs : N_MSGS;
}

/* ---- The measured loops ------------------------------------------------------------
 * callgrind collects only inside bench_loop(), bench_ser_batch() and
 * bench_proxy_loop() (--toggle-collect); the same bodies run uncollected in
 * bench_warm(), bench_ser_warm() and bench_proxy_warm() first. */
static inline long corpus_pass(const bench_peer *p, long iters)
{
    long it, ok = 0;
    size_t i;
    for (it = 0; it < iters; it++)
        for (i = 0; i < N_MSGS; i++)
            ok += p->parse(msgs[i].buf, msgs[i].len) == 0;
    return ok;
}

__attribute__((noinline)) long bench_loop(const bench_peer *p, long iters)
{
    return corpus_pass(p, iters);
}

/* a distinct body, so that the compiler cannot fold it into bench_loop() */
static long warm_passes;
__attribute__((noinline)) long bench_warm(const bench_peer *p, long iters)
{
    warm_passes += iters;
    return corpus_pass(p, iters);
}

static inline long proxy_pass(const bench_peer *p, long iters)
{
    long it, ok = 0;
    size_t i;
    for (it = 0; it < iters; it++)
        for (i = 0; i < n_reqs; i++)
            ok += p->proxy(msgs[reqs[i]].buf, msgs[reqs[i]].len) == 0;
    return ok;
}

__attribute__((noinline)) long bench_proxy_loop(const bench_peer *p, long iters)
{
    return proxy_pass(p, iters);
}

static long warm_proxy_passes;
__attribute__((noinline)) long bench_proxy_warm(const bench_peer *p, long iters)
{
    warm_proxy_passes += iters;
    return proxy_pass(p, iters);
}

/* serialization: slot i holds corpus message i */
static inline long ser_pass(const bench_peer *p)
{
    long ok = 0;
    size_t i;
    for (i = 0; i < N_MSGS; i++)
        ok += p->serialize(i) == 0;
    return ok;
}

__attribute__((noinline)) long bench_ser_batch(const bench_peer *p)
{
    return ser_pass(p);
}

static long warm_ser_passes;
__attribute__((noinline)) long bench_ser_warm(const bench_peer *p)
{
    warm_ser_passes++;
    return ser_pass(p);
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* what one pair of now() calls costs with nothing between them (the least of
 * many tries): taken off every timed serialization batch */
static double clock_cost;

static void measure_clock_cost(void)
{
    int i;
    clock_cost = 1;
    for (i = 0; i < 10000; i++) {
        const double t0 = now(), t = now() - t0;
        if (t < clock_cost)
            clock_cost = t;
    }
}

/* Load every corpus message into its slot; 0 when all were accepted. */
static int ser_load_all(const bench_peer *p)
{
    size_t i;
    int bad = 0;
    for (i = 0; i < N_MSGS; i++)
        bad |= p->ser_load(i, msgs[i].buf, msgs[i].len) != 0;
    return bad ? -1 : 0;
}

static void ser_free_all(const bench_peer *p)
{
    size_t i;
    for (i = 0; i < N_MSGS; i++)
        p->ser_free(i);
}

/* One run of op by p: iters corpus passes (collected by callgrind unless
 * warm). Returns the seconds timed and sets *ok (messages done) and *cpu (the
 * thread's CPU seconds; 0 for serialization, whose batches are too short for
 * that clock). */
static double op_run(const bench_peer *p, int op, long iters, int warm, long *ok, double *cpu)
{
    double t0, c0, t = 0;
    long it;
    *cpu = 0;
    if (op == OP_SERIALIZE) {
        *ok = 0;
        for (it = 0; it < iters; it++) {
            if (ser_load_all(p) != 0) {
                ser_free_all(p);
                continue;
            }
            t0 = now();
            *ok += warm ? bench_ser_warm(p) : bench_ser_batch(p);
            t += now() - t0 - clock_cost;
            ser_free_all(p);
        }
        return t;
    }
    c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    t0 = now();
    if (op == OP_PARSE)
        *ok = warm ? bench_warm(p, iters) : bench_loop(p, iters);
    else
        *ok = warm ? bench_proxy_warm(p, iters) : bench_proxy_loop(p, iters);
    t = now() - t0;
    *cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
    return t;
}

static const bench_peer *peer_named(const char *name)
{
    size_t k;
    for (k = 0; k < N_PEERS; k++)
        if (strcmp(peers[k]->name, name) == 0)
            return peers[k];
    return NULL;
}

/* ---- Adapter check ----------------------------------------------------------------- */
#define MAX_RUNS 64
typedef struct {
    int timed;           /* the operation is measured for this adapter */
    long accepted;       /* messages the library accepted (parse) or wrote */
    long fields;         /* parse: fields found, summed over messages */
    long agree;          /* messages whose fields equal siprove's (parse), or whose
                            output parsed again to the expected fields (writers) */
    long extra;          /* serialize: outputs equal to the input byte for byte;
                            proxy: outputs that pass bench_check_forwarded */
    uint64_t digest;     /* over the agreeing messages */
    double best;         /* best run, seconds */
    double median;       /* median run, seconds (how noisy the machine was) */
    double best_cpu;     /* best run by this thread's CPU time, seconds; 0: not measured */
    double times[MAX_RUNS];
    long iters;          /* corpus passes per run */
    double ir_per_msg;   /* callgrind, 0 when not measured */
} result;

static result results[N_OPS][N_PEERS];

/* siprove's reading of each corpus message: the reference for every check */
static uint64_t ref[N_MSGS][BF__COUNT];
static unsigned ref_found[N_MSGS];

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* Fields of digest/digest_found that differ from want/want_found, as bits. */
static unsigned fields_differing(const uint64_t *want, unsigned want_found)
{
    unsigned bad = want_found ^ digest_found;
    int f;
    for (f = 0; f < BF__COUNT; f++)
        if ((want_found & digest_found & (1u << f)) && want[f] != digest[f])
            bad |= 1u << f;
    return bad;
}

static void print_fields(unsigned bad, unsigned found)
{
    int f;
    for (f = 0; f < BF__COUNT; f++)
        if (bad & (1u << f))
            fprintf(stdout, " [%s%s]", field_names[f], !(found & (1u << f)) ? " missing" : "");
    fputc('\n', stdout);
}

static void check_adapters(void)
{
    result *res = results[OP_PARSE];
    size_t k, i;
    int f;

    touch_mode = TOUCH_DIGEST;
    for (k = 0; k < N_PEERS; k++) {
        const bench_peer *p = peers[k];
        int shown = 0;
        res[k].timed = 1;
        res[k].digest = FNV0;
        for (i = 0; i < N_MSGS; i++) {
            int same = 1;
            digest_found = 0;
            if (p->parse(msgs[i].buf, msgs[i].len) != 0) {
                fprintf(stdout, "  %s: rejects %s\n", p->name, corpus_list[i].path);
                if (k == 0)
                    ref_found[i] = ~0u;   /* nothing to compare with */
                continue;
            }
            res[k].accepted++;
            res[k].fields += popcount(digest_found);
            if (k == 0) {
                memcpy(ref[i], digest, sizeof digest);
                ref_found[i] = digest_found;
            }
            if (digest_found != ref_found[i])
                same = 0;
            for (f = 0; f < BF__COUNT; f++) {
                if (!((ref_found[i] | digest_found) & (1u << f)) || ref[i][f] == digest[f])
                    continue;
                same = 0;
            }
            if (same) {
                res[k].agree++;
                res[k].digest = fnv(res[k].digest, ref[i], sizeof ref[i]);
            } else if (shown++ < 6) {
                fprintf(stdout, "  %s: differs from siprove on %s:", p->name, corpus_list[i].path);
                for (f = 0; f < BF__COUNT; f++)
                    if (((ref_found[i] ^ digest_found) & (1u << f)) ||
                        ((ref_found[i] & digest_found & (1u << f)) && ref[i][f] != digest[f]))
                        fprintf(stdout, " [%s%s]", field_names[f],
                                !(digest_found & (1u << f)) ? " missing" :
                                !(ref_found[i] & (1u << f)) ? " extra" : "");
                fputc('\n', stdout);
            }
        }
    }
    touch_mode = TOUCH_FOLD;
}

/* ---- Writer check -------------------------------------------------------------------
 * Every message is written once by each writer and its output kept
 * (bench_wrote in WROTE_COPY mode); the output is then parsed by the same
 * library (the adapter's parse) and its nine fields compared with siprove's
 * reading of the input: all equal for serialize; for the proxy path the top
 * Via must be BENCH_PROXY_HOST with BENCH_PROXY_BRANCH and the rest equal.
 * The proxy output must also pass bench_check_forwarded (siprove's parser:
 * Via count, Max-Forwards, Record-Route, body). A writer that fails any of
 * this for any message is not timed: one that wrote nothing, or wrote the
 * input unchanged, cannot look fast. */
static const char *const bpc_names[BPC__COUNT] = {
    "does not parse", "Via", "Max-Forwards", "Record-Route", "body",
};

static int write_one(const bench_peer *p, int op, size_t i)
{
    int r;
    wrote_calls = 0;
    wrote_len = 0;
    if (op == OP_SERIALIZE) {
        if (p->ser_load(0, msgs[i].buf, msgs[i].len) != 0) {
            p->ser_free(0);
            return -1;
        }
        r = p->serialize(0);
        p->ser_free(0);
    } else
        r = p->proxy(msgs[i].buf, msgs[i].len);
    return r == 0 && wrote_calls == 1 && wrote_len > 0 ? 0 : -1;
}

static void check_writers(void)
{
    static char copy[sizeof wrote_buf];
    uint64_t want[BF__COUNT];
    size_t k, j;
    int op;

    touch_mode = TOUCH_DIGEST;
    wrote_mode = WROTE_COPY;
    for (op = OP_SERIALIZE; op <= OP_PROXY; op++)
        for (k = 0; k < N_PEERS; k++) {
            const bench_peer *p = peers[k];
            result *r = &results[op][k];
            int shown = 0;
            if (!op_has(p, op))
                continue;
            r->digest = FNV0;
            for (j = 0; j < op_msgs(op); j++) {
                const size_t i = op == OP_PROXY ? reqs[j] : j;
                unsigned want_found = ref_found[i], bad;
                size_t n;
                if (write_one(p, op, i) != 0) {
                    if (shown++ < 6)
                        fprintf(stdout, "  %s %s: fails on %s\n", p->name, op_names[op],
                                corpus_list[i].path);
                    continue;
                }
                r->accepted++;
                n = wrote_len;
                memcpy(copy, wrote_buf, n);
                memcpy(want, ref[i], sizeof want);
                if (op == OP_PROXY) {
                    want[0] = fnv(FNV0, BENCH_PROXY_BRANCH, strlen(BENCH_PROXY_BRANCH));
                    want[1] = fnv(FNV0, BENCH_PROXY_HOST, strlen(BENCH_PROXY_HOST));
                    want_found |= BF_VIA_BRANCH | BF_VIA_HOST;
                    bad = bench_check_forwarded(msgs[i].buf, msgs[i].len, copy, n);
                    if (!bad)
                        r->extra++;
                    else if (shown++ < 6) {
                        int b;
                        fprintf(stdout, "  %s proxy: siprove's check of the output of %s fails:",
                                p->name, corpus_list[i].path);
                        for (b = 0; b < BPC__COUNT; b++)
                            if (bad & (1u << b))
                                fprintf(stdout, " [%s]", bpc_names[b]);
                        fputc('\n', stdout);
                    }
                } else if (n == msgs[i].len && memcmp(copy, msgs[i].buf, n) == 0)
                    r->extra++;
                digest_found = 0;
                if (p->parse(copy, n) != 0) {
                    if (shown++ < 6)
                        fprintf(stdout, "  %s %s: its output for %s does not parse again\n",
                                p->name, op_names[op], corpus_list[i].path);
                    continue;
                }
                bad = fields_differing(want, want_found);
                if (!bad) {
                    r->agree++;
                    r->digest = fnv(r->digest, want, sizeof want);
                } else if (shown++ < 6) {
                    fprintf(stdout, "  %s %s: its output for %s parses to other fields:", p->name,
                            op_names[op], corpus_list[i].path);
                    print_fields(bad, digest_found);
                }
            }
            r->timed = r->accepted == (long)op_msgs(op) && r->agree == r->accepted &&
                       (op != OP_PROXY || r->extra == r->accepted);
            if (!r->timed)
                fprintf(stdout, "  %s %s: failed the writer check, not timed\n", p->name,
                        op_names[op]);
        }
    wrote_mode = WROTE_FOLD;
    touch_mode = TOUCH_FOLD;
}

/* ---- callgrind ----------------------------------------------------------------------- */
static double callgrind_ir(const char *self, const char *name, int op, const char *corpus,
                           const char *out, long iters)
{
    char cmd[16384], file[4200], log[4200], line[512];
    FILE *fp;
    double total = -1;

    if (strlen(self) + 2 * strlen(out) + strlen(corpus) + 3 * strlen(name) > 4000) {
        fprintf(stderr, "bench: paths too long for the callgrind command\n");
        return 0;
    }
    /* parse keeps the names it always had: callgrind.<parser>.out */
    if (op == OP_PARSE) {
        snprintf(file, sizeof file, "%s/callgrind.%s.out", out, name);
        snprintf(log, sizeof log, "%s/callgrind.%s.log", out, name);
    } else {
        snprintf(file, sizeof file, "%s/callgrind.%s.%s.out", out, op_names[op], name);
        snprintf(log, sizeof log, "%s/callgrind.%s.%s.log", out, op_names[op], name);
    }
    snprintf(cmd, sizeof cmd,
             "valgrind --tool=callgrind --toggle-collect=%s --callgrind-out-file='%s' "
             "'%s' --cg-child '%s' %ld --cg-op %s --corpus '%s' >'%s' 2>&1",
             op_loops[op], file, self, name, iters, op_names[op], corpus, log);
    if (system(cmd) != 0) {
        fprintf(stderr, "bench: callgrind run failed for %s %s (see %s)\n", name, op_names[op],
                log);
        return 0;
    }
    fp = fopen(file, "r");
    if (!fp)
        return 0;
    /* the file ends with "summary: <Ir>" (and "totals: <Ir>"): events collected */
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "summary:", 8) == 0 || (total < 0 && strncmp(line, "totals:", 7) == 0))
            total = strtod(line + (line[0] == 's' ? 8 : 7), NULL);
    fclose(fp);
    if (total <= 0)
        return 0;
    return total / ((double)iters * (double)op_msgs(op));
}

static int cg_child(const char *name, int op, long iters)
{
    const bench_peer *p = peer_named(name);
    long ok;
    double cpu;
    if (!p || !op_has(p, op) || p->init() != 0) {
        fprintf(stderr, "bench: no %s for %s\n", op_names[op], name);
        return 1;
    }
    op_run(p, op, 1, 1, &ok, &cpu);
    op_run(p, op, iters, 0, &ok, &cpu);
    p->fini();
    printf("%s %s: %ld of %ld messages done, fold %016llx\n", name, op_names[op], ok,
           iters * (long)op_msgs(op), (unsigned long long)bench_fold);
    return ok == iters * (long)op_msgs(op) ? 0 : 1;
}

/* ---- Output helpers ------------------------------------------------------------------- */
static const char *grouped(double v, char *b, size_t n)
{
    char raw[64];
    size_t len, i, o = 0;
    snprintf(raw, sizeof raw, "%.0f", v);
    len = strlen(raw);
    for (i = 0; i < len && o + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            b[o++] = ',';
        b[o++] = raw[i];
    }
    b[o] = 0;
    return b;
}

static void cpu_model(char *b, size_t n)
{
    FILE *fp = fopen("/proc/cpuinfo", "r");
    char line[512];
    snprintf(b, n, "unknown CPU");
    if (!fp)
        return;
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c) {
                c += 1 + (c[1] == ' ');
                c[strcspn(c, "\n")] = 0;
                snprintf(b, n, "%s", c);
            }
            break;
        }
    }
    fclose(fp);
}

/* The table of a writing operation: ns per message and the ratios peer/siprove. */
static void print_writer_table(int op)
{
    const result *res = results[op];
    const double n = (double)op_msgs(op);
    char b1[32], b2[32];
    size_t k;

    printf("  %-10s %11s %8s %14s %11s %9s %9s %9s\n", "parser", "msgs/s", "ns/msg",
           "median ns/msg", "CPU ns/msg", "ns ratio", "Ir/msg", "Ir ratio");
    for (k = 0; k < N_PEERS; k++) {
        const double ns = res[k].best * 1e9 / ((double)res[k].iters * n);
        char ratio[32] = "-", ir_ratio[32] = "-", cpu[32] = "-";
        if (!op_has(peers[k], op))
            continue;
        if (!res[k].timed) {
            printf("  %-10s %11s   (failed the writer check: not timed)\n", peers[k]->name, "-");
            continue;
        }
        if (res[0].timed)
            snprintf(ratio, sizeof ratio, "%.1fx",
                     ns / (res[0].best * 1e9 / ((double)res[0].iters * n)));
        if (res[k].ir_per_msg > 0 && res[0].ir_per_msg > 0)
            snprintf(ir_ratio, sizeof ir_ratio, "%.1fx", res[k].ir_per_msg / res[0].ir_per_msg);
        if (res[k].best_cpu > 0)
            snprintf(cpu, sizeof cpu, "%.0f", res[k].best_cpu * 1e9 / ((double)res[k].iters * n));
        printf("  %-10s %11s %8.0f %14.0f %11s %9s %9s %9s\n", peers[k]->name,
               grouped(1e9 / ns, b1, sizeof b1), ns,
               res[k].median * 1e9 / ((double)res[k].iters * n), cpu, ratio,
               res[k].ir_per_msg > 0 ? grouped(res[k].ir_per_msg, b2, sizeof b2) : "-", ir_ratio);
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: siprove-bench [--corpus DIR] [--out DIR] [--runs N] [--min-time SEC]\n"
            "                     [--cg-iters N] [--no-callgrind]\n"
            "       siprove-bench --cg-child PARSER ITERS [--cg-op parse|serialize|proxy]\n"
            "                     [--corpus DIR]\n");
    exit(64);
}

int main(int argc, char **argv)
{
    const char *corpus = "tests/corpus", *out = "build/bench", *child = NULL;
    long child_iters = 0, cg_iters = 20;
    int runs = 15, use_cg = 1, child_op = OP_PARSE, a, r, op;
    double min_time = 0.1;
    char self[4096], cpu[256], b1[32], b2[32], b3[32], b4[32];
    size_t k;
    ssize_t sl;

    for (a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--corpus") && a + 1 < argc)
            corpus = argv[++a];
        else if (!strcmp(argv[a], "--out") && a + 1 < argc)
            out = argv[++a];
        else if (!strcmp(argv[a], "--runs") && a + 1 < argc)
            runs = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--min-time") && a + 1 < argc)
            min_time = atof(argv[++a]);
        else if (!strcmp(argv[a], "--cg-iters") && a + 1 < argc)
            cg_iters = atol(argv[++a]);
        else if (!strcmp(argv[a], "--no-callgrind"))
            use_cg = 0;
        else if (!strcmp(argv[a], "--cg-child") && a + 2 < argc) {
            child = argv[++a];
            child_iters = atol(argv[++a]);
        } else if (!strcmp(argv[a], "--cg-op") && a + 1 < argc) {
            ++a;
            for (child_op = 0; child_op < N_OPS && strcmp(argv[a], op_names[child_op]); child_op++)
                ;
            if (child_op == N_OPS)
                usage();
        } else
            usage();
    }
    if (runs < 1 || runs > MAX_RUNS || cg_iters < 1 || min_time <= 0)
        usage();
    if (load_corpus(corpus) != 0)
        return 66;
    measure_clock_cost();
    if (child)
        return cg_child(child, child_op, child_iters);

    sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0)
        snprintf(self, sizeof self, "%s", argv[0]);
    else
        self[sl] = 0;

    cpu_model(cpu, sizeof cpu);
    printf("siprove bench: %zu messages, %zu bytes (RFC 3261 §11 and §24 call flows, RFC 3515, 3665,\n"
           "  4916, 5626 examples; from %s, attribution in its README.md); %zu requests, %zu bytes\n",
           (size_t)N_MSGS, corpus_bytes, corpus, n_reqs, req_bytes);
    printf("machine: %s, %ld CPUs online; compiler %s; flags %s\n", cpu,
           sysconf(_SC_NPROCESSORS_ONLN), __VERSION__, BENCH_CFLAGS);
    printf("fields read by every adapter: top Via branch and host, From tag, To tag, Call-ID,\n"
           "  CSeq number and method, first Contact URI (user, host), Content-Length\n");

    for (k = 0; k < N_PEERS; k++)
        if (peers[k]->init() != 0) {
            fprintf(stderr, "bench: %s failed to initialise\n", peers[k]->name);
            return 1;
        }

    /* adapter check */
    printf("\nadapter check (each message once, fields compared byte for byte with siprove's):\n");
    check_adapters();
    printf("  %-10s %-34s %9s %7s %10s  %s\n", "parser", "version", "accepted", "fields",
           "agree", "digest of agreeing fields");
    for (k = 0; k < N_PEERS; k++)
        printf("  %-10s %-34s %5ld/%-3zu %7ld %6ld/%-3zu  %016llx\n", peers[k]->name,
               peers[k]->version, results[OP_PARSE][k].accepted, (size_t)N_MSGS,
               results[OP_PARSE][k].fields, results[OP_PARSE][k].agree, (size_t)N_MSGS,
               (unsigned long long)results[OP_PARSE][k].digest);

    printf("\nwriter check (each message written once; the output parsed again by the same library,\n"
           "  its fields compared with siprove's reading of the input, the proxy's Via on top;\n"
           "  proxy output also checked with siprove's parser: one Via more, Max-Forwards one less,\n"
           "  first Record-Route %s (sips: for a sips Request-URI), same body):\n", BENCH_PROXY_RR);
    check_writers();
    printf("  %-10s %-10s %8s %8s %12s %10s  %s\n", "parser", "operation", "written", "agree",
           "same bytes", "checked", "digest of agreeing fields");
    for (op = OP_SERIALIZE; op <= OP_PROXY; op++)
        for (k = 0; k < N_PEERS; k++) {
            const result *res = &results[op][k];
            char extra[32];
            if (!op_has(peers[k], op))
                continue;
            snprintf(extra, sizeof extra, "%ld/%zu", res->extra, op_msgs(op));
            printf("  %-10s %-10s %4ld/%-3zu %4ld/%-3zu %12s %10s  %016llx\n", peers[k]->name,
                   op_names[op], res->accepted, op_msgs(op), res->agree, op_msgs(op),
                   op == OP_SERIALIZE ? extra : "-", op == OP_PROXY ? extra : "-",
                   (unsigned long long)res->digest);
        }

    /* calibration: passes per run so that a run lasts about min_time (for
     * serialization, loading and freeing included) */
    for (op = 0; op < N_OPS; op++)
        for (k = 0; k < N_PEERS; k++) {
            result *res = &results[op][k];
            double t0, t, c;
            long n = 1, ok;
            if (!res->timed)
                continue;
            op_run(peers[k], op, 1, 1, &ok, &c);
            for (;;) {
                t0 = now();
                op_run(peers[k], op, n, 1, &ok, &c);
                t = now() - t0;
                if (t >= min_time / 4 || n > (1L << 30))
                    break;
                n *= 2;
            }
            res->iters = (long)((double)n * min_time / (t > 0 ? t : 1e-9)) + 1;
            res->best = res->best_cpu = 1e300;
        }
    /* timed runs, every operation of every adapter in turn, so that a noisy
     * moment is shared */
    for (r = 0; r < runs; r++)
        for (op = 0; op < N_OPS; op++)
            for (k = 0; k < N_PEERS; k++) {
                result *res = &results[op][k];
                long ok, want;
                double t, c;
                if (!res->timed)
                    continue;
                t = op_run(peers[k], op, res->iters, 0, &ok, &c);
                want = res->iters * (op == OP_PARSE ? res->accepted : (long)op_msgs(op));
                if (ok != want)
                    fprintf(stderr, "bench: %s %s: %ld of %ld messages done\n", peers[k]->name,
                            op_names[op], ok, want);
                if (c > 0 && c < res->best_cpu)
                    res->best_cpu = c;
                res->times[r] = t;
                if (t < res->best)
                    res->best = t;
            }
    for (op = 0; op < N_OPS; op++)
        for (k = 0; k < N_PEERS; k++) {
            result *res = &results[op][k];
            if (!res->timed)
                continue;
            if (res->best_cpu >= 1e300)
                res->best_cpu = 0;
            qsort(res->times, (size_t)runs, sizeof(double), cmp_double);
            res->median = runs % 2 ? res->times[runs / 2]
                                   : (res->times[runs / 2 - 1] + res->times[runs / 2]) / 2;
        }
    for (k = 0; k < N_PEERS; k++)
        peers[k]->fini();

    /* instructions per message */
    if (use_cg) {
        printf("\ncallgrind: %ld corpus passes per operation and parser (after one uncounted pass), "
               "output in %s/callgrind.*.out\n", cg_iters, out);
        fflush(stdout);
        for (op = 0; op < N_OPS; op++)
            for (k = 0; k < N_PEERS; k++)
                if (results[op][k].timed)
                    results[op][k].ir_per_msg =
                        callgrind_ir(self, peers[k]->name, op, corpus, out, cg_iters);
    }

    printf("\nresults: wall clock, best of %d runs of about %.2f s each (corpus passes per run: "
           "siprove %ld, osip %ld, sofia-sip %ld, libre %ld);\n"
           "  median: the median run; CPU: best run by thread CPU time; Ir: instructions per "
           "message (callgrind)\n", runs, min_time, results[OP_PARSE][0].iters,
           results[OP_PARSE][1].iters, results[OP_PARSE][2].iters, results[OP_PARSE][3].iters);
    printf("  %-10s %11s %8s %8s %14s %11s %9s %9s\n", "parser", "msgs/s", "MB/s", "ns/msg",
           "median msgs/s", "CPU msgs/s", "Ir/msg", "Ir ratio");
    for (k = 0; k < N_PEERS; k++) {
        const result *res = results[OP_PARSE];
        const double n = (double)res[k].iters * (double)N_MSGS;
        const double mps = n / res[k].best;
        const double mbs = (double)res[k].iters * (double)corpus_bytes / res[k].best / 1e6;
        char ratio[32] = "-";
        if (res[k].ir_per_msg > 0 && res[0].ir_per_msg > 0)
            snprintf(ratio, sizeof ratio, "%.1fx", res[k].ir_per_msg / res[0].ir_per_msg);
        printf("  %-10s %11s %8.1f %8.0f %14s %11s %9s %9s\n", peers[k]->name,
               grouped(mps, b1, sizeof b1), mbs, 1e9 / mps,
               grouped(n / res[k].median, b4, sizeof b4),
               grouped(n / res[k].best_cpu, b3, sizeof b3),
               res[k].ir_per_msg > 0 ? grouped(res[k].ir_per_msg, b2, sizeof b2) : "-",
               ratio);
    }

    printf("\nserialize: a parsed message written back to bytes, the %zu messages; only the "
           "writing is timed\n  (best of %d runs; each pass parses the corpus untimed, times "
           "writing it, frees it untimed;\n  %.0f ns of clock reading taken off each pass); "
           "ns ratio and Ir ratio: the peer's over siprove's\n",
           (size_t)N_MSGS, runs, clock_cost * 1e9);
    print_writer_table(OP_SERIALIZE);
    printf("\nproxy path: parse a request, push a Via (" BENCH_PROXY_VIA "),\n"
           "  decrement Max-Forwards, add Record-Route " BENCH_PROXY_RR " (sips: for a sips\n"
           "  Request-URI), write it, free;\n"
           "  the %zu requests, all of it timed (best of %d runs); ratios: the peer's over "
           "siprove's\n", n_reqs, runs);
    print_writer_table(OP_PROXY);

    printf("  fold %016llx (the folded fields and outputs: keeps every read alive)\n",
           (unsigned long long)bench_fold);
    printf("\nsiprove messages/s over each peer's (issue 3 target: >= 8x sofia-sip, >= 17x osip):\n");
    for (k = 1; k < N_PEERS; k++) {
        const double sp = (double)results[OP_PARSE][0].iters / results[OP_PARSE][0].best;
        const double pp = (double)results[OP_PARSE][k].iters / results[OP_PARSE][k].best;
        printf("vs %s: %.1fx\n", peers[k]->name, sp / pp);
    }
    for (op = OP_SERIALIZE; op <= OP_PROXY; op++)
        for (k = 1; k < N_PEERS; k++) {
            const result *res = results[op];
            if (!res[0].timed || !res[k].timed)
                continue;
            printf("%s vs %s: %.1fx", op_names[op], peers[k]->name,
                   ((double)res[0].iters / res[0].best) / ((double)res[k].iters / res[k].best));
            if (res[0].ir_per_msg > 0 && res[k].ir_per_msg > 0)
                printf(" (Ir %.1fx)", res[k].ir_per_msg / res[0].ir_per_msg);
            putchar('\n');
        }
    return 0;
}
