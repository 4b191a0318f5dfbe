/* Transport rules as pure functions (RFC 3261 §18.2.1, §18.2.2, RFC 3581 §4):
 * when the top Via of a request needs received / rport, and where the
 * responses go. They read the parsed request and write only the answer. */
#include "sipr_internal.h"

/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(msg);
    requires STR_OK(src_host);
    assigns \nothing;
*/
int sipr_needs_received(const char *buf, size_t len, const sipr_msg *msg, sipr_str src_host)
{
    sipr_span host;
    if (msg->n_vias == 0 || msg->n_vias > SIPR_MAX_VIAS)
        return 0;
    host = msg->vias[0].host;
    /* RFC 3581 §4: rport asks for it whatever the host; §18.2.1: a sent-by
       host that is not the source address */
    return msg->vias[0].has_rport || !SPAN_IN(host, len) ||
           !sipr_span_ieq(buf, len, host, src_host.s, src_host.len);
}

/* The sent-by port, else the default of the transport (§18.2.2: 5060, or
   5061 for TLS, RFC 3261 §19.1.2). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(v);
    assigns \nothing;
*/
static uint16_t tp_port(const char *buf, size_t len, const sipr_via *v)
{
    if (v->port != 0)
        return v->port;
    if (SPAN_IN(v->transport, len) && sipr_span_ieq(buf, len, v->transport, "TLS", 3u))
        return 5061u;
    return 5060u;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(msg) && \valid(t);
    requires STR_OK(src_host);
    requires \separated(t, msg) && \separated(t, buf + (0 .. len - 1));
    assigns *t;
    ensures \result == SIPR_OK ==> SPAN_IN(t->host, len);
*/
sipr_status sipr_response_target(const char *buf, size_t len, const sipr_msg *msg, int reliable,
                                 sipr_str src_host, uint16_t src_port, sipr_send_target *t)
{
    const sipr_via *v;
    t->how = 0;
    t->host.off = 0;
    t->host.len = 0;
    t->port = 0;
    if (!sipr_msg_writable(msg, len) || msg->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    if (msg->n_vias == 0)
        return SIPR_E_VIA;
    v = &msg->vias[0];
    t->port = tp_port(buf, len, v);
    if (reliable) {
        /* §18.2.2: the connection the request came on */
        t->how = SIPR_SEND_CONNECTION;
        return SIPR_OK;
    }
    if (v->maddr.len != 0 && SPAN_IN(v->maddr, len)) {
        /* §18.2.2: maddr, at the sent-by port */
        t->how = SIPR_SEND_MADDR;
        t->host = v->maddr;
        return SIPR_OK;
    }
    if (sipr_needs_received(buf, len, msg, src_host) || !SPAN_IN(v->host, len)) {
        /* §18.2.2: received, at the sent-by port; RFC 3581 §4: with rport,
           at the source port */
        t->how = SIPR_SEND_SOURCE;
        if (v->has_rport)
            t->port = src_port;
        return SIPR_OK;
    }
    t->how = SIPR_SEND_SENT_BY;
    t->host = v->host;
    return SIPR_OK;
}
