/* Dialogs (RFC 3261 §12): the state a UA keeps for a dialog, copied out of
 * the messages into the struct's own room, and the requests inside it.
 *
 * Text is appended to d->text while it fits; the first piece that does not
 * fit sets d->used past the room (DL_OVER), which sticks and makes the call
 * fail with SIPR_E_DIALOG. Every span of the dialog is checked against
 * d->used where it is read, so a dialog that no function of this file made
 * (garbage, or one whose making failed) gives SIPR_E_DIALOG, never a read
 * outside it. */
#include "sipr_internal.h"

#define DL_OVER (SIPR_DIALOG_TEXT + 1u)

/*@ predicate DL_ROOM(sipr_dialog_data *d) = \valid(d) && d->used <= DL_OVER; */

/* Append s[0 .. n-1]; its span in d->text, or {0, 0} and DL_OVER when it
   does not fit. */
/*@ requires DL_ROOM(d);
    requires \valid_read(s + (0 .. n - 1)) && \separated(s + (0 .. n - 1), d);
    assigns d->text[0 .. SIPR_DIALOG_TEXT - 1], d->used;
    ensures DL_ROOM(d);
*/
static sipr_span dl_put(sipr_dialog_data *d, const char *s, uint32_t n)
{
    sipr_span r;
    uint32_t i;
    r.off = 0;
    r.len = 0;
    if (d->used > SIPR_DIALOG_TEXT || n > SIPR_DIALOG_TEXT - d->used) {
        d->used = DL_OVER;
        return r;
    }
    r.off = d->used;
    r.len = n;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, d->text[r.off .. r.off + n - 1];
        loop variant n - i; */
    for (i = 0; i < n; i++)
        d->text[r.off + i] = s[i];
    d->used = r.off + n;
    return r;
}

/* Append the span v of buf. */
/*@ requires DL_ROOM(d);
    requires \valid_read(buf + (0 .. len - 1)) && \separated(buf + (0 .. len - 1), d);
    assigns d->text[0 .. SIPR_DIALOG_TEXT - 1], d->used;
    ensures DL_ROOM(d);
*/
static sipr_span dl_span(sipr_dialog_data *d, const char *buf, size_t len, sipr_span v)
{
    if (!SPAN_IN(v, len)) {
        d->used = DL_OVER;
        return SPAN_NONE;
    }
    return dl_put(d, buf + v.off, v.len);
}

/* Append "<" v ">": a URI as From and To carry it. */
/*@ requires DL_ROOM(d);
    requires \valid_read(buf + (0 .. len - 1)) && \separated(buf + (0 .. len - 1), d);
    assigns d->text[0 .. SIPR_DIALOG_TEXT - 1], d->used;
    ensures DL_ROOM(d);
*/
static sipr_span dl_angle(sipr_dialog_data *d, const char *buf, size_t len, sipr_span v)
{
    const uint32_t start = d->used;
    sipr_span r;
    (void)dl_put(d, "<", 1u);
    (void)dl_span(d, buf, len, v);
    (void)dl_put(d, ">", 1u);
    if (d->used > SIPR_DIALOG_TEXT || start > d->used)
        return SPAN_NONE;
    r.off = start;
    r.len = d->used - start;
    return r;
}

/* Every field empty, no text. */
/*@ requires \valid(d);
    assigns d->uac, d->confirmed, d->secure, d->n_routes, d->has_remote_seq, d->local_seq,
            d->remote_seq, d->call_id, d->local_tag, d->remote_tag, d->local_uri, d->remote_uri,
            d->used, d->target_len;
    ensures DL_ROOM(d) && d->used == 0 && d->n_routes == 0;
*/
static void dl_reset(sipr_dialog_data *d)
{
    d->uac = 0;
    d->confirmed = 0;
    d->secure = 0;
    d->n_routes = 0;
    d->has_remote_seq = 0;
    d->local_seq = 0;
    d->remote_seq = 0;
    d->call_id = SPAN_NONE;
    d->local_tag = SPAN_NONE;
    d->remote_tag = SPAN_NONE;
    d->local_uri = SPAN_NONE;
    d->remote_uri = SPAN_NONE;
    d->used = 0;
    d->target_len = 0;
}

/* The values of one Record-Route line v appended to rr[n ..]; the new
   count, or -1 when there are more than SIPR_DIALOG_ROUTES in all or one is
   empty. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(v, len) && 0 <= n <= SIPR_DIALOG_ROUTES;
    requires \valid(rr + (0 .. SIPR_DIALOG_ROUTES - 1));
    assigns rr[0 .. SIPR_DIALOG_ROUTES - 1];
    ensures -1 <= \result <= SIPR_DIALOG_ROUTES;
*/
static int dl_line_routes(const char *buf, size_t len, sipr_span v, sipr_span *rr, int n)
{
    const size_t from = v.off, to = (size_t)v.off + v.len;
    uint32_t k;
    /*@ loop invariant 0 <= k <= SIPR_DIALOG_ROUTES + 1;
        loop invariant 0 <= n <= SIPR_DIALOG_ROUTES;
        loop assigns k, n, rr[0 .. SIPR_DIALOG_ROUTES - 1];
        loop variant SIPR_DIALOG_ROUTES + 1 - k; */
    for (k = 0; k <= SIPR_DIALOG_ROUTES; k++) {
        const sipr_elem e = sipr_list_walk(buf, len, from, to, k);
        if (!e.ok)
            break;
        if (e.start == e.end || n == (int)SIPR_DIALOG_ROUTES)
            return -1;
        rr[n] = SPAN_AT(e.start, e.end);
        n++;
    }
    return n;
}

/* The Record-Route values of m in order, into rr (spans of buf, checked
   again where they are copied); their number, or -1 (dl_line_routes). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m) && m->n_headers <= SIPR_MAX_HEADERS;
    requires \valid(rr + (0 .. SIPR_DIALOG_ROUTES - 1));
    assigns rr[0 .. SIPR_DIALOG_ROUTES - 1];
    ensures -1 <= \result <= SIPR_DIALOG_ROUTES;
*/
static int dl_record_routes(const char *buf, size_t len, const sipr_msg *m, sipr_span *rr)
{
    int n = 0;
    uint32_t i;
    /*@ loop invariant 0 <= i <= m->n_headers;
        loop invariant 0 <= n <= SIPR_DIALOG_ROUTES;
        loop assigns i, n, rr[0 .. SIPR_DIALOG_ROUTES - 1];
        loop variant m->n_headers - i; */
    for (i = 0; i < m->n_headers; i++) {
        const sipr_header *h = &m->headers[i];
        if (h->kind != SIPR_H_RECORD_ROUTE || !SPAN_IN(h->value, len))
            continue;
        n = dl_line_routes(buf, len, h->value, rr, n);
        if (n < 0)
            return -1;
    }
    return n;
}

/* The route set: rr[0 .. n-1] (spans of buf) copied in, in order or last
   first. */
/*@ requires DL_ROOM(d) && 0 <= n <= SIPR_DIALOG_ROUTES;
    requires \valid_read(buf + (0 .. len - 1)) && \separated(buf + (0 .. len - 1), d);
    requires \valid_read(rr + (0 .. SIPR_DIALOG_ROUTES - 1)) && \separated(rr + (0 .. SIPR_DIALOG_ROUTES - 1), d);
    assigns d->text[0 .. SIPR_DIALOG_TEXT - 1], d->used, d->routes[0 .. SIPR_DIALOG_ROUTES - 1],
            d->n_routes;
    ensures DL_ROOM(d);
*/
static void dl_routes(sipr_dialog_data *d, const char *buf, size_t len, const sipr_span *rr, int n,
                      int reverse)
{
    int k;
    /*@ loop invariant 0 <= k <= n && DL_ROOM(d);
        loop assigns k, d->text[0 .. SIPR_DIALOG_TEXT - 1], d->used,
                     d->routes[0 .. SIPR_DIALOG_ROUTES - 1];
        loop variant n - k; */
    for (k = 0; k < n; k++)
        d->routes[k] = dl_span(d, buf, len, rr[reverse ? n - 1 - k : k]);
    d->n_routes = (uint8_t)n;
}

/*@ requires \valid(d);
    requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires \separated(buf + (0 .. len - 1), d) && \separated(m, d);
    assigns d->target[0 .. SIPR_DIALOG_TARGET - 1], d->target_len;
    ensures \result == SIPR_OK ==> 0 < d->target_len <= SIPR_DIALOG_TARGET;
*/
sipr_status sipr_dialog_set_target(sipr_dialog_data *d, const char *buf, size_t len, const sipr_msg *m)
{
    sipr_span u;
    uint32_t i;
    if (!sipr_msg_writable(m, len))
        return SIPR_E_EDIT;
    if (m->n_contacts == 0 || m->n_contacts > SIPR_MAX_CONTACTS)
        return SIPR_E_DIALOG;
    u = m->contacts[0].uri_text;
    if (!SPAN_IN(u, len) || u.len == 0 || u.len > SIPR_DIALOG_TARGET)
        return SIPR_E_DIALOG;
    /*@ loop invariant 0 <= i <= u.len;
        loop assigns i, d->target[0 .. SIPR_DIALOG_TARGET - 1];
        loop variant u.len - i; */
    for (i = 0; i < u.len; i++)
        d->target[i] = buf[u.off + i];
    d->target_len = (uint16_t)u.len;
    return SIPR_OK;
}

/* The rest of a new dialog, from message m of buf: the route set from its
   Record-Route lines (last value first when reverse) and the remote target
   from its Contact (§12.1.1, §12.1.2). */
/*@ requires DL_ROOM(d);
    requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m) && m->n_headers <= SIPR_MAX_HEADERS;
    requires \separated(buf + (0 .. len - 1), d) && \separated(m, d);
    assigns *d;
*/
static sipr_status dl_routes_target(sipr_dialog_data *d, const char *buf, size_t len,
                                    const sipr_msg *m, int reverse)
{
    sipr_span rr[SIPR_DIALOG_ROUTES];
    const int n = dl_record_routes(buf, len, m, rr);
    if (n < 0)
        return SIPR_E_DIALOG;
    dl_routes(d, buf, len, rr, n, reverse);
    if (d->used > SIPR_DIALOG_TEXT)
        return SIPR_E_DIALOG;
    return sipr_dialog_set_target(d, buf, len, m);
}

/*@ requires \valid(d);
    requires \valid_read(req + (0 .. req_len - 1)) && \valid_read(rq);
    requires \valid_read(rsp + (0 .. rsp_len - 1)) && \valid_read(rs);
    requires \separated(req + (0 .. req_len - 1), d) && \separated(rq, d);
    requires \separated(rsp + (0 .. rsp_len - 1), d) && \separated(rs, d);
    assigns *d;
*/
sipr_status sipr_dialog_uac(sipr_dialog_data *d, const char *req, size_t req_len, const sipr_msg *rq,
                            const char *rsp, size_t rsp_len, const sipr_msg *rs)
{
    if (!sipr_msg_writable(rq, req_len) || rq->type != SIPR_MSG_REQUEST ||
        !sipr_msg_writable(rs, rsp_len) || rs->type != SIPR_MSG_RESPONSE)
        return SIPR_E_EDIT;
    /* §12.1.2: a 101-299 response with a To tag makes a dialog */
    if (rs->status_code < 101u || rs->status_code > 299u || rs->to.tag.len == 0)
        return SIPR_E_DIALOG;
    dl_reset(d);
    d->uac = 1;
    d->confirmed = (uint8_t)(rs->status_code >= 200u);
    d->secure = (uint8_t)(rq->ruri.scheme == SIPR_URI_SIPS);
    d->local_seq = rq->cseq_number;
    d->call_id = dl_span(d, req, req_len, rq->call_id);
    d->local_tag = dl_span(d, req, req_len, rq->from.tag);
    d->remote_tag = dl_span(d, rsp, rsp_len, rs->to.tag);
    d->local_uri = dl_angle(d, req, req_len, rq->from.uri_text);
    d->remote_uri = dl_angle(d, req, req_len, rq->to.uri_text);
    /* the route set: the response's Record-Route, last value first */
    return dl_routes_target(d, rsp, rsp_len, rs, 1);
}

/*@ requires \valid(d);
    requires \valid_read(req + (0 .. len - 1)) && \valid_read(rq);
    requires STR_OK(local_tag);
    requires \separated(req + (0 .. len - 1), d) && \separated(rq, d);
    requires \separated(local_tag.s + (0 .. local_tag.len - 1), d);
    assigns *d;
*/
sipr_status sipr_dialog_uas(sipr_dialog_data *d, const char *req, size_t len, const sipr_msg *rq,
                            sipr_str local_tag, int confirmed)
{
    if (!sipr_msg_writable(rq, len) || rq->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    if (local_tag.len == 0 || !sipr_chars_ok(local_tag.s, local_tag.len, SIPR_CC_TOKEN))
        return SIPR_E_DIALOG;
    /* §12.1.1 */
    dl_reset(d);
    d->confirmed = (uint8_t)(confirmed != 0);
    d->secure = (uint8_t)(rq->ruri.scheme == SIPR_URI_SIPS);
    d->remote_seq = rq->cseq_number;
    d->has_remote_seq = 1;
    d->call_id = dl_span(d, req, len, rq->call_id);
    d->local_tag = dl_put(d, local_tag.s, local_tag.len);
    d->remote_tag = dl_span(d, req, len, rq->from.tag);
    d->local_uri = dl_angle(d, req, len, rq->to.uri_text);
    d->remote_uri = dl_angle(d, req, len, rq->from.uri_text);
    /* the route set: the request's Record-Route, in order */
    return dl_routes_target(d, req, len, rq, 0);
}

/* Whether the dialog's span a (of d->text) holds the bytes of span b of buf. */
/*@ requires \valid_read(d) && \valid_read(buf + (0 .. len - 1));
    assigns \nothing;
*/
static int dl_same(const sipr_dialog_data *d, sipr_span a, const char *buf, size_t len, sipr_span b)
{
    uint32_t i;
    if (d->used > SIPR_DIALOG_TEXT || !SPAN_IN(a, d->used) || !SPAN_IN(b, len) || a.len != b.len)
        return 0;
    /*@ loop invariant 0 <= i <= a.len;
        loop assigns i;
        loop variant a.len - i; */
    for (i = 0; i < a.len; i++)
        if (d->text[a.off + i] != buf[b.off + i])
            return 0;
    return 1;
}

/*@ requires \valid(d) && \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires \separated(buf + (0 .. len - 1), d) && \separated(m, d);
    assigns d->remote_seq, d->has_remote_seq;
*/
sipr_status sipr_dialog_request(sipr_dialog_data *d, const char *buf, size_t len, const sipr_msg *m)
{
    if (!sipr_msg_writable(m, len) || m->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    /* §12.2.2: the dialog ID is Call-ID, the To tag (ours), the From tag */
    if (!dl_same(d, d->call_id, buf, len, m->call_id) || !dl_same(d, d->local_tag, buf, len, m->to.tag) ||
        !dl_same(d, d->remote_tag, buf, len, m->from.tag))
        return SIPR_E_NO_DIALOG;
    if (d->has_remote_seq && m->cseq_number < d->remote_seq)
        return SIPR_E_CSEQ_ORDER;
    d->remote_seq = m->cseq_number;
    d->has_remote_seq = 1;
    return SIPR_OK;
}

/*@ requires \valid(d);
    assigns d->local_seq;
*/
uint32_t sipr_dialog_next_cseq(sipr_dialog_data *d)
{
    /* §8.1.1.5: below 2**31 */
    if (d->local_seq < 0x7FFFFFFFu)
        d->local_seq++;
    return d->local_seq;
}

/* A span of d->text as a string; SIPR_E_DIALOG on the builder when it is not
   inside the text in use. */
/*@ requires BUILDER_OK(b) && \valid_read(d);
    assigns b->err;
    ensures STR_OK(\result);
*/
static sipr_str dl_str(sipr_builder *b, const sipr_dialog_data *d, sipr_span v)
{
    sipr_str s;
    s.s = d->text;
    s.len = 0;
    if (d->used > SIPR_DIALOG_TEXT || !SPAN_IN(v, d->used)) {
        if (b->err == SIPR_OK)
            b->err = SIPR_E_DIALOG;
        return s;
    }
    s.s = d->text + v.off;
    s.len = v.len;
    return s;
}

/* the name of the Route lines */
#define DL_ROUTE ((sipr_str){"Route", 5u})

/*@ requires BUILDER_OK(b) && \valid_read(d) && STR_OK(method);
    requires \separated(d, b) && \separated(d, b->out + (0 .. b->cap - 1));
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
void sipr_dialog_build_request(sipr_builder *b, const sipr_dialog_data *d, sipr_str method, uint32_t cseq)
{
    sipr_str target;
    uint32_t k, first = 0;
    int strict = 0;
    if (d->used > SIPR_DIALOG_TEXT || d->target_len == 0 || d->target_len > SIPR_DIALOG_TARGET ||
        d->n_routes > SIPR_DIALOG_ROUTES) {
        if (b->err == SIPR_OK)
            b->err = SIPR_E_DIALOG;
        return;
    }
    target.s = d->target;
    target.len = d->target_len;
    if (d->n_routes != 0) {
        const sipr_span r0 = d->routes[0];
        sipr_span u;
        if (!SPAN_IN(r0, d->used)) {
            if (b->err == SIPR_OK)
                b->err = SIPR_E_DIALOG;
            return;
        }
        u = sipr_elem_uri(d->text, d->used, r0.off, (size_t)r0.off + r0.len);
        /* §12.2.1.1: a first route without lr is a strict router */
        if (u.len == 0) {
            if (b->err == SIPR_OK)
                b->err = SIPR_E_DIALOG;
            return;
        }
        if (!sipr_route_uri(d->text, d->used, u).lr) {
            strict = 1;
            first = 1;
            sipr_build_request_line(b, method, dl_str(b, d, u));
        }
    }
    if (!strict)
        sipr_build_request_line(b, method, target);
    /*@ loop invariant first <= k <= d->n_routes;
        loop assigns k, b->out[0 .. b->cap - 1], b->pos, b->err;
        loop variant d->n_routes - k; */
    for (k = first; k < d->n_routes; k++)
        sipr_build_line(b, DL_ROUTE, dl_str(b, d, d->routes[k]), SIPR_NO_STR, SIPR_NO_STR);
    if (strict)
        sipr_build_line(b, DL_ROUTE, (sipr_str){"<", 1u}, target, (sipr_str){">", 1u});
    /* §12.2.1.1: To, the remote URI and tag; From, the local URI and tag */
    sipr_build_line(b, sipr_message_kind_name(SIPR_H_TO, 0), dl_str(b, d, d->remote_uri),
                    d->remote_tag.len != 0 ? (sipr_str){";tag=", 5u} : SIPR_NO_STR,
                    dl_str(b, d, d->remote_tag));
    sipr_build_line(b, sipr_message_kind_name(SIPR_H_FROM, 0), dl_str(b, d, d->local_uri),
                    d->local_tag.len != 0 ? (sipr_str){";tag=", 5u} : SIPR_NO_STR,
                    dl_str(b, d, d->local_tag));
    sipr_build_line(b, sipr_message_kind_name(SIPR_H_CALL_ID, 0), dl_str(b, d, d->call_id), SIPR_NO_STR,
                    SIPR_NO_STR);
    sipr_build_cseq(b, cseq, method);
}
