/* Internal declarations shared by the runtime (src/ *.c) and the generated
 * scanners (src/generated/). Not part of the public API.
 *
 * The ACSL predicates are C macros expanded inside annotations (Frama-C runs
 * with -pp-annot): predicates over field values let Qed simplify reads through
 * updates, where user predicates over struct values would block it (see
 * ../shared/notes/proof-feasibility.md, Q3 step 2). Span arithmetic is always
 * written `s.len <= n - s.off`, never `s.off + s.len`, which can wrap in C.
 */
#ifndef SIPR_INTERNAL_H
#define SIPR_INTERNAL_H

#include "siprove.h"

/* ---- predicates used in contracts --------------------------------------- */
#define SPAN_IN(s, n) ((s).off <= (n) && (s).len <= (n) - (s).off)
/* span s lies inside span v */
#define SPAN_WITHIN(s, v) ((s).len == 0 || ((v).off <= (s).off && (s).off <= (v).off + (v).len && (s).len <= (v).off + (v).len - (s).off))
#define PLIST_IN(p, np) ((p).first <= (np) && (p).count <= (np) - (p).first)

#define URI_OK(u, n, np)                                                                          \
    (SPAN_IN((u).scheme_name, n) && SPAN_IN((u).user, n) && SPAN_IN((u).password, n) &&            \
     SPAN_IN((u).host, n) && SPAN_IN((u).port_text, n) && SPAN_IN((u).opaque, n) &&                \
     PLIST_IN((u).params, np) && PLIST_IN((u).headers, np) && SPAN_IN((u).path, n) &&               \
     SPAN_IN((u).query, n))

#define VIA_OK(v, n, np)                                                                          \
    (SPAN_IN((v).protocol_name, n) && SPAN_IN((v).protocol_version, n) &&                          \
     SPAN_IN((v).transport, n) && SPAN_IN((v).host, n) && SPAN_IN((v).port_text, n) &&            \
     SPAN_IN((v).branch, n) && SPAN_IN((v).received, n) && SPAN_IN((v).rport, n) &&              \
     SPAN_IN((v).maddr, n) && SPAN_IN((v).ttl, n) && PLIST_IN((v).params, np))

#define NA_OK(a, n, np)                                                                           \
    (SPAN_IN((a).display, n) && SPAN_IN((a).uri_text, n) && URI_OK((a).uri, n, np) &&             \
     SPAN_IN((a).tag, n) && SPAN_IN((a).expires, n) && SPAN_IN((a).q, n) &&                       \
     PLIST_IN((a).params, np))

#define ITEM_OK(t, n, np)                                                                         \
    (SPAN_IN((t).value, n) && SPAN_IN((t).sub, n) && SPAN_IN((t).extra, n) &&                       \
     PLIST_IN((t).params, np))

#define HDR_OK(h, n) (SPAN_IN((h).name, n) && SPAN_IN((h).value, n) && (h).kind < SIPR_H__COUNT)

/* the limits are within the compiled maxima */
#define LIMITS_OK(m)                                                                              \
    ((m)->limits.max_headers <= SIPR_MAX_HEADERS && (m)->limits.max_vias <= SIPR_MAX_VIAS &&      \
     (m)->limits.max_contacts <= SIPR_MAX_CONTACTS && (m)->limits.max_params <= SIPR_MAX_PARAMS &&  \
     (m)->limits.max_items <= SIPR_MAX_ITEMS && (m)->limits.max_msg_len <= SIPR_MAX_MSG_LEN &&      \
     (m)->limits.max_addrs <= SIPR_MAX_ADDRS)

/* the parameter pool: every entry inside [0, n) */
#define PARAMS_OK(m, n)                                                                           \
    (\forall integer k; 0 <= k < (m)->n_params ==>                                                 \
         SPAN_IN((m)->params[k].name, n) && SPAN_IN((m)->params[k].value, n))

#define PARAMS_OK_UPTO(m, n, upto)                                                                 \
    (\forall integer j; 0 <= j < (upto) ==>                                                        \
         SPAN_IN((m)->params[j].name, n) && SPAN_IN((m)->params[j].value, n))

/* the counts within their limits (what the scanners maintain) */
#define COUNTS_OK(m)                                                                              \
    ((m)->n_params <= (m)->limits.max_params && (m)->n_vias <= (m)->limits.max_vias &&              \
     (m)->n_contacts <= (m)->limits.max_contacts && (m)->n_headers <= (m)->limits.max_headers &&    \
     (m)->n_items <= (m)->limits.max_items && (m)->n_addrs <= (m)->limits.max_addrs)

#define VIAS_OK(m, n)                                                                             \
    (\forall integer k; 0 <= k < (m)->n_vias ==> VIA_OK((m)->vias[k], n, (m)->n_params))

#define CONTACTS_OK(m, n)                                                                         \
    (\forall integer k; 0 <= k < (m)->n_contacts ==> NA_OK((m)->contacts[k], n, (m)->n_params))

#define ITEMS_OK(m, n)                                                                            \
    (\forall integer k; 0 <= k < (m)->n_items ==> ITEM_OK((m)->items[k], n, (m)->n_params))

#define HEADERS_OK(m, n)                                                                          \
    (\forall integer k; 0 <= k < (m)->n_headers ==> HDR_OK((m)->headers[k], n))

/* header chains: every index names an existing line */
#define IDX_OK(x, n) ((x) == SIPR_NONE || (x) < (n))
#define CHAINS_OK(m)                                                                              \
    ((\forall integer k; 0 <= k < (m)->n_headers ==> IDX_OK((m)->headers[k].next, (m)->n_headers)) && \
     (\forall integer k; 0 <= k < SIPR_H__COUNT ==>                                                \
          IDX_OK((m)->first[k], (m)->n_headers) && IDX_OK((m)->last[k], (m)->n_headers)))

/* the start line and body spans */
#define START_OK(m, n)                                                                            \
    (SPAN_IN((m)->method, n) && SPAN_IN((m)->request_uri, n) && SPAN_IN((m)->version, n) &&        \
     SPAN_IN((m)->status_text, n) && SPAN_IN((m)->reason, n) && SPAN_IN((m)->body, n))

/* ---- helpers for grammar actions ------------------------------------------ */
/* A span from mark to the current index; callers keep mark <= i <= len. */
#define SPAN_AT(a, b) ((sipr_span){(uint32_t)(a), (uint32_t)((b) - (a))})
#define SPAN_NONE ((sipr_span){0u, 0u})
/* The action function of a generated scanner and its helpers take and return
   the scanner's registers by value (gen/rlgen.c, action-function mode). Inlined
   into the scan loop, the compiler keeps the registers in place instead of
   copying the record at every action; Frama-C sees plain static functions. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__FRAMAC__)
#define SIPR_ACT_INLINE __attribute__((always_inline)) inline
#else
#define SIPR_ACT_INLINE
#endif

/* In an action of a generated scanner in action-function mode (gen/rlgen.c):
   stop the scan here. R is the scanner's register record, returned by value. */
#define STOP()                                                                                    \
    do {                                                                                          \
        R.stop = 1;                                                                               \
        return R;                                                                                 \
    } while (0)
/* initialisers of empty records */
#define URI_INIT                                                                                  \
    {0, 0, 0, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, {0, 0}, {0, 0},    \
     SPAN_NONE, SPAN_NONE}
#define NA_INIT(hdr) {SPAN_NONE, SPAN_NONE, URI_INIT, SPAN_NONE, SPAN_NONE, SPAN_NONE, {0, 0}, (hdr)}

/* Result of a parameter-list scan: the run of pool entries it added. */
typedef struct {
    sipr_status st;
    sipr_plist pl;
} sipr_plist_result;

/* Result of a number conversion. */
typedef struct {
    sipr_status st;
    uint32_t val;
    uint32_t off; /* on error: the offending byte (s.off for an empty span) */
} sipr_u32_result;

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN && SPAN_IN(s, len);
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_NUMBER_RANGE || \result.st == err;
    ensures \result.st == SIPR_OK ==> \result.val <= max;
    ensures s.off <= \result.off <= s.off + s.len;
*/
sipr_u32_result sipr_u32(const char *buf, size_t len, sipr_span s, uint32_t max, sipr_status err);

/* The span without its trailing SP, HTAB, CR and LF. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires SPAN_IN(s, len);
    assigns \nothing;
    ensures SPAN_IN(\result, len) && \result.off == s.off && \result.len <= s.len;
*/
sipr_span sipr_trim_right(const char *buf, size_t len, sipr_span s);

/* the name-addr pool (sipr_msg.addrs, grammar/addrs.rl) */
#define ADDRS_OK(m, n)                                                                            \
    (\forall integer k; 0 <= k < (m)->n_addrs ==> NA_OK((m)->addrs[k], n, (m)->n_params))

/* every span of a parsed message, every count */
#define MSG_OK(m, n)                                                                               \
    (LIMITS_OK(m) && COUNTS_OK(m) && START_OK(m, n) && HEADERS_OK(m, n) && CHAINS_OK(m) &&         \
     PARAMS_OK(m, n) && VIAS_OK(m, n) && CONTACTS_OK(m, n) && ITEMS_OK(m, n) &&                     \
     URI_OK((m)->ruri, n, (m)->n_params) && NA_OK((m)->from, n, (m)->n_params) &&                   \
     NA_OK((m)->to, n, (m)->n_params) && SPAN_IN((m)->call_id, n) && SPAN_IN((m)->cseq_method, n) && \
     ADDRS_OK(m, n))

/* The kind of the header name at span name of buf, a token (the long or the
   compact form in any case; SIPR_H_OTHER for any other name). Generated from
   the header-name table of grammar/message.rl (src/generated/message.c). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(name, len);
    assigns \nothing;
    ensures \result < SIPR_H__COUNT;
*/
uint16_t sipr_message_name_kind(const char *buf, size_t len, sipr_span name);

/* Byte classes of sipr_run and sipr_in_class. A unit of a run is one byte of
   the class, and for SIPR_RUN_SWS also CRLF followed by SP or HTAB (a fold:
   RFC 3261 §25.1 SWS over an unfolded value), for the URI sets also an escape
   "%" HEXDIG HEXDIG (§25.1 escaped). */
typedef enum {
    SIPR_RUN_TOKEN,     /* token (§25.1): alphanum / "-" "." "!" "%" "*" "_" "+" "`" "'" "~" */
    SIPR_RUN_WSP,       /* SP / HTAB */
    SIPR_RUN_LWS,       /* SP / HTAB / CR / LF */
    SIPR_RUN_SWS,       /* SP / HTAB, and folds */
    SIPR_RUN_URI_USER,  /* unreserved / user-unreserved, and escapes */
    SIPR_RUN_URI_PASS,  /* unreserved / "&" "=" "+" "$" ",", and escapes */
    SIPR_RUN_URI_PARAM  /* unreserved / param-unreserved, and escapes */
} sipr_run_class;

/* 1 when c is a byte of class cls (for SIPR_RUN_SWS: SP or HTAB). */
/*@ assigns \nothing; */
int sipr_in_class(char c, sipr_run_class cls);

/* ALPHA / DIGIT, and HEXDIG (RFC 5234 B.1). */
/*@ assigns \nothing; */
int sipr_is_alnum(char c);
/*@ assigns \nothing; */
int sipr_is_xdigit(char c);

/* The end of the run of units of class cls from `from`, at most `to`. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    assigns \nothing;
    ensures from <= \result <= to;
*/
size_t sipr_run(const char *buf, size_t len, size_t from, size_t to, sipr_run_class cls);

/* The offset of the first control byte of s other than HTAB, CR and LF (the
   message machine lets those through only in LWS), s.off + s.len if none. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN && SPAN_IN(s, len);
    assigns \nothing;
    ensures s.off <= \result <= s.off + s.len;
*/
uint32_t sipr_first_ctl(const char *buf, size_t len, sipr_span s);

/* Case-insensitive (ASCII) comparison of a span with a string. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires SPAN_IN(s, len);
    requires \valid_read(lit + (0 .. litlen - 1));
    assigns \nothing;
*/
int sipr_span_ieq(const char *buf, size_t len, sipr_span s, const char *lit, size_t litlen);

/* Case-sensitive comparison of a span with a string. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires SPAN_IN(s, len);
    requires \valid_read(lit + (0 .. litlen - 1));
    assigns \nothing;
*/
int sipr_span_eq_lit(const char *buf, size_t len, sipr_span s, const char *lit, size_t litlen);

/* Case-sensitive comparison of two spans of the same buffer. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires SPAN_IN(a, len) && SPAN_IN(b, len);
    assigns \nothing;
*/
int sipr_span_eq(const char *buf, size_t len, sipr_span a, sipr_span b);

/* Appends one parameter to the pool. */
/*@ requires \valid(m);
    requires LIMITS_OK(m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params;
    ensures \result == SIPR_OK ==> 0 < m->n_params <= m->limits.max_params;
*/
sipr_status sipr_param_push(sipr_msg *m, sipr_span name, sipr_span value);

/* Appends one header line and links it into the chain of its kind. */
/*@ requires \valid(m);
    requires LIMITS_OK(m) && kind < SIPR_H__COUNT;
    assigns m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers, m->first[kind], m->last[kind];
*/
sipr_status sipr_header_push(sipr_msg *m, sipr_span name, sipr_span value, uint16_t kind);

/* Appends one Via entry. */
/*@ requires \valid(m);
    requires LIMITS_OK(m);
    assigns m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
*/
sipr_status sipr_via_push(sipr_msg *m, sipr_via v);

/* Appends one Contact entry. */
/*@ requires \valid(m);
    requires LIMITS_OK(m);
    assigns m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts;
*/
sipr_status sipr_contact_push(sipr_msg *m, sipr_name_addr c);

/* Appends one list entry. */
/*@ requires \valid(m);
    requires LIMITS_OK(m);
    assigns m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
*/
sipr_status sipr_item_push(sipr_msg *m, sipr_span value, sipr_span sub, sipr_span extra,
                           sipr_plist params, uint16_t hdr);

/* The final check of sipr_parse: every recorded span inside [0, len), every
   count within its limit, every index in range. Reads only. */
/*@ requires \valid_read(m);
    assigns \nothing;
    ensures \result != 0 ==> MSG_OK(m, len) && m->len == len;
*/
int sipr_msg_check(const sipr_msg *m, size_t len);


/* ---- writers (src/serialize.c, src/proxy.c) ----------------------------------
 * Every store into the caller's output goes through sipr_put, sipr_put_range
 * or sipr_put_char, each bounded to out[0 .. cap-1] by its contract. A writer
 * is a chain of calls `pos = sipr_put...(out, cap, pos, ...)`: a piece is
 * stored only when all of it fits, and pos counts on regardless, saturating
 * at SIPR_OUT_SAT (no size_t arithmetic wraps), so that a writer that runs
 * out of room still knows the size it needs. */
#define SIPR_OUT_SAT 0x02000001u /* SIPR_MAX_OUT_LEN + 1: "more than the maximum" */

/* the caller's output buffer */
#define OUT_OK(out, cap) \valid((out) + (0 .. (cap) - 1))
/* a caller string is readable (that it does not overlap the output only
   matters for what is written, not for where: it is not needed here) */
#define STR_OK(t) \valid_read((t).s + (0 .. (t).len - 1))

/* The name of a header kind, compact (v f t i l m c k e u r b o x s) when asked and
   the kind has one; empty for SIPR_H_OTHER and unknown kinds. The byte after the
   name is readable (a NUL of the table). Generated from the header-name table of
   grammar/message.rl (src/generated/message.c). */
/*@ assigns \nothing;
    ensures STR_OK(\result);
    ensures \valid_read(\result.s + (0 .. \result.len));
*/
sipr_str sipr_message_kind_name(uint32_t kind, int compact);

/* Byte classes of the text a caller gives to a writer (sipr_chars_ok). */
#define SIPR_CC_TEXT 0  /* a header value: no control byte but HTAB, no DEL (so no CR, LF) */
#define SIPR_CC_TOKEN 1 /* an RFC 3261 token */
#define SIPR_CC_HOST 2  /* a host or a parameter value: token bytes and ':', '[', ']' */
#define SIPR_CC_URI 3   /* a URI: visible ASCII but '<', '>' and '"' */

/*@ requires OUT_OK(out, cap);
    requires \valid_read(s + (0 .. n - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
    ensures pos + n < SIPR_OUT_SAT ==> \result == pos + n;
*/
size_t sipr_put(char *out, size_t cap, size_t pos, const char *s, size_t n);

/* buf[from .. to-1] */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
    ensures pos + (to - from) < SIPR_OUT_SAT ==> \result == pos + (to - from);
*/
size_t sipr_put_range(char *out, size_t cap, size_t pos, const char *buf, size_t len, size_t from,
                      size_t to);

/*@ requires OUT_OK(out, cap);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_char(char *out, size_t cap, size_t pos, char c);

/* v in decimal */
/*@ requires OUT_OK(out, cap);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_u32(char *out, size_t cap, size_t pos, uint32_t v);

/* the span s of buf; nothing when s is not inside buf */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_span(char *out, size_t cap, size_t pos, const char *buf, size_t len, sipr_span s);

/* name ": " */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(name + (0 .. n - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_head(char *out, size_t cap, size_t pos, const char *name, size_t n);

/* CR LF */
/*@ requires OUT_OK(out, cap);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_crlf(char *out, size_t cap, size_t pos);

/* Whether every byte of s[0 .. n-1] is of class cls (SIPR_CC_*). */
/*@ requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
*/
int sipr_chars_ok(const char *s, size_t n, int cls);


/* Whether *v can be written: transport a token, host a host, branch a
   token, received a host, rport 0 .. 2 (SIPR_E_HEADER_VALUE otherwise). */
#define VIA_SPEC_OK(v)                                                                              \
    (\valid_read(v) && STR_OK((v)->transport) && STR_OK((v)->host) && STR_OK((v)->branch) &&         \
     STR_OK((v)->received))
/*@ requires VIA_SPEC_OK(v);
    assigns \nothing;
    ensures \result == SIPR_OK || \result == SIPR_E_HEADER_VALUE;
*/
sipr_status sipr_via_spec_check(const sipr_via_spec *v);

/* a Via value (without the name) */
/*@ requires OUT_OK(out, cap);
    requires VIA_SPEC_OK(v) && \separated(v, out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_via(char *out, size_t cap, size_t pos, const sipr_via_spec *v);

#define PSPECS_OK(ps, n)                                                                            \
    (\valid_read((ps) + (0 .. (n) - 1)) &&                                                          \
     (\forall integer k; 0 <= k < (n) ==> STR_OK((ps)[k].name) && STR_OK((ps)[k].value)))
#define ADDR_SPEC_OK(a)                                                                             \
    (\valid_read(a) && STR_OK((a)->display) && STR_OK((a)->uri) && STR_OK((a)->tag) &&              \
     PSPECS_OK((a)->params, (a)->n_params))
/* Whether *a can be written: uri a URI (not empty), display text, tag a
   token, parameter names tokens (not empty) and values hosts. */
/*@ requires ADDR_SPEC_OK(a);
    assigns \nothing;
    ensures \result == SIPR_OK || \result == SIPR_E_HEADER_VALUE || \result == SIPR_E_URI;
*/
sipr_status sipr_addr_spec_check(const sipr_addr_spec *a);

/* a name-addr value (without the header name) */
/*@ requires OUT_OK(out, cap);
    requires ADDR_SPEC_OK(a) && \separated(a, out + (0 .. cap - 1));
    requires \separated(a->params + (0 .. a->n_params - 1), out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
size_t sipr_put_addr(char *out, size_t cap, size_t pos, const sipr_addr_spec *a);

/* The status of a finished writer at position pos, and its length. */
/*@ requires \valid(out_len);
    assigns *out_len;
    ensures *out_len == pos;
    ensures \result == SIPR_OK ==> pos <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < pos <= SIPR_MAX_OUT_LEN;
    ensures \result == SIPR_OK || \result == SIPR_E_NO_SPACE || \result == SIPR_E_TOO_LONG;
*/
sipr_status sipr_out_done(size_t pos, size_t cap, size_t *out_len);

/* The end of a header line: just after the first LF at or after from that is
   not followed by SP or HTAB (a fold continues the line), or len. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= len;
    assigns \nothing;
    ensures from <= \result <= len;
*/
size_t sipr_line_end(const char *buf, size_t len, size_t from);

/* The end of the start line: just after the first LF, or len. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    assigns \nothing;
    ensures \result <= len;
*/
size_t sipr_start_end(const char *buf, size_t len);

/* Where header line i lies in buf: [start, end), its name. */
typedef struct {
    size_t start;
    size_t end;
    sipr_span name;
    sipr_span value;
    int ok; /* 0: no such line, or its spans are not inside buf */
} sipr_extent;

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    assigns \nothing;
    ensures \result.ok != 0 ==> \result.start <= \result.end <= len;
    ensures \result.ok != 0 ==> SPAN_IN(\result.name, len) && SPAN_IN(\result.value, len);
    ensures \result.ok != 0 ==> i < m->n_headers && i < SIPR_MAX_HEADERS;
*/
sipr_extent sipr_line_extent(const char *buf, size_t len, const sipr_msg *m, uint32_t i);

/* Whether m can be written from buf: the result of a successful parse of
   buf, with the spans the writers use inside buf. */
/*@ requires \valid_read(m);
    assigns \nothing;
    ensures \result != 0 ==> m->len == len && len <= SIPR_MAX_MSG_LEN && SPAN_IN(m->body, len);
    ensures \result != 0 ==> m->n_headers <= SIPR_MAX_HEADERS && m->n_vias <= SIPR_MAX_VIAS;
    ensures \result != 0 ==> m->n_params <= SIPR_MAX_PARAMS;
    ensures \result != 0 ==> SPAN_IN(m->method, len) && SPAN_IN(m->version, len);
    ensures \result != 0 ==> SPAN_IN(m->request_uri, len);
*/
int sipr_msg_writable(const sipr_msg *m, size_t len);

/* (src/transport.c) the contract the proxy relies on */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(msg);
    requires STR_OK(src_host);
    assigns \nothing;
*/
int sipr_needs_received(const char *buf, size_t len, const sipr_msg *msg, sipr_str src_host);

/* a builder whose output buffer is writable and apart from it */
#define BUILDER_OK(b)                                                                               \
    (\valid(b) && \valid((b)->out + (0 .. (b)->cap - 1)) &&                                         \
     \separated(b, (b)->out + (0 .. (b)->cap - 1)))


/* ---- lists of values and route URIs (src/proxy.c; also used by src/dialog.c) ---- */

/* One value of a list, or the number of values. */
typedef struct {
    size_t start;   /* its first byte */
    size_t end;     /* after its last byte, trailing LWS excluded */
    uint32_t count; /* values before it; when not found, every value */
    int ok;         /* found */
} sipr_elem;

/* Value k of the list in [from, to) (values are separated by commas; an
   empty value counts); ok == 0 when there are at most k values, and count
   is then their number. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    assigns \nothing;
    ensures \result.ok != 0 ==> from <= \result.start <= \result.end <= to;
*/
sipr_elem sipr_list_walk(const char *buf, size_t len, size_t from, size_t to, uint32_t k);

/* The URI of the name-addr in [from, to): what lies between its '<' (after
   a display-name, which may be a quoted-string) and the next '>'; len 0
   when there is no such non-empty part. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires from <= to <= len;
    assigns \nothing;
    ensures SPAN_IN(\result, len);
*/
sipr_span sipr_elem_uri(const char *buf, size_t len, size_t from, size_t to);

/* What the proxy needs of a URI. */
typedef struct {
    sipr_span host;
    uint32_t port;  /* 0: none (the value saturates above 65535) */
    uint8_t sip;    /* 1: sip, 2: sips, 0: another scheme */
    uint8_t user;   /* it has a userinfo part */
    uint8_t lr;     /* it has an lr parameter (§19.1.1) */
} sipr_uri_facts;

/* The scheme, host, port and lr of the URI u (§19.1.1: scheme ":"
   [userinfo "@"] hostport uri-parameters [headers]). An '@' can only end
   the userinfo: no other part of a SIP URI holds one unescaped. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(u, len);
    assigns \nothing;
    ensures SPAN_IN(\result.host, len);
*/
sipr_uri_facts sipr_route_uri(const char *buf, size_t len, sipr_span u);

/* the empty string */
#define SIPR_NO_STR ((sipr_str){"", 0u})

/* One header line "name: value pre tail" CRLF (the builder's line writer,
   also used by the UA core helpers): name a token, value, pre and tail text. */
/*@ requires BUILDER_OK(b);
    requires STR_OK(name) && STR_OK(value) && STR_OK(pre) && STR_OK(tail);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
void sipr_build_line(sipr_builder *b, sipr_str name, sipr_str value, sipr_str pre, sipr_str tail);

/* ---- generated scanners (src/generated/) ----------------------------------- */

/* Common precondition of the value scanners: value span v inside buf[0 .. len). */
#define SCAN_PRE(buf, len, v, m)                                                                   \
    (\valid_read((buf) + (0 .. (len) - 1)) && (len) <= SIPR_MAX_MSG_LEN && SPAN_IN(v, len) &&     \
     \valid(m) && \separated((buf) + (0 .. (len) - 1), (m)) && LIMITS_OK(m))

sipr_status sipr_scan_message(const char *buf, size_t len, sipr_msg *m);
sipr_status sipr_scan_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m, sipr_uri *out,
                          sipr_status err);
/* The machines of the tel URI (tel_uri.rl) and of absoluteURI (abs_uri.rl),
   which sipr_scan_uri runs on the rest v of a URI after the ':' of its
   scheme: "tel", or one other than sip, sips and tel (the name at span
   scheme). */
sipr_status sipr_scan_tel_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                              sipr_uri *out, sipr_status err, sipr_span scheme);
sipr_status sipr_scan_abs_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                              sipr_uri *out, sipr_status err, sipr_span scheme);
sipr_plist_result sipr_scan_params(const char *buf, size_t len, sipr_span v, sipr_msg *m);
sipr_plist_result sipr_scan_uri_headers(const char *buf, size_t len, sipr_span v, sipr_msg *m);
sipr_status sipr_scan_via(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr);
sipr_status sipr_scan_name_addr(const char *buf, size_t len, sipr_span v, sipr_msg *m, int to,
                                uint16_t hdr, sipr_status err);
sipr_status sipr_scan_contact(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr);
sipr_status sipr_scan_cseq(const char *buf, size_t len, sipr_span v, sipr_msg *m);
sipr_status sipr_scan_call_id(const char *buf, size_t len, sipr_span v, sipr_msg *m);
sipr_status sipr_scan_token_list(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr);
sipr_status sipr_scan_media(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr);
sipr_status sipr_scan_date(const char *buf, size_t len, sipr_span v, sipr_msg *m);

#endif

/* ---- action functions by reference (gen/rlgen.c) ----------------------------
 * A scanner whose grammar says `rlgen: actions by reference` hands its action
 * function the register record by address (NAME_act(..., &R, ...)), so that
 * no action copies the whole record. Kept apart from the block above so that
 * no line of it moves. WP models a record reached through a pointer in memory,
 * where a store of a whole struct (`R->s = (sipr_span){0, 0}`, `R->cur = x`)
 * hides the fields from the provers: these store field by field. */
#ifndef SIPR_INTERNAL_REF_H
#define SIPR_INTERNAL_REF_H

/* In an action (by reference): stop the scan here. */
#define STOP_REF()                                                                                \
    do {                                                                                          \
        R->stop = 1;                                                                              \
        return;                                                                                   \
    } while (0)

/* s = the span from a to b (callers keep a <= b), s = the empty span */
#define SPAN_SET(s, a, b)                                                                         \
    do {                                                                                          \
        (s).off = (uint32_t)(a);                                                                  \
        (s).len = (uint32_t)((b) - (a));                                                          \
    } while (0)
#define SPAN_CLEAR(s)                                                                             \
    do {                                                                                          \
        (s).off = 0u;                                                                             \
        (s).len = 0u;                                                                             \
    } while (0)
#define PLIST_CLEAR(p)                                                                            \
    do {                                                                                          \
        (p).first = 0u;                                                                           \
        (p).count = 0u;                                                                           \
    } while (0)

/* u = URI_INIT, field by field */
#define URI_CLEAR(u)                                                                              \
    do {                                                                                          \
        (u).scheme = 0u;                                                                          \
        (u).host_kind = 0u;                                                                       \
        (u).port = 0u;                                                                            \
        SPAN_CLEAR((u).scheme_name);                                                              \
        SPAN_CLEAR((u).user);                                                                     \
        SPAN_CLEAR((u).password);                                                                 \
        SPAN_CLEAR((u).host);                                                                     \
        SPAN_CLEAR((u).port_text);                                                                \
        SPAN_CLEAR((u).opaque);                                                                   \
        PLIST_CLEAR((u).params);                                                                  \
        PLIST_CLEAR((u).headers);                                                                 \
        SPAN_CLEAR((u).path);                                                                     \
        SPAN_CLEAR((u).query);                                                                    \
    } while (0)

/* a = NA_INIT(hdr), field by field */
#define NA_CLEAR(a, hdr)                                                                          \
    do {                                                                                          \
        SPAN_CLEAR((a).display);                                                                  \
        SPAN_CLEAR((a).uri_text);                                                                 \
        URI_CLEAR((a).uri);                                                                       \
        SPAN_CLEAR((a).tag);                                                                      \
        SPAN_CLEAR((a).expires);                                                                  \
        SPAN_CLEAR((a).q);                                                                        \
        PLIST_CLEAR((a).params);                                                                  \
        (a).header = (hdr);                                                                       \
    } while (0)

#endif

/* ---- the name-addr pool (sipr_msg.addrs) ------------------------------------
 * Route, Record-Route, Path, Service-Route, P-Asserted-Identity,
 * P-Preferred-Identity, Reply-To, Refer-To, Referred-By, Alert-Info,
 * Call-Info and Error-Info (grammar/addrs.rl). Kept apart from the blocks
 * above so that no line of them moves. */
#ifndef SIPR_INTERNAL_ADDRS_H
#define SIPR_INTERNAL_ADDRS_H


/* Modes of sipr_scan_addrs, bits: what the header's ABNF asks beyond
   ( name-addr / addr-spec ) *( SEMI generic-param ) *( COMMA ... ). */
#define SIPR_ADDRS_ANGLE 0x1u   /* name-addr form only: the URI in "<" ">" (route-param, path-value, */
                                /* sr-value, alert-param, info, error-uri) */
#define SIPR_ADDRS_NO_DISPLAY 0x2u /* no display-name (alert-param, info, error-uri: LAQUOT URI RAQUOT) */
#define SIPR_ADDRS_ONE 0x4u     /* one entry, no comma (Reply-To, Refer-To, Referred-By) */

/* Appends one entry to the name-addr pool. */
/*@ requires \valid(m);
    requires LIMITS_OK(m);
    assigns m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs;
*/
sipr_status sipr_addr_push(sipr_msg *m, sipr_name_addr a);

sipr_status sipr_scan_addrs(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr,
                            uint32_t mode);

#endif

/* ---- entries with parameters into the item pool (grammar/tparams.rl) --------
 * Accept-Encoding, Accept-Language, Content-Language, Content-Disposition,
 * Priority, Event, Subscription-State, Reason, Session-Expires, Min-SE,
 * MIME-Version, RSeq, In-Reply-To, Privacy, Subject, Organization, Retry-After, RAck,
 * Timestamp, Warning, Server and User-Agent.
 * Kept apart from the blocks
 * above so that no line of them moves. */
#ifndef SIPR_INTERNAL_TPARAMS_H
#define SIPR_INTERNAL_TPARAMS_H

/* Forms of sipr_scan_tparams: the rule a value follows (RFC 3261 §20 and the
   RFCs the grammar file names). */
#define SIPR_TP_CODINGS 1u       /* [ encoding *(COMMA encoding) ] (Accept-Encoding) */
#define SIPR_TP_LANGUAGES 2u     /* [ language *(COMMA language) ] (Accept-Language) */
#define SIPR_TP_LANGUAGE_TAGS 3u /* language-tag *(COMMA language-tag) (Content-Language) */
#define SIPR_TP_TOKEN_PARAMS 4u  /* token *(SEMI generic-param) (Content-Disposition, Subscription-State) */
#define SIPR_TP_TOKEN 5u         /* token (Priority) */
#define SIPR_TP_EVENT 6u         /* event-type *(SEMI event-param) (Event) */
#define SIPR_TP_REASONS 7u       /* reason-value *(COMMA reason-value) (Reason) */
#define SIPR_TP_DELTA_PARAMS 8u  /* delta-seconds *(SEMI generic-param) (Session-Expires, Min-SE) */
#define SIPR_TP_VERSION 9u       /* 1*DIGIT "." 1*DIGIT (MIME-Version) */
#define SIPR_TP_NUMBER 10u       /* 1*DIGIT (RSeq) */
#define SIPR_TP_CALLIDS 11u      /* callid *(COMMA callid) (In-Reply-To) */
#define SIPR_TP_PRIVACY 12u      /* priv-value *(";" priv-value) (Privacy) */
#define SIPR_TP_TEXT 13u         /* [TEXT-UTF8-TRIM] (Subject, Organization) */
#define SIPR_TP_RETRY 14u        /* delta-seconds [comment] *(SEMI retry-param) (Retry-After) */
#define SIPR_TP_RACK 15u         /* response-num LWS CSeq-num LWS Method (RAck) */
#define SIPR_TP_TIMESTAMP 16u    /* 1*DIGIT ["." *DIGIT] [LWS delay] (Timestamp) */
#define SIPR_TP_WARNINGS 17u     /* warning-value *(COMMA warning-value) (Warning) */
#define SIPR_TP_PRODUCTS 18u     /* server-val *(LWS server-val) (Server, User-Agent) */

sipr_status sipr_scan_tparams(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr,
                              uint8_t form);

#endif

/* ---- the authentication headers into the item pool (grammar/auth.rl) ------
 * WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization
 * (challenge, credentials) and Authentication-Info. A machine of their own:
 * the ainfo names, spelt out letter by letter, would double the byte classes
 * (and the transition table) of grammar/tparams.rl. */
#ifndef SIPR_INTERNAL_AUTH_H
#define SIPR_INTERNAL_AUTH_H

/* Forms of sipr_scan_auth (RFC 3261 §25.1). */
#define SIPR_AU_PARAMS 1u        /* auth-scheme LWS auth-param *(COMMA auth-param): challenge,
                                    credentials (WWW-Authenticate, Proxy-Authenticate,
                                    Authorization, Proxy-Authorization) */
#define SIPR_AU_AINFO 2u         /* ainfo *(COMMA ainfo) (Authentication-Info) */

sipr_status sipr_scan_auth(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr,
                           uint8_t form);

#endif
