/* siprove CLI: streaming JSON writer and the JSON form of a sipr_msg.
 * Schema: docs/json.md. Keep the two in step: other tools parse this output. */
#include "json.h"

#include "cli.h"

#include <string.h>
#include <strings.h>

/* ---- Writer ------------------------------------------------------------------ */

void json_init(json_writer *w, FILE *out)
{
    w->out = out;
    w->depth = 0;
    w->compact = 0;
    memset(w->has_items, 0, sizeof w->has_items);
}

void json_init_compact(json_writer *w, FILE *out)
{
    json_init(w, out);
    w->compact = 1;
}

static void indent(json_writer *w, unsigned depth)
{
    unsigned i;
    for (i = 0; i < depth; i++)
        fputs("  ", w->out);
}

static void put_escaped(FILE *out, const char *s, size_t n);

/* Separator, newline and indentation before a value, then its key. */
static void member(json_writer *w, const char *key)
{
    unsigned d = w->depth < JSON_MAX_DEPTH ? w->depth : JSON_MAX_DEPTH;
    if (w->depth > 0) {
        if (w->has_items[d])
            fputs(w->compact ? ", " : ",", w->out);
        if (!w->compact) {
            fputc('\n', w->out);
            indent(w, w->depth);
        }
        w->has_items[d] = 1;
    }
    if (key != NULL) {
        fputc('"', w->out);
        put_escaped(w->out, key, strlen(key));
        fputs("\": ", w->out);
    }
}

static void open_container(json_writer *w, const char *key, char bracket)
{
    member(w, key);
    fputc(bracket, w->out);
    w->depth++;
    if (w->depth <= JSON_MAX_DEPTH)
        w->has_items[w->depth] = 0;
}

static void close_container(json_writer *w, char bracket)
{
    unsigned d = w->depth < JSON_MAX_DEPTH ? w->depth : JSON_MAX_DEPTH;
    int had_items = w->has_items[d];
    if (w->depth > 0)
        w->depth--;
    if (had_items && !w->compact) {
        fputc('\n', w->out);
        indent(w, w->depth);
    }
    fputc(bracket, w->out);
}

void json_object_begin(json_writer *w, const char *key) { open_container(w, key, '{'); }
void json_object_end(json_writer *w) { close_container(w, '}'); }
void json_array_begin(json_writer *w, const char *key) { open_container(w, key, '['); }
void json_array_end(json_writer *w) { close_container(w, ']'); }

void json_null(json_writer *w, const char *key)
{
    member(w, key);
    fputs("null", w->out);
}

void json_bool(json_writer *w, const char *key, int value)
{
    member(w, key);
    fputs(value ? "true" : "false", w->out);
}

void json_uint(json_writer *w, const char *key, unsigned long value)
{
    member(w, key);
    fprintf(w->out, "%lu", value);
}

void json_raw(json_writer *w, const char *key, const char *text)
{
    member(w, key);
    fputs(text, w->out);
}

void json_string(json_writer *w, const char *key, const char *s)
{
    json_bytes(w, key, s, strlen(s));
}

void json_bytes(json_writer *w, const char *key, const char *s, size_t n)
{
    member(w, key);
    fputc('"', w->out);
    put_escaped(w->out, s, n);
    fputc('"', w->out);
}

void json_finish(json_writer *w)
{
    fputc('\n', w->out);
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 §4: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if there is none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, i;

    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < need)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return need;
}

static void put_escaped(FILE *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        switch (c) {
        case '"':  fputs("\\\"", out); i++; continue;
        case '\\': fputs("\\\\", out); i++; continue;
        case '\b': fputs("\\b", out); i++; continue;
        case '\f': fputs("\\f", out); i++; continue;
        case '\n': fputs("\\n", out); i++; continue;
        case '\r': fputs("\\r", out); i++; continue;
        case '\t': fputs("\\t", out); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\u%04x", (unsigned)c);
            i++;
        } else if (c < 0x80) {
            fputc(c, out);
            i++;
        } else if ((k = utf8_len(s + i, n - i)) != 0) {
            fwrite(s + i, 1, k, out);
            i += k;
        } else {
            fprintf(out, "\\u%04x", (unsigned)c);
            i++;
        }
    }
}

/* ---- Code names ---------------------------------------------------------------- */

static const char *const status_names[] = {
    "SIPR_OK",
    "SIPR_E_ARG",
    "SIPR_E_TOO_LONG",
    "SIPR_E_EMPTY",
    "SIPR_E_START_LINE",
    "SIPR_E_VERSION",
    "SIPR_E_STATUS_CODE",
    "SIPR_E_REQUEST_URI",
    "SIPR_E_HEADER_NAME",
    "SIPR_E_HEADER_VALUE",
    "SIPR_E_LINE_END",
    "SIPR_E_TRUNCATED",
    "SIPR_E_VIA",
    "SIPR_E_FROM",
    "SIPR_E_TO",
    "SIPR_E_CALL_ID",
    "SIPR_E_CSEQ",
    "SIPR_E_MAX_FORWARDS",
    "SIPR_E_CONTENT_LENGTH",
    "SIPR_E_CONTACT",
    "SIPR_E_URI",
    "SIPR_E_NUMBER_RANGE",
    "SIPR_E_TOO_MANY_HEADERS",
    "SIPR_E_TOO_MANY_VIAS",
    "SIPR_E_TOO_MANY_CONTACTS",
    "SIPR_E_TOO_MANY_PARAMS",
    "SIPR_E_INTERNAL",
    "SIPR_E_TOKEN_LIST",
    "SIPR_E_MEDIA_TYPE",
    "SIPR_E_DATE",
    "SIPR_E_EXPIRES",
    "SIPR_E_TOO_MANY_ITEMS",
    "SIPR_E_NO_CONTENT_LENGTH",
    "SIPR_E_CONTENT_LENGTH_CONFLICT",
    "SIPR_E_NO_SPACE",
    "SIPR_E_EDIT",
    "SIPR_E_TOO_MANY_HOPS",
    "SIPR_E_NOT_THIS_PROXY",
    "SIPR_E_NO_VIA_LEFT",
    "SIPR_E_ROUTE",
    "SIPR_E_DIGEST",
    "SIPR_E_DIGEST_SCHEME",
    "SIPR_E_DIGEST_MISSING",
    "SIPR_E_DIGEST_ALGORITHM",
    "SIPR_E_DIGEST_QOP",
    "SIPR_E_DIGEST_MISMATCH",
    "SIPR_E_TXN_KEY",
    "SIPR_E_TABLE_FULL",
    "SIPR_E_TXN_EXISTS",
    "SIPR_E_DIALOG",
    "SIPR_E_NO_DIALOG",
    "SIPR_E_CSEQ_ORDER",
    "SIPR_E_MULTIPART",
    "SIPR_E_TOO_MANY_PARTS",
    "SIPR_E_MULTIPART_DEPTH",
    "SIPR_E_ADDR",
    "SIPR_E_TOO_MANY_ADDRS",
    "SIPR_E_ITEM",
    "SIPR_E_COMMENT_DEPTH",
};

static const char *const verdict_names[] = {
    "SIPR_V_OK",
    "SIPR_V_MISSING_VIA",
    "SIPR_V_MISSING_TO",
    "SIPR_V_MISSING_FROM",
    "SIPR_V_MISSING_CALL_ID",
    "SIPR_V_MISSING_CSEQ",
    "SIPR_V_MISSING_MAX_FORWARDS",
    "SIPR_V_CSEQ_METHOD_MISMATCH",
    "SIPR_V_CONTENT_LENGTH_MISMATCH",
    "SIPR_V_NOT_PARSED",
    "SIPR_V_BAD_VERSION",
    "SIPR_V_DUPLICATE_HEADER",
    "SIPR_V_UNSUPPORTED_SCHEME",
    "SIPR_V_BAD_EXTENSION",
    "SIPR_V_UNSUPPORTED_MEDIA",
    "SIPR_V_NOT_ACCEPTABLE",
    "SIPR_V_BARE_BRANCH_COOKIE",
    "SIPR_V_TOO_MANY_HOPS",
    "SIPR_V_MISSING_CONTENT_TYPE",
    "SIPR_V_BAD_ADDRESS_OF_RECORD",
};

/* Codes are only ever appended (siprove.h); a newer library with codes this
 * table lacks still works, printing "unknown" for them. */
const char *json_status_name(sipr_status code)
{
    size_t i = (size_t)code;
    if (i < sizeof status_names / sizeof status_names[0] && i < (size_t)SIPR_STATUS__COUNT)
        return status_names[i];
    return "unknown";
}

const char *json_verdict_name(sipr_verdict_code code)
{
    size_t i = (size_t)code;
    if (i < sizeof verdict_names / sizeof verdict_names[0] && i < (size_t)SIPR_VERDICT__COUNT)
        return verdict_names[i];
    return "unknown";
}

/* ---- Message ------------------------------------------------------------------- */

typedef struct {
    json_writer w;
    const char *buf;
    size_t len;
    const sipr_msg *msg;
    unsigned long contract_violations;
} msg_writer;

/* A span that the library's contract says lies inside the buffer. The CLI
 * checks anyway (it runs against the library under development) and prints
 * a broken span as null, counting it. */
static int span_ok(msg_writer *m, sipr_span s)
{
    if (s.off <= m->len && s.len <= m->len - s.off)
        return 1;
    m->contract_violations++;
    return 0;
}

/* A span as a string; an absent span (len 0) as null. */
static void put_span(msg_writer *m, const char *key, sipr_span s)
{
    if (s.len == 0 || !span_ok(m, s))
        json_null(&m->w, key);
    else
        json_bytes(&m->w, key, m->buf + s.off, s.len);
}

/* A span that is always present when its parent is (Reason-Phrase): "" when
 * empty. */
static void put_span_or_empty(msg_writer *m, const char *key, sipr_span s)
{
    if (s.len == 0)
        json_string(&m->w, key, "");
    else
        put_span(m, key, s);
}

static void put_port(msg_writer *m, const char *key, sipr_span text, uint16_t port)
{
    if (text.len == 0)
        json_null(&m->w, key);
    else
        json_uint(&m->w, key, port);
}

static void put_host_kind(msg_writer *m, const char *key, uint8_t kind)
{
    switch (kind) {
    case SIPR_HOST_NAME: json_string(&m->w, key, "name"); break;
    case SIPR_HOST_IPV4: json_string(&m->w, key, "ipv4"); break;
    case SIPR_HOST_IPV6: json_string(&m->w, key, "ipv6"); break;
    default: json_null(&m->w, key); break;
    }
}

/* [{"name": ..., "value": ...|null}, ...] */
static void put_plist(msg_writer *m, const char *key, sipr_plist pl)
{
    const sipr_msg *msg = m->msg;
    unsigned n = msg->n_params <= SIPR_MAX_PARAMS ? msg->n_params : SIPR_MAX_PARAMS;
    unsigned i;

    json_array_begin(&m->w, key);
    if ((unsigned)pl.first + pl.count > n) {
        m->contract_violations++;
    } else {
        for (i = pl.first; i < (unsigned)pl.first + pl.count; i++) {
            json_object_begin(&m->w, NULL);
            put_span(m, "name", msg->params[i].name);
            put_span(m, "value", msg->params[i].value);
            json_object_end(&m->w);
        }
    }
    json_array_end(&m->w);
}

static void put_uri(msg_writer *m, const char *key, sipr_span text, const sipr_uri *u)
{
    json_object_begin(&m->w, key);
    put_span(m, "text", text);
    put_span(m, "scheme", u->scheme_name);
    put_span(m, "user", u->user);
    put_span(m, "password", u->password);
    put_span(m, "host", u->host);
    put_host_kind(m, "host_kind", u->host_kind);
    put_port(m, "port", u->port_text, u->port);
    put_plist(m, "params", u->params);
    put_plist(m, "headers", u->headers);
    put_span(m, "opaque", u->opaque);
    put_span(m, "path", u->path);
    put_span(m, "query", u->query);
    json_object_end(&m->w);
}

static void put_header_index(msg_writer *m, const char *key, uint16_t index)
{
    if (index == SIPR_NONE)
        json_null(&m->w, key);
    else
        json_uint(&m->w, key, index);
}

static void put_name_addr(msg_writer *m, const char *key, const sipr_name_addr *na)
{
    json_object_begin(&m->w, key);
    put_span(m, "display", na->display);
    put_uri(m, "uri", na->uri_text, &na->uri);
    put_span(m, "tag", na->tag);
    put_span(m, "expires", na->expires);
    put_span(m, "q", na->q);
    put_plist(m, "params", na->params);
    put_header_index(m, "header", na->header);
    json_object_end(&m->w);
}

static void put_via(msg_writer *m, const sipr_via *v)
{
    json_object_begin(&m->w, NULL);
    /* sent-protocol: protocol-name SLASH protocol-version, with the SLASH
     * normalised (RFC 3261 §20.42 allows LWS around it). */
    if (v->protocol_name.len == 0 || v->protocol_version.len == 0 ||
        !span_ok(m, v->protocol_name) || !span_ok(m, v->protocol_version)) {
        json_null(&m->w, "protocol");
    } else {
        member(&m->w, "protocol");
        fputc('"', m->w.out);
        put_escaped(m->w.out, m->buf + v->protocol_name.off, v->protocol_name.len);
        fputc('/', m->w.out);
        put_escaped(m->w.out, m->buf + v->protocol_version.off, v->protocol_version.len);
        fputc('"', m->w.out);
    }
    put_span(m, "transport", v->transport);
    put_span(m, "host", v->host);
    put_host_kind(m, "host_kind", v->host_kind);
    put_port(m, "port", v->port_text, v->port);
    put_span(m, "branch", v->branch);
    put_span(m, "received", v->received);
    if (!v->has_rport)
        json_null(&m->w, "rport");
    else if (v->rport.len == 0)
        json_bool(&m->w, "rport", 1);
    else
        put_span(m, "rport", v->rport);
    put_span(m, "maddr", v->maddr);
    put_span(m, "ttl", v->ttl);
    put_plist(m, "params", v->params);
    put_header_index(m, "header", v->header);
    json_object_end(&m->w);
}

/* The entries of list-valued header line h: "items": [{"value", "subtype",
   "params"}], only for the kinds whose entries are sipr_items: "subtype" for
   the media types, "params" for them and for the kinds Accept-Encoding ...
   Timestamp (grammar/tparams.rl), and the kinds' own keys for sub and extra:
   "comment" for Retry-After, "cseq" and "method" for RAck, "delay" for
   Timestamp, "agent" and "text" for Warning, "version" for Server and
   User-Agent; the scheme of the authentication headers is their "value"
   (null for Authentication-Info, which has none) and their auth-params
   their "params" (grammar/auth.rl). The text of a Subject or Organization is "" when the line has
   none (it is always there). */
static void put_items(msg_writer *m, unsigned h)
{
    const sipr_msg *msg = m->msg;
    unsigned n = msg->n_items <= SIPR_MAX_ITEMS ? msg->n_items : SIPR_MAX_ITEMS;
    unsigned k;
    const uint16_t kind = msg->headers[h].kind;
    const int with_params = kind >= SIPR_H_ACCEPT_ENCODING && kind <= SIPR_H_AUTHENTICATION_INFO;

    if ((kind < SIPR_H_CONTENT_TYPE || kind > SIPR_H_ALLOW_EVENTS) && !with_params)
        return;
    json_array_begin(&m->w, "items");
    for (k = 0; k < n; k++) {
        const sipr_item *t = &msg->items[k];
        if (t->header != h)
            continue;
        json_object_begin(&m->w, NULL);
        if (kind == SIPR_H_SUBJECT || kind == SIPR_H_ORGANIZATION)
            put_span_or_empty(m, "value", t->value);
        else
            put_span(m, "value", t->value);
        if (kind == SIPR_H_RETRY_AFTER)
            put_span(m, "comment", t->sub);
        if (kind == SIPR_H_RACK) {
            put_span(m, "cseq", t->sub);
            put_span(m, "method", t->extra);
        }
        if (kind == SIPR_H_TIMESTAMP)
            put_span(m, "delay", t->sub);
        if (kind == SIPR_H_WARNING) {
            put_span(m, "agent", t->sub);
            put_span(m, "text", t->extra);
        }
        if (kind == SIPR_H_SERVER || kind == SIPR_H_USER_AGENT)
            put_span(m, "version", t->sub);
        if (kind == SIPR_H_CONTENT_TYPE || kind == SIPR_H_ACCEPT) {
            put_span(m, "subtype", t->sub);
            put_plist(m, "params", t->params);
        } else if (with_params) {
            put_plist(m, "params", t->params);
        }
        json_object_end(&m->w);
    }
    json_array_end(&m->w);
}

/* The entries of name-addr header line h kept in msg.addrs (Route ...
   Error-Info): "addrs": [name-addr objects, as in "contact"]. */
static void put_addrs(msg_writer *m, unsigned h)
{
    const sipr_msg *msg = m->msg;
    unsigned n = msg->n_addrs <= SIPR_MAX_ADDRS ? msg->n_addrs : SIPR_MAX_ADDRS;
    unsigned k;
    const uint16_t kind = msg->headers[h].kind;

    if (kind < SIPR_H_ROUTE || kind > SIPR_H_ERROR_INFO)
        return;
    json_array_begin(&m->w, "addrs");
    for (k = 0; k < n; k++)
        if (msg->addrs[k].header == h)
            put_name_addr(m, NULL, &msg->addrs[k]);
    json_array_end(&m->w);
}

/* Index of the first header line of a kind, or SIPR_NONE. */
static uint16_t first_of(const sipr_msg *msg, sipr_header_kind kind)
{
    uint16_t i = msg->first[kind];
    return (i != SIPR_NONE && i < msg->n_headers) ? i : SIPR_NONE;
}

/* The parts of a multipart body: at most this many (all levels), nested at most
 * this deep (docs/json.md). */
#define JSON_MAX_PARTS 64
#define JSON_MAX_PART_DEPTH 8

/* "offset" and "length" of a body: an empty one has no meaningful span, so it
 * is printed as starting at the end of the input. */
static void put_body_extent(msg_writer *m, sipr_span s)
{
    if (s.len == 0) {
        json_uint(&m->w, "offset", (unsigned long)m->len);
        json_uint(&m->w, "length", 0);
    } else if (span_ok(m, s)) {
        json_uint(&m->w, "offset", s.off);
        json_uint(&m->w, "length", s.len);
    } else {
        json_null(&m->w, "offset");
        json_null(&m->w, "length");
    }
}

/* The message's Content-Type value when its media type is multipart/<any>
 * (the type compared case-insensitively), else an empty span. */
static sipr_span multipart_type(msg_writer *m)
{
    const sipr_msg *msg = m->msg;
    sipr_span none = {0, 0};
    unsigned n = msg->n_items <= SIPR_MAX_ITEMS ? msg->n_items : SIPR_MAX_ITEMS;
    uint16_t h = first_of(msg, SIPR_H_CONTENT_TYPE);
    unsigned k;

    if (h == SIPR_NONE || h >= SIPR_MAX_HEADERS)
        return none;
    for (k = 0; k < n; k++) {
        sipr_span t = msg->items[k].value;
        if (msg->items[k].header != h)
            continue;
        if (t.len == 9 && span_ok(m, t) && strncasecmp(m->buf + t.off, "multipart", 9) == 0 &&
            msg->headers[h].value.len != 0 && span_ok(m, msg->headers[h].value))
            return msg->headers[h].value;
        return none;
    }
    return none;
}

/* "parts" of a multipart body (sipr_multipart), or "parts_error" when it does
 * not split; nothing for any other body. */
static void put_parts(msg_writer *m)
{
    static sipr_part parts[JSON_MAX_PARTS];
    sipr_span ct = multipart_type(m);
    size_t n = 0, err_off = 0, i;
    sipr_status st;

    if (ct.len == 0 || m->msg->body.len == 0 || !span_ok(m, m->msg->body))
        return;
    st = sipr_multipart(m->buf, m->len, m->msg->body, ct, parts, JSON_MAX_PARTS,
                        JSON_MAX_PART_DEPTH, &n, &err_off);
    if (st != SIPR_OK) {
        json_object_begin(&m->w, "parts_error");
        json_string(&m->w, "code", json_status_name(st));
        json_string(&m->w, "reason", sipr_strerror(st));
        json_uint(&m->w, "offset", (unsigned long)err_off);
        json_object_end(&m->w);
        return;
    }
    if (n > JSON_MAX_PARTS) {
        m->contract_violations++;
        n = JSON_MAX_PARTS;
    }
    json_array_begin(&m->w, "parts");
    for (i = 0; i < n; i++) {
        const sipr_part *p = &parts[i];
        json_object_begin(&m->w, NULL);
        put_span(m, "headers", p->headers);
        put_span(m, "content_type", p->content_type);
        json_object_begin(&m->w, "body");
        put_body_extent(m, p->body);
        json_object_end(&m->w);
        put_span(m, "boundary", p->boundary);
        if (p->parent == SIPR_NONE) {
            json_null(&m->w, "parent");
        } else if (p->parent < i) {
            json_uint(&m->w, "parent", p->parent);
        } else {
            m->contract_violations++;
            json_null(&m->w, "parent");
        }
        json_uint(&m->w, "depth", p->depth);
        json_object_end(&m->w);
    }
    json_array_end(&m->w);
}

unsigned long json_write_message(FILE *out, const char *buf, size_t len,
                                 const sipr_msg *msg, const sipr_verdict *verdict)
{
    msg_writer m;
    unsigned i, n;

    json_init(&m.w, out);
    m.buf = buf;
    m.len = len;
    m.msg = msg;
    m.contract_violations = 0;

    json_object_begin(&m.w, NULL);

    /* start line */
    if (msg->type == SIPR_MSG_REQUEST) {
        json_string(&m.w, "type", "request");
        put_span(&m, "method", msg->method);
        put_uri(&m, "request_uri", msg->request_uri, &msg->ruri);
        json_null(&m.w, "status_code");
        json_null(&m.w, "reason");
    } else {
        json_string(&m.w, "type", msg->type == SIPR_MSG_RESPONSE ? "response" : "unknown");
        json_null(&m.w, "method");
        json_null(&m.w, "request_uri");
        json_uint(&m.w, "status_code", msg->status_code);
        put_span_or_empty(&m, "reason", msg->reason);
    }
    put_span(&m, "version", msg->version);

    /* Via */
    json_array_begin(&m.w, "via");
    n = msg->n_vias <= SIPR_MAX_VIAS ? msg->n_vias : SIPR_MAX_VIAS;
    for (i = 0; i < n; i++)
        put_via(&m, &msg->vias[i]);
    json_array_end(&m.w);

    /* From, To, Call-ID, CSeq, Max-Forwards, Content-Length */
    if (first_of(msg, SIPR_H_FROM) == SIPR_NONE)
        json_null(&m.w, "from");
    else
        put_name_addr(&m, "from", &msg->from);
    if (first_of(msg, SIPR_H_TO) == SIPR_NONE)
        json_null(&m.w, "to");
    else
        put_name_addr(&m, "to", &msg->to);
    put_span(&m, "call_id", msg->call_id);
    if (first_of(msg, SIPR_H_CSEQ) == SIPR_NONE) {
        json_null(&m.w, "cseq");
    } else {
        json_object_begin(&m.w, "cseq");
        json_uint(&m.w, "number", msg->cseq_number);
        put_span(&m, "method", msg->cseq_method);
        json_object_end(&m.w);
    }
    if (msg->has_max_forwards)
        json_uint(&m.w, "max_forwards", msg->max_forwards);
    else
        json_null(&m.w, "max_forwards");
    if (msg->has_content_length)
        json_uint(&m.w, "content_length", msg->content_length);
    else
        json_null(&m.w, "content_length");

    /* Contact */
    if (msg->contact_star) {
        json_string(&m.w, "contact", "*");
    } else {
        json_array_begin(&m.w, "contact");
        n = msg->n_contacts <= SIPR_MAX_CONTACTS ? msg->n_contacts : SIPR_MAX_CONTACTS;
        for (i = 0; i < n; i++)
            put_name_addr(&m, NULL, &msg->contacts[i]);
        json_array_end(&m.w);
    }

    /* every header line, in order */
    json_array_begin(&m.w, "headers");
    n = msg->n_headers <= SIPR_MAX_HEADERS ? msg->n_headers : SIPR_MAX_HEADERS;
    for (i = 0; i < n; i++) {
        const sipr_header *h = &msg->headers[i];
        json_object_begin(&m.w, NULL);
        put_span(&m, "name", h->name);
        put_span_or_empty(&m, "value", h->value);
        if (h->kind != SIPR_H_OTHER && h->kind < SIPR_H__COUNT)
            json_string(&m.w, "kind", sipr_header_name((sipr_header_kind)h->kind));
        else
            json_null(&m.w, "kind");
        if (span_ok(&m, h->name))
            json_uint(&m.w, "offset", h->name.off);
        else
            json_null(&m.w, "offset");
        put_items(&m, i);
        put_addrs(&m, i);
        json_object_end(&m.w);
    }
    json_array_end(&m.w);

    /* body: position only; the bytes are in the input. A multipart body
     * also has its parts, or the reason it has none. */
    json_object_begin(&m.w, "body");
    put_body_extent(&m, msg->body);
    put_parts(&m);
    json_object_end(&m.w);

    /* the leniency switches the message needed (cli_lenient_names order) */
    json_array_begin(&m.w, "lenient_used");
    for (i = 0; i < CLI_N_LENIENT; i++)
        if (msg->lenient_used & cli_lenient_names[i].bit)
            json_string(&m.w, NULL, cli_lenient_names[i].name);
    json_array_end(&m.w);
    if (msg->lenient_used != 0u && msg->lenient_off <= len)
        json_uint(&m.w, "lenient_offset", msg->lenient_off);
    else
        json_null(&m.w, "lenient_offset");

    /* semantic verdict */
    json_object_begin(&m.w, "verdict");
    json_bool(&m.w, "valid", verdict->code == SIPR_V_OK);
    json_string(&m.w, "code", json_verdict_name(verdict->code));
    if (verdict->code == SIPR_V_OK) {
        json_null(&m.w, "response");
        json_null(&m.w, "reason");
        json_null(&m.w, "malformed");
        json_null(&m.w, "offset");
    } else {
        json_uint(&m.w, "response", verdict->response);
        json_string(&m.w, "reason", sipr_verdict_reason(verdict->code));
        json_bool(&m.w, "malformed", verdict->invalid != 0);
        json_uint(&m.w, "offset", verdict->off);
    }
    json_bool(&m.w, "rfc2543_matching", verdict->rfc2543 != 0);
    json_object_end(&m.w);

    json_object_end(&m.w);
    json_finish(&m.w);
    return m.contract_violations;
}

void json_write_error(FILE *out, sipr_status code, unsigned long offset)
{
    json_writer w;
    json_init(&w, out);
    json_object_begin(&w, NULL);
    json_object_begin(&w, "error");
    json_string(&w, "code", json_status_name(code));
    json_string(&w, "reason", sipr_strerror(code));
    json_uint(&w, "offset", offset);
    json_object_end(&w);
    json_object_end(&w);
    json_finish(&w);
}
