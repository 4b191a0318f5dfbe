/* siprove: fuzz harness for sipr_frame (stream framing).
 *
 * Drivers as in fuzz/fuzz_parse.c: AFL++ persistent mode (afl-clang-fast),
 * libFuzzer (-fsanitize=fuzzer -DSIPR_LIBFUZZER), or a plain main that
 * replays the files given on the command line (stdin when none).
 *
 * Input: byte 0 chooses the limit (max_msg_len: 0 .. 255 bytes when its top
 * bit is set, else the default 65535), byte 1 seeds the cut points, the rest
 * is the stream. The stream is copied into an exactly-sized heap buffer (ASan
 * then catches any read past its end) and framed twice:
 *   - whole: each call gets everything after the messages framed so far;
 *   - in segments: the bytes arrive in pieces whose lengths come from a
 *     generator seeded with byte 1 and the input's length; after each arrival
 *     the framer is called until it needs more.
 * Both runs must produce the same events (message at absolute offset with
 * length and skipped keep-alives; error with code and absolute offset; the
 * keep-alive count where the stream ends), or the harness abort()s. It also
 * aborts when one result breaks the contract in siprove.h: skipped > len; a
 * message longer than len - skipped or than the limit, or without an empty
 * line; an error with err_off > len or with a code that framing never
 * returns; a result out of range. Every framed message is then parsed with
 * sipr_parse, which must not return SIPR_E_INTERNAL, and which, when it
 * accepts the message, must have seen a Content-Length equal to the body the
 * framer cut (framer and parser agree on where the message ends).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define FUZZ_NAME "fuzz_frame"
#include "fail.h"

enum { EV_MSG = 1, EV_ERR, EV_END };

typedef struct {
    int kind;
    size_t off;   /* EV_MSG: where the message starts; EV_ERR: err_off; EV_END: 0 */
    size_t len;   /* EV_MSG: msg_len */
    size_t skip;  /* keep-alive bytes before it */
    sipr_status err;
} event;

#define MAX_EVENTS 4096
static event g_whole[MAX_EVENTS], g_split[MAX_EVENTS];
static sipr_msg g_msg;

/* One call's result against the contract; base is where buf starts in the stream. */
static void check_out(sipr_frame_result r, const sipr_frame_out *o, size_t len, uint32_t max)
{
    if (r != SIPR_FRAME_NEED_MORE && r != SIPR_FRAME_MESSAGE && r != SIPR_FRAME_ERROR)
        FAIL("result %d", (int)r);
    if (o->skipped > len)
        FAIL("skipped %zu > len %zu", o->skipped, len);
    if (r == SIPR_FRAME_MESSAGE) {
        if (o->msg_len > len - o->skipped)
            FAIL("message %zu + %zu > len %zu", o->skipped, o->msg_len, len);
        if (o->msg_len > max)
            FAIL("message of %zu bytes over the limit %u", o->msg_len, (unsigned)max);
        if (o->msg_len < 4)
            FAIL("message of %zu bytes", o->msg_len);
        if (o->err != SIPR_OK || o->err_off != 0)
            FAIL("message with err %d at %zu", (int)o->err, o->err_off);
    } else if (r == SIPR_FRAME_ERROR) {
        if (o->err_off > len)
            FAIL("err_off %zu > len %zu", o->err_off, len);
        if (o->err != SIPR_E_LINE_END && o->err != SIPR_E_CONTENT_LENGTH &&
            o->err != SIPR_E_CONTENT_LENGTH_CONFLICT && o->err != SIPR_E_NO_CONTENT_LENGTH &&
            o->err != SIPR_E_TOO_LONG)
            FAIL("error code %d (%s)", (int)o->err, sipr_strerror(o->err));
        if (o->msg_len != 0)
            FAIL("error with msg_len %zu", o->msg_len);
    } else if (o->msg_len != 0 || o->err != SIPR_OK || o->err_off != 0) {
        FAIL("need-more with msg_len %zu err %d", o->msg_len, (int)o->err);
    }
}

/* A framed message has an empty line (the first CRLF CRLF ends its header
   section). sipr_parse never fails its final check on it, and when it
   accepts it, the parser saw a Content-Length equal to the body the framer
   cut: the two agree on where the message ends. */
static void check_message(const char *m, size_t n)
{
    size_t h, body;
    sipr_status st;
    int found = 0;
    for (h = 0; h + 4 <= n; h++)
        if (memcmp(m + h, "\r\n\r\n", 4) == 0) {
            found = 1;
            break;
        }
    if (!found)
        FAIL("a framed message of %zu bytes without an empty line", n);
    body = n - (h + 4);
    if (sipr_msg_init(&g_msg, NULL) != SIPR_OK)
        FAIL("sipr_msg_init");
    st = sipr_parse(m, n, &g_msg);
    if (st == SIPR_E_INTERNAL)
        FAIL("sipr_parse: SIPR_E_INTERNAL on a framed message");
    if (st == SIPR_OK) {
        if (!g_msg.has_content_length)
            FAIL("parsed a framed message without a Content-Length");
        if (g_msg.content_length != body || g_msg.body.len != body)
            FAIL("framed body %zu bytes, parser Content-Length %u, body %u", body,
                 (unsigned)g_msg.content_length, (unsigned)g_msg.body.len);
    }
}

/* Frame the stream s[0 .. n) with the whole of it available each time. */
static size_t run_whole(const char *s, size_t n, const sipr_limits *lim, event *ev)
{
    sipr_framer f;
    sipr_frame_out o;
    size_t pos = 0, k = 0;
    sipr_framer_init(&f, lim);
    for (;;) {
        sipr_frame_result r = sipr_frame(&f, s + pos, n - pos, &o);
        check_out(r, &o, n - pos, lim->max_msg_len);
        if (k >= MAX_EVENTS - 1)
            return k; /* the split run stops at the same count */
        if (r == SIPR_FRAME_MESSAGE) {
            check_message(s + pos + o.skipped, o.msg_len);
            ev[k++] = (event){EV_MSG, pos + o.skipped, o.msg_len, o.skipped, SIPR_OK};
            pos += o.skipped + o.msg_len;
            continue;
        }
        if (r == SIPR_FRAME_ERROR)
            ev[k++] = (event){EV_ERR, pos + o.err_off, 0, o.skipped, o.err};
        else
            ev[k++] = (event){EV_END, 0, 0, o.skipped, SIPR_OK};
        return k;
    }
}

/* The same stream, arriving in segments. */
static size_t run_split(const char *s, size_t n, const sipr_limits *lim, uint32_t seed,
                        event *ev, size_t max_events)
{
    sipr_framer f;
    sipr_frame_out o;
    size_t pos = 0, avail = 0, k = 0;
    uint32_t x = seed * 2654435761u + (uint32_t)n + 1u;
    if (x == 0)
        x = 1; /* xorshift never leaves 0 */
    sipr_framer_init(&f, lim);
    for (;;) {
        sipr_frame_result r = sipr_frame(&f, s + pos, avail - pos, &o);
        check_out(r, &o, avail - pos, lim->max_msg_len);
        if (k >= max_events)
            return k;
        if (r == SIPR_FRAME_MESSAGE) {
            ev[k++] = (event){EV_MSG, pos + o.skipped, o.msg_len, o.skipped, SIPR_OK};
            pos += o.skipped + o.msg_len;
            continue;
        }
        if (r == SIPR_FRAME_ERROR) {
            ev[k++] = (event){EV_ERR, pos + o.err_off, 0, o.skipped, o.err};
            return k;
        }
        if (avail == n) {
            ev[k++] = (event){EV_END, 0, 0, o.skipped, SIPR_OK};
            return k;
        }
        /* the next segment: 0 .. 15 bytes, sometimes 0 (a call with nothing new) */
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        {
            size_t seg = (size_t)(x & 15u);
            avail = (seg < n - avail) ? avail + seg : n;
        }
    }
}

static int one_input(const uint8_t *data, size_t size)
{
    sipr_limits lim = sipr_limits_default();
    size_t n, kw, ks;
    char *s;
    if (size < 2)
        return 0;
    if (data[0] & 0x80u)
        lim.max_msg_len = (uint32_t)(data[0] & 0x7fu) * 2u; /* 0 .. 254 */
    n = size - 2;
    if (n > SIPR_MAX_MSG_LEN)
        n = SIPR_MAX_MSG_LEN;
    s = exact_copy(data + 2, n);
    if (s == NULL)
        return 0;

    kw = run_whole(s, n, &lim, g_whole);
    ks = run_split(s, n, &lim, data[1], g_split, kw);
    if (kw != ks)
        FAIL("%zu events whole, %zu in segments", kw, ks);
    for (size_t k = 0; k < kw; k++) {
        const event *a = &g_whole[k], *b = &g_split[k];
        if (a->kind != b->kind || a->off != b->off || a->len != b->len || a->skip != b->skip ||
            a->err != b->err)
            FAIL("event %zu: whole (%d, off %zu, len %zu, skip %zu, err %d), "
                 "in segments (%d, off %zu, len %zu, skip %zu, err %d)",
                 k, a->kind, a->off, a->len, a->skip, (int)a->err, b->kind, b->off, b->len,
                 b->skip, (int)b->err);
    }
    free(s);
    return 0;
}

/* ---- drivers ----------------------------------------------------------------- */

static void report(const char *name, size_t n)
{
    fprintf(stderr, "%s: %zu bytes: ok\n", name, n);
}

#include "driver.h"
