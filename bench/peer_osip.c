/* oSIP adapter (libosip2's osipparser2), written against the public headers
 * <osipparser2/osip_parser.h> and the headers under <osipparser2/headers/>.
 *
 * Per message: osip_message_init allocates the message, osip_message_parse
 * copies the buffer and fills the structure with allocated strings (every
 * known header parsed), osip_message_free releases it all. Fields are the
 * library's NUL-terminated strings; numbers are read from their text. */
#include "bench.h"
#include <osipparser2/osip_parser.h>

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

static void os_fini(void)
{
}

const bench_peer bench_peer_osip = {
    "osip", PEER_VERSION, os_init, os_parse, os_fini
};
