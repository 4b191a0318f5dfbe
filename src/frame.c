/* Stream framing (RFC 3261 §18.3): where one message ends in a TCP or TLS
 * byte stream. A state machine over bytes, one pass: the state lives in the
 * caller's sipr_framer, so a call that runs out of input resumes at the next
 * byte in the next call. CRLF keep-alives before a message are skipped
 * (RFC 3261 §7.5, RFC 5626 §4.4.1). The header section is scanned line by
 * line only for Content-Length (long and compact form, §7.3.3); the body is
 * not scanned at all. The API and the error offsets are documented in
 * siprove.h. */
#include "sipr_internal.h"

/* Scan states. The order matters: a message has started from FR_LINE on,
   FR_BODY and FR_ERROR end a scan. */
enum {
    FR_KA = 0,     /* before a message: keep-alive CRLFs */
    FR_KA_CR,      /* keep-alive CR */
    FR_LINE,       /* in the start line, or in a header line that is not Content-Length */
    FR_LINE_CR,    /* its CR */
    FR_LS,         /* first byte of a line after such a line: SP/HTAB continues it */
    FR_NAME,       /* in a header name */
    FR_END_CR,     /* CR of the empty line */
    FR_CL_WS,      /* Content-Length name, then SP/HTAB before the colon */
    FR_CL_PRE,     /* after the colon, before the digits */
    FR_CL_PRE_CR,
    FR_CL_PRE_LF,  /* a fold before the digits needs SP/HTAB next */
    FR_CL_DIG,     /* in the digits */
    FR_CL_POST,    /* SP/HTAB after the digits */
    FR_CL_POST_CR,
    FR_CL_POST_LF, /* first byte of a line after a Content-Length line */
    FR_BODY,       /* header section complete, waiting for msg_len bytes */
    FR_ERROR,      /* err at err_off; sticks */
    FR__COUNT
};

/* sipr_framer.name: how many bytes of "content-length" the header name has
   matched so far, or the compact form "l", or neither */
#define NM_CL 14u
#define NM_L 15u
#define NM_OTHER 16u
static const char cl_name[] = "content-length";

#define IS_WSP(c) ((c) == ' ' || (c) == '\t')
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* The framer's invariant: its values, and every offset at most n. The
   functions below take and return the framer by value: WP then has no memory
   accesses to check in them, only the fields (much smaller goals). */
#define FR_VALS(s)                                                                                \
    ((s).state < FR__COUNT && (s).name <= NM_OTHER && (s).have_cl <= 1 &&                         \
     (s).max_len <= SIPR_MAX_MSG_LEN && (s).clen <= (s).max_len + 1 &&                             \
     (s).val <= (s).max_len + 1 && (s).msg_len <= (s).max_len &&                                   \
     0 <= (s).err < SIPR_STATUS__COUNT && ((s).state == FR_ERROR ==> (s).err != SIPR_OK))
#define FR_OFFS(s, n)                                                                             \
    ((s).start <= (n) && (s).cl_off <= (n) && (s).dig_off <= (n) && (s).err_off <= (n))

/* ... at the scan position; once a message has started, a byte of it has been scanned */
#define FR_OK(s)                                                                                  \
    (FR_VALS(s) && FR_OFFS(s, (s).pos) && (FR_KA < (s).state < FR_ERROR ==> (s).start < (s).pos))

/* Before a step on byte i == pos; in a message, that byte is within the limit. */
#define STEP_PRE(s, i)                                                                            \
    (FR_OK(s) && (i) == (s).pos && (i) < SIZE_MAX &&                                               \
     ((s).state >= FR_LINE ==> (i) - (s).start < (s).max_len))

/* After it: on error every offset is at most i, otherwise the byte is
   consumed (the caller then sets pos to i + 1). Several clauses, so that each
   is a goal of its own. */
#define STEP_ENSURES(s, i)                                                                        \
    ensures \result.pos == (i) && \result.max_len == (s).max_len && FR_VALS(\result) &&           \
            FR_OFFS(\result, (i) + 1) && (\result.state == FR_ERROR ==> FR_OFFS(\result, i)) &&  \
            (FR_KA < \result.state < FR_ERROR ==> \result.start <= (i))

/* The error state; it sticks. */
#define FAIL(s, code, off) ((s).state = FR_ERROR, (s).err = (code), (s).err_off = (off))

/*@ requires max <= SIPR_MAX_MSG_LEN;
    assigns \nothing;
    ensures FR_OK(\result) && \result.pos == 0 && \result.state == FR_KA;
    ensures \result.max_len == max;
*/
static sipr_framer fr_fresh(uint32_t max)
{
    sipr_framer s;
    s.pos = 0;
    s.start = 0;
    s.cl_off = 0;
    s.dig_off = 0;
    s.err_off = 0;
    s.max_len = max;
    s.clen = 0;
    s.val = 0;
    s.msg_len = 0;
    s.err = SIPR_OK;
    s.state = FR_KA;
    s.name = 0;
    s.have_cl = 0;
    return s;
}

/* The next match state of a header name after byte c (case-insensitive). */
/*@ requires nm <= NM_OTHER;
    assigns \nothing;
    ensures \result <= NM_OTHER;
*/
static uint8_t fr_name_next(uint8_t nm, uint8_t c)
{
    const uint8_t lc = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + ('a' - 'A')) : c;
    if (nm == 0 && lc == 'l')
        return NM_L;
    if (nm < NM_CL && lc == (uint8_t)cl_name[nm])
        return (uint8_t)(nm + 1u);
    return NM_OTHER;
}

/* One more digit of a Content-Length value. A value above max is kept as
   max + 1 (it is too long whatever follows), so nothing can wrap. */
/*@ requires max <= SIPR_MAX_MSG_LEN && val <= max + 1;
    requires '0' <= c <= '9';
    assigns \nothing;
    ensures val * 10 + (c - '0') <= max ==> \result == val * 10 + (c - '0');
    ensures val * 10 + (c - '0') > max ==> \result == max + 1;
*/
static uint32_t fr_digit_next(uint32_t val, uint8_t c, uint32_t max)
{
    const uint32_t v = val * 10u + (uint32_t)(c - '0');
    return v > max ? max + 1u : v;
}

/* A keep-alive CRLF, or the first byte of a message. */
/*@ requires STEP_PRE(s, i);
    requires s.state == FR_KA || s.state == FR_KA_CR;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step_ka(sipr_framer s, uint8_t c, size_t i)
{
    if (s.state == FR_KA_CR) {
        if (c == '\n') {
            s.start = i + 1;
            s.state = FR_KA;
        } else {
            FAIL(s, SIPR_E_LINE_END, i);
        }
    } else if (c == '\r') {
        s.state = FR_KA_CR;
    } else if (c == '\n') {
        FAIL(s, SIPR_E_LINE_END, i);
    } else if (s.max_len == 0) {
        FAIL(s, SIPR_E_TOO_LONG, i); /* the message's first byte is over the limit */
    } else {
        s.start = i; /* the start line; its bytes are not checked here */
        s.state = FR_LINE;
    }
    return s;
}

/* A byte of a header name. */
/*@ requires STEP_PRE(s, i);
    requires FR_LINE <= s.state < FR_BODY;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step_name(sipr_framer s, uint8_t c, size_t i)
{
    const int cl = (s.name == NM_CL || s.name == NM_L);
    if (c == ':') {
        s.state = cl ? FR_CL_PRE : FR_LINE;
    } else if (IS_WSP(c)) {
        s.state = cl ? FR_CL_WS : FR_LINE; /* HCOLON = *( SP / HTAB ) ":" SWS */
    } else if (c == '\r') {
        if (cl)
            FAIL(s, SIPR_E_CONTENT_LENGTH, i); /* no colon */
        else
            s.state = FR_LINE_CR; /* sipr_parse rejects it; the line ends here */
    } else if (c == '\n') {
        FAIL(s, SIPR_E_LINE_END, i);
    } else {
        s.name = fr_name_next(s.name, c);
        s.state = FR_NAME;
    }
    return s;
}

/* The first byte of a line that does not continue the previous one: the
   empty line, or a header name. */
/*@ requires STEP_PRE(s, i);
    requires FR_LINE <= s.state < FR_BODY;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_line_start(sipr_framer s, uint8_t c, size_t i)
{
    if (c == '\r') {
        s.state = FR_END_CR;
        return s;
    }
    s.name = 0;
    return fr_step_name(s, c, i);
}

/* The LF of the empty line at i: the header section is buf[start .. i]. */
/*@ requires STEP_PRE(s, i);
    requires s.state == FR_END_CR;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_header_end(sipr_framer s, size_t i)
{
    const size_t hdr = i - s.start + 1; /* <= max_len, by the check before each byte */
    if (!s.have_cl) {
        FAIL(s, SIPR_E_NO_CONTENT_LENGTH, i - 1); /* the CR of the empty line */
    } else if (s.clen > s.max_len - hdr) {
        FAIL(s, SIPR_E_TOO_LONG, s.cl_off);
    } else {
        s.msg_len = (uint32_t)(hdr + s.clen);
        s.state = FR_BODY;
    }
    return s;
}

/* The start line and the header lines that are not Content-Length. */
/*@ requires STEP_PRE(s, i);
    requires FR_LINE <= s.state <= FR_END_CR;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step_line(sipr_framer s, uint8_t c, size_t i)
{
    switch (s.state) {
    case FR_LINE:
        if (c == '\r')
            s.state = FR_LINE_CR;
        else if (c == '\n')
            FAIL(s, SIPR_E_LINE_END, i);
        return s;
    case FR_LINE_CR:
        if (c == '\n')
            s.state = FR_LS;
        else
            FAIL(s, SIPR_E_LINE_END, i);
        return s;
    case FR_LS:
        if (!IS_WSP(c))
            return fr_line_start(s, c, i);
        s.state = FR_LINE; /* a folded line continues the previous one */
        return s;
    case FR_NAME:
        return fr_step_name(s, c, i);
    default: /* FR_END_CR */
        if (c == '\n')
            return fr_header_end(s, i);
        FAIL(s, SIPR_E_LINE_END, i);
        return s;
    }
}

/* The end of a Content-Length value: the first one is kept, a later one must
   be equal to it. */
/*@ requires STEP_PRE(s, i);
    requires s.state == FR_CL_DIG;
    assigns \nothing;
    STEP_ENSURES(s, i);
    ensures \result.state == FR_CL_DIG || \result.state == FR_ERROR;
*/
static sipr_framer fr_cl_commit(sipr_framer s, size_t i)
{
    (void)i; /* used by the contract */
    if (!s.have_cl) {
        s.clen = s.val;
        s.cl_off = s.dig_off;
        s.have_cl = 1;
    } else if (s.val != s.clen) {
        FAIL(s, SIPR_E_CONTENT_LENGTH_CONFLICT, s.dig_off);
    }
    return s;
}

/* Before the digits: *WSP ":" LWS, where the fold may repeat. */
/*@ requires STEP_PRE(s, i);
    requires FR_CL_WS <= s.state <= FR_CL_PRE_LF;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step_cl_pre(sipr_framer s, uint8_t c, size_t i)
{
    const uint8_t st = s.state;
    if (st == FR_CL_PRE_CR) {
        if (c == '\n')
            s.state = FR_CL_PRE_LF;
        else
            FAIL(s, SIPR_E_LINE_END, i);
    } else if (IS_WSP(c)) {
        if (st == FR_CL_PRE_LF)
            s.state = FR_CL_PRE;
    } else if (st == FR_CL_WS && c == ':') {
        s.state = FR_CL_PRE;
    } else if (st == FR_CL_PRE && c == '\r') {
        s.state = FR_CL_PRE_CR;
    } else if (st == FR_CL_PRE && IS_DIGIT(c)) {
        s.val = fr_digit_next(0, c, s.max_len); /* 9 may already be above a tiny limit */
        s.dig_off = i;
        s.state = FR_CL_DIG;
    } else {
        FAIL(s, c == '\n' ? SIPR_E_LINE_END : SIPR_E_CONTENT_LENGTH, i);
    }
    return s;
}

/* The digits of a Content-Length value, and the byte after them. */
/*@ requires STEP_PRE(s, i);
    requires s.state == FR_CL_DIG;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step_cl_dig(sipr_framer s, uint8_t c, size_t i)
{
    if (IS_DIGIT(c)) {
        s.val = fr_digit_next(s.val, c, s.max_len);
        return s;
    }
    if (!IS_WSP(c) && c != '\r') {
        FAIL(s, c == '\n' ? SIPR_E_LINE_END : SIPR_E_CONTENT_LENGTH, i);
        return s;
    }
    s = fr_cl_commit(s, i);
    if (s.state != FR_ERROR)
        s.state = (c == '\r') ? FR_CL_POST_CR : FR_CL_POST;
    return s;
}

/* After the digits, up to the next line. */
/*@ requires STEP_PRE(s, i);
    requires FR_CL_POST <= s.state <= FR_CL_POST_LF;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step_cl_post(sipr_framer s, uint8_t c, size_t i)
{
    const uint8_t st = s.state;
    if (st == FR_CL_POST_CR) {
        if (c == '\n')
            s.state = FR_CL_POST_LF;
        else
            FAIL(s, SIPR_E_LINE_END, i);
    } else if (IS_WSP(c)) {
        s.state = FR_CL_POST; /* after a fold too */
    } else if (st == FR_CL_POST_LF) {
        return fr_line_start(s, c, i);
    } else if (c == '\r') {
        s.state = FR_CL_POST_CR;
    } else {
        FAIL(s, c == '\n' ? SIPR_E_LINE_END : SIPR_E_CONTENT_LENGTH, i);
    }
    return s;
}

/*@ requires STEP_PRE(s, i);
    requires s.state < FR_BODY;
    assigns \nothing;
    STEP_ENSURES(s, i);
*/
static sipr_framer fr_step(sipr_framer s, uint8_t c, size_t i)
{
    if (s.state <= FR_KA_CR)
        return fr_step_ka(s, c, i);
    if (s.state <= FR_END_CR)
        return fr_step_line(s, c, i);
    if (s.state <= FR_CL_PRE_LF)
        return fr_step_cl_pre(s, c, i);
    if (s.state == FR_CL_DIG)
        return fr_step_cl_dig(s, c, i);
    return fr_step_cl_post(s, c, i);
}

/* Every byte from pos to len, until the header section is complete or an
   error is found. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires FR_OK(s0) && s0.pos <= len && s0.state < FR_BODY;
    assigns \nothing;
    ensures FR_OK(\result) && s0.pos <= \result.pos <= len && \result.max_len == s0.max_len;
    ensures \result.state < FR_BODY ==> \result.pos == len;
*/
static sipr_framer fr_scan(sipr_framer s0, const char *buf, size_t len)
{
    sipr_framer s = s0;
    /*@ loop invariant FR_OK(s) && s0.pos <= s.pos <= len && s.state < FR_BODY;
        loop invariant s.max_len == s0.max_len;
        loop assigns s;
        loop variant len - s.pos; */
    while (s.pos < len) {
        const size_t i = s.pos;
        if (s.state >= FR_LINE && i - s.start >= s.max_len) {
            FAIL(s, SIPR_E_TOO_LONG, i); /* the header section does not fit */
            return s;
        }
        s = fr_step(s, (uint8_t)buf[i], i);
        if (s.state == FR_ERROR)
            return s;
        s.pos = i + 1;
        if (s.state == FR_BODY)
            return s;
    }
    return s;
}

/* The framer's invariant, checked: a framer that was not initialised, or a
   buffer shorter than what was scanned, is refused instead of trusted. */
/*@ assigns \nothing;
    ensures \result != 0 ==> FR_OK(s) && s.pos <= len;
*/
static int fr_sane(sipr_framer s, size_t len)
{
    if (s.state >= FR__COUNT || s.name > NM_OTHER || s.have_cl > 1 ||
        s.max_len > SIPR_MAX_MSG_LEN || s.clen > s.max_len + 1u || s.val > s.max_len + 1u ||
        s.msg_len > s.max_len)
        return 0;
    if (s.pos > len || s.start > s.pos || s.cl_off > s.pos || s.dig_off > s.pos ||
        s.err_off > s.pos)
        return 0;
    if ((unsigned)s.err >= (unsigned)SIPR_STATUS__COUNT || (s.state == FR_ERROR && s.err == SIPR_OK))
        return 0;
    if (s.state > FR_KA && s.state < FR_ERROR && s.start >= s.pos)
        return 0;
    return 1;
}

/*@ requires \valid(f);
    requires limits == \null || \valid_read(limits);
    requires \separated(f, limits);
    assigns *f;
    ensures \result == SIPR_OK || \result == SIPR_E_ARG;
    ensures FR_OK(*f) && f->pos == 0;
    ensures \result == SIPR_OK <==> f->state == FR_KA;
*/
sipr_status sipr_framer_init(sipr_framer *f, const sipr_limits *limits)
{
    const uint32_t max = limits ? limits->max_msg_len : SIPR_DEFAULT_MSG_LEN;
    sipr_framer s;
    if (max > SIPR_MAX_MSG_LEN) {
        s = fr_fresh(SIPR_DEFAULT_MSG_LEN);
        FAIL(s, SIPR_E_ARG, 0);
        *f = s;
        return SIPR_E_ARG;
    }
    *f = fr_fresh(max);
    return SIPR_OK;
}

/* The outcome of a scan, and the framer after it. */
typedef struct {
    sipr_frame_result res;
    sipr_frame_out out;
    sipr_framer next;
} frame_report;

/*@ requires FR_OK(s) && s.pos <= len;
    assigns \nothing;
    ensures FR_OK(\result.next) && \result.next.pos <= len && \result.next.max_len == s.max_len;
    ensures \result.res == SIPR_FRAME_NEED_MORE || \result.res == SIPR_FRAME_MESSAGE ||
            \result.res == SIPR_FRAME_ERROR;
    ensures \result.out.skipped <= len;
    ensures \result.res == SIPR_FRAME_MESSAGE ==>
            \result.out.msg_len <= len - \result.out.skipped && \result.out.msg_len <= s.max_len;
    ensures \result.res != SIPR_FRAME_MESSAGE ==> \result.out.msg_len == 0;
    ensures \result.res == SIPR_FRAME_ERROR ==>
            \result.out.err != SIPR_OK && \result.out.err_off <= len;
    ensures \result.res != SIPR_FRAME_ERROR ==>
            \result.out.err == SIPR_OK && \result.out.err_off == 0;
*/
static frame_report fr_report(sipr_framer s, size_t len)
{
    frame_report r;
    r.res = SIPR_FRAME_NEED_MORE;
    r.out.skipped = s.start;
    r.out.msg_len = 0;
    r.out.err = SIPR_OK;
    r.out.err_off = 0;
    r.next = s;
    if (s.state == FR_ERROR) {
        r.res = SIPR_FRAME_ERROR;
        r.out.err = s.err;
        r.out.err_off = s.err_off;
    } else if (s.state == FR_BODY && len - s.start >= s.msg_len) {
        r.res = SIPR_FRAME_MESSAGE;
        r.out.msg_len = s.msg_len;
        r.next = fr_fresh(s.max_len); /* ready for the message that follows */
    }
    return r;
}

/*@ requires \valid(f) && \valid(out);
    requires \valid_read(buf + (0 .. len - 1));
    requires \separated(f, out, buf + (0 .. len - 1));
    assigns *f, *out;
    ensures \result == SIPR_FRAME_NEED_MORE || \result == SIPR_FRAME_MESSAGE ||
            \result == SIPR_FRAME_ERROR;
    ensures out->skipped <= len;
    ensures \result == SIPR_FRAME_MESSAGE ==>
            out->msg_len <= len - out->skipped && out->msg_len <= f->max_len;
    ensures \result != SIPR_FRAME_MESSAGE ==> out->msg_len == 0;
    ensures \result == SIPR_FRAME_ERROR ==> out->err != SIPR_OK && out->err_off <= len;
    ensures \result != SIPR_FRAME_ERROR ==> out->err == SIPR_OK && out->err_off == 0;
    ensures \result != SIPR_FRAME_ERROR ==> f->max_len == \old(f->max_len);
    ensures \result == SIPR_FRAME_NEED_MORE ==> f->pos <= len;
*/
sipr_frame_result sipr_frame(sipr_framer *f, const char *buf, size_t len, sipr_frame_out *out)
{
    sipr_framer s = *f;
    frame_report r;
    if (!fr_sane(s, len)) {
        out->skipped = 0;
        out->msg_len = 0;
        out->err = SIPR_E_ARG;
        out->err_off = 0;
        return SIPR_FRAME_ERROR;
    }
    if (s.state < FR_BODY)
        s = fr_scan(s, buf, len);
    r = fr_report(s, len);
    *f = r.next;
    *out = r.out;
    return r.res;
}
