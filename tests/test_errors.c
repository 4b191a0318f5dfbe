/* siprove: rejection tests (Criterion).
 *
 * Each case starts from a valid base message, applies one textual edit, and
 * states the expected sipr_status and the expected err_off. The convention
 * (siprove.h, sipr_parse): err_off is the offset of the FIRST BYTE THAT THE
 * GRAMMAR COULD NOT ACCEPT, in the whole message:
 *   - truncated input (every byte acceptable, input ends early): err_off == len,
 *     SIPR_E_TRUNCATED;
 *   - empty input: SIPR_E_EMPTY at 0;
 *   - input longer than limits.max_msg_len: SIPR_E_TOO_LONG at max_msg_len;
 *   - CR not followed by LF: the byte after the CR (the CR itself is acceptable,
 *     it could start CRLF); a bare LF: the LF;
 *   - a number out of range: the digit whose value makes the number exceed
 *     its maximum (all earlier digits were acceptable);
 *   - a capacity overflow: the first byte of the item that does not fit (the
 *     header line, the via-parm, the contact-param, the parameter name).
 * The expected offset is computed from the position of a marker string in
 * the edited message (searched from the position of the edit), never written
 * as a number.
 *
 * `alt` names a second acceptable code where RFC 3261 §25 leaves the owning
 * rule ambiguous (the offset is still exact); see tests/README.md.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

static const char BASE_REQ[] =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Subject: lunch\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char BASE_RESP[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n"
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:bob@192.0.2.4>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

enum { REQ = 0, RESP = 1 };
enum { AT_MARK = 0, AT_END, AT_ZERO, AT_LIMIT };

typedef struct {
    const char *name;
    int base;            /* REQ or RESP */
    const char *find;    /* text of the base replaced by repl (first occurrence); NULL: none */
    const char *repl;
    const char *trunc;   /* cut the message at the first occurrence of trunc ... */
    int keep;            /* ... keeping this many of its bytes */
    int at;              /* where the error is expected */
    const char *mark;    /* AT_MARK: expected err_off = offset of mark (searched from the edit) */
    int skip;            /*          + skip */
    int nul;             /* write a NUL byte at the expected offset */
    sipr_status code;
    sipr_status alt;     /* a second acceptable code, SIPR_OK: none */
    sipr_limits lim;     /* fields left 0 take the default */
} ecase;

static char g_text[1u << 17];
static sipr_msg g_m;

/* Builds the message of case c into g_text; returns its length and sets *exp. */
static size_t build(const ecase *c, size_t *exp)
{
    const char *base = c->base == RESP ? BASE_RESP : BASE_REQ;
    size_t blen = strlen(base), len, rpos = 0;

    if (c->find) {
        const char *p = strstr(base, c->find);
        cr_assert_not_null(p, "%s: find text \"%s\" not in the base", c->name, c->find);
        size_t pre = (size_t)(p - base), fl = strlen(c->find), rl = strlen(c->repl);
        cr_assert(blen - fl + rl < sizeof g_text);
        memcpy(g_text, base, pre);
        memcpy(g_text + pre, c->repl, rl);
        memcpy(g_text + pre + rl, p + fl, blen - pre - fl);
        len = blen - fl + rl;
        rpos = pre;
    } else {
        memcpy(g_text, base, blen);
        len = blen;
    }
    g_text[len] = '\0';

    if (c->trunc) {
        const char *q = strstr(g_text, c->trunc);
        cr_assert_not_null(q, "%s: trunc text not found", c->name);
        len = (size_t)(q - g_text) + (size_t)c->keep;
        g_text[len] = '\0';
    }

    switch (c->at) {
    case AT_END: *exp = len; break;
    case AT_ZERO: *exp = 0; break;
    case AT_LIMIT: *exp = c->lim.max_msg_len; break;
    default: {
        const char *q = strstr(g_text + rpos, c->mark);
        cr_assert_not_null(q, "%s: mark \"%s\" not found", c->name, c->mark);
        *exp = (size_t)(q - g_text) + (size_t)c->skip;
        cr_assert(*exp < len, "%s: mark beyond the message", c->name);
        break;
    }
    }
    if (c->nul)
        g_text[*exp] = '\0';
    return len;
}

static sipr_limits limits_of(const ecase *c)
{
    sipr_limits l = sipr_limits_default();
    if (c->lim.max_msg_len) l.max_msg_len = c->lim.max_msg_len;
    if (c->lim.max_headers) l.max_headers = c->lim.max_headers;
    if (c->lim.max_vias) l.max_vias = c->lim.max_vias;
    if (c->lim.max_contacts) l.max_contacts = c->lim.max_contacts;
    if (c->lim.max_params) l.max_params = c->lim.max_params;
    if (c->lim.max_items) l.max_items = c->lim.max_items;
    if (c->lim.max_addrs) l.max_addrs = c->lim.max_addrs;
    return l;
}

static void show(const char *buf, size_t len, size_t off, char *out, size_t outsz)
{
    /* printable excerpt around off, for failure messages */
    size_t a = off > 12 ? off - 12 : 0, b = off + 12 < len ? off + 12 : len, k = 0;
    for (size_t i = a; i < b && k + 5 < outsz; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if (i == off) out[k++] = '|';
        if (ch == '\r') { out[k++] = '\\'; out[k++] = 'r'; }
        else if (ch == '\n') { out[k++] = '\\'; out[k++] = 'n'; }
        else if (ch < 0x20 || ch >= 0x7f) out[k++] = '?';
        else out[k++] = (char)ch;
    }
    if (off >= len && k + 1 < outsz) out[k++] = '|';
    out[k] = '\0';
}

static void run_case(const ecase *c)
{
    size_t exp = 0;
    size_t len = build(c, &exp);
    sipr_limits l = limits_of(c);
    /* an exactly-sized heap copy: a read past the end is an ASan error */
    char *buf = malloc(len ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, g_text, len);

    cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_OK);
    sipr_status st = sipr_parse(buf, len, &g_m);

    char got[64], want[64];
    show(buf, len, g_m.err_off, got, sizeof got);
    show(buf, len, exp, want, sizeof want);
    cr_assert(st == c->code || (c->alt != SIPR_OK && st == c->alt),
              "%s: status %d (%s), expected %d (%s); err_off %u [%s], expected %zu [%s]",
              c->name, (int)st, sipr_strerror(st), (int)c->code, sipr_strerror(c->code),
              (unsigned)g_m.err_off, got, exp, want);
    cr_assert_eq(g_m.err, st, "%s: msg.err %d != return %d", c->name, (int)g_m.err, (int)st);
    cr_assert(g_m.err_off <= len, "%s: err_off %u > len %zu", c->name, (unsigned)g_m.err_off, len);
    cr_assert_eq(g_m.err_off, exp, "%s (%s): err_off %u [%s], expected %zu [%s]", c->name,
                 sipr_strerror(st), (unsigned)g_m.err_off, got, exp, want);
    free(buf);
}

#define ECASE(id, ...)                                  \
    static const ecase C_##id = {.name = #id, __VA_ARGS__}; \
    Test(errors, id) { run_case(&C_##id); }

/* ---- the bases themselves are valid -------------------------------------- */

Test(errors, bases_are_valid)
{
    const char *b[2] = {BASE_REQ, BASE_RESP};
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
        sipr_status st = sipr_parse(b[i], strlen(b[i]), &g_m);
        cr_assert_eq(st, SIPR_OK, "base %d: %s at %u", i, sipr_strerror(st), (unsigned)g_m.err_off);
    }
}

/* ---- framing: empty, too long, truncated --------------------------------- */

ECASE(empty, .trunc = "INVITE", .keep = 0, .at = AT_ZERO, .code = SIPR_E_EMPTY)
ECASE(too_long_low_limit, .at = AT_LIMIT, .lim = {.max_msg_len = 100}, .code = SIPR_E_TOO_LONG)
ECASE(too_long_by_one, .at = AT_LIMIT, .lim = {.max_msg_len = sizeof BASE_REQ - 2},
      .code = SIPR_E_TOO_LONG)
ECASE(trunc_no_empty_line, .trunc = "\r\n\r\n", .keep = 2, .at = AT_END, .code = SIPR_E_TRUNCATED)
ECASE(trunc_after_last_cr, .trunc = "\r\n\r\n", .keep = 3, .at = AT_END, .code = SIPR_E_TRUNCATED)
ECASE(trunc_method_only, .trunc = " sip:", .keep = 0, .at = AT_END, .code = SIPR_E_TRUNCATED)
ECASE(trunc_in_request_uri, .trunc = "biloxi.com SIP", .keep = 3, .at = AT_END,
      .code = SIPR_E_TRUNCATED)
ECASE(trunc_after_start_line, .trunc = "Via:", .keep = 0, .at = AT_END, .code = SIPR_E_TRUNCATED)
ECASE(trunc_in_header_name, .trunc = "Max-Forwards", .keep = 3, .at = AT_END,
      .code = SIPR_E_TRUNCATED)
ECASE(trunc_in_via_value, .trunc = "pc33.atlanta.com;branch", .keep = 4, .at = AT_END,
      .code = SIPR_E_TRUNCATED)
ECASE(trunc_status_line, .base = RESP, .trunc = "200 OK", .keep = 2, .at = AT_END,
      .code = SIPR_E_TRUNCATED)

/* ---- Request-Line / Status-Line ------------------------------------------ */

ECASE(method_bad_char, .find = "INVITE sip", .repl = "INV@TE sip", .mark = "@",
      .code = SIPR_E_START_LINE)
ECASE(request_line_two_spaces, .find = "INVITE sip", .repl = "INVITE  sip", .mark = "  sip",
      .skip = 1, .code = SIPR_E_REQUEST_URI, .alt = SIPR_E_START_LINE)
ECASE(request_uri_in_angle_brackets, .find = "INVITE sip:bob@biloxi.com SIP",
      .repl = "INVITE <sip:bob@biloxi.com> SIP", .mark = "<", .code = SIPR_E_REQUEST_URI,
      .alt = SIPR_E_START_LINE)
ECASE(request_uri_bad_host_char, .find = "sip:bob@biloxi.com SIP", .repl = "sip:bob@bi_loxi.com SIP",
      .mark = "_", .code = SIPR_E_REQUEST_URI)
ECASE(request_uri_lws_in_param, .find = "sip:bob@biloxi.com SIP",
      .repl = "sip:bob@biloxi.com; lr SIP", .mark = " lr", .code = SIPR_E_REQUEST_URI)
ECASE(request_uri_port_letter, .find = "sip:bob@biloxi.com SIP",
      .repl = "sip:bob@biloxi.com:50x60 SIP", .mark = "x60", .code = SIPR_E_REQUEST_URI)
ECASE(request_uri_port_range, .find = "sip:bob@biloxi.com SIP",
      .repl = "sip:bob@biloxi.com:65536 SIP", .mark = "65536", .skip = 4,
      .code = SIPR_E_NUMBER_RANGE)
ECASE(version_letter_digit, .find = "SIP/2.0\r\n", .repl = "SIP/2.O\r\n", .mark = "O\r\n",
      .code = SIPR_E_VERSION)
ECASE(version_bad_name, .find = "SIP/2.0\r\n", .repl = "SIQ/2.0\r\n", .mark = "Q/",
      .code = SIPR_E_VERSION)
ECASE(version_missing_slash, .find = "SIP/2.0\r\n", .repl = "SIP2.0\r\n", .mark = "2.0",
      .code = SIPR_E_VERSION)
ECASE(start_line_bare_lf, .find = "SIP/2.0\r\nVia", .repl = "SIP/2.0\nVia", .mark = "\nVia",
      .code = SIPR_E_LINE_END)
ECASE(start_line_cr_without_lf, .find = "SIP/2.0\r\nVia", .repl = "SIP/2.0\rVia", .mark = "Via",
      .code = SIPR_E_LINE_END)
ECASE(status_code_two_digits, .base = RESP, .find = "200 OK", .repl = "20 OK", .mark = " OK",
      .code = SIPR_E_STATUS_CODE)
ECASE(status_code_letter, .base = RESP, .find = "200 OK", .repl = "2x0 OK", .mark = "x0",
      .code = SIPR_E_STATUS_CODE)
ECASE(status_code_four_digits, .base = RESP, .find = "200 OK", .repl = "2000 OK", .mark = "2000",
      .skip = 3, .code = SIPR_E_STATUS_CODE)
ECASE(status_code_overlarge, .base = RESP, .find = "200 OK", .repl = "4294967301 Nope",
      .mark = "4294967301", .skip = 3, .code = SIPR_E_STATUS_CODE)
ECASE(status_two_spaces, .base = RESP, .find = "200 OK", .repl = " 200 OK", .mark = " 200",
      .code = SIPR_E_STATUS_CODE, .alt = SIPR_E_START_LINE)
ECASE(status_version_letter, .base = RESP, .find = "SIP/2.0 200", .repl = "SIP/X.0 200",
      .mark = "X", .code = SIPR_E_VERSION)
ECASE(reason_control_char, .base = RESP, .find = "200 OK", .repl = "200 O\x01K", .mark = "\x01",
      .code = SIPR_E_START_LINE)

/* ---- header lines -------------------------------------------------------- */

ECASE(header_name_bad_char, .find = "Subject: lunch", .repl = "Sub@ject: lunch", .mark = "@",
      .code = SIPR_E_HEADER_NAME)
ECASE(header_missing_colon, .find = "Subject: lunch", .repl = "Subject lunch", .mark = "lunch",
      .code = SIPR_E_HEADER_NAME)
ECASE(header_empty_name, .find = "Subject: lunch", .repl = ": lunch", .mark = ": lunch",
      .code = SIPR_E_HEADER_NAME)
ECASE(header_value_ctl, .find = "Subject: lunch", .repl = "Subject: lu\x01nch", .mark = "\x01",
      .code = SIPR_E_HEADER_VALUE)
ECASE(header_value_nul, .find = "Subject: lunch", .repl = "Subject: lu#nch", .mark = "#nch",
      .nul = 1, .code = SIPR_E_HEADER_VALUE)
ECASE(header_value_del, .find = "Subject: lunch", .repl = "Subject: lu\x7fnch", .mark = "\x7f",
      .code = SIPR_E_HEADER_VALUE)
ECASE(header_value_esc, .find = "Subject: lunch", .repl = "Subject: \x1b[1mlunch", .mark = "\x1b",
      .code = SIPR_E_HEADER_VALUE)
ECASE(header_bare_lf, .find = "Subject: lunch\r\n", .repl = "Subject: lunch\n", .mark = "\nContent",
      .code = SIPR_E_LINE_END)
ECASE(header_cr_inside_value, .find = "Subject: lunch", .repl = "Subject: lun\rch", .mark = "\rch",
      .skip = 1, .code = SIPR_E_LINE_END)
ECASE(header_cr_without_lf, .find = "Subject: lunch\r\n", .repl = "Subject: lunch\r",
      .mark = "Content-Length", .code = SIPR_E_LINE_END)
ECASE(too_many_headers, .lim = {.max_headers = 4}, .at = AT_MARK, .mark = "Call-ID:",
      .code = SIPR_E_TOO_MANY_HEADERS)

/* ---- Via ----------------------------------------------------------------- */

ECASE(via_missing_transport, .find = "SIP/2.0/UDP pc33", .repl = "SIP/2.0 pc33", .mark = "pc33",
      .code = SIPR_E_VIA)
ECASE(via_bad_transport_char, .find = "SIP/2.0/UDP pc33", .repl = "SIP/2.0/U@P pc33", .mark = "@",
      .code = SIPR_E_VIA)
ECASE(via_empty_param, .find = "com;branch=z9hG4bKnashds8", .repl = "com;;branch=z9hG4bKnashds8",
      .mark = ";;", .skip = 1, .code = SIPR_E_VIA)
ECASE(via_port_letter, .find = "pc33.atlanta.com;branch", .repl = "pc33.atlanta.com:50a60;branch",
      .mark = "a60", .code = SIPR_E_VIA)
ECASE(via_port_range, .find = "pc33.atlanta.com;branch", .repl = "pc33.atlanta.com:65536;branch",
      .mark = "65536", .skip = 4, .code = SIPR_E_NUMBER_RANGE)
ECASE(via_ipv6_unclosed, .find = "pc33.atlanta.com;branch", .repl = "[2001:db8::1;branch",
      .mark = ";branch", .code = SIPR_E_VIA)
ECASE(via_branch_quote, .find = "branch=z9hG4bKnashds8", .repl = "branch=z9hG4bK\"nashds8\"",
      .mark = "\"", .code = SIPR_E_VIA)
ECASE(via_list_garbage, .find = "branch=z9hG4bKnashds8\r\n", .repl = "branch=z9hG4bKnashds8, @\r\n",
      .mark = "@", .code = SIPR_E_VIA)
ECASE(too_many_vias_lines, .lim = {.max_vias = 2}, .find = "Via: SIP/2.0/UDP pc33",
      .repl = "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa\r\n"
              "Via: SIP/2.0/UDP b.example.com;branch=z9hG4bKb\r\n"
              "Via: SIP/2.0/UDP pc33",
      .mark = "SIP/2.0/UDP pc33", .code = SIPR_E_TOO_MANY_VIAS)
ECASE(too_many_vias_comma, .lim = {.max_vias = 2}, .find = "Via: SIP/2.0/UDP pc33",
      .repl = "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa, "
              "SIP/2.0/UDP b.example.com;branch=z9hG4bKb, SIP/2.0/UDP pc33",
      .mark = "SIP/2.0/UDP pc33", .code = SIPR_E_TOO_MANY_VIAS)

/* ---- From / To ------------------------------------------------------------ */

ECASE(to_uri_bad_host, .find = "To: Bob <sip:bob@biloxi.com>", .repl = "To: Bob <sip:bob@bi_loxi.com>",
      .mark = "_", .code = SIPR_E_URI)
ECASE(to_junk_after_raquot, .find = "To: Bob <sip:bob@biloxi.com>\r\n",
      .repl = "To: Bob <sip:bob@biloxi.com>x\r\n", .mark = ">x", .skip = 1, .code = SIPR_E_TO)
ECASE(to_junk_after_quoted_display, .find = "To: Bob <", .repl = "To: \"Bob\" x <", .mark = "x <",
      .code = SIPR_E_TO)
ECASE(from_params_without_semi, .find = "<sip:alice@atlanta.com>;tag=",
      .repl = "<sip:alice@atlanta.com> tag=", .mark = "tag=", .code = SIPR_E_FROM)
ECASE(from_tag_quote, .find = ";tag=1928301774", .repl = ";tag=19283\"01774", .mark = "\"",
      .code = SIPR_E_FROM)
ECASE(from_empty_param, .find = "com>;tag=", .repl = "com>;;tag=", .mark = ";;", .skip = 1,
      .code = SIPR_E_FROM)
ECASE(from_uri_port_letter, .find = "<sip:alice@atlanta.com>", .repl = "<sip:alice@atlanta.com:5x>",
      .mark = "x>", .code = SIPR_E_URI)

/* ---- Call-ID, CSeq, Max-Forwards, Content-Length --------------------------- */

ECASE(call_id_semicolon, .find = "a84b4c76e66710@pc33", .repl = "a84b4c76e66710;pc33",
      .mark = ";pc33", .code = SIPR_E_CALL_ID)
ECASE(call_id_two_at, .find = "a84b4c76e66710@pc33.atlanta.com",
      .repl = "a84b4c76e66710@pc33@atlanta.com", .mark = "@atlanta", .code = SIPR_E_CALL_ID)
ECASE(cseq_letter_in_number, .find = "CSeq: 314159", .repl = "CSeq: 31a4159", .mark = "a4159",
      .code = SIPR_E_CSEQ)
ECASE(cseq_no_lws, .find = "CSeq: 314159 INVITE", .repl = "CSeq: 314159INVITE", .mark = "INVITE",
      .code = SIPR_E_CSEQ)
ECASE(cseq_method_first, .find = "CSeq: 314159 INVITE", .repl = "CSeq: INVITE 314159",
      .mark = "INVITE", .code = SIPR_E_CSEQ)
ECASE(cseq_bad_method, .find = "CSeq: 314159 INVITE", .repl = "CSeq: 314159 INV@TE", .mark = "@",
      .code = SIPR_E_CSEQ)
ECASE(cseq_over_2_31, .find = "CSeq: 314159", .repl = "CSeq: 2147483648", .mark = "2147483648",
      .skip = 9, .code = SIPR_E_NUMBER_RANGE)
ECASE(cseq_eleven_digits, .find = "CSeq: 314159", .repl = "CSeq: 99999999999", .mark = "99999999999",
      .skip = 9, .code = SIPR_E_NUMBER_RANGE)
ECASE(max_forwards_letter, .find = "Max-Forwards: 70", .repl = "Max-Forwards: 7O", .mark = "O\r",
      .code = SIPR_E_MAX_FORWARDS)
ECASE(max_forwards_negative, .find = "Max-Forwards: 70", .repl = "Max-Forwards: -1", .mark = "-1",
      .code = SIPR_E_MAX_FORWARDS)
/* §20.22: 0 to 255 (RFC 4475 §3.1.2.4, scalar02 has 300) */
ECASE(max_forwards_over_255, .find = "Max-Forwards: 70", .repl = "Max-Forwards: 256",
      .mark = "256", .skip = 2, .code = SIPR_E_NUMBER_RANGE)
ECASE(max_forwards_over_2_32, .find = "Max-Forwards: 70", .repl = "Max-Forwards: 4294967296",
      .mark = "4294967296", .skip = 2, .code = SIPR_E_NUMBER_RANGE)
ECASE(content_length_negative, .find = "Content-Length: 0", .repl = "Content-Length: -999",
      .mark = "-999", .code = SIPR_E_CONTENT_LENGTH)
ECASE(content_length_letter, .find = "Content-Length: 0", .repl = "Content-Length: 1x",
      .mark = "x\r", .code = SIPR_E_CONTENT_LENGTH)
ECASE(content_length_over_2_32, .find = "Content-Length: 0", .repl = "Content-Length: 4294967296",
      .mark = "4294967296", .skip = 9, .code = SIPR_E_NUMBER_RANGE)
ECASE(content_length_twenty_digits, .find = "Content-Length: 0",
      .repl = "Content-Length: 99999999999999999999", .mark = "99999999999999999999", .skip = 9,
      .code = SIPR_E_NUMBER_RANGE)

/* ---- Contact --------------------------------------------------------------- */

ECASE(contact_star_in_list, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: *, <sip:alice@pc33.atlanta.com>", .mark = ", <", .code = SIPR_E_CONTACT)
/* "*" stands alone across the lines too (RFC 3261 §20.10, §7.3.1); found by
   fuzz_parse (fuzz/regressions/parse/): the error is at the later line's value */
ECASE(contact_star_then_entry, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: *\r\nm: <sip:alice@pc33.atlanta.com>", .mark = "<sip:alice",
      .code = SIPR_E_CONTACT)
ECASE(contact_entry_then_star, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: <sip:alice@pc33.atlanta.com>\r\nContact: *", .mark = "*",
      .code = SIPR_E_CONTACT)
ECASE(contact_star_twice, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: *\r\nContact: *", .mark = ": *\r\nContact: *", .skip = 14,
      .code = SIPR_E_CONTACT)
ECASE(contact_empty_param, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: <sip:alice@pc33.atlanta.com>;expires=60;;q=0.5", .mark = ";;", .skip = 1,
      .code = SIPR_E_CONTACT)
ECASE(contact_junk_after_raquot, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: <sip:alice@pc33.atlanta.com> x", .mark = "> x", .skip = 2,
      .code = SIPR_E_CONTACT)
ECASE(contact_uri_two_at, .find = "<sip:alice@pc33.atlanta.com>", .repl = "<sip:alice@pc33.atl@nta.com>",
      .mark = "@nta", .code = SIPR_E_URI)
ECASE(too_many_contacts_list, .lim = {.max_contacts = 1}, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: <sip:alice@pc33.atlanta.com>, <sip:alice@192.0.2.1>",
      .mark = "<sip:alice@192", .code = SIPR_E_TOO_MANY_CONTACTS)
ECASE(too_many_contacts_lines, .lim = {.max_contacts = 2}, .find = "Contact: <sip:alice@pc33.atlanta.com>",
      .repl = "Contact: <sip:a@x.example.com>\r\nm: <sip:b@y.example.com>\r\nContact: sip:c@z.example.com",
      .mark = "sip:c@z", .code = SIPR_E_TOO_MANY_CONTACTS)

/* ---- parameter pool -------------------------------------------------------- */

ECASE(too_many_params_request_uri, .lim = {.max_params = 2}, .find = "sip:bob@biloxi.com SIP",
      .repl = "sip:bob@biloxi.com;a=1;b;c=3 SIP", .mark = "c=3", .code = SIPR_E_TOO_MANY_PARAMS)
ECASE(too_many_params_via, .lim = {.max_params = 2}, .find = "branch=z9hG4bKnashds8",
      .repl = "branch=z9hG4bKnashds8;x=1;y=2;z=3", .mark = "z=3", .code = SIPR_E_TOO_MANY_PARAMS)

/* ---- the first bad byte wins, whichever rule finds it ----------------------
 * err_off is the FIRST byte the grammar cannot accept: an error inside a value
 * must win over a later framing error (bad version, bad header name, missing
 * empty line), even if an implementation frames the lines before it parses
 * the values. */

ECASE(first_error_uri_before_version, .find = "sip:bob@biloxi.com SIP/2.0\r\n",
      .repl = "sip:bob@bi_loxi.com SIP/2.O\r\n", .mark = "_", .code = SIPR_E_REQUEST_URI)
ECASE(first_error_via_before_header_name,
      .find = "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\nMax-Forwards: 70",
      .repl = "SIP/2.0 pc33.atlanta.com;branch=z9hG4bKnashds8\r\nMax-Forw@rds: 70", .mark = "pc33",
      .code = SIPR_E_VIA)
ECASE(first_error_via_before_truncation, .find = "Via: SIP/2.0/UDP pc33",
      .repl = "Via: SIP/2.0 pc33", .trunc = "\r\n\r\n", .keep = 2, .mark = "pc33",
      .code = SIPR_E_VIA)
ECASE(first_error_cseq_before_bare_lf,
      .find = "CSeq: 314159 INVITE\r\nContact: <sip:alice@pc33.atlanta.com>\r\nSubject: lunch\r\n",
      .repl = "CSeq: 314159 INV@TE\r\nContact: <sip:alice@pc33.atlanta.com>\r\nSubject: lunch\n",
      .mark = "@", .code = SIPR_E_CSEQ)

/* a datagram starting with CRLF: no start line (RFC 3261 §7.5 only lets stream
 * transports skip leading CRLFs) */
ECASE(start_line_leading_crlf, .find = "INVITE sip", .repl = "\r\nINVITE sip", .mark = "\r\nINVITE",
      .code = SIPR_E_START_LINE)

/* ---- properties over the corpus ------------------------------------------ */

/* Every proper prefix of a valid message that stops before the end of the
 * header section is a truncation at len (every byte so far was acceptable). */
Test(errors, every_prefix_is_truncated)
{
    static const char *const files[] = {
        "tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip",
        "tests/corpus/rfc3261/24.2-F05-invite-biloxi-com-proxy-bob.sip",
        "tests/corpus/rfc3261/24.2-F06-180-ringing-bob-biloxi-com-proxy.sip",
        "tests/corpus/rfc3261/11.2-options-200ok.sip",
    };
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        FILE *fp = fopen(files[f], "rb");
        cr_assert_not_null(fp, "%s (run from the repository root)", files[f]);
        size_t n = fread(g_text, 1, sizeof g_text - 1, fp);
        fclose(fp);
        g_text[n] = '\0';
        const char *eoh = strstr(g_text, "\r\n\r\n");
        cr_assert_not_null(eoh);
        size_t hdr_end = (size_t)(eoh - g_text) + 4; /* first body byte */
        for (size_t L = 0; L < hdr_end; L++) {
            char *buf = malloc(L ? L : 1);
            memcpy(buf, g_text, L);
            cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
            sipr_status st = sipr_parse(buf, L, &g_m);
            sipr_status want = L == 0 ? SIPR_E_EMPTY : SIPR_E_TRUNCATED;
            cr_assert_eq(st, want, "%s prefix %zu: %s at %u", files[f], L, sipr_strerror(st),
                         (unsigned)g_m.err_off);
            cr_assert_eq(g_m.err_off, L == 0 ? 0 : L, "%s prefix %zu: err_off %u", files[f], L,
                         (unsigned)g_m.err_off);
            free(buf);
        }
        /* the full header section parses */
        cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
        cr_assert_eq(sipr_parse(g_text, n, &g_m), SIPR_OK, "%s", files[f]);
    }
}

/* Default limits: 65,535 bytes are accepted, 65,536 are too long at 65,535. */
Test(errors, default_max_msg_len)
{
    static const char head[] =
        "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKbig\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:bob@biloxi.com>\r\n"
        "From: <sip:alice@atlanta.com>;tag=1\r\n"
        "Call-ID: big@atlanta.com\r\n"
        "CSeq: 1 MESSAGE\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n";
    for (size_t total = 65535; total <= 65536; total++) {
        char *buf = malloc(total);
        memcpy(buf, head, sizeof head - 1);
        memset(buf + sizeof head - 1, 'x', total - (sizeof head - 1));
        cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
        sipr_status st = sipr_parse(buf, total, &g_m);
        if (total == 65535) {
            cr_assert_eq(st, SIPR_OK, "65535 bytes: %s at %u", sipr_strerror(st),
                         (unsigned)g_m.err_off);
            cr_assert_eq(g_m.body.len, total - (sizeof head - 1));
        } else {
            cr_assert_eq(st, SIPR_E_TOO_LONG);
            cr_assert_eq(g_m.err_off, 65535);
        }
        free(buf);
    }
}

/* A message of exactly limits.max_msg_len bytes is accepted. */
Test(errors, exactly_max_msg_len_is_accepted)
{
    size_t len = strlen(BASE_REQ);
    sipr_limits l = sipr_limits_default();
    l.max_msg_len = (uint32_t)len;
    cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_OK);
    cr_assert_eq(sipr_parse(BASE_REQ, len, &g_m), SIPR_OK);
}

/* ---- Request-URI headers, quoted-pairs, list and media headers, Date, Expires -- */

/* §19.1.1: no headers in a Request-URI (RFC 4475 §3.1.2.11, escruri): the '?' */
ECASE(request_uri_with_headers, .find = "sip:bob@biloxi.com SIP", .repl = "sip:bob@biloxi.com?Route=%3Csip:x%3E SIP",
      .mark = "?Route", .code = SIPR_E_REQUEST_URI)
/* a control byte is allowed escaped in a quoted string of a known header ... */
ECASE(unknown_header_escaped_control, .find = "Subject: lunch", .repl = "X-Note: \"a\\\x01\"",
      .mark = "\x01", .code = SIPR_E_HEADER_VALUE)
ECASE(token_list_empty_require, .find = "Subject: lunch", .repl = "Require:", .mark = "\r\nContent-Length",
      .code = SIPR_E_TOKEN_LIST)
ECASE(token_list_double_comma, .find = "Subject: lunch", .repl = "Require: a,,b", .mark = ",b",
      .code = SIPR_E_TOKEN_LIST)
ECASE(token_list_bad_char, .find = "Subject: lunch", .repl = "k: path, out/bound", .mark = "/bound",
      .code = SIPR_E_TOKEN_LIST)
ECASE(allow_trailing_comma, .find = "Subject: lunch", .repl = "Allow: INVITE,", .mark = "\r\nContent-Length",
      .code = SIPR_E_TOKEN_LIST)
ECASE(content_type_no_subtype, .find = "Subject: lunch", .repl = "Content-Type: application",
      .mark = "\r\nContent-Length", .code = SIPR_E_MEDIA_TYPE)
ECASE(content_type_two_entries, .find = "Subject: lunch", .repl = "c: text/plain, text/html",
      .mark = "text/html", .code = SIPR_E_MEDIA_TYPE)
ECASE(accept_bad_param, .find = "Subject: lunch", .repl = "Accept: application/sdp;=1",
      .mark = "=1", .code = SIPR_E_MEDIA_TYPE)
ECASE(date_not_gmt, .find = "Subject: lunch", .repl = "Date: Fri, 01 Jan 2010 16:00:00 EST",
      .mark = "EST", .code = SIPR_E_DATE)
ECASE(date_bad_weekday, .find = "Subject: lunch", .repl = "Date: Fry, 01 Jan 2010 16:00:00 GMT",
      .mark = "y, 01", .code = SIPR_E_DATE)
ECASE(expires_letter, .find = "Subject: lunch", .repl = "Expires: 36O0", .mark = "O0",
      .code = SIPR_E_EXPIRES)
ECASE(expires_range, .find = "Subject: lunch", .repl = "Expires: 4294967296", .mark = "4294967296",
      .skip = 9, .code = SIPR_E_NUMBER_RANGE)
ECASE(too_many_items, .find = "Subject: lunch", .repl = "Supported: a, b, c", .mark = "c\r\n",
      .lim = {.max_items = 2}, .code = SIPR_E_TOO_MANY_ITEMS)
ECASE(route_addr_spec, .find = "Subject: lunch", .repl = "Route: sip:p1.atlanta.com;lr",
      .mark = "sip:p1", .code = SIPR_E_ADDR)
ECASE(record_route_second_addr_spec, .find = "Subject: lunch",
      .repl = "Record-Route: <sip:p1.atlanta.com;lr>, sip:p2.atlanta.com", .mark = "sip:p2",
      .code = SIPR_E_ADDR)
ECASE(alert_info_display_name, .find = "Subject: lunch",
      .repl = "Alert-Info: Ring <http://www.example.com/ring.wav>", .mark = "Ring", .code = SIPR_E_ADDR)
ECASE(refer_to_two_values, .find = "Subject: lunch", .repl = "r: <sip:a@atlanta.com>, <sip:b@atlanta.com>",
      .mark = ", <sip:b", .code = SIPR_E_ADDR)
ECASE(path_empty, .find = "Subject: lunch", .repl = "Path:", .mark = "\r\nContent-Length",
      .code = SIPR_E_ADDR)
ECASE(too_many_addrs, .find = "Subject: lunch",
      .repl = "Route: <sip:p1.atlanta.com;lr>, <sip:p2.atlanta.com;lr>, <sip:p3.atlanta.com;lr>",
      .mark = "<sip:p3", .lim = {.max_addrs = 2}, .code = SIPR_E_TOO_MANY_ADDRS)
/* entries with parameters (grammar/tparams.rl): each header's own rule */
ECASE(accept_language_nine_letters, .find = "Subject: lunch", .repl = "Accept-Language: da, abcdefghi",
      .mark = "i\r\n", .code = SIPR_E_ITEM)
ECASE(content_language_star, .find = "Subject: lunch", .repl = "Content-Language: fr, *", .mark = "*",
      .code = SIPR_E_ITEM)
ECASE(content_disposition_two_values, .find = "Subject: lunch",
      .repl = "Content-Disposition: session, render", .mark = ", render", .code = SIPR_E_ITEM)
ECASE(priority_with_param, .find = "Subject: lunch", .repl = "Priority: urgent;x=1", .mark = ";x",
      .code = SIPR_E_ITEM)
ECASE(event_empty_template, .find = "Subject: lunch", .repl = "o: presence..winfo", .mark = ".winfo",
      .code = SIPR_E_ITEM)
ECASE(subscription_state_placeholder, .find = "Subject: lunch",
      .repl = "Subscription-State: active;expires=(depends on Refer-To URI)", .mark = "(depends",
      .code = SIPR_E_ITEM)
ECASE(reason_trailing_comma, .find = "Subject: lunch", .repl = "Reason: SIP;cause=200,",
      .mark = "\r\nContent-Length", .code = SIPR_E_ITEM)
ECASE(session_expires_range, .find = "Subject: lunch", .repl = "x: 4294967296;refresher=uac",
      .mark = "6;refresher", .code = SIPR_E_NUMBER_RANGE)
ECASE(min_se_letter, .find = "Subject: lunch", .repl = "Min-SE: 9O", .mark = "O\r\n", .code = SIPR_E_ITEM)
ECASE(mime_version_no_minor, .find = "Subject: lunch", .repl = "MIME-Version: 1.", .mark = "\r\nContent-Length",
      .code = SIPR_E_ITEM)
ECASE(rseq_range, .find = "Subject: lunch", .repl = "RSeq: 99999999999", .mark = "99999999999", .skip = 9,
      .code = SIPR_E_NUMBER_RANGE)
ECASE(in_reply_to_two_ats, .find = "Subject: lunch", .repl = "In-Reply-To: a@b@c", .mark = "@c",
      .code = SIPR_E_ITEM)
ECASE(privacy_space_after_semicolon, .find = "Subject: lunch", .repl = "Privacy: id; user", .mark = " user",
      .code = SIPR_E_ITEM)
ECASE(too_many_items_privacy, .find = "Subject: lunch", .repl = "Privacy: id;user;header", .mark = "user;",
      .lim = {.max_items = 1}, .code = SIPR_E_TOO_MANY_ITEMS)
/* TEXT-UTF8-TRIM (Subject, Organization): UTF8-NONASCII sequences */
ECASE(subject_lone_continuation_byte, .find = "Subject: lunch", .repl = "Subject: lu\x80nch", .mark = "\x80",
      .code = SIPR_E_ITEM)
ECASE(subject_short_sequence, .find = "Subject: lunch", .repl = "s: caf\xc3 au lait", .mark = " au lait",
      .code = SIPR_E_ITEM)
ECASE(organization_sequence_cut_by_the_end, .find = "Subject: lunch", .repl = "Organization: Bob \xe2\x82",
      .mark = "\r\nContent-Length", .code = SIPR_E_ITEM)
/* Retry-After: a comment not closed, a fifth level of comment (siprove's
   bound: its own code, at the '(' of that level) */
ECASE(retry_after_comment_not_closed, .find = "Subject: lunch", .repl = "Retry-After: 120 (back soon",
      .mark = "\r\nContent-Length", .code = SIPR_E_ITEM)
ECASE(retry_after_comment_depth, .find = "Subject: lunch", .repl = "Retry-After: 120 (a(b(c(d(e)))))",
      .mark = "(e)", .code = SIPR_E_COMMENT_DEPTH)
ECASE(retry_after_range, .find = "Subject: lunch", .repl = "Retry-After: 99999999999", .mark = "99999999999",
      .skip = 9, .code = SIPR_E_NUMBER_RANGE)
/* RAck: no method; a CSeq-num of 2**31 (as CSeq: below 2**31). Timestamp: no
   digit before the point */
ECASE(rack_no_method, .find = "Subject: lunch", .repl = "RAck: 776656 1", .mark = "\r\nContent-Length",
      .code = SIPR_E_ITEM)
ECASE(rack_cseq_range, .find = "Subject: lunch", .repl = "RAck: 776656 2147483648 INVITE", .mark = "2147483648",
      .skip = 9, .code = SIPR_E_NUMBER_RANGE)
ECASE(timestamp_leading_point, .find = "Subject: lunch", .repl = "Timestamp: .5", .mark = ".5",
      .code = SIPR_E_ITEM)
/* Warning: a 4-digit warn-code (RFC 4475 scalarlg), a pseudonym with a port */
ECASE(warning_four_digit_code, .find = "Subject: lunch", .repl = "Warning: 1812 overture \"In Progress\"",
      .mark = "2 overture", .code = SIPR_E_ITEM)
ECASE(warning_pseudonym_port, .find = "Subject: lunch", .repl = "Warning: 399 sip_proxy:5060 \"x\"",
      .mark = ":5060", .code = SIPR_E_ITEM)
/* User-Agent: a comment glued to a product (LWS is required); a fifth level */
ECASE(user_agent_comment_without_lws, .find = "Subject: lunch", .repl = "User-Agent: FPBX-15.0.23(16.18.0)",
      .mark = "(16", .code = SIPR_E_ITEM)
ECASE(user_agent_comment_depth, .find = "Subject: lunch", .repl = "User-Agent: x (1(2(3(4(5)))))",
      .mark = "(5", .code = SIPR_E_COMMENT_DEPTH)
/* the authentication headers: a scheme alone, a second scheme, an ainfo that
   RFC 3261 does not have (its 'r' may still begin "rspauth": the 'e') */
ECASE(authorization_scheme_alone, .find = "Subject: lunch", .repl = "Authorization: Digest",
      .mark = "\r\nContent-Length", .code = SIPR_E_ITEM)
ECASE(proxy_authorization_second_scheme, .find = "Subject: lunch",
      .repl = "Proxy-Authorization: Digest username=\"a\", Basic x=y", .mark = "x=y", .code = SIPR_E_ITEM)
ECASE(authentication_info_unknown_ainfo, .find = "Subject: lunch",
      .repl = "Authentication-Info: qop=auth, realm=\"a\"", .mark = "realm", .skip = 1, .code = SIPR_E_ITEM)
ECASE(subject_escaped_control, .find = "Subject: lunch", .repl = "Subject: lu\\\x01nch", .mark = "\x01",
      .code = SIPR_E_ITEM)

/* the escaped control byte of RFC 4475 intmeth, inside a quoted display name */
Test(errors, quoted_pair_control_in_display_name_accepted)
{
    static const char msg[] =
        "OPTIONS sip:bob@biloxi.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKq1\r\n"
        "To: \"BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f\" <sip:bob@biloxi.com>\r\n"
        "From: <sip:alice@atlanta.com>;tag=1\r\n"
        "Call-ID: q1@atlanta.com\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "\r\n";
    const size_t len = sizeof msg - 1;
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    sipr_status st = sipr_parse(msg, len, &g_m);
    cr_assert_eq(st, SIPR_OK, "%s at %u", sipr_strerror(st), (unsigned)g_m.err_off);
    cr_assert_eq(g_m.to.display.len, 22);
    cr_assert(memcmp(msg + g_m.to.display.off, "\"BEL:\\\x07 NUL:\\", 12) == 0);
    /* outside a quoted string the same bytes are an error of the To value */
    static char bad[sizeof msg];
    memcpy(bad, msg, sizeof msg);
    char *q = strstr(bad, "\"BEL");
    *q = 'x';
    cr_assert_neq(sipr_parse(bad, len, &g_m), SIPR_OK);
    cr_assert_eq(g_m.err, SIPR_E_TO);
}

/* ---- every status code has its own reason ----------------------------------
 * A code appended to sipr_status without a case in sipr_strerror would read
 * "unknown error"; two codes with one reason could not be told apart in
 * `siprove check`'s output. */
Test(errors, every_status_has_its_own_reason)
{
    for (int c = 0; c < (int)SIPR_STATUS__COUNT; c++) {
        const char *r = sipr_strerror((sipr_status)c);
        cr_assert_not_null(r, "status %d", c);
        cr_assert(r[0] != '\0' && strcmp(r, "unknown error") != 0, "status %d has no reason", c);
        for (int d = 0; d < c; d++)
            cr_assert(strcmp(r, sipr_strerror((sipr_status)d)) != 0,
                      "statuses %d and %d have the same reason \"%s\"", d, c, r);
    }
    cr_assert_str_eq(sipr_strerror(SIPR_STATUS__COUNT), "unknown error");
}
