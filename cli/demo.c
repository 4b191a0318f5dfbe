/* siprove CLI: `siprove demo [DIR]`, the job `make demo` shows.
 *
 * For every *.sip file in DIR, sorted by name: the verdict line of `siprove check` and
 * the fields a SIP element looks at first. No heap: names go into a fixed
 * pool, sorted with qsort. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"
#include "cli.h"

#define DEMO_MAX_FILES 4096
#define DEMO_NAME_POOL (256u * 1024u)

static char name_pool[DEMO_NAME_POOL];
static const char *names[DEMO_MAX_FILES];
static sipr_msg msg;

static int has_sip_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && name[0] != '.' && strcmp(name + n - 4, ".sip") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collects the *.sip names of dir into names[], sorted. Returns the count, or
 * -1 after printing why on stderr. */
static int list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t used = 0;
    int n = 0;

    if (d == NULL) {
        fprintf(stderr, "siprove: cannot open directory '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    for (;;) {
        size_t len;
        errno = 0;
        e = readdir(d);
        if (e == NULL)
            break;
        if (!has_sip_suffix(e->d_name))
            continue;
        len = strlen(e->d_name) + 1;
        if (n == DEMO_MAX_FILES || len > sizeof name_pool - used) {
            fprintf(stderr, "siprove: '%s' holds more .sip files than the demo lists (%d)\n",
                    dir, DEMO_MAX_FILES);
            closedir(d);
            return -1;
        }
        memcpy(name_pool + used, e->d_name, len);
        names[n++] = name_pool + used;
        used += len;
    }
    if (errno != 0) {
        fprintf(stderr, "siprove: cannot read directory '%s': %s\n", dir, strerror(errno));
        closedir(d);
        return -1;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], compare_names);
    return n;
}

/* ---- Human-readable output ---------------------------------------------------- */

/* Writes bytes for a terminal: printable ASCII as is, anything else as \xHH.
 * Returns the number of columns written. */
static size_t put_text(const char *s, size_t n)
{
    size_t i, cols = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) {
            putchar(c);
            cols++;
        } else {
            printf("\\x%02X", (unsigned)c);
            cols += 4;
        }
    }
    return cols;
}

typedef struct {
    const char *buf;
    size_t len;
} input_ref;

/* A span, "-" when absent or (defensively) outside the input. */
static void put_span(const input_ref *in, sipr_span s)
{
    if (s.len == 0 || s.off > in->len || s.len > in->len - s.off)
        putchar('-');
    else
        put_text(in->buf + s.off, s.len);
}

static void put_start_line(const input_ref *in, const sipr_msg *m)
{
    if (m->type == SIPR_MSG_REQUEST) {
        put_span(in, m->method);
        putchar(' ');
        put_span(in, m->request_uri);
        putchar(' ');
        put_span(in, m->version);
    } else {
        put_span(in, m->version);
        printf(" %u ", (unsigned)m->status_code);
        if (m->reason.len != 0)
            put_span(in, m->reason);
    }
}

static void put_top_via(const input_ref *in, const sipr_msg *m)
{
    const sipr_via *v;
    if (m->n_vias == 0) {
        fputs("(none)", stdout);
        return;
    }
    v = &m->vias[0];
    put_span(in, v->protocol_name);
    putchar('/');
    put_span(in, v->protocol_version);
    putchar('/');
    put_span(in, v->transport);
    putchar(' ');
    put_span(in, v->host);
    if (v->port_text.len != 0)
        printf(":%u", (unsigned)v->port);
    fputs(" branch=", stdout);
    put_span(in, v->branch);
    if (m->n_vias > 1)
        printf("  (+%u more)", (unsigned)(m->n_vias - 1));
}

static void put_contact(const input_ref *in, const sipr_msg *m)
{
    const sipr_name_addr *c;
    if (m->contact_star) {
        putchar('*');
        return;
    }
    if (m->n_contacts == 0) {
        putchar('-');
        return;
    }
    c = &m->contacts[0];
    if (c->uri.scheme == SIPR_URI_SIP || c->uri.scheme == SIPR_URI_SIPS)
        put_span(in, c->uri.host);
    else
        put_span(in, c->uri_text); /* tel:, mailto:, http://..., ... */
    if (m->n_contacts > 1)
        printf(" (+%u more)", (unsigned)(m->n_contacts - 1));
}

static void put_fields(const input_ref *in, const sipr_msg *m)
{
    fputs("  start    ", stdout);
    put_start_line(in, m);
    fputs("\n  via      ", stdout);
    put_top_via(in, m);
    fputs("\n  dialog   call-id=", stdout);
    put_span(in, m->call_id);
    fputs(" from-tag=", stdout);
    put_span(in, m->from.tag);
    fputs(" to-tag=", stdout);
    put_span(in, m->to.tag);
    fputs("\n  cseq     ", stdout);
    if (m->first[SIPR_H_CSEQ] == SIPR_NONE) {
        putchar('-');
    } else {
        printf("%lu ", (unsigned long)m->cseq_number);
        put_span(in, m->cseq_method);
    }
    fputs("   contact ", stdout);
    put_contact(in, m);
    printf("   body %lu bytes\n", (unsigned long)m->body.len);
}

/* The line holding byte off, with a caret under it. */
static void put_error_context(const input_ref *in, unsigned long off)
{
    size_t start = 0, end, line_end, from, i, line = 1, col;
    enum { WINDOW = 72, BEFORE = 40 };

    if (off > in->len)
        off = (unsigned long)in->len;
    for (i = 0; i < off; i++) {
        if (in->buf[i] == '\n') {
            line++;
            start = i + 1;
        }
    }
    end = off;
    while (end < in->len && in->buf[end] != '\r' && in->buf[end] != '\n')
        end++;
    line_end = end;
    from = off - start > BEFORE ? off - BEFORE : start;
    if (end - from > WINDOW)
        end = from + WINDOW; /* off - from <= BEFORE < WINDOW: the caret stays */
    printf("  line %lu, column %lu:\n    ", (unsigned long)line,
           (unsigned long)(off - start + 1));
    if (from > start)
        fputs("...", stdout);
    put_text(in->buf + from, end - from);
    if (end < line_end)
        fputs("...", stdout);
    fputs("\n    ", stdout);
    col = from > start ? 3 : 0;
    for (i = from; i < off; i++) {
        unsigned char c = (unsigned char)in->buf[i];
        col += (c >= 0x20 && c < 0x7F) ? 1 : 4;
    }
    for (i = 0; i < col; i++)
        putchar(' ');
    fputs("^\n", stdout);
}

/* 1 when line out[0 .. n) is a line of in (so not new or changed). */
static int is_input_line(const input_ref *in, const char *line, size_t n)
{
    size_t i = 0;
    while (i < in->len) {
        size_t e = i;
        while (e < in->len && in->buf[e] != '\n')
            e++;
        if (e - i == n && memcmp(in->buf + i, line, n) == 0)
            return 1;
        i = e + 1;
    }
    return 0;
}

/* The proxy hop of the demo: how a stateless proxy forwards the message in
 * path (siprove forward), its header lines with the new or changed ones
 * marked. */
static void put_proxy_hop(const char *dir, const char *name)
{
    char path[4096];
    cli_hostport via;
    sipr_proxy p;
    input_ref in;
    cli_fwd r;
    size_t i = 0;
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);

    if (w < 0 || (size_t)w >= sizeof path || cli_read_file(path, &in.buf, &in.len) != CLI_READ_OK)
        return;
    cli_parse_hostport("127.0.0.1:5060", &via);
    p = cli_proxy(&via, 0, NULL);
    printf("\nforwarded by a stateless proxy at 127.0.0.1:5060 (siprove forward %s):\n", name);
    cli_forward(in.buf, in.len, &p, &r);
    if (!r.forwarded) {
        printf("  not forwarded: %s\n", r.reason);
        return;
    }
    /* the start line and the header lines; '+' marks a new or changed one */
    while (i < r.out_len) {
        size_t e = i, n;
        while (e < r.out_len && r.out[e] != '\n')
            e++;
        n = e - i;
        if (n > 0 && r.out[i + n - 1] == '\r')
            n--;
        if (n == 0)
            break;
        fputs(is_input_line(&in, r.out + i, e - i) ? "    " : "  + ", stdout);
        put_text(r.out + i, n);
        putchar('\n');
        i = e + 1;
    }
    printf("  (then the empty line and the body, %lu bytes, unchanged)\n",
           (unsigned long)(r.out_len > i + 2 ? r.out_len - i - 2 : 0));
}

int cli_demo(const char *dir)
{
    int first_invite = -1;
    int n, i;
    unsigned long valid = 0, invalid = 0, semantic = 0, unreadable = 0;

    n = list_dir(dir);
    if (n < 0)
        return CLI_EXIT_NOINPUT;
    if (n == 0) {
        fprintf(stderr, "siprove: no .sip files in '%s'\n", dir);
        return CLI_EXIT_NOINPUT;
    }
    printf("siprove %s: %d message%s from %s\n\n", SIPR_VERSION_STRING, n,
           n == 1 ? "" : "s", dir);
    for (i = 0; i < n; i++) {
        char path[4096];
        int w = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        input_ref in;
        cli_read_status rs;
        cli_result r;

        printf("%s: ", names[i]);
        if (w < 0 || (size_t)w >= sizeof path) {
            printf("cannot read: path too long\n\n");
            unreadable++;
            continue;
        }
        rs = cli_read_file(path, &in.buf, &in.len);
        if (rs == CLI_READ_ERROR) {
            printf("cannot read: %s\n\n", strerror(errno));
            unreadable++;
            continue;
        }
        cli_analyse(in.buf, in.len, rs == CLI_READ_TOO_LONG, 0u, &msg, &r);
        cli_print_result(stdout, &r);
        putchar('\n');
        switch (r.outcome) {
        case CLI_VALID:
            valid++;
            put_fields(&in, &msg);
            if (first_invite < 0 && msg.type == SIPR_MSG_REQUEST && msg.method.len == 6 &&
                memcmp(in.buf + msg.method.off, "INVITE", 6) == 0)
                first_invite = i;
            break;
        case CLI_SEMANTIC:
            semantic++;
            put_fields(&in, &msg);
            break;
        case CLI_MALFORMED:
            invalid++;
            put_fields(&in, &msg);
            break;
        case CLI_INVALID:
            invalid++;
            if (r.err != SIPR_E_TOO_LONG && r.err != SIPR_E_EMPTY)
                put_error_context(&in, r.err_off);
            break;
        }
        putchar('\n');
    }
    printf("%d message%s: %lu valid, %lu invalid, %lu semantic-invalid", n, n == 1 ? "" : "s",
           valid, invalid, semantic);
    if (unreadable != 0)
        printf(", %lu unreadable", unreadable);
    putchar('\n');
    if (first_invite >= 0)
        put_proxy_hop(dir, names[first_invite]);
    return valid == (unsigned long)n ? CLI_EXIT_VALID : CLI_EXIT_INVALID;
}
