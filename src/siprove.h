/* siprove: a formally verified SIP (RFC 3261) message codec.
 *
 * Public API. Everything is zero-copy and allocation-free: the caller owns the
 * input buffer and a fixed-capacity sipr_msg; every parsed field is a span
 * (offset, length) into the caller's buffer. See README.md for the guarantees.
 */
#ifndef SIPROVE_H
#define SIPROVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version (CHANGELOG.md). The Makefile reads MAJOR, MINOR and PATCH for
 * the shared library (libsiprove.so.MAJOR) and siprove.pc; keep the string
 * equal to them (tests/install.sh checks it). */
#define SIPR_VERSION_MAJOR 0
#define SIPR_VERSION_MINOR 1
#define SIPR_VERSION_PATCH 0
#define SIPR_VERSION_STRING "0.1.0"

/* ---- Compile-time maxima of the message capacities -----------------------
 * A sipr_msg holds arrays of these sizes; sipr_limits lowers them at run time.
 * Override with -DSIPR_MAX_HEADERS=... when vendoring. */
#ifndef SIPR_MAX_HEADERS
#define SIPR_MAX_HEADERS 64
#endif
#ifndef SIPR_MAX_VIAS
#define SIPR_MAX_VIAS 16
#endif
#ifndef SIPR_MAX_CONTACTS
#define SIPR_MAX_CONTACTS 16
#endif
#ifndef SIPR_MAX_PARAMS
#define SIPR_MAX_PARAMS 128
#endif
/* Largest message the parser accepts at all (16 MiB); spans are 32-bit. */
#define SIPR_MAX_MSG_LEN 0x01000000u

/* "No such index" for header chains and first-of-kind lookups. */
#define SIPR_NONE 0xFFFFu

/* ---- Spans ---------------------------------------------------------------
 * A span is (off, len) into the buffer given to sipr_parse. len == 0 means the
 * field is absent (every field the grammar records is at least one byte). */
typedef struct {
    uint32_t off;
    uint32_t len;
} sipr_span;

/* A run of generic parameters in sipr_msg.param: param[first .. first+count). */
typedef struct {
    uint16_t first;
    uint16_t count;
} sipr_plist;

/* One generic parameter `name[=value]`; value.len == 0 when there is no value. */
typedef struct {
    sipr_span name;
    sipr_span value;
} sipr_param;

/* ---- Status codes ---------------------------------------------------------
 * Every rejection is a code, a human reason (sipr_strerror) and a byte offset
 * (sipr_msg.err_off). Codes are stable: new ones are only appended. */
typedef enum {
    SIPR_OK = 0,
    SIPR_E_ARG,              /* bad argument (limits above the compiled maxima) */
    SIPR_E_TOO_LONG,         /* message longer than limits.max_msg_len */
    SIPR_E_EMPTY,            /* no bytes at all */
    SIPR_E_START_LINE,       /* malformed Request-Line or Status-Line */
    SIPR_E_VERSION,          /* malformed SIP-Version */
    SIPR_E_STATUS_CODE,      /* malformed Status-Code */
    SIPR_E_REQUEST_URI,      /* malformed Request-URI */
    SIPR_E_HEADER_NAME,      /* malformed header name or missing colon */
    SIPR_E_HEADER_VALUE,     /* control character in a header value */
    SIPR_E_LINE_END,         /* CR not followed by LF, or bare LF */
    SIPR_E_TRUNCATED,        /* input ends before the empty line after the headers */
    SIPR_E_VIA,              /* malformed Via value */
    SIPR_E_FROM,             /* malformed From value */
    SIPR_E_TO,               /* malformed To value */
    SIPR_E_CALL_ID,          /* malformed Call-ID value */
    SIPR_E_CSEQ,             /* malformed CSeq value */
    SIPR_E_MAX_FORWARDS,     /* malformed Max-Forwards value */
    SIPR_E_CONTENT_LENGTH,   /* malformed Content-Length value */
    SIPR_E_CONTACT,          /* malformed Contact value */
    SIPR_E_URI,              /* malformed URI inside a header */
    SIPR_E_NUMBER_RANGE,     /* a number does not fit its field */
    SIPR_E_TOO_MANY_HEADERS, /* more header lines than limits.max_headers */
    SIPR_E_TOO_MANY_VIAS,    /* more Via entries than limits.max_vias */
    SIPR_E_TOO_MANY_CONTACTS,/* more Contact entries than limits.max_contacts */
    SIPR_E_TOO_MANY_PARAMS,  /* more parameters than limits.max_params */
    SIPR_E_INTERNAL,         /* the final check of a result failed (a siprove bug: report it) */
    SIPR_STATUS__COUNT
} sipr_status;

/* The human reason for a status code; never NULL. */
const char *sipr_strerror(sipr_status code);

/* ---- Limits ---------------------------------------------------------------- */
typedef struct {
    uint32_t max_msg_len;   /* <= SIPR_MAX_MSG_LEN */
    uint16_t max_headers;   /* <= SIPR_MAX_HEADERS */
    uint16_t max_vias;      /* <= SIPR_MAX_VIAS */
    uint16_t max_contacts;  /* <= SIPR_MAX_CONTACTS */
    uint16_t max_params;    /* <= SIPR_MAX_PARAMS */
} sipr_limits;

/* The compiled maxima, and 65,535 bytes (the largest UDP datagram) per message. */
sipr_limits sipr_limits_default(void);

/* ---- Header kinds ------------------------------------------------------------ */
typedef enum {
    SIPR_H_OTHER = 0,        /* kept as (name, raw value) */
    SIPR_H_VIA,              /* Via, v */
    SIPR_H_FROM,             /* From, f */
    SIPR_H_TO,               /* To, t */
    SIPR_H_CALL_ID,          /* Call-ID, i */
    SIPR_H_CSEQ,             /* CSeq */
    SIPR_H_MAX_FORWARDS,     /* Max-Forwards */
    SIPR_H_CONTENT_LENGTH,   /* Content-Length, l */
    SIPR_H_CONTACT,          /* Contact, m */
    SIPR_H__COUNT
} sipr_header_kind;

/* Canonical (long-form) name of a header kind; "" for SIPR_H_OTHER. */
const char *sipr_header_name(sipr_header_kind kind);

/* One header line: name and value as written (value without the leading and
 * trailing white space; a folded value keeps its inner CRLF SP sequences). */
typedef struct {
    sipr_span name;
    sipr_span value;
    uint16_t kind;           /* sipr_header_kind */
    uint16_t next;           /* next header line of the same kind, or SIPR_NONE */
} sipr_header;

/* ---- URIs (RFC 3261 §19.1, RFC 2396 absoluteURI) ------------------------- */
typedef enum { SIPR_URI_NONE = 0, SIPR_URI_SIP, SIPR_URI_SIPS, SIPR_URI_OTHER } sipr_uri_scheme;
typedef enum { SIPR_HOST_NONE = 0, SIPR_HOST_NAME, SIPR_HOST_IPV4, SIPR_HOST_IPV6 } sipr_host_kind;

typedef struct {
    uint8_t scheme;          /* sipr_uri_scheme */
    uint8_t host_kind;       /* sipr_host_kind */
    uint16_t port;           /* port number, 0 when absent */
    sipr_span scheme_name;   /* "sip", "sips", "mailto", ... */
    sipr_span user;          /* userinfo user (escapes not decoded) */
    sipr_span password;
    sipr_span host;          /* hostname, IPv4address or IPv6reference with brackets */
    sipr_span port_text;
    sipr_span opaque;        /* for SIPR_URI_OTHER: everything after the colon */
    sipr_plist params;       /* uri-parameters (;name=value) */
    sipr_plist headers;      /* URI headers (?name=value&...) */
} sipr_uri;

/* ---- Structured headers ------------------------------------------------------- */

/* One via-parm (RFC 3261 §20.42). */
typedef struct {
    sipr_span protocol_name; /* "SIP" */
    sipr_span protocol_version; /* "2.0" */
    sipr_span transport;     /* "UDP", "TCP", ... */
    sipr_span host;          /* sent-by host (IPv6 with brackets) */
    sipr_span port_text;
    sipr_span branch;
    sipr_span received;
    sipr_span rport;         /* value of rport, absent when rport has no value */
    sipr_span maddr;
    sipr_span ttl;
    sipr_plist params;       /* every other via-extension */
    uint16_t port;           /* sent-by port, 0 when absent */
    uint8_t host_kind;       /* sipr_host_kind */
    uint8_t has_rport;       /* 1 when an rport parameter is present */
    uint16_t header;         /* index of the header line it came from */
} sipr_via;

/* From, To and one Contact entry: name-addr or addr-spec, then params. */
typedef struct {
    sipr_span display;       /* display-name as written (quoted-string with quotes) */
    sipr_span uri_text;      /* the addr-spec */
    sipr_uri uri;
    sipr_span tag;           /* tag parameter (From, To) */
    sipr_span expires;       /* expires parameter (Contact) */
    sipr_span q;             /* q parameter (Contact) */
    sipr_plist params;       /* every other parameter */
    uint16_t header;         /* index of the header line, SIPR_NONE when absent */
} sipr_name_addr;

/* ---- The message ----------------------------------------------------------------- */
typedef enum { SIPR_MSG_NONE = 0, SIPR_MSG_REQUEST, SIPR_MSG_RESPONSE } sipr_msg_type;

typedef struct {
    sipr_limits limits;      /* set by sipr_msg_init */
    uint32_t len;            /* length of the buffer that was parsed */
    uint8_t type;            /* sipr_msg_type */
    uint8_t contact_star;    /* Contact: * */
    uint8_t has_max_forwards;
    uint8_t has_content_length;
    uint16_t status_code;    /* responses */
    sipr_status err;         /* status of the last parse */
    uint32_t err_off;        /* byte offset of the error, <= len */

    /* start line */
    sipr_span method;        /* requests */
    sipr_span request_uri;   /* requests: as written */
    sipr_uri ruri;           /* requests: parsed */
    sipr_span version;       /* "SIP/2.0" */
    sipr_span status_text;   /* responses: the Status-Code digits */
    sipr_span reason;        /* responses: Reason-Phrase (may be empty) */

    /* well-known single-valued headers (first instance) */
    sipr_name_addr from;
    sipr_name_addr to;
    sipr_span call_id;
    uint32_t cseq_number;
    sipr_span cseq_method;
    uint32_t max_forwards;
    uint32_t content_length;

    sipr_span body;          /* everything after the empty line */

    /* header lines, in order, and the first line of each kind */
    uint16_t n_headers;
    uint16_t first[SIPR_H__COUNT];   /* first line of each kind, or SIPR_NONE */
    uint16_t last[SIPR_H__COUNT];    /* last line of each kind, or SIPR_NONE */
    sipr_header headers[SIPR_MAX_HEADERS];

    /* Via entries, in order (all Via lines, comma lists expanded) */
    uint16_t n_vias;
    sipr_via vias[SIPR_MAX_VIAS];

    /* Contact entries, in order */
    uint16_t n_contacts;
    sipr_name_addr contacts[SIPR_MAX_CONTACTS];

    /* pool of generic parameters referenced by sipr_plist fields */
    uint16_t n_params;
    sipr_param params[SIPR_MAX_PARAMS];
} sipr_msg;

/* Prepare msg for parsing with the given limits (NULL: sipr_limits_default()).
 * Returns SIPR_E_ARG when a limit exceeds its compiled maximum. */
sipr_status sipr_msg_init(sipr_msg *msg, const sipr_limits *limits);

/* Parse one complete SIP message (a datagram: the body is the rest of buf).
 * On SIPR_OK every span of msg lies inside [0, len) and every count is within
 * its limit. On error, msg->err is the code and msg->err_off (<= len) the
 * offset of the first byte that could not be accepted; other fields are not
 * meaningful. Reads only buf[0 .. len-1]; writes only *msg. */
sipr_status sipr_parse(const char *buf, size_t len, sipr_msg *msg);

/* ---- Semantic checks (separate from syntax) --------------------------------- */
typedef enum {
    SIPR_V_OK = 0,
    SIPR_V_MISSING_VIA,
    SIPR_V_MISSING_TO,
    SIPR_V_MISSING_FROM,
    SIPR_V_MISSING_CALL_ID,
    SIPR_V_MISSING_CSEQ,
    SIPR_V_MISSING_MAX_FORWARDS,
    SIPR_V_CSEQ_METHOD_MISMATCH,
    SIPR_V_CONTENT_LENGTH_MISMATCH,
    SIPR_V_NOT_PARSED,       /* msg is not the result of a successful sipr_parse of buf */
    SIPR_VERDICT__COUNT
} sipr_verdict_code;

typedef struct {
    sipr_verdict_code code;  /* SIPR_V_OK when the message passes */
    uint16_t response;       /* the response an element should send (400, ...), 0 when OK */
} sipr_verdict;

/* Semantic checks of a successfully parsed message (RFC 3261 §8.1.1, §8.2,
 * §18.3): mandatory headers, CSeq method equal to the request method,
 * Content-Length equal to the body length. */
sipr_verdict sipr_validate(const char *buf, size_t len, const sipr_msg *msg);

/* The human reason for a verdict code; never NULL. */
const char *sipr_verdict_reason(sipr_verdict_code code);

#ifdef __cplusplus
}
#endif
#endif /* SIPROVE_H */
