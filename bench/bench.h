/* siprove bench: the interface between the driver (bench.c) and one adapter
 * per parser (peer_*.c). See docs/bench.md.
 *
 * Every adapter parses one complete message with its library's public API,
 * reads the same fields from the library's own result, hands them to
 * bench_touch() while the result is still alive, and frees whatever the
 * library allocated. The driver decides what bench_touch() does with them: a
 * cheap fold into a checksum while timing, a full digest while checking that
 * every adapter reads the same bytes as siprove. */
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

typedef struct {
    const char *name;     /* as printed: siprove, osip, sofia-sip, libre */
    const char *version;  /* library version, for the report */
    int (*init)(void);    /* once, before any parse; 0 on success */
    /* Parse buf[0 .. len-1]; 0 when the library accepted it (and
     * bench_touch() was called), -1 otherwise. */
    int (*parse)(const char *buf, size_t len);
    void (*fini)(void);
} bench_peer;

extern const bench_peer bench_peer_siprove;
extern const bench_peer bench_peer_osip;
extern const bench_peer bench_peer_sofia;
extern const bench_peer bench_peer_libre;

#endif
