/* siprove bench: the interface between the driver (bench.c) and one adapter
 * per parser (peer_*.c). See docs/bench.md.
 *
 * Every adapter parses one complete message with its library's public API,
 * reads the same fields from the library's own result, hands them to
 * bench_touch() while the result is still alive, and frees whatever the
 * library allocated. The driver decides what bench_touch() does with them: a
 * cheap fold into a checksum while timing, a full digest while checking that
 * every adapter reads the same bytes as siprove.
 *
 * Adapters that can also write (siprove, oSIP, sofia-sip) time two more
 * operations, serialization and the proxy path (docs/bench.md): each hands
 * the bytes it produced to bench_wrote() while they are still alive. */
#ifndef SIPROVE_BENCH_H
#define SIPROVE_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* A field's bytes; n == 0 when the field is absent. */
typedef struct {
    const char *p;
    size_t n;
} bench_str;

/* The fields every adapter reads (bit of bench_fields.found). */
enum {
    BF_VIA_BRANCH = 1u << 0,  /* top Via: branch parameter value */
    BF_VIA_HOST = 1u << 1,    /* top Via: sent-by host */
    BF_FROM_TAG = 1u << 2,
    BF_TO_TAG = 1u << 3,
    BF_CALL_ID = 1u << 4,
    BF_CSEQ_NUMBER = 1u << 5,
    BF_CSEQ_METHOD = 1u << 6,
    BF_CONTACT_URI = 1u << 7, /* first Contact: URI user and host */
    BF_CONTENT_LENGTH = 1u << 8,
    BF__COUNT = 9
};

typedef struct {
    unsigned found;           /* BF_* bits of the fields present */
    bench_str via_branch;
    bench_str via_host;
    bench_str from_tag;
    bench_str to_tag;
    bench_str call_id;        /* the whole Call-ID, or its part before '@' ... */
    bench_str call_id_host;   /* ... and after it, for libraries that split it */
    uint32_t cseq_number;
    bench_str cseq_method;
    bench_str contact_user;
    bench_str contact_host;
    uint32_t content_length;
} bench_fields;

/* Called by an adapter once per successfully parsed message, before it frees
 * the library's result. Defined in bench.c, out of the adapters' sight, so
 * that the compiler must produce every field. */
void bench_touch(const bench_fields *f);

/* A NUL-terminated string of a library as a bench_str (NULL: absent). */
static inline bench_str bench_cstr(const char *s)
{
    bench_str r;
    size_t n = 0;
    if (s)
        while (s[n])
            n++;
    r.p = s;
    r.n = n;
    return r;
}

/* A decimal number written by a library as text; 0 when absent or not one. */
static inline uint32_t bench_u32(const char *p, size_t n)
{
    uint32_t v = 0;
    size_t i;
    for (i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++)
        v = v * 10u + (uint32_t)(p[i] - '0');
    return v;
}

/* Called by an adapter once per message it wrote (serialize, proxy), before
 * it frees them. Defined in bench.c: a fold of the length and two bytes while
 * timing, a copy while checking the output. */
void bench_wrote(const char *p, size_t n);

/* Parsed messages an adapter holds at once for the serialization bench (one
 * slot per corpus message; the driver loads them all, then times writing
 * them, then frees them). */
#define BENCH_SLOTS 64

/* The proxy every adapter acts as on the proxy path (RFC 3261 §16.6): it
 * pushes this Via (step 8), decrements Max-Forwards (step 3; 70 when absent)
 * and puts this Record-Route before any other (step 4; the sips form when the
 * Request-URI is a sips URI, RFC 3261 §16.6 step 4). The host names no
 * corpus message, so that siprove's Route step (a first Route value naming
 * this proxy is removed) finds nothing to do. One fixed branch for every
 * message, as a stateful proxy's own: no adapter derives one. */
#define BENCH_PROXY_HOST "proxy1.example.net"
#define BENCH_PROXY_BRANCH "z9hG4bK5b1c2d3e4f5a6b7c"
#define BENCH_PROXY_VIA "SIP/2.0/UDP " BENCH_PROXY_HOST ";branch=" BENCH_PROXY_BRANCH
#define BENCH_PROXY_RR "<sip:" BENCH_PROXY_HOST ";lr>"
#define BENCH_PROXY_RR_SIPS "<sips:" BENCH_PROXY_HOST ";lr>"

typedef struct {
    const char *name;     /* as printed: siprove, osip, sofia-sip, libre */
    const char *version;  /* library version, for the report */
    int (*init)(void);    /* once, before any parse; 0 on success */
    /* Parse buf[0 .. len-1]; 0 when the library accepted it (and
     * bench_touch() was called), -1 otherwise. */
    int (*parse)(const char *buf, size_t len);
    void (*fini)(void);
    /* Serialization, NULL when the adapter has none (libre): ser_load parses
     * buf (which stays alive) into slot 0 .. BENCH_SLOTS-1 and returns 0 when
     * accepted; serialize writes the message of a loaded slot back to bytes
     * with the library's serializer, calls bench_wrote() and returns 0, -1 on
     * failure; ser_free releases the slot. Only serialize is timed. */
    int (*ser_load)(size_t slot, const char *buf, size_t len);
    int (*serialize)(size_t slot);
    void (*ser_free)(size_t slot);
    /* The proxy path on one request, all of it timed: parse buf, push the
     * BENCH_PROXY_VIA, decrement Max-Forwards, add BENCH_PROXY_RR (or
     * BENCH_PROXY_RR_SIPS), write the
     * message to send, bench_wrote(), free; 0 on success, -1 otherwise
     * (NULL: none). */
    int (*proxy)(const char *buf, size_t len);
} bench_peer;

extern const bench_peer bench_peer_siprove;
extern const bench_peer bench_peer_osip;
extern const bench_peer bench_peer_sofia;
extern const bench_peer bench_peer_libre;

/* A neutral check of a peer's proxy output, with siprove's parser (in
 * peer_siprove.c): out must parse, have one Via more than orig with
 * BENCH_PROXY_BRANCH and BENCH_PROXY_HOST on top, Max-Forwards one less (70
 * when orig has none), BENCH_PROXY_RR (BENCH_PROXY_RR_SIPS when orig's
 * Request-URI is sips) as its first Record-Route value and the same body. Returns 0, or the BPC_* bits of the checks that failed. */
enum {
    BPC_PARSE = 1u << 0,
    BPC_VIA = 1u << 1,
    BPC_MAX_FORWARDS = 1u << 2,
    BPC_RECORD_ROUTE = 1u << 3,
    BPC_BODY = 1u << 4,
    BPC__COUNT = 5
};
unsigned bench_check_forwarded(const char *orig, size_t orig_len, const char *out, size_t n);

#endif
