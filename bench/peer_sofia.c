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
 * headers as raw text too. */
#include "bench.h"
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#ifndef PEER_VERSION
#define PEER_VERSION "?"
#endif

static msg_mclass_t const *mclass;

static int so_init(void)
{
    mclass = sip_default_mclass();
    return mclass ? 0 : -1;
}

static int so_parse(const char *buf, size_t len)
{
    msg_t *msg = msg_make(mclass, 0, buf, (ssize_t)len);
    sip_t *sip;
    bench_fields f;

    if (!msg)
        return -1;
    sip = sip_object(msg);
    if (!sip || msg_has_error(msg) || (!sip->sip_request && !sip->sip_status)) {
        msg_destroy(msg);
        return -1;
    }
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

static void so_fini(void)
{
}

const bench_peer bench_peer_sofia = {
    "sofia-sip", PEER_VERSION, so_init, so_parse, so_fini
};
