/* UA core helpers (RFC 3261 §8.2.6, §9.1, §17.1.1.3): builder steps that
 * write a start line and the header lines a response, an ACK or a CANCEL
 * takes from the messages it answers. Everything is written through the
 * builder (sipr_build_line and the start-line steps), so that the builder's
 * guarantees hold: nothing outside out[0 .. cap-1], the first error sticks. */
#include "sipr_internal.h"

/* A span of buf as a string; SIPR_E_EDIT on the builder when it is not in buf. */
/*@ requires BUILDER_OK(b);
    requires \valid_read(buf + (0 .. len - 1));
    assigns b->err;
    ensures STR_OK(\result);
*/
static sipr_str co_str(sipr_builder *b, const char *buf, size_t len, sipr_span v)
{
    sipr_str s;
    if (!SPAN_IN(v, len)) {
        if (b->err == SIPR_OK)
            b->err = SIPR_E_EDIT;
        s.s = buf;
        s.len = 0;
        return s;
    }
    s.s = buf + v.off;
    s.len = v.len;
    return s;
}

/* The header lines of m whose kind is kind (SIPR_H_OTHER: whose name is
   name[0 .. n-1], any case), in order, as "Name: value". */
/*@ requires BUILDER_OK(b);
    requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires \valid_read(name + (0 .. n - 1));
    requires m->n_headers <= SIPR_MAX_HEADERS;
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
static void co_lines(sipr_builder *b, const char *buf, size_t len, const sipr_msg *m,
                     uint32_t kind, const char *name, uint32_t n)
{
    uint32_t i;
    sipr_str hname;
    hname.s = name;
    hname.len = n;
    /*@ loop invariant 0 <= i <= m->n_headers;
        loop assigns i, b->out[0 .. b->cap - 1], b->pos, b->err;
        loop variant m->n_headers - i; */
    for (i = 0; i < m->n_headers; i++) {
        const sipr_header *h = &m->headers[i];
        if (h->kind != kind)
            continue;
        if (kind == SIPR_H_OTHER &&
            (!SPAN_IN(h->name, len) || !sipr_span_ieq(buf, len, h->name, name, n)))
            continue;
        sipr_build_line(b, hname, co_str(b, buf, len, h->value), SIPR_NO_STR, SIPR_NO_STR);
    }
}

/* The first Via line of m, which must hold one value. */
/*@ requires BUILDER_OK(b);
    requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires m->n_headers <= SIPR_MAX_HEADERS && m->n_vias <= SIPR_MAX_VIAS;
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
static void co_top_via(sipr_builder *b, const char *buf, size_t len, const sipr_msg *m)
{
    const uint32_t line = m->first[SIPR_H_VIA];
    if (line >= m->n_headers || m->n_vias == 0 || (m->n_vias > 1u && m->vias[1].header == line)) {
        if (b->err == SIPR_OK)
            b->err = SIPR_E_VIA;
        return;
    }
    sipr_build_line(b, sipr_message_kind_name(SIPR_H_VIA, 0), co_str(b, buf, len, m->headers[line].value),
                    SIPR_NO_STR, SIPR_NO_STR);
}

/* The Request-Line "method uri SIP/2.0" with the Request-URI of m. */
/*@ requires BUILDER_OK(b);
    requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires \valid_read(method + (0 .. n - 1));
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
static void co_request_line(sipr_builder *b, const char *buf, size_t len, const sipr_msg *m,
                            const char *method, uint32_t n)
{
    sipr_str ms;
    ms.s = method;
    ms.len = n;
    sipr_build_request_line(b, ms, co_str(b, buf, len, m->request_uri));
}

/* "CSeq: n method" with the number of m. */
/*@ requires BUILDER_OK(b) && \valid_read(m);
    requires \valid_read(method + (0 .. n - 1));
    assigns b->out[0 .. b->cap - 1], b->pos, b->err;
*/
static void co_cseq(sipr_builder *b, const sipr_msg *m, const char *method, uint32_t n)
{
    sipr_str ms;
    ms.s = method;
    ms.len = n;
    sipr_build_cseq(b, m->cseq_number, ms);
}

/* A message of the given type that the writers can read. */
/*@ requires BUILDER_OK(b) && \valid_read(m);
    assigns b->err;
    ensures \result != 0 ==> m->len == len && len <= SIPR_MAX_MSG_LEN;
    ensures \result != 0 ==> m->n_headers <= SIPR_MAX_HEADERS && m->n_vias <= SIPR_MAX_VIAS;
*/
static int co_usable(sipr_builder *b, const sipr_msg *m, size_t len, uint32_t type)
{
    if (sipr_msg_writable(m, len) && m->type == type)
        return 1;
    if (b->err == SIPR_OK)
        b->err = SIPR_E_EDIT;
    return 0;
}

/*@ requires BUILDER_OK(b);
    requires \valid_read(buf + (0 .. len - 1)) && \valid_read(req);
    requires STR_OK(reason) && STR_OK(to_tag);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
void sipr_build_response(sipr_builder *b, const char *buf, size_t len, const sipr_msg *req,
                         uint16_t code, sipr_str reason, sipr_str to_tag, unsigned flags)
{
    const uint32_t to = req->first[SIPR_H_TO];
    if (!co_usable(b, req, len, SIPR_MSG_REQUEST))
        return;
    sipr_build_status_line(b, code, reason);
    /* §8.2.6.2: the Via lines in order, From, Call-ID, CSeq, To */
    co_lines(b, buf, len, req, SIPR_H_VIA, "Via", 3u);
    if ((flags & SIPR_RESP_RECORD_ROUTE) != 0u)
        co_lines(b, buf, len, req, SIPR_H_RECORD_ROUTE, "Record-Route", 12u);
    co_lines(b, buf, len, req, SIPR_H_FROM, "From", 4u);
    if (to >= req->n_headers) {
        if (b->err == SIPR_OK)
            b->err = SIPR_E_EDIT;
        return;
    }
    if (to_tag.len != 0 && code > 100u && req->to.tag.len == 0) {
        /* §8.2.6.2: the UAS adds its tag to a To without one */
        if (!sipr_chars_ok(to_tag.s, to_tag.len, SIPR_CC_TOKEN)) {
            if (b->err == SIPR_OK)
                b->err = SIPR_E_HEADER_VALUE;
            return;
        }
        sipr_build_line(b, sipr_message_kind_name(SIPR_H_TO, 0), co_str(b, buf, len, req->headers[to].value),
                        (sipr_str){";tag=", 5u}, to_tag);
    } else {
        co_lines(b, buf, len, req, SIPR_H_TO, "To", 2u);
    }
    co_lines(b, buf, len, req, SIPR_H_CALL_ID, "Call-ID", 7u);
    co_lines(b, buf, len, req, SIPR_H_CSEQ, "CSeq", 4u);
}

/*@ requires BUILDER_OK(b);
    requires \valid_read(inv_buf + (0 .. inv_len - 1)) && \valid_read(inv);
    requires \valid_read(rsp_buf + (0 .. rsp_len - 1)) && \valid_read(rsp);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
void sipr_build_ack(sipr_builder *b, const char *inv_buf, size_t inv_len, const sipr_msg *inv,
                    const char *rsp_buf, size_t rsp_len, const sipr_msg *rsp)
{
    if (!co_usable(b, inv, inv_len, SIPR_MSG_REQUEST) ||
        !co_usable(b, rsp, rsp_len, SIPR_MSG_RESPONSE))
        return;
    /* §17.1.1.3: Request-URI, Call-ID, From, CSeq number of the INVITE; the
       top Via of the INVITE alone; To of the response; the INVITE's Route */
    co_request_line(b, inv_buf, inv_len, inv, "ACK", 3u);
    co_top_via(b, inv_buf, inv_len, inv);
    co_lines(b, inv_buf, inv_len, inv, SIPR_H_ROUTE, "Route", 5u);
    co_lines(b, inv_buf, inv_len, inv, SIPR_H_FROM, "From", 4u);
    co_lines(b, rsp_buf, rsp_len, rsp, SIPR_H_TO, "To", 2u);
    co_lines(b, inv_buf, inv_len, inv, SIPR_H_CALL_ID, "Call-ID", 7u);
    co_cseq(b, inv, "ACK", 3u);
}

/*@ requires BUILDER_OK(b);
    requires \valid_read(buf + (0 .. len - 1)) && \valid_read(inv);
    assigns b->out[0 .. b->cap - 1], b->pos, b->err, b->state;
*/
void sipr_build_cancel(sipr_builder *b, const char *buf, size_t len, const sipr_msg *inv)
{
    if (!co_usable(b, inv, len, SIPR_MSG_REQUEST))
        return;
    /* §9.1: Request-URI, Call-ID, To, From, CSeq number of the request; its
       top Via alone; its Route lines */
    co_request_line(b, buf, len, inv, "CANCEL", 6u);
    co_top_via(b, buf, len, inv);
    co_lines(b, buf, len, inv, SIPR_H_ROUTE, "Route", 5u);
    co_lines(b, buf, len, inv, SIPR_H_FROM, "From", 4u);
    co_lines(b, buf, len, inv, SIPR_H_TO, "To", 2u);
    co_lines(b, buf, len, inv, SIPR_H_CALL_ID, "Call-ID", 7u);
    co_cseq(b, inv, "CANCEL", 6u);
}

/* ---- 2xx retransmission (§13.3.1.4) ----------------------------------------------- */

#define RETX_STOPPED UINT64_MAX

/* now + d, saturated below RETX_STOPPED */
/*@ assigns \nothing;
    ensures \result < RETX_STOPPED;
    ensures now < RETX_STOPPED - 1 && d >= 1 ==> \result > now;
*/
static uint64_t rx_at(uint64_t now, uint64_t d)
{
    if (now >= RETX_STOPPED - 1u || d >= RETX_STOPPED - 1u - now)
        return RETX_STOPPED - 1u;
    return now + d;
}

/*@ requires \valid(r);
    assigns *r;
    ensures 1 <= r->iv <= r->t2;
*/
void sipr_retx_start(sipr_retx *r, uint32_t t1_ms, uint32_t t2_ms, uint64_t now)
{
    const uint32_t t1 = t1_ms != 0u ? t1_ms : 1u;
    r->iv = t1;
    r->t2 = t2_ms >= t1 ? t2_ms : t1;
    r->next = rx_at(now, t1);
    r->give_up = rx_at(now, 64u * (uint64_t)t1);
}

/*@ requires \valid(r);
    assigns r->next, r->give_up;
    ensures r->next == RETX_STOPPED && r->give_up == RETX_STOPPED;
*/
void sipr_retx_stop(sipr_retx *r)
{
    r->next = RETX_STOPPED;
    r->give_up = RETX_STOPPED;
}

/*@ requires \valid(r);
    assigns r->next, r->give_up, r->iv;
    ensures \result == SIPR_RETX_WAIT || \result == SIPR_RETX_SEND || \result == SIPR_RETX_GIVE_UP;
    ensures \result == SIPR_RETX_GIVE_UP ==> r->next == RETX_STOPPED && r->give_up == RETX_STOPPED;
    ensures \result == SIPR_RETX_SEND ==> r->next > now;
*/
unsigned sipr_retx_due(sipr_retx *r, uint64_t now)
{
    if (r->give_up != RETX_STOPPED && r->give_up <= now) {
        sipr_retx_stop(r);
        return SIPR_RETX_GIVE_UP;
    }
    if (r->next == RETX_STOPPED || r->next > now || now >= RETX_STOPPED - 1u)
        return SIPR_RETX_WAIT;
    /* §13.3.1.4: the interval doubles up to T2 */
    r->iv = r->iv > r->t2 / 2u ? r->t2 : 2u * r->iv;
    if (r->iv == 0u)
        r->iv = 1u;
    r->next = rx_at(now, r->iv);
    return SIPR_RETX_SEND;
}

/*@ requires \valid_read(r);
    assigns \nothing;
*/
uint64_t sipr_retx_deadline(const sipr_retx *r)
{
    return r->next < r->give_up ? r->next : r->give_up;
}
