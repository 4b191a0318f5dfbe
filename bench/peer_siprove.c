/* siprove adapter: a caller-owned sipr_msg, initialised once with
 * sipr_limits_default(); sipr_parse resets it on every call. Nothing is
 * allocated; every field is a span into the caller's buffer.
 *
 * Serialization: sipr_serialize into a caller buffer, from one sipr_msg per
 * slot (the spans point into the loaded buffer). Proxy path: sipr_parse, then
 * sipr_proxy_forward (which does the Via, Max-Forwards, Route and
 * Record-Route steps and writes the message) into the same caller buffer. */
#include "bench.h"
#include "siprove.h"

#include <string.h>

static sipr_msg msg;

/* the serialization slots: a parsed message and the buffer its spans point into */
static sipr_msg slot_msg[BENCH_SLOTS];
static const char *slot_buf[BENCH_SLOTS];
static size_t slot_len[BENCH_SLOTS];

/* where every writer writes: the largest message plus room for the proxy's lines */
static char out[SIPR_DEFAULT_MSG_LEN + 1024];

static sipr_proxy proxy;

static bench_str span(const char *buf, sipr_span s)
{
    bench_str r;
    r.p = buf + s.off;
    r.n = s.len;
    return r;
}

static sipr_str str(const char *s)
{
    sipr_str r;
    r.s = s;
    r.len = (uint32_t)strlen(s);
    return r;
}

static int sp_init(void)
{
    const sipr_limits lim = sipr_limits_default();
    size_t i;
    for (i = 0; i < BENCH_SLOTS; i++)
        if (sipr_msg_init(&slot_msg[i], &lim) != SIPR_OK)
            return -1;
    memset(&proxy, 0, sizeof proxy);
    proxy.host = str(BENCH_PROXY_HOST);
    proxy.transport = str("UDP");
    proxy.branch = str(BENCH_PROXY_BRANCH);
    proxy.record_route = 1;
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

static int sp_ser_load(size_t slot, const char *buf, size_t len)
{
    slot_buf[slot] = buf;
    slot_len[slot] = len;
    return sipr_parse(buf, len, &slot_msg[slot]) == SIPR_OK ? 0 : -1;
}

static int sp_serialize(size_t slot)
{
    size_t n;
    if (sipr_serialize(slot_buf[slot], slot_len[slot], &slot_msg[slot], out, sizeof out, &n) !=
        SIPR_OK)
        return -1;
    bench_wrote(out, n);
    return 0;
}

static void sp_ser_free(size_t slot)
{
    (void)slot;   /* nothing was allocated */
}

static int sp_proxy(const char *buf, size_t len)
{
    size_t n;
    uint16_t response;
    if (sipr_parse(buf, len, &msg) != SIPR_OK ||
        sipr_proxy_forward(buf, len, &msg, &proxy, out, sizeof out, &n, &response) != SIPR_OK)
        return -1;
    bench_wrote(out, n);
    return 0;
}

static void sp_fini(void)
{
}

const bench_peer bench_peer_siprove = {
    "siprove", SIPR_VERSION_STRING, sp_init, sp_parse, sp_fini,
    sp_ser_load, sp_serialize, sp_ser_free, sp_proxy
};

/* ---- The neutral check of proxy output (bench.h) ---- */
static sipr_msg check_orig, check_out;

static int span_is(const char *buf, sipr_span s, const char *text)
{
    const size_t n = strlen(text);
    return s.len == n && memcmp(buf + s.off, text, n) == 0;
}

static int name_is(const char *buf, sipr_span s, const char *name)
{
    const size_t n = strlen(name);
    size_t i;
    if (s.len != n)
        return 0;
    for (i = 0; i < n; i++) {
        char c = buf[s.off + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return 0;
    }
    return 1;
}

unsigned bench_check_forwarded(const char *orig, size_t orig_len, const char *o, size_t n)
{
    const sipr_limits lim = sipr_limits_default();
    const sipr_via *v;
    unsigned bad = 0;
    uint32_t mf;
    size_t i;

    if (sipr_msg_init(&check_orig, &lim) != SIPR_OK || sipr_msg_init(&check_out, &lim) != SIPR_OK ||
        sipr_parse(orig, orig_len, &check_orig) != SIPR_OK || sipr_parse(o, n, &check_out) != SIPR_OK ||
        check_out.type != SIPR_MSG_REQUEST)
        return BPC_PARSE;
    v = &check_out.vias[0];
    if (check_out.n_vias != check_orig.n_vias + 1 || !span_is(o, v->branch, BENCH_PROXY_BRANCH) ||
        !span_is(o, v->host, BENCH_PROXY_HOST))
        bad |= BPC_VIA;
    mf = check_orig.has_max_forwards ? check_orig.max_forwards - 1 : 70;
    if (!check_out.has_max_forwards || check_out.max_forwards != mf)
        bad |= BPC_MAX_FORWARDS;
    /* Record-Route is kept as a raw line: the first one must start with ours */
    bad |= BPC_RECORD_ROUTE;
    for (i = 0; i < check_out.n_headers; i++) {
        const sipr_header *h = &check_out.headers[i];
        if (name_is(o, h->name, "record-route")) {
            const char *rr = check_orig.ruri.scheme == SIPR_URI_SIPS ? BENCH_PROXY_RR_SIPS
                                                                     : BENCH_PROXY_RR;
            const size_t rn = strlen(rr);
            if (h->value.len >= rn && memcmp(o + h->value.off, rr, rn) == 0 &&
                (h->value.len == rn || o[h->value.off + rn] == ','))
                bad &= ~(unsigned)BPC_RECORD_ROUTE;
            break;
        }
    }
    if (check_out.body.len != check_orig.body.len ||
        memcmp(o + check_out.body.off, orig + check_orig.body.off, check_orig.body.len) != 0)
        bad |= BPC_BODY;
    return bad;
}
