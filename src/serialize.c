/* Writing SIP messages into a caller buffer (issue 5): the store primitives,
 * the value writers shared with the proxy operations (src/proxy.c), the
 * serializer of a parsed message with its edits, and the builder.
 *
 * The one property every contract here states: nothing is stored outside
 * out[0 .. cap-1] (`assigns out[0 .. cap - 1]`). Stores happen only in
 * sipr_put, sipr_put_range and sipr_put_char; everything else chains them,
 * `pos = sipr_put...(out, cap, pos, ...)`, and a piece is stored only when all
 * of it fits. pos counts the bytes the message needs whether they were stored
 * or not, saturating at SIPR_OUT_SAT, so that a caller with too small a
 * buffer learns the size to retry with (sipr_out_done).
 *
 * A parsed message is written from its spans: the start line, each header
 * line [name, end of line) and the rest up to the end of the body are copied
 * from the caller's buffer, so that with no edit the output is the input,
 * byte for byte; an edit replaces one of these pieces, or adds one. */
#include "sipr_internal.h"

size_t sipr_put(char *out, size_t cap, size_t pos, const char *s, size_t n)
{
    size_t k;
    if (pos <= cap && n <= cap - pos) {
        /*@ loop invariant 0 <= k <= n;
            loop assigns k, out[pos .. pos + n - 1];
            loop variant n - k; */
        for (k = 0; k < n; k++)
            out[pos + k] = s[k];
    }
    if (n >= SIPR_OUT_SAT - pos)
        return SIPR_OUT_SAT;
    return pos + n;
}

size_t sipr_put_range(char *out, size_t cap, size_t pos, const char *buf, size_t len, size_t from,
                      size_t to)
{
    const size_t n = to - from;
    size_t k;
    (void)len; /* used by the contract */
    if (pos <= cap && n <= cap - pos) {
        /*@ loop invariant 0 <= k <= n;
            loop assigns k, out[pos .. pos + n - 1];
            loop variant n - k; */
        for (k = 0; k < n; k++)
            out[pos + k] = buf[from + k];
    }
    if (n >= SIPR_OUT_SAT - pos)
        return SIPR_OUT_SAT;
    return pos + n;
}

size_t sipr_put_char(char *out, size_t cap, size_t pos, char c)
{
    if (pos < cap)
        out[pos] = c;
    return pos < SIPR_OUT_SAT ? pos + 1u : SIPR_OUT_SAT;
}

size_t sipr_put_u32(char *out, size_t cap, size_t pos, uint32_t v)
{
    char d[10];
    size_t n = 1;
    uint32_t x = v / 10u;
    /* the digits, least significant first (at most 10 for 2**32 - 1) */
    d[0] = (char)('0' + (int)(v % 10u));
    /*@ loop invariant 1 <= n <= 10;
        loop assigns n, x, d[1 .. 9];
        loop variant 10 - n; */
    while (x != 0 && n < 10) {
        d[n] = (char)('0' + (int)(x % 10u));
        x /= 10u;
        n++;
    }
    /*@ loop invariant 0 <= n <= 10;
        loop invariant \at(pos, Pre) <= pos <= SIPR_OUT_SAT;
        loop assigns n, pos, out[0 .. cap - 1];
        loop variant n; */
    while (n > 0) {
        n--;
        pos = sipr_put_char(out, cap, pos, d[n]);
    }
    return pos;
}

size_t sipr_put_span(char *out, size_t cap, size_t pos, const char *buf, size_t len, sipr_span s)
{
    if (!SPAN_IN(s, len))
        return pos;
    return sipr_put_range(out, cap, pos, buf, len, s.off, (size_t)s.off + s.len);
}

size_t sipr_put_head(char *out, size_t cap, size_t pos, const char *name, size_t n)
{
    pos = sipr_put(out, cap, pos, name, n);
    pos = sipr_put_char(out, cap, pos, ':');
    return sipr_put_char(out, cap, pos, ' ');
}

size_t sipr_put_crlf(char *out, size_t cap, size_t pos)
{
    pos = sipr_put_char(out, cap, pos, '\r');
    return sipr_put_char(out, cap, pos, '\n');
}

sipr_status sipr_out_done(size_t pos, size_t cap, size_t *out_len)
{
    *out_len = pos;
    if (pos > SIPR_MAX_OUT_LEN)
        return SIPR_E_TOO_LONG;
    if (pos > cap)
        return SIPR_E_NO_SPACE;
    return SIPR_OK;
}

/* ---- Checking the caller's text --------------------------------------------------- */

/* RFC 3261 §25.1 token */
/*@ assigns \nothing; */
static int ser_is_tok(uint8_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c == '-' || c == '.' || c == '!' || c == '%' || c == '*' || c == '_' || c == '+' ||
           c == '`' || c == '\'' || c == '~';
}

/*@ assigns \nothing; */
static int ser_byte_ok(uint8_t c, int cls)
{
    if (cls == SIPR_CC_TEXT)
        return c == '\t' || (c >= 0x20u && c != 0x7fu);
    if (cls == SIPR_CC_TOKEN)
        return ser_is_tok(c);
    if (cls == SIPR_CC_HOST)
        return ser_is_tok(c) || c == ':' || c == '[' || c == ']';
    return c > 0x20u && c < 0x7fu && c != '<' && c != '>' && c != '"';
}

int sipr_chars_ok(const char *s, size_t n, int cls)
{
    size_t k;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k; */
    for (k = 0; k < n; k++)
        if (!ser_byte_ok((uint8_t)s[k], cls))
            return 0;
    return 1;
}

/* ---- Values: Via, name-addr ------------------------------------------------------- */

sipr_status sipr_via_spec_check(const sipr_via_spec *v)
{
    if (v->transport.len == 0 || !sipr_chars_ok(v->transport.s, v->transport.len, SIPR_CC_TOKEN) ||
        v->host.len == 0 || !sipr_chars_ok(v->host.s, v->host.len, SIPR_CC_HOST) ||
        !sipr_chars_ok(v->branch.s, v->branch.len, SIPR_CC_TOKEN) ||
        !sipr_chars_ok(v->received.s, v->received.len, SIPR_CC_HOST) || v->rport > 2u)
        return SIPR_E_HEADER_VALUE;
    return SIPR_OK;
}

size_t sipr_put_via(char *out, size_t cap, size_t pos, const sipr_via_spec *v)
{
    /* RFC 3261 §20.42: sent-protocol LWS sent-by *( SEMI via-params ) */
    pos = sipr_put(out, cap, pos, "SIP/2.0/", 8);
    pos = sipr_put(out, cap, pos, v->transport.s, v->transport.len);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, v->host.s, v->host.len);
    if (v->port != 0) {
        pos = sipr_put_char(out, cap, pos, ':');
        pos = sipr_put_u32(out, cap, pos, v->port);
    }
    if (v->branch.len != 0) {
        pos = sipr_put(out, cap, pos, ";branch=", 8);
        pos = sipr_put(out, cap, pos, v->branch.s, v->branch.len);
    }
    if (v->received.len != 0) {
        pos = sipr_put(out, cap, pos, ";received=", 10);
        pos = sipr_put(out, cap, pos, v->received.s, v->received.len);
    }
    if (v->rport != 0) {
        /* RFC 3581 §3: a bare rport asks for the source port */
        pos = sipr_put(out, cap, pos, ";rport", 6);
        if (v->rport == 2u) {
            pos = sipr_put_char(out, cap, pos, '=');
            pos = sipr_put_u32(out, cap, pos, v->rport_value);
        }
    }
    return pos;
}

/* Whether the parameters can be written: names tokens, values hosts. */
/*@ requires PSPECS_OK(ps, n);
    assigns \nothing;
*/
static int ser_params_ok(const sipr_str_param *ps, uint16_t n)
{
    uint16_t k;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k; */
    for (k = 0; k < n; k++)
        if (ps[k].name.len == 0 || !sipr_chars_ok(ps[k].name.s, ps[k].name.len, SIPR_CC_TOKEN) ||
            !sipr_chars_ok(ps[k].value.s, ps[k].value.len, SIPR_CC_HOST))
            return 0;
    return 1;
}

sipr_status sipr_addr_spec_check(const sipr_addr_spec *a)
{
    if (a->uri.len == 0 || !sipr_chars_ok(a->uri.s, a->uri.len, SIPR_CC_URI))
        return SIPR_E_URI;
    if (!sipr_chars_ok(a->display.s, a->display.len, SIPR_CC_TEXT) ||
        !sipr_chars_ok(a->tag.s, a->tag.len, SIPR_CC_TOKEN) || !ser_params_ok(a->params, a->n_params))
        return SIPR_E_HEADER_VALUE;
    return SIPR_OK;
}

/* t as a quoted-string: a backslash before each '"' and '\' (§25.1). */
/*@ requires OUT_OK(out, cap);
    requires STR_OK(t);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t ser_put_quoted(char *out, size_t cap, size_t pos, sipr_str t)
{
    uint32_t k;
    pos = sipr_put_char(out, cap, pos, '"');
    /*@ loop invariant 0 <= k <= t.len;
        loop invariant \at(pos, Pre) <= pos <= SIPR_OUT_SAT;
        loop assigns k, pos, out[0 .. cap - 1];
        loop variant t.len - k; */
    for (k = 0; k < t.len; k++) {
        const char c = t.s[k];
        if (c == '"' || c == '\\')
            pos = sipr_put_char(out, cap, pos, '\\');
        pos = sipr_put_char(out, cap, pos, c);
    }
    return sipr_put_char(out, cap, pos, '"');
}

/*@ requires OUT_OK(out, cap);
    requires PSPECS_OK(ps, n) && \separated(ps + (0 .. n - 1), out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t ser_put_params(char *out, size_t cap, size_t pos, const sipr_str_param *ps, uint16_t n)
{
    uint16_t k;
    /*@ loop invariant 0 <= k <= n;
        loop invariant \at(pos, Pre) <= pos <= SIPR_OUT_SAT;
        loop assigns k, pos, out[0 .. cap - 1];
        loop variant n - k; */
    for (k = 0; k < n; k++) {
        pos = sipr_put_char(out, cap, pos, ';');
        pos = sipr_put(out, cap, pos, ps[k].name.s, ps[k].name.len);
        if (ps[k].value.len != 0) {
            pos = sipr_put_char(out, cap, pos, '=');
            pos = sipr_put(out, cap, pos, ps[k].value.s, ps[k].value.len);
        }
    }
    return pos;
}

size_t sipr_put_addr(char *out, size_t cap, size_t pos, const sipr_addr_spec *a)
{
    /* RFC 3261 §20.10, §20.20, §20.39: name-addr *( SEMI param ); the
       angle brackets always, so that the URI's own parameters stay its own */
    if (a->display.len != 0) {
        pos = ser_put_quoted(out, cap, pos, a->display);
        pos = sipr_put_char(out, cap, pos, ' ');
    }
    pos = sipr_put_char(out, cap, pos, '<');
    pos = sipr_put(out, cap, pos, a->uri.s, a->uri.len);
    pos = sipr_put_char(out, cap, pos, '>');
    if (a->tag.len != 0) {
        pos = sipr_put(out, cap, pos, ";tag=", 5);
        pos = sipr_put(out, cap, pos, a->tag.s, a->tag.len);
    }
    return ser_put_params(out, cap, pos, a->params, a->n_params);
}

/* ---- A parsed message: where its pieces are ---------------------------------------- */

size_t sipr_line_end(const char *buf, size_t len, size_t from)
{
    size_t i = from;
    /*@ loop invariant from <= i <= len;
        loop assigns i;
        loop variant len - i; */
    while (i < len) {
        if (buf[i] == '\n' && (i + 1u >= len || (buf[i + 1u] != ' ' && buf[i + 1u] != '\t')))
            return i + 1u;
        i++;
    }
    return len;
}

size_t sipr_start_end(const char *buf, size_t len)
{
    size_t i = 0;
    /*@ loop invariant 0 <= i <= len;
        loop assigns i;
        loop variant len - i; */
    while (i < len) {
        if (buf[i] == '\n')
            return i + 1u;
        i++;
    }
    return len;
}

sipr_extent sipr_line_extent(const char *buf, size_t len, const sipr_msg *m, uint32_t i)
{
    sipr_extent e;
    size_t from;
    e.start = 0;
    e.end = 0;
    e.name = SPAN_NONE;
    e.value = SPAN_NONE;
    e.ok = 0;
    if (i >= m->n_headers || i >= SIPR_MAX_HEADERS)
        return e;
    e.name = m->headers[i].name;
    e.value = m->headers[i].value;
    if (!SPAN_IN(e.name, len) || !SPAN_IN(e.value, len)) {
        e.name = SPAN_NONE;
        e.value = SPAN_NONE;
        return e;
    }
    /* the line ends after the value (or the name, for an empty value): a
       fold before the colon or inside the value is not its end */
    from = (size_t)e.name.off + e.name.len;
    if (e.value.len != 0 && (size_t)e.value.off + e.value.len > from)
        from = (size_t)e.value.off + e.value.len;
    e.start = e.name.off;
    e.end = sipr_line_end(buf, len, from);
    e.ok = 1;
    return e;
}

int sipr_msg_writable(const sipr_msg *m, size_t len)
{
    return m->err == SIPR_OK && m->len == len && len <= SIPR_MAX_MSG_LEN &&
           (m->type == SIPR_MSG_REQUEST || m->type == SIPR_MSG_RESPONSE) &&
           SPAN_IN(m->body, len) && m->n_headers <= SIPR_MAX_HEADERS &&
           m->n_vias <= SIPR_MAX_VIAS && m->n_params <= SIPR_MAX_PARAMS &&
           SPAN_IN(m->method, len) && SPAN_IN(m->version, len) && SPAN_IN(m->request_uri, len);
}

/* ---- The serializer and its edits ------------------------------------------------- */

#define EDITS_OK(ed, n)                                                                             \
    (\valid_read((ed) + (0 .. (n) - 1)) &&                                                          \
     (\forall integer k; 0 <= k < (n) ==> STR_OK((ed)[k].name) && STR_OK((ed)[k].value)))

/* Whether an edit before edits[k] conflicts with it: edits the same line
   (remove, replace), or is a Request-URI edit too. */
/*@ requires \valid_read(edits + (0 .. k - 1));
    assigns \nothing;
*/
static int ser_conflict(const sipr_edit *edits, size_t k, uint8_t op, uint16_t line)
{
    size_t j;
    const int line_op = (op == SIPR_EDIT_REMOVE || op == SIPR_EDIT_REPLACE);
    /*@ loop invariant 0 <= j <= k;
        loop assigns j;
        loop variant k - j; */
    for (j = 0; j < k; j++) {
        const uint8_t o = edits[j].op;
        if (line_op && (o == SIPR_EDIT_REMOVE || o == SIPR_EDIT_REPLACE) && edits[j].line == line)
            return 1;
        if (op == SIPR_EDIT_REQUEST_URI && o == SIPR_EDIT_REQUEST_URI)
            return 1;
    }
    return 0;
}

#define EDIT_STATUS(r)                                                                              \
    ((r) == SIPR_OK || (r) == SIPR_E_EDIT || (r) == SIPR_E_HEADER_VALUE ||                         \
     (r) == SIPR_E_HEADER_NAME || (r) == SIPR_E_REQUEST_URI)

/* One edit, by itself. */
/*@ requires \valid_read(m) && \valid_read(e);
    requires STR_OK(e->name) && STR_OK(e->value);
    assigns \nothing;
    ensures EDIT_STATUS(\result);
*/
static sipr_status ser_check_edit(const sipr_msg *m, const sipr_edit *e)
{
    switch (e->op) {
    case SIPR_EDIT_REMOVE:
        return e->line < m->n_headers ? SIPR_OK : SIPR_E_EDIT;
    case SIPR_EDIT_REPLACE:
        if (e->line >= m->n_headers)
            return SIPR_E_EDIT;
        return sipr_chars_ok(e->value.s, e->value.len, SIPR_CC_TEXT) ? SIPR_OK : SIPR_E_HEADER_VALUE;
    case SIPR_EDIT_INSERT:
        if (e->kind >= SIPR_H__COUNT)
            return SIPR_E_EDIT;
        if (e->kind == SIPR_H_OTHER &&
            (e->name.len == 0 || !sipr_chars_ok(e->name.s, e->name.len, SIPR_CC_TOKEN)))
            return SIPR_E_HEADER_NAME;
        return sipr_chars_ok(e->value.s, e->value.len, SIPR_CC_TEXT) ? SIPR_OK : SIPR_E_HEADER_VALUE;
    case SIPR_EDIT_REQUEST_URI:
        if (m->type != SIPR_MSG_REQUEST)
            return SIPR_E_EDIT;
        if (e->value.len == 0 || !sipr_chars_ok(e->value.s, e->value.len, SIPR_CC_URI))
            return SIPR_E_REQUEST_URI;
        return SIPR_OK;
    default:
        return SIPR_E_EDIT;
    }
}

/*@ requires \valid_read(m);
    requires EDITS_OK(edits, n);
    assigns \nothing;
    ensures EDIT_STATUS(\result);
*/
static sipr_status ser_check_edits(const sipr_msg *m, const sipr_edit *edits, size_t n)
{
    size_t k;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k; */
    for (k = 0; k < n; k++) {
        const sipr_status st = ser_check_edit(m, &edits[k]);
        if (st != SIPR_OK)
            return st;
        if (ser_conflict(edits, k, edits[k].op, edits[k].line))
            return SIPR_E_EDIT;
    }
    return SIPR_OK;
}

/* The index of the first edit with operation op and, for a line operation,
   line i; n when there is none. */
/*@ requires \valid_read(edits + (0 .. n - 1));
    assigns \nothing;
    ensures \result <= n;
*/
static size_t ser_find(const sipr_edit *edits, size_t n, int line_op, uint32_t i)
{
    size_t k;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k; */
    for (k = 0; k < n; k++) {
        const uint8_t o = edits[k].op;
        if (line_op && (o == SIPR_EDIT_REMOVE || o == SIPR_EDIT_REPLACE) && edits[k].line == i)
            return k;
        if (!line_op && o == SIPR_EDIT_REQUEST_URI)
            return k;
    }
    return n;
}

/* The new header lines before line i (i == n_headers: after the last). */
/*@ requires OUT_OK(out, cap);
    requires EDITS_OK(edits, n);
    requires \separated(edits + (0 .. n - 1), out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t ser_put_inserts(char *out, size_t cap, size_t pos, const sipr_edit *edits, size_t n,
                              uint32_t i, uint32_t n_headers)
{
    size_t k;
    /*@ loop invariant 0 <= k <= n;
        loop invariant \at(pos, Pre) <= pos <= SIPR_OUT_SAT;
        loop assigns k, pos, out[0 .. cap - 1];
        loop variant n - k; */
    for (k = 0; k < n; k++) {
        uint32_t at = edits[k].line;
        sipr_str name;
        if (edits[k].op != SIPR_EDIT_INSERT)
            continue;
        if (at > n_headers)
            at = n_headers;
        if (at != i)
            continue;
        if (edits[k].kind == SIPR_H_OTHER)
            name = edits[k].name;
        else
            name = sipr_message_kind_name(edits[k].kind, edits[k].compact);
        pos = sipr_put_head(out, cap, pos, name.s, name.len);
        pos = sipr_put(out, cap, pos, edits[k].value.s, edits[k].value.len);
        pos = sipr_put_crlf(out, cap, pos);
    }
    return pos;
}

/* name (as written) ": " value CRLF */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires STR_OK(value);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t ser_put_replaced(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                               sipr_span name, sipr_str value)
{
    pos = sipr_put_span(out, cap, pos, buf, len, name);
    pos = sipr_put_char(out, cap, pos, ':');
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, value.s, value.len);
    return sipr_put_crlf(out, cap, pos);
}

/* Method SP uri SP SIP-Version CRLF, the method and version as written. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(uri + (0 .. n - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t ser_put_request_line(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                                   sipr_span method, const char *uri, size_t n, sipr_span version)
{
    pos = sipr_put_span(out, cap, pos, buf, len, method);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, uri, n);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put_span(out, cap, pos, buf, len, version);
    return sipr_put_crlf(out, cap, pos);
}

/* The header lines and the rest of the message, from cur (the end of the
   start line) on. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && \separated(m, out + (0 .. cap - 1));
    requires EDITS_OK(edits, n_edits);
    requires \separated(edits + (0 .. n_edits - 1), out + (0 .. cap - 1));
    requires cur <= len && end <= len;
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures \result <= SIPR_OUT_SAT + 1;
*/
static size_t ser_put_lines(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                            const sipr_msg *m, const sipr_edit *edits, size_t n_edits, size_t cur,
                            size_t end)
{
    uint32_t i;
    const uint32_t n = m->n_headers;
    /*@ loop invariant 0 <= i <= n;
        loop invariant cur <= len;
        loop invariant pos <= SIPR_OUT_SAT;
        loop assigns i, cur, pos, out[0 .. cap - 1];
        loop variant n - i; */
    for (i = 0; i < n; i++) {
        const sipr_extent e = sipr_line_extent(buf, len, m, i);
        size_t k;
        /* the lines of a parsed message follow each other */
        if (!e.ok || e.start < cur)
            return SIPR_OUT_SAT + 1u;
        pos = sipr_put_range(out, cap, pos, buf, len, cur, e.start);
        pos = ser_put_inserts(out, cap, pos, edits, n_edits, i, n);
        k = ser_find(edits, n_edits, 1, i);
        if (k >= n_edits)
            pos = sipr_put_range(out, cap, pos, buf, len, e.start, e.end);
        else if (edits[k].op == SIPR_EDIT_REPLACE)
            pos = ser_put_replaced(out, cap, pos, buf, len, e.name, edits[k].value);
        cur = e.end;
    }
    pos = ser_put_inserts(out, cap, pos, edits, n_edits, n, n);
    if (cur > end)
        return SIPR_OUT_SAT + 1u;
    return sipr_put_range(out, cap, pos, buf, len, cur, end);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires EDITS_OK(edits, n_edits);
    requires \valid(out + (0 .. cap - 1));
    requires \valid(out_len);
    requires \separated(out + (0 .. cap - 1), buf + (0 .. len - 1), m, edits + (0 .. n_edits - 1),
                        out_len);
    assigns out[0 .. cap - 1], *out_len;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
*/
sipr_status sipr_serialize_edited(const char *buf, size_t len, const sipr_msg *m,
                                  const sipr_edit *edits, size_t n_edits, char *out, size_t cap,
                                  size_t *out_len)
{
    size_t pos = 0, cur, r;
    sipr_status st;
    *out_len = 0;
    if (!sipr_msg_writable(m, len))
        return SIPR_E_EDIT;
    st = ser_check_edits(m, edits, n_edits);
    if (st != SIPR_OK)
        return st;
    cur = sipr_start_end(buf, len);
    r = ser_find(edits, n_edits, 0, 0);
    if (r < n_edits)
        pos = ser_put_request_line(out, cap, pos, buf, len, m->method, edits[r].value.s,
                                   edits[r].value.len, m->version);
    else
        pos = sipr_put_range(out, cap, pos, buf, len, 0, cur);
    pos = ser_put_lines(out, cap, pos, buf, len, m, edits, n_edits, cur,
                        (size_t)m->body.off + m->body.len);
    if (pos > SIPR_OUT_SAT)
        return SIPR_E_EDIT;
    return sipr_out_done(pos, cap, out_len);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires \valid(out + (0 .. cap - 1));
    requires \valid(out_len);
    requires \separated(out + (0 .. cap - 1), buf + (0 .. len - 1), m, out_len);
    assigns out[0 .. cap - 1], *out_len;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
*/
sipr_status sipr_serialize(const char *buf, size_t len, const sipr_msg *m, char *out, size_t cap,
                           size_t *out_len)
{
    return sipr_serialize_edited(buf, len, m, (const sipr_edit *)0, 0, out, cap, out_len);
}

/* ---- The builder -------------------------------------------------------------------- */

/*@ requires \valid(b);
    assigns *b;
    ensures b->out == out && b->cap == cap && b->pos == 0 && b->err == SIPR_OK && b->state == 0;
*/
void sipr_builder_init(sipr_builder *b, char *out, size_t cap, int compact)
{
    b->out = out;
    b->cap = cap;
    b->pos = 0;
    b->err = SIPR_OK;
    b->state = 0;
    b->compact = compact ? 1u : 0u;
}

/* Whether b takes a piece now: no error so far, in state want and a sane
   position; otherwise a call out of order is recorded. */
/*@ requires \valid(b);
    assigns b->err;
    ensures \result != 0 ==> b->err == SIPR_OK && b->pos <= SIPR_OUT_SAT && b->state == want;
    ensures \result == 0 ==> b->err != SIPR_OK;
*/
static int bld_ready(sipr_builder *b, uint8_t want)
{
    if (b->err != SIPR_OK)
        return 0;
    if (b->state != want || b->pos > SIPR_OUT_SAT) {
        b->err = SIPR_E_EDIT;
        return 0;
    }
    return 1;
}

/* One header line "name: value pre tail" CRLF, with name, value, pre and tail checked. */
/*@ requires BUILDER_OK(b);
    requires STR_OK(name) && STR_OK(value) && STR_OK(pre) && STR_OK(tail);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_line(sipr_builder *b, sipr_str name, sipr_str value, sipr_str pre, sipr_str tail)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    size_t pos;
    if (!bld_ready(b, 1))
        return;
    if (name.len == 0 || !sipr_chars_ok(name.s, name.len, SIPR_CC_TOKEN)) {
        b->err = SIPR_E_HEADER_NAME;
        return;
    }
    if (!sipr_chars_ok(value.s, value.len, SIPR_CC_TEXT) ||
        !sipr_chars_ok(pre.s, pre.len, SIPR_CC_TEXT) ||
        !sipr_chars_ok(tail.s, tail.len, SIPR_CC_TEXT)) {
        b->err = SIPR_E_HEADER_VALUE;
        return;
    }
    pos = sipr_put_head(out, cap, b->pos, name.s, name.len);
    pos = sipr_put(out, cap, pos, value.s, value.len);
    pos = sipr_put(out, cap, pos, pre.s, pre.len);
    pos = sipr_put(out, cap, pos, tail.s, tail.len);
    b->pos = sipr_put_crlf(out, cap, pos);
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(method) && STR_OK(uri);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
void sipr_build_request_line(sipr_builder *b, sipr_str method, sipr_str uri)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    size_t pos;
    if (!bld_ready(b, 0))
        return;
    if (method.len == 0 || !sipr_chars_ok(method.s, method.len, SIPR_CC_TOKEN)) {
        b->err = SIPR_E_START_LINE;
        return;
    }
    if (uri.len == 0 || !sipr_chars_ok(uri.s, uri.len, SIPR_CC_URI)) {
        b->err = SIPR_E_REQUEST_URI;
        return;
    }
    /* §7.1: Method SP Request-URI SP SIP-Version CRLF */
    pos = sipr_put(out, cap, b->pos, method.s, method.len);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, uri.s, uri.len);
    pos = sipr_put(out, cap, pos, " SIP/2.0", 8);
    b->pos = sipr_put_crlf(out, cap, pos);
    b->state = 1;
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(reason);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
void sipr_build_status_line(sipr_builder *b, uint16_t code, sipr_str reason)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    size_t pos;
    if (!bld_ready(b, 0))
        return;
    if (code < 100u || code > 699u) {
        b->err = SIPR_E_STATUS_CODE;
        return;
    }
    if (!sipr_chars_ok(reason.s, reason.len, SIPR_CC_TEXT)) {
        b->err = SIPR_E_START_LINE;
        return;
    }
    /* §7.2: SIP-Version SP Status-Code SP Reason-Phrase CRLF */
    pos = sipr_put(out, cap, b->pos, "SIP/2.0 ", 8);
    pos = sipr_put_u32(out, cap, pos, code);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, reason.s, reason.len);
    b->pos = sipr_put_crlf(out, cap, pos);
    b->state = 1;
}

/*@ requires BUILDER_OK(b);
    requires VIA_SPEC_OK(via) && \separated(via, b->out + (0 .. b->cap - 1));
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_via(sipr_builder *b, const sipr_via_spec *via)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    const sipr_str name = sipr_message_kind_name(SIPR_H_VIA, b->compact);
    sipr_status st;
    size_t pos;
    if (!bld_ready(b, 1))
        return;
    st = sipr_via_spec_check(via);
    if (st != SIPR_OK) {
        b->err = st;
        return;
    }
    pos = sipr_put_head(out, cap, b->pos, name.s, name.len);
    pos = sipr_put_via(out, cap, pos, via);
    b->pos = sipr_put_crlf(out, cap, pos);
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(name);
    requires ADDR_SPEC_OK(addr) && \separated(addr, b->out + (0 .. b->cap - 1));
    requires \separated(addr->params + (0 .. addr->n_params - 1), b->out + (0 .. b->cap - 1));
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_addr(sipr_builder *b, sipr_str name, const sipr_addr_spec *addr)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    sipr_status st;
    size_t pos;
    if (!bld_ready(b, 1))
        return;
    if (name.len == 0 || !sipr_chars_ok(name.s, name.len, SIPR_CC_TOKEN)) {
        b->err = SIPR_E_HEADER_NAME;
        return;
    }
    st = sipr_addr_spec_check(addr);
    if (st != SIPR_OK) {
        b->err = st;
        return;
    }
    pos = sipr_put_head(out, cap, b->pos, name.s, name.len);
    pos = sipr_put_addr(out, cap, pos, addr);
    b->pos = sipr_put_crlf(out, cap, pos);
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(method);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_cseq(sipr_builder *b, uint32_t number, sipr_str method)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    size_t pos;
    if (!bld_ready(b, 1))
        return;
    if (number > 0x7FFFFFFFu) {
        b->err = SIPR_E_NUMBER_RANGE;
        return;
    }
    if (method.len == 0 || !sipr_chars_ok(method.s, method.len, SIPR_CC_TOKEN)) {
        b->err = SIPR_E_HEADER_VALUE;
        return;
    }
    pos = sipr_put(out, cap, b->pos, "CSeq: ", 6);
    pos = sipr_put_u32(out, cap, pos, number);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, method.s, method.len);
    b->pos = sipr_put_crlf(out, cap, pos);
}

/*@ requires BUILDER_OK(b);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_max_forwards(sipr_builder *b, uint32_t n)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    size_t pos;
    if (!bld_ready(b, 1))
        return;
    if (n > 255u) {
        b->err = SIPR_E_NUMBER_RANGE;
        return;
    }
    pos = sipr_put(out, cap, b->pos, "Max-Forwards: ", 14);
    pos = sipr_put_u32(out, cap, pos, n);
    b->pos = sipr_put_crlf(out, cap, pos);
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(call_id);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_call_id(sipr_builder *b, sipr_str call_id)
{
    if (call_id.len == 0 || !sipr_chars_ok(call_id.s, call_id.len, SIPR_CC_URI)) {
        /* §20.8: word [ "@" word ]: no blank, no control byte */
        if (b->err == SIPR_OK)
            b->err = SIPR_E_HEADER_VALUE;
        return;
    }
    sipr_build_line(b, sipr_message_kind_name(SIPR_H_CALL_ID, b->compact), call_id, SIPR_NO_STR, SIPR_NO_STR);
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(media);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_content_type(sipr_builder *b, sipr_str media)
{
    if (media.len == 0) {
        if (b->err == SIPR_OK)
            b->err = SIPR_E_HEADER_VALUE;
        return;
    }
    sipr_build_line(b, sipr_message_kind_name(SIPR_H_CONTENT_TYPE, b->compact), media, SIPR_NO_STR, SIPR_NO_STR);
}

/*@ requires BUILDER_OK(b);
    requires STR_OK(name) && STR_OK(value);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_header(sipr_builder *b, sipr_str name, sipr_str value)
{
    sipr_build_line(b, name, value, SIPR_NO_STR, SIPR_NO_STR);
}

/*@ requires BUILDER_OK(b);
    requires \valid_read(body + (0 .. body_len - 1));
    requires \valid(out_len) && \separated(out_len, b, b->out + (0 .. b->cap - 1));
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state, *out_len;
    ensures \result == SIPR_OK ==> *out_len <= \old(b->cap);
    ensures \result == SIPR_E_NO_SPACE ==> \old(b->cap) < *out_len <= SIPR_MAX_OUT_LEN;
*/
sipr_status sipr_build_end(sipr_builder *b, const char *body, size_t body_len, size_t *out_len)
{
    char *const out = b->out;
    const size_t cap = b->cap;
    const sipr_str name = sipr_message_kind_name(SIPR_H_CONTENT_LENGTH, b->compact);
    size_t pos;
    *out_len = 0;
    if (!bld_ready(b, 1))
        /* the first error (never SIPR_E_NO_SPACE, which only this returns) */
        return b->err == SIPR_E_NO_SPACE ? SIPR_E_EDIT : b->err;
    if (body_len > SIPR_MAX_MSG_LEN) {
        b->err = SIPR_E_TOO_LONG;
        return SIPR_E_TOO_LONG;
    }
    /* §20.14: the body's length in octets, then the empty line (§7) */
    pos = sipr_put_head(out, cap, b->pos, name.s, name.len);
    pos = sipr_put_u32(out, cap, pos, (uint32_t)body_len);
    pos = sipr_put_crlf(out, cap, pos);
    pos = sipr_put_crlf(out, cap, pos);
    pos = sipr_put(out, cap, pos, body, body_len);
    b->pos = pos;
    b->state = 2;
    return sipr_out_done(pos, cap, out_len);
}
