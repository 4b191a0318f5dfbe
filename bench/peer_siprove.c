/* siprove adapter: a caller-owned sipr_msg, initialised once with
 * sipr_limits_default(); sipr_parse resets it on every call. Nothing is
 * allocated; every field is a span into the caller's buffer. */
#include "bench.h"
#include "siprove.h"

static sipr_msg msg;

static bench_str span(const char *buf, sipr_span s)
{
    bench_str r;
    r.p = buf + s.off;
    r.n = s.len;
    return r;
}

static int sp_init(void)
{
    const sipr_limits lim = sipr_limits_default();
    return sipr_msg_init(&msg, &lim) == SIPR_OK ? 0 : -1;
}

static int sp_parse(const char *buf, size_t len)
{
    bench_fields f;
    if (sipr_parse(buf, len, &msg) != SIPR_OK)
        return -1;
    f.found = 0;
    f.via_branch.n = f.via_host.n = 0;
    if (msg.n_vias > 0) {
        const sipr_via *v = &msg.vias[0];
        f.via_branch = span(buf, v->branch);
        f.via_host = span(buf, v->host);
        if (f.via_branch.n)
            f.found |= BF_VIA_BRANCH;
        if (f.via_host.n)
            f.found |= BF_VIA_HOST;
    }
    f.from_tag = span(buf, msg.from.tag);
    if (f.from_tag.n)
        f.found |= BF_FROM_TAG;
    f.to_tag = span(buf, msg.to.tag);
    if (f.to_tag.n)
        f.found |= BF_TO_TAG;
    f.call_id = span(buf, msg.call_id);
    f.call_id_host.n = 0;
    if (f.call_id.n)
        f.found |= BF_CALL_ID;
    f.cseq_number = msg.cseq_number;
    f.cseq_method = span(buf, msg.cseq_method);
    if (f.cseq_method.n)
        f.found |= BF_CSEQ_NUMBER | BF_CSEQ_METHOD;
    f.contact_user.n = f.contact_host.n = 0;
    if (msg.n_contacts > 0) {
        const sipr_uri *u = &msg.contacts[0].uri;
        f.contact_user = span(buf, u->user);
        f.contact_host = span(buf, u->host);
        if (f.contact_host.n)
            f.found |= BF_CONTACT_URI;
    }
    f.content_length = msg.content_length;
    if (msg.has_content_length)
        f.found |= BF_CONTENT_LENGTH;
    bench_touch(&f);
    return 0;
}

static void sp_fini(void)
{
}

const bench_peer bench_peer_siprove = {
    "siprove", SIPR_VERSION_STRING, sp_init, sp_parse, sp_fini
};
