/* oSIP adapter (libosip2's osipparser2), written against the public headers
 * <osipparser2/osip_parser.h> and the headers under <osipparser2/headers/>.
 *
 * Per message: osip_message_init allocates the message, osip_message_parse
 * copies the buffer and fills the structure with allocated strings (every
 * known header parsed), osip_message_free releases it all. Fields are the
 * library's NUL-terminated strings; numbers are read from their text.
 *
 * Serialization: osip_message_to_str on a parsed message. A parsed message is
 * marked "buffer not up to date" (message_property 2), so the call rebuilds
 * the text from the structure, header by header, into a buffer it allocates,
 * freed with osip_free.
 * Proxy path: osip_message_parse; the Max-Forwards header (a generic header
 * in oSIP: osip_message_get_max_forwards) gets a new value string;
 * osip_message_append_via parses BENCH_PROXY_VIA and puts it on top;
 * BENCH_PROXY_RR (the sips one for a sips Request-URI) is parsed with
 * osip_record_route_parse and put first in the Record-Route list; then
 * osip_message_to_str. */
#include "bench.h"
#include <osipparser2/osip_parser.h>

#include <stdio.h>
#include <strings.h>

static osip_message_t *slot_msg[BENCH_SLOTS];

#ifndef PEER_VERSION
#define PEER_VERSION "?"
#endif

static const char *param(osip_list_t *params, const char *name)
{
    osip_generic_param_t *p = NULL;
    if (osip_generic_param_get_byname(params, (char *)name, &p) == OSIP_SUCCESS && p)
        return p->gvalue;
    return NULL;
}

static int os_init(void)
{
    return parser_init() == OSIP_SUCCESS ? 0 : -1;
}

static int os_parse(const char *buf, size_t len)
{
    osip_message_t *m = NULL;
    osip_via_t *via = NULL;
    osip_contact_t *contact = NULL;
    bench_fields f;

    if (osip_message_init(&m) != OSIP_SUCCESS)
        return -1;
    if (osip_message_parse(m, buf, len) != OSIP_SUCCESS) {
        osip_message_free(m);
        return -1;
    }
    f.found = 0;
    f.via_branch.n = f.via_host.n = 0;
    if (osip_message_get_via(m, 0, &via) >= 0 && via) {
        f.via_branch = bench_cstr(param(&via->via_params, "branch"));
        f.via_host = bench_cstr(via->host);
        if (f.via_branch.n)
            f.found |= BF_VIA_BRANCH;
        if (f.via_host.n)
            f.found |= BF_VIA_HOST;
    }
    f.from_tag.n = f.to_tag.n = 0;
    if (m->from) {
        f.from_tag = bench_cstr(param(&m->from->gen_params, "tag"));
        if (f.from_tag.n)
            f.found |= BF_FROM_TAG;
    }
    if (m->to) {
        f.to_tag = bench_cstr(param(&m->to->gen_params, "tag"));
        if (f.to_tag.n)
            f.found |= BF_TO_TAG;
    }
    f.call_id.n = f.call_id_host.n = 0;
    if (m->call_id) {
        f.call_id = bench_cstr(m->call_id->number);      /* before '@' */
        f.call_id_host = bench_cstr(m->call_id->host);   /* after '@', if any */
        if (f.call_id.n)
            f.found |= BF_CALL_ID;
    }
    f.cseq_number = 0;
    f.cseq_method.n = 0;
    if (m->cseq) {
        const bench_str num = bench_cstr(m->cseq->number);
        f.cseq_number = bench_u32(num.p, num.n);
        f.cseq_method = bench_cstr(m->cseq->method);
        if (num.n)
            f.found |= BF_CSEQ_NUMBER;
        if (f.cseq_method.n)
            f.found |= BF_CSEQ_METHOD;
    }
    f.contact_user.n = f.contact_host.n = 0;
    if (osip_message_get_contact(m, 0, &contact) >= 0 && contact && contact->url) {
        f.contact_user = bench_cstr(contact->url->username);
        f.contact_host = bench_cstr(contact->url->host);
        if (f.contact_host.n)
            f.found |= BF_CONTACT_URI;
    }
    f.content_length = 0;
    if (m->content_length && m->content_length->value) {
        const bench_str cl = bench_cstr(m->content_length->value);
        f.content_length = bench_u32(cl.p, cl.n);
        if (cl.n)
            f.found |= BF_CONTENT_LENGTH;
    }
    bench_touch(&f);
    osip_message_free(m);
    return 0;
}

static int os_ser_load(size_t slot, const char *buf, size_t len)
{
    if (osip_message_init(&slot_msg[slot]) != OSIP_SUCCESS)
        return -1;
    return osip_message_parse(slot_msg[slot], buf, len) == OSIP_SUCCESS ? 0 : -1;
}

static int to_str(osip_message_t *m)
{
    char *text = NULL;
    size_t n = 0;
    if (osip_message_to_str(m, &text, &n) != OSIP_SUCCESS || !text)
        return -1;
    bench_wrote(text, n);
    osip_free(text);
    return 0;
}

static int os_serialize(size_t slot)
{
    return to_str(slot_msg[slot]);
}

static void os_ser_free(size_t slot)
{
    osip_message_free(slot_msg[slot]);
    slot_msg[slot] = NULL;
}

/* RFC 3261 §16.6 step 3: one less, 70 when absent; 0 is not forwarded (483) */
static int decrement_max_forwards(osip_message_t *m)
{
    osip_header_t *h = NULL;
    char value[16];
    uint32_t n;
    if (osip_message_get_max_forwards(m, 0, &h) < 0 || !h || !h->hvalue)
        return osip_message_set_max_forwards(m, "70") == OSIP_SUCCESS ? 0 : -1;
    n = bench_u32(h->hvalue, bench_cstr(h->hvalue).n);
    if (n == 0)
        return -1;
    snprintf(value, sizeof value, "%u", (unsigned)(n - 1));
    osip_free(h->hvalue);
    h->hvalue = osip_strdup(value);
    return h->hvalue ? 0 : -1;
}

static int os_proxy(const char *buf, size_t len)
{
    osip_message_t *m = NULL;
    osip_record_route_t *rr = NULL;
    int r = -1;

    if (osip_message_init(&m) != OSIP_SUCCESS)
        return -1;
    if (osip_message_parse(m, buf, len) != OSIP_SUCCESS || !MSG_IS_REQUEST(m) ||
        decrement_max_forwards(m) != 0 ||
        osip_message_append_via(m, BENCH_PROXY_VIA) != OSIP_SUCCESS ||
        osip_record_route_init(&rr) != OSIP_SUCCESS)
        goto done;
    if (osip_record_route_parse(rr, m->req_uri && m->req_uri->scheme &&
                                            strcasecmp(m->req_uri->scheme, "sips") == 0
                                        ? BENCH_PROXY_RR_SIPS
                                        : BENCH_PROXY_RR) != OSIP_SUCCESS ||
        osip_list_add(&m->record_routes, rr, 0) < 0) {
        osip_record_route_free(rr);
        goto done;
    }
    osip_message_force_update(m);
    r = to_str(m);
done:
    osip_message_free(m);
    return r;
}

static void os_fini(void)
{
}

const bench_peer bench_peer_osip = {
    "osip", PEER_VERSION, os_init, os_parse, os_fini,
    os_ser_load, os_serialize, os_ser_free, os_proxy
};
