/* siprove digest: the Authorization value that answers a Digest challenge
 * (sipr_digest_parse_challenge + sipr_digest_build_credentials).
 *
 *   siprove digest --user U (--password P | --password-file FILE) --method M
 *                  --uri URI [--body FILE] [--cnonce C] [--nc N]
 *                  [--qop auth|auth-int] CHALLENGE
 *
 * CHALLENGE is the WWW-Authenticate or Proxy-Authenticate value, with or
 * without the header name and colon. docs/cli.md documents the output and
 * exit codes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

const char cli_usage_digest[] =
    "usage: siprove digest --user U (--password P | --password-file FILE)\n"
    "                      --method M --uri URI [--body FILE] [--cnonce C]\n"
    "                      [--nc N] [--qop auth|auth-int] CHALLENGE\n"
    "\n"
    "Print the Authorization (or Proxy-Authorization) value that answers the\n"
    "Digest challenge CHALLENGE (a WWW-Authenticate or Proxy-Authenticate value,\n"
    "with or without the header name): RFC 3261 section 22, RFC 7616, RFC 8760.\n"
    "\n"
    "  --user U            the username\n"
    "  --password P        the password (visible to other users of this\n"
    "                      machine in the process list: prefer --password-file)\n"
    "  --password-file F   the first line of F is the password ('-': stdin)\n"
    "  --method M          the request's method (REGISTER, INVITE, ...)\n"
    "  --uri URI           the Request-URI\n"
    "  --body FILE         the message body, for qop auth-int (default: empty)\n"
    "  --cnonce C          the client nonce (default: 32 random hex digits)\n"
    "  --nc N              the nonce count, decimal (default 1)\n"
    "  --qop auth|auth-int the qop to use when the challenge offers both\n"
    "                      (default auth)\n"
    "\n"
    "Exit 0 with the value on standard output; 1 when the challenge is not a\n"
    "Digest challenge this library can answer (the reason on standard error);\n"
    "64 on a usage error; 66 when a file cannot be read.\n";

static int usage(const char *what, const char *arg)
{
    if (arg != NULL)
        fprintf(stderr, "siprove: %s '%s'\n", what, arg);
    else
        fprintf(stderr, "siprove: %s\n", what);
    fputs(cli_usage_digest, stderr);
    return CLI_EXIT_USAGE;
}

static int cannot_read(const char *path)
{
    fprintf(stderr, "siprove: cannot read '%s': %s\n", strcmp(path, "-") == 0 ? "<stdin>" : path,
            strerror(errno));
    return CLI_EXIT_NOINPUT;
}

static sipr_str str_of(const char *s, size_t n)
{
    sipr_str r;
    r.s = s;
    r.len = (uint32_t)n;
    return r;
}

/* The first line of path, without its line end, into buf. */
static int read_password(const char *path, char *buf, size_t cap, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t n;
    if (f == NULL)
        return 0;
    if (fgets(buf, (int)cap, f) == NULL) {
        int failed = ferror(f);
        if (f != stdin)
            fclose(f);
        if (failed)
            return 0;
        buf[0] = '\0';
    } else if (f != stdin) {
        fclose(f);
    }
    n = strcspn(buf, "\r\n");
    buf[n] = '\0';
    *len = n;
    return 1;
}

/* 32 random hex digits from /dev/urandom. */
static int random_cnonce(char out[33])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char r[16];
    FILE *f = fopen("/dev/urandom", "rb");
    size_t k;
    if (f == NULL)
        return 0;
    k = fread(r, 1, sizeof r, f);
    fclose(f);
    if (k != sizeof r)
        return 0;
    for (k = 0; k < sizeof r; k++) {
        out[2 * k] = hex[r[k] >> 4];
        out[2 * k + 1] = hex[r[k] & 15];
    }
    out[32] = '\0';
    return 1;
}

int cli_digest(int argc, char **argv)
{
    const char *user = NULL, *password = NULL, *password_file = NULL, *method = NULL,
               *uri = NULL, *body_file = NULL, *cnonce = NULL, *nc = NULL, *qop = NULL,
               *challenge = NULL;
    static char pw[4096], out[65536];
    char cn[33];
    const char *body = "";
    size_t body_len = 0, pw_len = 0, need = 0, off = 0, clen;
    sipr_digest_challenge ch;
    sipr_digest_client cl;
    sipr_span v;
    sipr_status st;
    int i, options = 1;

    for (i = 0; i < argc; i++) {
        const char *s = argv[i];
        const char **slot = NULL;
        if (options && strcmp(s, "--") == 0) {
            options = 0;
            continue;
        }
        if (options && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)) {
            fputs(cli_usage_digest, stdout);
            return fflush(stdout) == 0 ? 0 : CLI_EXIT_IOERR;
        }
        if (options && s[0] == '-' && s[1] == '-') {
            if (strcmp(s, "--user") == 0)
                slot = &user;
            else if (strcmp(s, "--password") == 0)
                slot = &password;
            else if (strcmp(s, "--password-file") == 0)
                slot = &password_file;
            else if (strcmp(s, "--method") == 0)
                slot = &method;
            else if (strcmp(s, "--uri") == 0)
                slot = &uri;
            else if (strcmp(s, "--body") == 0)
                slot = &body_file;
            else if (strcmp(s, "--cnonce") == 0)
                slot = &cnonce;
            else if (strcmp(s, "--nc") == 0)
                slot = &nc;
            else if (strcmp(s, "--qop") == 0)
                slot = &qop;
            else
                return usage("unknown option", s);
            if (i + 1 >= argc)
                return usage("missing value after", s);
            *slot = argv[++i];
            continue;
        }
        if (challenge != NULL)
            return usage("digest: unexpected argument", s);
        challenge = s;
    }
    if (user == NULL || method == NULL || uri == NULL)
        return usage("digest: --user, --method and --uri are required", NULL);
    if ((password == NULL) == (password_file == NULL))
        return usage("digest: give one of --password and --password-file", NULL);
    if (challenge == NULL)
        return usage("digest: missing CHALLENGE", NULL);

    memset(&cl, 0, sizeof cl);
    cl.qop = SIPR_DIGEST_QOP_AUTH;
    if (qop != NULL) {
        if (strcmp(qop, "auth-int") == 0)
            cl.qop = SIPR_DIGEST_QOP_AUTH_INT;
        else if (strcmp(qop, "auth") != 0)
            return usage("digest: --qop is auth or auth-int, not", qop);
    }
    cl.nc = 1;
    if (nc != NULL) {
        char *end;
        unsigned long n;
        errno = 0;
        n = strtoul(nc, &end, 10);
        if (nc[0] < '0' || nc[0] > '9' || *end != '\0' || errno != 0 || n > 0xFFFFFFFFul)
            return usage("digest: --nc is a decimal number below 2^32, not", nc);
        cl.nc = (uint32_t)n;
    }
    if (password_file != NULL) {
        if (!read_password(password_file, pw, sizeof pw, &pw_len))
            return cannot_read(password_file);
        password = pw;
    } else {
        pw_len = strlen(password);
    }
    if (cnonce == NULL) {
        if (!random_cnonce(cn)) {
            fprintf(stderr, "siprove: digest: cannot read /dev/urandom: give --cnonce\n");
            return CLI_EXIT_NOINPUT;
        }
        cnonce = cn;
    }
    if (body_file != NULL) {
        cli_read_status rs = cli_read_file(body_file, &body, &body_len);
        if (rs == CLI_READ_ERROR)
            return cannot_read(body_file);
        if (rs == CLI_READ_TOO_LONG) {
            fprintf(stderr, "siprove: digest: '%s' is longer than %u bytes\n", body_file,
                    (unsigned)SIPR_MAX_MSG_LEN);
            return CLI_EXIT_USAGE;
        }
    }
    cl.username = str_of(user, strlen(user));
    cl.password = str_of(password, pw_len);
    cl.method = str_of(method, strlen(method));
    cl.uri = str_of(uri, strlen(uri));
    cl.body = str_of(body, body_len);
    cl.cnonce = str_of(cnonce, strlen(cnonce));

    /* the value, after a header name and colon when there is one */
    clen = strlen(challenge);
    if (clen > SIPR_MAX_MSG_LEN)
        return usage("digest: CHALLENGE is too long", NULL);
    if (strncasecmp(challenge, "WWW-Authenticate:", 17) == 0)
        off = 17;
    else if (strncasecmp(challenge, "Proxy-Authenticate:", 19) == 0)
        off = 19;
    while (off < clen && (challenge[off] == ' ' || challenge[off] == '\t'))
        off++;
    while (clen > off && (challenge[clen - 1] == ' ' || challenge[clen - 1] == '\t' ||
                          challenge[clen - 1] == '\r' || challenge[clen - 1] == '\n'))
        clen--;
    v.off = (uint32_t)off;
    v.len = (uint32_t)(clen - off);
    st = sipr_digest_parse_challenge(challenge, clen, v, &ch);
    if (st != SIPR_OK) {
        fprintf(stderr, "siprove: digest: invalid challenge: %s at byte %u\n", sipr_strerror(st),
                (unsigned)ch.err_off);
        return CLI_EXIT_INVALID;
    }
    st = sipr_digest_build_credentials(challenge, clen, &ch, &cl, out, sizeof out, &need);
    if (st != SIPR_OK) {
        fprintf(stderr, "siprove: digest: cannot answer: %s\n", sipr_strerror(st));
        return CLI_EXIT_INVALID;
    }
    fwrite(out, 1, need, stdout);
    fputc('\n', stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "siprove: cannot write standard output: %s\n", strerror(errno));
        return CLI_EXIT_IOERR;
    }
    return 0;
}
