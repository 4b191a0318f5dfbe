/* sofia-sip adapter (libsofia-sip-ua's msg/sip parser), written against the
 * public headers <sofia-sip/msg.h>, <sofia-sip/sip.h>, <sofia-sip/sip_protos.h>.
 *
 * Per message: msg_make() creates a message object (its own memory home),
 * copies the bytes into its buffer and extracts every header its SIP message
 * class knows into the sip_t structure; msg_destroy() frees it all. A message
 * counts as accepted when msg_make() returns one without the error flag and
 * with a start line. A header whose value does not parse is kept aside in
 * sip->sip_error and does not make the message fail (two corpus messages have
 * RFC placeholders such as "Refer-To: (whatever URI)"); the others treat those
 * headers as raw text too.
 *
 * Serialization: msg_serialize() (the header fragment chain), msg_prepare()
 * (encodes every fragment that has no text yet into the message's buffer and
 * returns the size) and msg_iovec() (the wire bytes as an I/O vector, what
 * sofia's transports send), gathered into one caller buffer.
 * Proxy path: msg_make; the parsed Max-Forwards count is decremented and its
 * fragment text cleared (msg_fragment_clear) so that it is encoded again;
 * sip_via_create() makes the Via, msg_header_insert() puts it on top;
 * sip_record_route_make() parses BENCH_PROXY_RR (the sips one for a sips
 * Request-URI) and msg_header_prepend()
 * puts it before the first Record-Route; then written as above. */
#include "bench.h"
#include <sofia-sip/msg.h>
#include <sofia-sip/msg_addr.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include <string.h>

#ifndef PEER_VERSION
#define PEER_VERSION "?"
#endif

static msg_mclass_t const *mclass;

static msg_t *slot_msg[BENCH_SLOTS];

/* where the I/O vector is gathered: the largest message plus the proxy's lines */
static char out[65535 + 1024];

static int so_init(void)
{
    mclass = sip_default_mclass();
    return mclass ? 0 : -1;
}

/* msg_make(); NULL unless accepted */
static msg_t *make(const char *buf, size_t len)
{
    msg_t *msg = msg_make(mclass, 0, buf, (ssize_t)len);
    sip_t *sip;
    if (!msg)
        return NULL;
    sip = sip_object(msg);
    if (!sip || msg_has_error(msg) || (!sip->sip_request && !sip->sip_status)) {
        msg_destroy(msg);
        return NULL;
    }
    return msg;
}

static int so_parse(const char *buf, size_t len)
{
    msg_t *msg = make(buf, len);
    sip_t *sip;
    bench_fields f;

    if (!msg)
        return -1;
    sip = sip_object(msg);
    f.found = 0;
    f.via_branch.n = f.via_host.n = 0;
    if (sip->sip_via) {
        f.via_branch = bench_cstr(sip->sip_via->v_branch);
        f.via_host = bench_cstr(sip->sip_via->v_host);
        if (f.via_branch.n)
            f.found |= BF_VIA_BRANCH;
        if (f.via_host.n)
            f.found |= BF_VIA_HOST;
    }
    f.from_tag.n = f.to_tag.n = 0;
    if (sip->sip_from) {
        f.from_tag = bench_cstr(sip->sip_from->a_tag);
        if (f.from_tag.n)
            f.found |= BF_FROM_TAG;
    }
    if (sip->sip_to) {
        f.to_tag = bench_cstr(sip->sip_to->a_tag);
        if (f.to_tag.n)
            f.found |= BF_TO_TAG;
    }
    f.call_id.n = f.call_id_host.n = 0;
    if (sip->sip_call_id) {
        f.call_id = bench_cstr(sip->sip_call_id->i_id);
        if (f.call_id.n)
            f.found |= BF_CALL_ID;
    }
    f.cseq_number = 0;
    f.cseq_method.n = 0;
    if (sip->sip_cseq) {
        f.cseq_number = sip->sip_cseq->cs_seq;
        f.cseq_method = bench_cstr(sip->sip_cseq->cs_method_name);
        f.found |= BF_CSEQ_NUMBER;
        if (f.cseq_method.n)
            f.found |= BF_CSEQ_METHOD;
    }
    f.contact_user.n = f.contact_host.n = 0;
    if (sip->sip_contact) {
        f.contact_user = bench_cstr(sip->sip_contact->m_url->url_user);
        f.contact_host = bench_cstr(sip->sip_contact->m_url->url_host);
        if (f.contact_host.n)
            f.found |= BF_CONTACT_URI;
    }
    f.content_length = 0;
    if (sip->sip_content_length) {
        f.content_length = sip->sip_content_length->l_length;
        f.found |= BF_CONTENT_LENGTH;
    }
    bench_touch(&f);
    msg_destroy(msg);
    return 0;
}

static int write_msg(msg_t *msg)
{
    msg_iovec_t vec[64];
    isize_t nv, i;
    size_t n = 0;
    if (msg_serialize(msg, (msg_pub_t *)sip_object(msg)) < 0 || msg_prepare(msg) < 0)
        return -1;
    nv = msg_iovec(msg, vec, 64);
    if (nv < 0 || nv > 64)
        return -1;
    for (i = 0; i < nv; i++) {
        if (vec[i].mv_len > sizeof out - n)
            return -1;
        memcpy(out + n, vec[i].mv_base, vec[i].mv_len);
        n += vec[i].mv_len;
    }
    bench_wrote(out, n);
    return 0;
}

static int so_ser_load(size_t slot, const char *buf, size_t len)
{
    slot_msg[slot] = make(buf, len);
    return slot_msg[slot] ? 0 : -1;
}

static int so_serialize(size_t slot)
{
    return write_msg(slot_msg[slot]);
}

static void so_ser_free(size_t slot)
{
    msg_destroy(slot_msg[slot]);
    slot_msg[slot] = NULL;
}

static int so_proxy(const char *buf, size_t len)
{
    msg_t *msg = make(buf, len);
    sip_t *sip;
    sip_via_t *via;
    sip_record_route_t *rr;
    int r = -1;

    if (!msg)
        return -1;
    sip = sip_object(msg);
    if (!sip->sip_request)
        goto done;
    /* RFC 3261 §16.6 step 3: one less, 70 when absent; 0 is not forwarded (483) */
    if (sip->sip_max_forwards) {
        if (sip->sip_max_forwards->mf_count == 0)
            goto done;
        sip->sip_max_forwards->mf_count--;
        msg_fragment_clear(sip->sip_max_forwards->mf_common);
    } else if (sip_add_make(msg, sip, sip_max_forwards_class, "70") < 0)
        goto done;
    via = sip_via_create(msg_home(msg), BENCH_PROXY_HOST, NULL, "SIP/2.0/UDP",
                         "branch=" BENCH_PROXY_BRANCH, NULL);
    if (!via || msg_header_insert(msg, (msg_pub_t *)sip, (msg_header_t *)via) < 0)
        goto done;
    rr = sip_record_route_make(msg_home(msg), sip->sip_request->rq_url->url_type == url_sips
                                                  ? BENCH_PROXY_RR_SIPS
                                                  : BENCH_PROXY_RR);
    if (!rr || msg_header_prepend(msg, (msg_pub_t *)sip, (msg_header_t **)&sip->sip_record_route,
                                  (msg_header_t *)rr) < 0)
        goto done;
    r = write_msg(msg);
done:
    msg_destroy(msg);
    return r;
}

static void so_fini(void)
{
}

const bench_peer bench_peer_sofia = {
    "sofia-sip", PEER_VERSION, so_init, so_parse, so_fini,
    so_ser_load, so_serialize, so_ser_free, so_proxy
};
