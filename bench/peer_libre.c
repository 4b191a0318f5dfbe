/* libre adapter (re's SIP message decoder), written against the public
 * headers <re.h>, <re_sip.h>, <re_mbuf.h>, <re_mem.h>.
 *
 * sip_msg_decode() reads from an mbuf and allocates a struct sip_msg that
 * keeps a reference to it, a header list and a header hash table; values are
 * pointer-length pairs into the mbuf. It decodes the top Via, From, To, CSeq
 * and caches Call-ID and Content-Length; the first Contact is decoded here
 * with sip_addr_decode(), as a libre user would. mem_deref() frees it all.
 * The mbuf is allocated once and refilled for every message (a copy of the
 * bytes, as a receive path would have them in an mbuf). */
#include "bench.h"
#include <string.h>
#include <re.h>

#ifndef PEER_VERSION
#define PEER_VERSION "?"
#endif

static struct mbuf *mb;

static bench_str pl_str(const struct pl *pl)
{
    bench_str r;
    r.p = pl->p;
    r.n = pl->p ? pl->l : 0;
    return r;
}

/* The host of a sent-by "host[:port]" (an IPv6 reference keeps its brackets). */
static bench_str sentby_host(const struct pl *sentby)
{
    bench_str r = pl_str(sentby);
    size_t i = 0;
    if (r.n && r.p[0] == '[') {
        while (i < r.n && r.p[i] != ']')
            i++;
        if (i < r.n)
            i++;
    } else {
        while (i < r.n && r.p[i] != ':')
            i++;
    }
    r.n = i;
    return r;
}

static int re_init(void)
{
    if (libre_init() != 0)
        return -1;
    mb = mbuf_alloc(65536);
    return mb ? 0 : -1;
}

static int re_parse(const char *buf, size_t len)
{
    struct sip_msg *msg = NULL;
    const struct sip_hdr *h;
    bench_fields f;

    mb->pos = 0;
    mb->end = 0;
    if (mbuf_write_mem(mb, (const uint8_t *)buf, len) != 0)
        return -1;
    mb->pos = 0;
    if (sip_msg_decode(&msg, mb) != 0) {
        mem_deref(msg);
        return -1;
    }
    f.found = 0;
    f.via_branch = pl_str(&msg->via.branch);
    f.via_host = sentby_host(&msg->via.sentby);
    if (f.via_branch.n)
        f.found |= BF_VIA_BRANCH;
    if (f.via_host.n)
        f.found |= BF_VIA_HOST;
    f.from_tag = pl_str(&msg->from.tag);
    if (f.from_tag.n)
        f.found |= BF_FROM_TAG;
    f.to_tag = pl_str(&msg->to.tag);
    if (f.to_tag.n)
        f.found |= BF_TO_TAG;
    f.call_id = pl_str(&msg->callid);
    f.call_id_host.n = 0;
    if (f.call_id.n)
        f.found |= BF_CALL_ID;
    f.cseq_number = msg->cseq.num;
    f.cseq_method = pl_str(&msg->cseq.met);
    if (f.cseq_method.n)
        f.found |= BF_CSEQ_NUMBER | BF_CSEQ_METHOD;
    f.contact_user.n = f.contact_host.n = 0;
    h = sip_msg_hdr(msg, SIP_HDR_CONTACT);
    if (h) {
        struct sip_addr addr;
        if (sip_addr_decode(&addr, &h->val) == 0) {
            f.contact_user = pl_str(&addr.uri.user);
            f.contact_host = pl_str(&addr.uri.host);
            if (f.contact_host.n)
                f.found |= BF_CONTACT_URI;
        }
    }
    f.content_length = 0;
    if (pl_isset(&msg->clen)) {
        f.content_length = pl_u32(&msg->clen);
        f.found |= BF_CONTENT_LENGTH;
    }
    bench_touch(&f);
    mem_deref(msg);
    return 0;
}

static void re_fini(void)
{
    mb = mem_deref(mb);
    libre_close();
}

const bench_peer bench_peer_libre = {
    "libre", PEER_VERSION, re_init, re_parse, re_fini,
    NULL, NULL, NULL, NULL   /* serialization and proxy path: not measured (issue 5: oSIP, sofia-sip) */
};
