/* siprove bench: siprove against oSIP, sofia-sip and libre on the same corpus,
 * in one run (`make bench`; method and reading in docs/bench.md).
 *
 *   siprove-bench [--corpus DIR] [--out DIR] [--runs N] [--min-time SEC]
 *                 [--cg-iters N] [--no-callgrind]
 *   siprove-bench --cg-child PARSER ITERS [--corpus DIR]
 *
 * 1. Loads the corpus below (no network).
 * 2. Checks every adapter: which messages its library accepts, which of the
 *    nine fields it finds, and whether their bytes equal siprove's.
 * 3. Times every parser: a run is as many passes over the whole corpus as
 *    last about --min-time (calibrated first); --runs rounds, the parsers in
 *    turn within each round; the best run by wall clock counts (the median
 *    and the best by thread CPU time are printed beside it).
 * 4. Runs itself under `valgrind --tool=callgrind`, once per parser, with
 *    collection switched on only inside bench_loop(), and divides the
 *    instruction count by the number of messages parsed.
 * 5. Prints a table and, last, one line per peer: `vs <peer>: <ratio>x`
 *    (siprove messages/s over the peer's). */
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
 * flow examples. RFC data, used with attribution: sources and transcription
 * notes in tests/corpus/README.md and tests/corpus/MANIFEST.tsv. */
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
    {"rfc3515/4.1-F1-refer.sip", "RFC 3515 4.1 F1"},
    {"rfc3515/4.1-F2-202-accepted.sip", "RFC 3515 4.1 F2"},
    {"rfc3515/4.1-F3-notify.sip", "RFC 3515 4.1 F3"},
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
    }
    return 0;
}

/* ---- The measured loop ------------------------------------------------------------
 * callgrind collects only inside bench_loop() (--toggle-collect); the same
 * body runs uncollected in bench_warm() first. */
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
    long accepted;       /* messages the library accepted */
    long fields;         /* fields found, summed over messages */
    long agree;          /* messages whose nine fields equal siprove's */
    uint64_t digest;     /* over the agreeing messages */
    double best;         /* best run, seconds */
    double median;       /* median run, seconds (how noisy the machine was) */
    double best_cpu;     /* best run by this thread's CPU time, seconds */
    double times[MAX_RUNS];
    long iters;          /* corpus passes per run */
    double ir_per_msg;   /* callgrind, 0 when not measured */
} result;

static result results[N_PEERS];

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

static void check_adapters(void)
{
    static uint64_t ref[N_MSGS][BF__COUNT];
    static unsigned ref_found[N_MSGS];
    size_t k, i;
    int f;

    touch_mode = TOUCH_DIGEST;
    for (k = 0; k < N_PEERS; k++) {
        const bench_peer *p = peers[k];
        int shown = 0;
        results[k].digest = FNV0;
        for (i = 0; i < N_MSGS; i++) {
            int same = 1;
            digest_found = 0;
            if (p->parse(msgs[i].buf, msgs[i].len) != 0) {
                fprintf(stdout, "  %s: rejects %s\n", p->name, corpus_list[i].path);
                if (k == 0)
                    ref_found[i] = ~0u;   /* nothing to compare with */
                continue;
            }
            results[k].accepted++;
            results[k].fields += popcount(digest_found);
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
                results[k].agree++;
                results[k].digest = fnv(results[k].digest, ref[i], sizeof ref[i]);
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

/* ---- callgrind ----------------------------------------------------------------------- */
static double callgrind_ir(const char *self, const char *name, const char *corpus,
                           const char *out, long iters)
{
    char cmd[16384], file[4200], line[512];
    FILE *fp;
    double total = -1;

    if (strlen(self) + 2 * strlen(out) + strlen(corpus) + 3 * strlen(name) > 4000) {
        fprintf(stderr, "bench: paths too long for the callgrind command\n");
        return 0;
    }
    snprintf(file, sizeof file, "%s/callgrind.%s.out", out, name);
    snprintf(cmd, sizeof cmd,
             "valgrind --tool=callgrind --toggle-collect=bench_loop --callgrind-out-file='%s' "
             "'%s' --cg-child '%s' %ld --corpus '%s' >'%s/callgrind.%s.log' 2>&1",
             file, self, name, iters, corpus, out, name);
    if (system(cmd) != 0) {
        fprintf(stderr, "bench: callgrind run failed for %s (see %s/callgrind.%s.log)\n",
                name, out, name);
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
    return total / ((double)iters * (double)N_MSGS);
}

static int cg_child(const char *name, long iters)
{
    const bench_peer *p = peer_named(name);
    long ok;
    if (!p || p->init() != 0) {
        fprintf(stderr, "bench: no parser %s\n", name);
        return 1;
    }
    bench_warm(p, 1);
    ok = bench_loop(p, iters);
    p->fini();
    printf("%s: %ld of %ld parses accepted, fold %016llx\n", name, ok, iters * (long)N_MSGS,
           (unsigned long long)bench_fold);
    return ok == iters * (long)N_MSGS ? 0 : 1;
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

static void usage(void)
{
    fprintf(stderr,
            "usage: siprove-bench [--corpus DIR] [--out DIR] [--runs N] [--min-time SEC]\n"
            "                     [--cg-iters N] [--no-callgrind]\n"
            "       siprove-bench --cg-child PARSER ITERS [--corpus DIR]\n");
    exit(64);
}

int main(int argc, char **argv)
{
    const char *corpus = "tests/corpus", *out = "build/bench", *child = NULL;
    long child_iters = 0, cg_iters = 20;
    int runs = 15, use_cg = 1, a, r;
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
        } else
            usage();
    }
    if (runs < 1 || runs > MAX_RUNS || cg_iters < 1 || min_time <= 0)
        usage();
    if (load_corpus(corpus) != 0)
        return 66;
    if (child)
        return cg_child(child, child_iters);

    sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0)
        snprintf(self, sizeof self, "%s", argv[0]);
    else
        self[sl] = 0;

    cpu_model(cpu, sizeof cpu);
    printf("siprove bench: %zu messages, %zu bytes (RFC 3261 §11 and §24 call flows, RFC 3515, 3665,\n"
           "  4916, 5626 examples; from %s, attribution in its README.md)\n",
           (size_t)N_MSGS, corpus_bytes, corpus);
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
               peers[k]->version, results[k].accepted, (size_t)N_MSGS, results[k].fields,
               results[k].agree, (size_t)N_MSGS, (unsigned long long)results[k].digest);

    /* calibration: passes per run so that a run lasts about min_time */
    for (k = 0; k < N_PEERS; k++) {
        double t0, t;
        long n = 1;
        bench_warm(peers[k], 1);
        for (;;) {
            t0 = now();
            bench_warm(peers[k], n);
            t = now() - t0;
            if (t >= min_time / 4 || n > (1L << 30))
                break;
            n *= 2;
        }
        results[k].iters = (long)((double)n * min_time / (t > 0 ? t : 1e-9)) + 1;
        results[k].best = results[k].best_cpu = 1e300;
    }
    /* timed runs, the parsers in turn so that a noisy moment is shared */
    for (r = 0; r < runs; r++)
        for (k = 0; k < N_PEERS; k++) {
            double t0 = now(), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), t, c;
            long ok = bench_loop(peers[k], results[k].iters);
            t = now() - t0;
            c = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
            if (c < results[k].best_cpu)
                results[k].best_cpu = c;
            if (ok != results[k].iters * results[k].accepted)
                fprintf(stderr, "bench: %s: accepted count changed between runs\n",
                        peers[k]->name);
            results[k].times[r] = t;
            if (t < results[k].best)
                results[k].best = t;
        }
    for (k = 0; k < N_PEERS; k++) {
        qsort(results[k].times, (size_t)runs, sizeof(double), cmp_double);
        results[k].median = runs % 2 ? results[k].times[runs / 2]
                                     : (results[k].times[runs / 2 - 1] + results[k].times[runs / 2]) / 2;
    }
    for (k = 0; k < N_PEERS; k++)
        peers[k]->fini();

    /* instructions per message */
    if (use_cg) {
        printf("\ncallgrind: %ld corpus passes per parser (after one uncounted pass), "
               "output in %s/callgrind.*.out\n", cg_iters, out);
        fflush(stdout);
        for (k = 0; k < N_PEERS; k++)
            results[k].ir_per_msg = callgrind_ir(self, peers[k]->name, corpus, out, cg_iters);
    }

    printf("\nresults: wall clock, best of %d runs of about %.2f s each (corpus passes per run: "
           "siprove %ld, osip %ld, sofia-sip %ld, libre %ld);\n"
           "  median: the median run; CPU: best run by thread CPU time; Ir: instructions per "
           "message (callgrind)\n", runs, min_time, results[0].iters, results[1].iters,
           results[2].iters, results[3].iters);
    printf("  %-10s %11s %8s %8s %14s %11s %9s %9s\n", "parser", "msgs/s", "MB/s", "ns/msg",
           "median msgs/s", "CPU msgs/s", "Ir/msg", "Ir ratio");
    for (k = 0; k < N_PEERS; k++) {
        const double n = (double)results[k].iters * (double)N_MSGS;
        const double mps = n / results[k].best;
        const double mbs = (double)results[k].iters * (double)corpus_bytes / results[k].best / 1e6;
        char ratio[32] = "-";
        if (results[k].ir_per_msg > 0 && results[0].ir_per_msg > 0)
            snprintf(ratio, sizeof ratio, "%.1fx", results[k].ir_per_msg / results[0].ir_per_msg);
        printf("  %-10s %11s %8.1f %8.0f %14s %11s %9s %9s\n", peers[k]->name,
               grouped(mps, b1, sizeof b1), mbs, 1e9 / mps,
               grouped(n / results[k].median, b4, sizeof b4),
               grouped(n / results[k].best_cpu, b3, sizeof b3),
               results[k].ir_per_msg > 0 ? grouped(results[k].ir_per_msg, b2, sizeof b2) : "-",
               ratio);
    }
    printf("  fold %016llx (the folded fields: keeps every read alive)\n",
           (unsigned long long)bench_fold);
    printf("\nsiprove messages/s over each peer's (issue 3 target: >= 8x sofia-sip, >= 17x osip):\n");
    for (k = 1; k < N_PEERS; k++) {
        const double sp = (double)results[0].iters / results[0].best;
        const double pp = (double)results[k].iters / results[k].best;
        printf("vs %s: %.1fx\n", peers[k]->name, sp / pp);
    }
    return 0;
}
