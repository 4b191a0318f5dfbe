/* siprove: command-line front end of the siprove codec.
 *
 *   siprove check [--lenient=LIST] FILE         one line: valid / invalid / semantic-invalid
 *   siprove parse --json [--lenient=LIST] FILE  the structured message as JSON (docs/json.md)
 *   siprove demo [DIR]          human summary of every *.sip file in DIR
 *   siprove pcap FILE           one JSON line per SIP message of a capture (pcap.c)
 *   siprove digest ... CHALLENGE  the Authorization value answering a Digest challenge (digest.c)
 *   siprove forward [--via HOST:PORT] [--record-route] [--from HOST:PORT] FILE
 *                               the message as a stateless proxy forwards it (forward.c)
 *
 * The exact output and exit codes are a contract for scripts: docs/cli.md.
 * No heap: the input goes into one static buffer, the message into one static
 * sipr_msg. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "siprove.h"
#include "generated/sipr_fsm_dialog.h"
#include "generated/sipr_fsm_ict.h"
#include "generated/sipr_fsm_ist.h"
#include "generated/sipr_fsm_nict.h"
#include "generated/sipr_fsm_nist.h"
#include "cli.h"
#include "json.h"

/* ---- Input ------------------------------------------------------------------------ */

/* One byte more than the library accepts, to tell "exactly the maximum" from
 * "longer". */
static char input[SIPR_MAX_MSG_LEN + 1];

cli_read_status cli_read_file(const char *path, const char **data, size_t *len)
{
    FILE *f;
    size_t n = 0;
    int failed;

    if (strcmp(path, "-") == 0) {
        f = stdin;
    } else {
        f = fopen(path, "rb");
        if (f == NULL)
            return CLI_READ_ERROR;
    }
    errno = 0;
    while (n < sizeof input) {
        size_t got = fread(input + n, 1, sizeof input - n, f);
        if (got == 0)
            break;
        n += got;
    }
    failed = ferror(f);
    if (failed && errno == 0)
        errno = EIO;
    if (f != stdin) {
        int saved = errno;
        fclose(f);
        errno = saved;
    }
    *data = input;
    *len = n;
    if (failed)
        return CLI_READ_ERROR;
    return n > SIPR_MAX_MSG_LEN ? CLI_READ_TOO_LONG : CLI_READ_OK;
}

/* ---- Leniency switches ------------------------------------------------------------ */

const cli_lenient_name cli_lenient_names[CLI_N_LENIENT] = {
    {"bare-lf", SIPR_LENIENT_BARE_LF},
    {"no-final-crlf", SIPR_LENIENT_NO_FINAL_CRLF},
    {"start-line-spaces", SIPR_LENIENT_START_LINE_SPACES},
    {"ws-before-colon", SIPR_LENIENT_WS_BEFORE_COLON},
};

int cli_parse_lenient(const char *list, uint32_t *bits, const char **bad, size_t *bad_len)
{
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        uint32_t bit = 0;
        size_t k;
        if (n == 3 && strncmp(p, "all", 3) == 0)
            bit = SIPR_LENIENT_ALL;
        for (k = 0; k < CLI_N_LENIENT && bit == 0; k++)
            if (strlen(cli_lenient_names[k].name) == n && strncmp(p, cli_lenient_names[k].name, n) == 0)
                bit = cli_lenient_names[k].bit;
        if (bit == 0) {
            *bad = p;
            *bad_len = n;
            return 0;
        }
        *bits |= bit;
        if (p[n] == '\0')
            return 1;
        p += n + 1;
    }
}

/* ---- Verdict -------------------------------------------------------------------- */

void cli_analyse(const char *data, size_t len, int too_long, uint32_t lenient, sipr_msg *msg,
                 cli_result *r)
{
    sipr_status st;
    sipr_limits lim = sipr_limits_default();

    memset(r, 0, sizeof *r);
    r->verdict.code = SIPR_V_OK;
    if (too_long) {
        r->outcome = CLI_INVALID;
        r->err = SIPR_E_TOO_LONG;
        r->err_off = SIPR_MAX_MSG_LEN;
        return;
    }
    lim.lenient = lenient;
    st = sipr_msg_init(msg, &lim);
    if (st == SIPR_OK)
        st = sipr_parse(data, len, msg);
    if (st != SIPR_OK) {
        r->outcome = CLI_INVALID;
        /* msg->err is documented to equal the return value. */
        r->err = msg->err != SIPR_OK ? msg->err : st;
        r->err_off = msg->err_off;
        return;
    }
    /* the documented default profile: a UAS (sipr_profile_default) */
    r->verdict = sipr_validate(data, len, msg, NULL);
    if (r->verdict.code == SIPR_V_OK)
        r->outcome = CLI_VALID;
    else
        r->outcome = r->verdict.invalid ? CLI_MALFORMED : CLI_SEMANTIC;
}

void cli_print_result(FILE *out, const cli_result *r)
{
    switch (r->outcome) {
    case CLI_VALID:
        fputs("valid", out);
        break;
    case CLI_INVALID:
        fprintf(out, "invalid: %s at byte %lu", sipr_strerror(r->err), r->err_off);
        break;
    case CLI_MALFORMED:
        fprintf(out, "invalid: %u %s at byte %lu", (unsigned)r->verdict.response,
                sipr_verdict_reason(r->verdict.code), (unsigned long)r->verdict.off);
        break;
    case CLI_SEMANTIC:
        fprintf(out, "semantic-invalid: %u %s at byte %lu", (unsigned)r->verdict.response,
                sipr_verdict_reason(r->verdict.code), (unsigned long)r->verdict.off);
        break;
    }
}

int cli_exit_code(const cli_result *r)
{
    switch (r->outcome) {
    case CLI_VALID: return CLI_EXIT_VALID;
    case CLI_INVALID: return CLI_EXIT_INVALID;
    case CLI_MALFORMED: return CLI_EXIT_INVALID;
    case CLI_SEMANTIC: return CLI_EXIT_SEMANTIC;
    }
    return CLI_EXIT_INVALID;
}

/* ---- Usage ---------------------------------------------------------------------- */

static const char usage_main[] =
    "usage: siprove check [--lenient=LIST] FILE\n"
    "       siprove parse --json [--lenient=LIST] FILE\n"
    "       siprove demo [DIR]\n"
    "       siprove pcap FILE\n"
    "       siprove digest --user U --password P --method M --uri URI CHALLENGE\n"
    "       siprove forward [--via HOST:PORT] [--record-route] [--from HOST:PORT] FILE\n"
    "       siprove fsm NAME --dot\n"
    "       siprove --version\n"
    "       siprove --help | help [SUBCOMMAND]\n"
    "\n"
    "Parse SIP messages (RFC 3261) with the siprove codec. FILE may be '-' for\n"
    "standard input.\n"
    "\n"
    "  check   print one line: 'valid', 'invalid: REASON at byte N' or\n"
    "          'semantic-invalid: CODE REASON'\n"
    "  parse   print the parsed message as JSON (docs/json.md)\n"
    "  demo    summarise every DIR/*.sip (default " CLI_DEMO_DIR ")\n"
    "  pcap    one JSON line per SIP message (UDP, TCP) of a capture file\n"
    "  digest  the Authorization value answering a Digest challenge\n"
    "          (siprove help digest for its options)\n"
    "  forward print the message as a stateless proxy forwards it (RFC 3261 16)\n"
    "  fsm     print the Graphviz diagram of a state machine (ict nict ist nist dialog)\n"
    "\n"
    "--lenient=LIST accepts the listed deviations from RFC 3261 (strict by default):\n"
    "bare-lf, no-final-crlf, start-line-spaces, ws-before-colon, or all.\n"
    "\n"
    "Exit status: 0 valid (forward: forwarded), 1 invalid (forward: not\n"
    "forwarded), 2 semantic-invalid, 64 usage error,\n"
    "65 not a capture (pcap), 66 unreadable input, 69 built without libpcap\n"
    "(pcap), 70 internal error, 74 output error.\n";

#define USAGE_LENIENT                                                                      \
    "  --lenient=LIST  accept these deviations from RFC 3261 (comma-separated;\n"            \
    "                  strict without it; README.md, Leniency switches):\n"                  \
    "      bare-lf            a lone LF ends a line\n"                                      \
    "      no-final-crlf      the input may end after a header line, without\n"             \
    "                         the empty line\n"                                               \
    "      start-line-spaces  more than one SP between the parts of the start\n"            \
    "                         line, blanks before the end of a Request-Line\n"              \
    "      ws-before-colon    a line fold between a header name and its colon\n"             \
    "      all                every one of them\n"

static const char usage_check[] =
    "usage: siprove check [--lenient=LIST] FILE\n"
    "\n"
    "Parse FILE ('-': standard input) as one SIP message and, if it parses,\n"
    "run the semantic checks. Prints exactly one line:\n"
    "\n"
    "  valid                              exit 0\n"
    "  invalid: REASON at byte N          exit 1 (syntax; N is the byte offset)\n"
    "  semantic-invalid: CODE REASON      exit 2 (CODE: the response to send)\n"
    "\n"
    USAGE_LENIENT
    "\n"
    "Exit 64 on a usage error (an unknown name in LIST too), 66 when FILE\n"
    "cannot be read.\n";

static const char usage_parse[] =
    "usage: siprove parse --json [--lenient=LIST] FILE\n"
    "\n"
    "Parse FILE ('-': standard input) and print the structured message as one\n"
    "JSON object (schema: docs/json.md), including the semantic verdict and\n"
    "the deviations the message needed (\"lenient_used\").\n"
    "Exit 0 when the message parses (even if semantically invalid); exit 1\n"
    "with {\"error\": {\"code\", \"reason\", \"offset\"}} when it does not.\n"
    "\n"
    USAGE_LENIENT
    "\n"
    "Exit 64 on a usage error (an unknown name in LIST too), 66 when FILE\n"
    "cannot be read.\n";

static const char usage_demo[] =
    "usage: siprove demo [DIR]\n"
    "\n"
    "For every *.sip file in DIR (default " CLI_DEMO_DIR "), in byte order\n"
    "of the names, print the verdict as `siprove check` would and the main\n"
    "fields: start line, top Via, dialog identifiers, CSeq, Contact, body size.\n"
    "Exit 0 when every message is valid, 1 otherwise, 66 when DIR cannot be\n"
    "read or holds no .sip file.\n";

static const char usage_pcap[] =
    "usage: siprove pcap FILE\n"
    "\n"
    "Read the capture FILE ('-': standard input; pcap or pcapng, link types\n"
    "Ethernet, Linux cooked v1/v2, raw IP, BSD loopback) and print one JSON\n"
    "line per SIP message found over UDP or TCP, on any port, in capture\n"
    "order: ts, transport, src, dst, length, verdict (valid, invalid or\n"
    "semantic-invalid) with code, reason, offset and response, and a summary\n"
    "(start line, Call-ID, CSeq, top Via branch). TCP streams are reassembled\n"
    "and cut with the stream framer. Other packets are skipped; the counts go\n"
    "to standard error. See docs/cli.md.\n"
    "Exit 0 when the file was read (whatever the verdicts), 64 on a usage\n"
    "error, 65 when FILE is not a capture (or is damaged, or of another link\n"
    "type), 66 when it cannot be read, 69 when siprove was built without\n"
    "libpcap.\n";

static const char usage_forward[] =
    "usage: siprove forward [--via HOST:PORT] [--record-route] [--from HOST:PORT] FILE\n"
    "\n"
    "Print the message in FILE ('-': standard input) as a stateless proxy at\n"
    "HOST:PORT (default 127.0.0.1:5060) forwards it (RFC 3261 16.11).\n"
    "\n"
    "A request: checked as a proxy checks it (16.3), then a new top Via with a\n"
    "branch derived from the request (the same for a retransmission, a CANCEL\n"
    "and the ACK of a non-2xx), Max-Forwards one less (70 when absent), Route\n"
    "processed (16.4, 16.6: loose routing, strict routers fixed up).\n"
    "A response: without its top Via, which must be this proxy's (16.7).\n"
    "\n"
    "  --via HOST:PORT   this proxy (PORT may be left out; IPv6 in brackets)\n"
    "  --record-route    add Record-Route <sip:HOST:PORT;lr> (16.6 step 4)\n"
    "  --from HOST:PORT  the request came from there: received and rport on its\n"
    "                    top Via (18.2.1, RFC 3581)\n"
    "\n"
    "Exit 0 with the message on standard output; exit 1 with one line\n"
    "'not forwarded: REASON' (for a request the response a proxy sends, e.g.\n"
    "'not forwarded: 483 Too Many Hops') and the details on standard error;\n"
    "64 on a usage error, 66 when FILE cannot be read.\n";

/* Exit code when standard output could not be written. */
static int finish(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "siprove: cannot write standard output: %s\n", strerror(errno));
        return CLI_EXIT_IOERR;
    }
    return code;
}

static int usage_error(const char *usage, const char *what, const char *arg)
{
    if (arg != NULL)
        fprintf(stderr, "siprove: %s '%s'\n", what, arg);
    else
        fprintf(stderr, "siprove: %s\n", what);
    fputs(usage, stderr);
    return CLI_EXIT_USAGE;
}

static int show_usage(const char *usage)
{
    fputs(usage, stdout);
    return finish(0);
}

/* ---- Arguments ------------------------------------------------------------------ */

typedef struct {
    int help;
    int json;
    int n_operands;
    const char *operand;  /* the first operand */
    const char *bad;      /* first unknown option, or the second operand */
    int bad_is_option;
    uint32_t lenient;     /* SIPR_LENIENT_* bits of every --lenient=LIST */
    const char *bad_name; /* first item of a LIST that is not a name, and its length */
    size_t bad_name_len;
} cli_args;

/* Options of a subcommand: --help/-h everywhere, --json for parse,
 * --lenient=LIST for check and parse (repeated: the union); "--" ends the
 * options; "-" is an operand (standard input). */
static void scan_args(int argc, char **argv, int allow_json, int allow_lenient, cli_args *a)
{
    int i, options = 1;

    memset(a, 0, sizeof *a);
    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (options && strcmp(s, "--") == 0) {
            options = 0;
        } else if (options && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)) {
            a->help = 1;
        } else if (options && allow_json && strcmp(s, "--json") == 0) {
            a->json = 1;
        } else if (options && allow_lenient && strncmp(s, "--lenient=", 10) == 0) {
            const char *bad;
            size_t bad_len;
            if (!cli_parse_lenient(s + 10, &a->lenient, &bad, &bad_len) && a->bad_name == NULL) {
                a->bad_name = bad;
                a->bad_name_len = bad_len;
            }
        } else if (options && s[0] == '-' && s[1] != '\0') {
            if (a->bad == NULL) {
                a->bad = s;
                a->bad_is_option = 1;
            }
        } else {
            if (a->n_operands == 0)
                a->operand = s;
            else if (a->bad == NULL)
                a->bad = s;
            a->n_operands++;
        }
    }
}

static int read_error(const char *path)
{
    fprintf(stderr, "siprove: cannot read '%s': %s\n",
            strcmp(path, "-") == 0 ? "<stdin>" : path, strerror(errno));
    return CLI_EXIT_NOINPUT;
}

/* ---- Subcommands ---------------------------------------------------------------- */

static sipr_msg msg;

/* The usage error of an unknown name in --lenient=LIST. */
static int lenient_error(const char *usage, const cli_args *a)
{
    fprintf(stderr, "siprove: unknown leniency '%.*s' (bare-lf, no-final-crlf, "
                    "start-line-spaces, ws-before-colon, all)\n",
            (int)a->bad_name_len, a->bad_name);
    fputs(usage, stderr);
    return CLI_EXIT_USAGE;
}

static int cmd_check(int argc, char **argv)
{
    cli_args a;
    const char *data;
    size_t len;
    cli_read_status rs;
    cli_result r;

    scan_args(argc, argv, 0, 1, &a);
    if (a.help)
        return show_usage(usage_check);
    if (a.bad_is_option)
        return usage_error(usage_check, "unknown option", a.bad);
    if (a.bad_name != NULL)
        return lenient_error(usage_check, &a);
    if (a.n_operands == 0)
        return usage_error(usage_check, "check: missing FILE", NULL);
    if (a.n_operands > 1)
        return usage_error(usage_check, "check: unexpected argument", a.bad);

    rs = cli_read_file(a.operand, &data, &len);
    if (rs == CLI_READ_ERROR)
        return read_error(a.operand);
    cli_analyse(data, len, rs == CLI_READ_TOO_LONG, a.lenient, &msg, &r);
    cli_print_result(stdout, &r);
    fputc('\n', stdout);
    return finish(cli_exit_code(&r));
}

static int cmd_parse(int argc, char **argv)
{
    cli_args a;
    const char *data;
    size_t len;
    cli_read_status rs;
    cli_result r;
    unsigned long broken;

    scan_args(argc, argv, 1, 1, &a);
    if (a.help)
        return show_usage(usage_parse);
    if (a.bad_is_option)
        return usage_error(usage_parse, "unknown option", a.bad);
    if (a.bad_name != NULL)
        return lenient_error(usage_parse, &a);
    if (!a.json)
        return usage_error(usage_parse, "parse: --json is required (the only output format)", NULL);
    if (a.n_operands == 0)
        return usage_error(usage_parse, "parse: missing FILE", NULL);
    if (a.n_operands > 1)
        return usage_error(usage_parse, "parse: unexpected argument", a.bad);

    rs = cli_read_file(a.operand, &data, &len);
    if (rs == CLI_READ_ERROR)
        return read_error(a.operand);
    cli_analyse(data, len, rs == CLI_READ_TOO_LONG, a.lenient, &msg, &r);
    if (r.outcome == CLI_INVALID) {
        json_write_error(stdout, r.err, r.err_off);
        return finish(CLI_EXIT_INVALID);
    }
    broken = json_write_message(stdout, data, len, &msg, &r.verdict);
    if (broken != 0) {
        fprintf(stderr, "siprove: internal error: the parser returned %lu span(s) or "
                        "parameter run(s) outside its contract (printed as null)\n", broken);
        finish(0);
        return CLI_EXIT_SOFTWARE;
    }
    return finish(CLI_EXIT_VALID);
}

static int cmd_demo(int argc, char **argv)
{
    cli_args a;

    scan_args(argc, argv, 0, 0, &a);
    if (a.help)
        return show_usage(usage_demo);
    if (a.bad_is_option)
        return usage_error(usage_demo, "unknown option", a.bad);
    if (a.n_operands > 1)
        return usage_error(usage_demo, "demo: unexpected argument", a.bad);
    return finish(cli_demo(a.n_operands == 1 ? a.operand : CLI_DEMO_DIR));
}

static int cmd_pcap(int argc, char **argv)
{
    cli_args a;

    scan_args(argc, argv, 0, 0, &a);
    if (a.help)
        return show_usage(usage_pcap);
    if (a.bad_is_option)
        return usage_error(usage_pcap, "unknown option", a.bad);
    if (a.n_operands == 0)
        return usage_error(usage_pcap, "pcap: missing FILE", NULL);
    if (a.n_operands > 1)
        return usage_error(usage_pcap, "pcap: unexpected argument", a.bad);
    return finish(cli_pcap(a.operand));
}

static int cmd_forward(int argc, char **argv)
{
    cli_hostport via, from;
    const char *file = NULL, *data;
    int i, options = 1, record_route = 0, have_from = 0;
    size_t len;
    cli_read_status rs;
    sipr_proxy p;
    cli_fwd r;

    cli_parse_hostport("127.0.0.1:5060", &via);
    memset(&from, 0, sizeof from);
    for (i = 0; i < argc; i++) {
        const char *s = argv[i], *val = NULL;
        int is_via = 0;
        if (options && strcmp(s, "--") == 0) {
            options = 0;
            continue;
        }
        if (options && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0))
            return show_usage(usage_forward);
        if (options && strcmp(s, "--record-route") == 0) {
            record_route = 1;
            continue;
        }
        if (options && (strcmp(s, "--via") == 0 || strcmp(s, "--from") == 0)) {
            is_via = s[2] == 'v';
            if (i + 1 >= argc)
                return usage_error(usage_forward, "forward: missing HOST:PORT after", s);
            val = argv[++i];
        } else if (options && strncmp(s, "--via=", 6) == 0) {
            is_via = 1;
            val = s + 6;
        } else if (options && strncmp(s, "--from=", 7) == 0) {
            val = s + 7;
        } else if (options && s[0] == '-' && s[1] != '\0') {
            return usage_error(usage_forward, "unknown option", s);
        } else {
            if (file != NULL)
                return usage_error(usage_forward, "forward: unexpected argument", s);
            file = s;
            continue;
        }
        if (!cli_parse_hostport(val, is_via ? &via : &from))
            return usage_error(usage_forward, "forward: not HOST[:PORT]", val);
        if (!is_via)
            have_from = 1;
    }
    if (file == NULL)
        return usage_error(usage_forward, "forward: missing FILE", NULL);
    if (!cli_host_ok(via.host))
        return usage_error(usage_forward, "forward: not a host", via.host);
    if (have_from && !cli_host_ok(from.host))
        return usage_error(usage_forward, "forward: not a host", from.host);
    p = cli_proxy(&via, record_route, have_from ? &from : NULL);

    rs = cli_read_file(file, &data, &len);
    if (rs == CLI_READ_ERROR)
        return read_error(file);
    cli_forward(data, rs == CLI_READ_TOO_LONG ? SIPR_MAX_MSG_LEN + 1u : len, &p, &r);
    if (r.forwarded) {
        fwrite(r.out, 1, r.out_len, stdout);
        return finish(0);
    }
    printf("not forwarded: %s\n", r.reason);
    if (r.detail[0] != '\0')
        fprintf(stderr, "siprove: %s\n", r.detail);
    return finish(r.internal ? CLI_EXIT_SOFTWARE : CLI_EXIT_INVALID);
}

static const char usage_fsm[] =
    "usage: siprove fsm NAME --dot\n"
    "\n"
    "Print the Graphviz (DOT) diagram of the state machine generated from\n"
    "fsm/NAME.fsm: ict, nict, ist, nist or dialog (RFC 3261 §17, RFC 6026, §12).\n"
    "Render it with: siprove fsm ict --dot | dot -Tsvg > ict.svg\n";

static const struct {
    const char *name;
    const char *dot;
} fsm_diagrams[] = {
    {"ict", sipr_ict_dot},   {"nict", sipr_nict_dot},     {"ist", sipr_ist_dot},
    {"nist", sipr_nist_dot}, {"dialog", sipr_dialog_dot},
};

static int cmd_fsm(int argc, char **argv)
{
    const char *name = NULL;
    int dot = 0, i;
    size_t k;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return show_usage(usage_fsm);
        if (strcmp(argv[i], "--dot") == 0)
            dot = 1;
        else if (argv[i][0] == '-')
            return usage_error(usage_fsm, "unknown option", argv[i]);
        else if (name == NULL)
            name = argv[i];
        else
            return usage_error(usage_fsm, "fsm: unexpected argument", argv[i]);
    }
    if (name == NULL)
        return usage_error(usage_fsm, "fsm: missing NAME", NULL);
    if (!dot)
        return usage_error(usage_fsm, "fsm: --dot is required (the only output format)", NULL);
    for (k = 0; k < sizeof fsm_diagrams / sizeof fsm_diagrams[0]; k++)
        if (strcmp(name, fsm_diagrams[k].name) == 0) {
            fputs(fsm_diagrams[k].dot, stdout);
            return finish(0);
        }
    return usage_error(usage_fsm, "fsm: unknown machine", name);
}

static const char *subcommand_usage(const char *name)
{
    if (strcmp(name, "fsm") == 0)
        return usage_fsm;
    if (strcmp(name, "check") == 0)
        return usage_check;
    if (strcmp(name, "parse") == 0)
        return usage_parse;
    if (strcmp(name, "demo") == 0)
        return usage_demo;
    if (strcmp(name, "pcap") == 0)
        return usage_pcap;
    if (strcmp(name, "digest") == 0)
        return cli_usage_digest;
    if (strcmp(name, "forward") == 0)
        return usage_forward;
    return NULL;
}

int main(int argc, char **argv)
{
    const char *cmd;

    if (argc < 2)
        return usage_error(usage_main, "missing subcommand", NULL);
    cmd = argv[1];
    if (strcmp(cmd, "--version") == 0) {
        if (argc != 2)
            return usage_error(usage_main, "unexpected argument", argv[2]);
        printf("siprove %s\n", SIPR_VERSION_STRING);
        return finish(0);
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        const char *u;
        if (argc == 2)
            return show_usage(usage_main);
        if (argc > 3)
            return usage_error(usage_main, "unexpected argument", argv[3]);
        u = subcommand_usage(argv[2]);
        if (u == NULL)
            return usage_error(usage_main, "unknown subcommand", argv[2]);
        return show_usage(u);
    }
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "parse") == 0)
        return cmd_parse(argc - 2, argv + 2);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(argc - 2, argv + 2);
    if (strcmp(cmd, "fsm") == 0)
        return cmd_fsm(argc - 2, argv + 2);
    if (strcmp(cmd, "pcap") == 0)
        return cmd_pcap(argc - 2, argv + 2);
    if (strcmp(cmd, "digest") == 0)
        return cli_digest(argc - 2, argv + 2);
    if (strcmp(cmd, "forward") == 0)
        return cmd_forward(argc - 2, argv + 2);
    return usage_error(usage_main, cmd[0] == '-' ? "unknown option" : "unknown subcommand", cmd);
}
