/* siprove CLI: a small streaming JSON writer and the JSON form of a parsed
 * message. Part of the command-line tool only, not of the library: it uses
 * stdio and never allocates. The schema is documented in docs/json.md. */
#ifndef SIPROVE_CLI_JSON_H
#define SIPROVE_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "siprove.h"

/* Deepest nesting the writer tracks; the message schema needs 7. */
#define JSON_MAX_DEPTH 32

/* Pretty-printing writer: 2-space indent, "key": value, like
 * `python3 -m json.tool`. Each value call takes the member name (key) when
 * the enclosing container is an object, and NULL inside an array or at the
 * top level. A compact writer (json_init_compact) writes the same values on
 * one line, members separated by ", " (like Python's json.dumps). */
typedef struct {
    FILE *out;
    unsigned depth;
    int compact;
    unsigned char has_items[JSON_MAX_DEPTH + 1];
} json_writer;

void json_init(json_writer *w, FILE *out);
void json_init_compact(json_writer *w, FILE *out);
void json_object_begin(json_writer *w, const char *key);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w, const char *key);
void json_array_end(json_writer *w);
void json_null(json_writer *w, const char *key);
void json_bool(json_writer *w, const char *key, int value);
void json_uint(json_writer *w, const char *key, unsigned long value);
/* A value the caller has already written as JSON text (a number such as
 * "1795300000.123456"); written as it is. */
void json_raw(json_writer *w, const char *key, const char *text);
/* A NUL-terminated string. */
void json_string(json_writer *w, const char *key, const char *s);
/* n bytes as a JSON string: valid UTF-8 passes through, '"', '\\' and
 * control characters are escaped, and every byte that is not part of a valid
 * UTF-8 sequence is written as \u00XX (that is, read as Latin-1). */
void json_bytes(json_writer *w, const char *key, const char *s, size_t n);
/* Ends the document with a newline. */
void json_finish(json_writer *w);

/* Stable names of the library's codes ("SIPR_E_VIA", "SIPR_V_MISSING_TO"),
 * "unknown" for a code this tool does not know. */
const char *json_status_name(sipr_status code);
const char *json_verdict_name(sipr_verdict_code code);

/* The message parsed from buf[0 .. len-1] (sipr_parse returned SIPR_OK) and
 * its verdict, as one JSON object (docs/json.md). Returns the number of spans
 * or parameter runs that broke the library's contract (out of bounds); they
 * are printed as null, and the caller should report an internal error. */
unsigned long json_write_message(FILE *out, const char *buf, size_t len,
                                 const sipr_msg *msg, const sipr_verdict *verdict);

/* {"error": {"code": ..., "reason": ..., "offset": ...}} */
void json_write_error(FILE *out, sipr_status code, unsigned long offset);

#endif /* SIPROVE_CLI_JSON_H */
