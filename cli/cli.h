/* siprove CLI: what main.c shares with the subcommands in other files.
 * The CLI is not part of the library; docs/cli.md documents its behaviour. */
#ifndef SIPROVE_CLI_H
#define SIPROVE_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "siprove.h"

/* Exit codes (BSD sysexits.h values where one fits). */
#define CLI_EXIT_VALID 0
#define CLI_EXIT_INVALID 1
#define CLI_EXIT_SEMANTIC 2
#define CLI_EXIT_USAGE 64    /* EX_USAGE */
#define CLI_EXIT_DATAERR 65  /* EX_DATAERR: pcap: the file is not a capture this tool reads */
#define CLI_EXIT_NOINPUT 66  /* EX_NOINPUT: a file or directory cannot be read */
#define CLI_EXIT_UNAVAILABLE 69 /* EX_UNAVAILABLE: pcap: built without libpcap */
#define CLI_EXIT_SOFTWARE 70 /* EX_SOFTWARE: the library broke its contract */
#define CLI_EXIT_IOERR 74    /* EX_IOERR: standard output cannot be written */

/* Result of reading an input file into the CLI's one static buffer. */
typedef enum {
    CLI_READ_OK = 0,
    CLI_READ_TOO_LONG, /* more than SIPR_MAX_MSG_LEN bytes */
    CLI_READ_ERROR     /* errno says why */
} cli_read_status;

/* Reads path ("-": standard input) into a static buffer of SIPR_MAX_MSG_LEN+1
 * bytes, valid until the next call. On CLI_READ_TOO_LONG, *len is
 * SIPR_MAX_MSG_LEN+1 and the rest of the file is not read. */
cli_read_status cli_read_file(const char *path, const char **data, size_t *len);

/* What `siprove check` decides about one message. */
typedef enum {
    CLI_VALID = 0,    /* parses, and sipr_validate finds nothing */
    CLI_INVALID,      /* sipr_parse rejected it (or it is larger than SIPR_MAX_MSG_LEN) */
    CLI_SEMANTIC,     /* parses, but sipr_validate rejects it as the element it is */
    CLI_MALFORMED     /* parses, but sipr_validate finds it malformed (RFC 4475 §3.1.2) */
} cli_outcome;

typedef struct {
    cli_outcome outcome;
    sipr_status err;        /* CLI_INVALID: the parse status */
    unsigned long err_off;  /* CLI_INVALID: byte offset of the error */
    sipr_verdict verdict;   /* CLI_VALID, CLI_SEMANTIC, CLI_MALFORMED */
} cli_result;

/* Parses data[0 .. len-1] into *msg with the default limits and the
 * leniency switches `lenient` (SIPR_LENIENT_* bits, 0: strict) and validates
 * it when it parses. too_long: the input was cut at SIPR_MAX_MSG_LEN+1 bytes
 * (cli_read_file said CLI_READ_TOO_LONG); it is then reported as
 * SIPR_E_TOO_LONG at byte SIPR_MAX_MSG_LEN without parsing. */
void cli_analyse(const char *data, size_t len, int too_long, uint32_t lenient, sipr_msg *msg,
                 cli_result *r);

/* The leniency switches by their names on the command line and in the JSON
 * output (docs/cli.md), in bit order. */
typedef struct {
    const char *name;
    uint32_t bit;
} cli_lenient_name;
#define CLI_N_LENIENT 4
extern const cli_lenient_name cli_lenient_names[CLI_N_LENIENT];

/* Adds the switches of LIST (names separated by commas, or "all") to *bits.
 * Returns 1, or 0 when an item is not a name: *bad and *bad_len then give
 * that item (possibly empty). */
int cli_parse_lenient(const char *list, uint32_t *bits, const char **bad, size_t *bad_len);

/* The one line `siprove check` prints, without the newline:
 * "valid", "invalid: <reason> at byte <N>", "semantic-invalid: <code> <reason>". */
void cli_print_result(FILE *out, const cli_result *r);

/* Exit code for an outcome: 0, 1 or 2. */
int cli_exit_code(const cli_result *r);

/* `siprove demo [DIR]`: demo.c. Returns the exit code. */
int cli_demo(const char *dir);

/* `siprove pcap FILE`: pcap.c. One JSON line per SIP message of the capture
 * FILE ("-": standard input). Returns the exit code: 0, 65, 66 or 69. */
int cli_pcap(const char *path);

/* `siprove digest ...`: digest.c. argv holds the arguments after "digest".
 * Returns the exit code: 0, 1, 64, 66 or 74. */
int cli_digest(int argc, char **argv);
extern const char cli_usage_digest[];
/* `siprove forward` (forward.c). A HOST[:PORT] argument: a hostname, an
 * IPv4 address or an [IPv6] reference (brackets kept), port 1..65535 or 0
 * when absent. */
typedef struct {
    char host[256];
    uint16_t port;
} cli_hostport;

/* 1 when arg is HOST or HOST:PORT, 0 otherwise. */
int cli_parse_hostport(const char *arg, cli_hostport *hp);

/* 1 when host holds only letters, digits, '-', '.', and in brackets ':'. */
int cli_host_ok(const char *host);

/* The proxy named via (its Via sent-by and Record-Route host), adding
 * Record-Route when record_route, and received / rport for a request from
 * `from` (NULL or an empty host: unknown). Its strings point into via and
 * from. */
sipr_proxy cli_proxy(const cli_hostport *via, int record_route, const cli_hostport *from);

/* What a stateless proxy makes of one message. */
typedef struct {
    int forwarded;     /* 1: out[0 .. out_len) is the message to send */
    int internal;      /* 1: the library broke its contract (exit 70) */
    const char *out;
    size_t out_len;
    uint16_t code;     /* not forwarded: the response a proxy sends (400, 483, ...), or 0 */
    char reason[160];  /* not forwarded: what follows "not forwarded: " */
    char detail[240];  /* not forwarded: the library's reason, for standard error */
} cli_fwd;

/* Parses data (default limits, strict), validates it as a proxy (RFC 3261
 * §16.3: schemes sip, sips, tel; no extension) and forwards it: a request
 * with sipr_proxy_forward, a response with sipr_proxy_response. r->out
 * points to a static buffer, valid until the next call. */
void cli_forward(const char *data, size_t len, const sipr_proxy *p, cli_fwd *r);

/* The default directory of `siprove demo`, relative to the repository root. */
#define CLI_DEMO_DIR "tests/corpus/rfc3261"

#endif /* SIPROVE_CLI_H */
