/* What the harnesses share.
 *
 * FAIL(fmt, ...): a harness found a broken contract or invariant: say which
 * (prefixed with FUZZ_NAME, which the harness defines before including this)
 * and abort(), so that AFL++ and libFuzzer record the input as a crash. */
#ifndef SIPR_FUZZ_FAIL_H
#define SIPR_FUZZ_FAIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                \
    do {                                                         \
        fprintf(stderr, "%s: contract violation: ", FUZZ_NAME);  \
        fprintf(stderr, __VA_ARGS__);                            \
        fprintf(stderr, "\n");                                   \
        abort();                                                 \
    } while (0)

/* A heap copy of data[0 .. len) of exactly len bytes (one byte when len is 0),
 * so that ASan reports a read past the end; NULL when out of memory. The
 * harnesses hand the library such copies, never the fuzzer's own buffer. */
static inline char *exact_copy(const void *data, size_t len)
{
    char *c = (char *)malloc(len ? len : 1u);
    if (c != NULL && len != 0)
        memcpy(c, data, len);
    return c;
}

#endif
