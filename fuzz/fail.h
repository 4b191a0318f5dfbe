/* FAIL(fmt, ...): a harness found a broken contract or invariant: say which
 * (prefixed with FUZZ_NAME, which the harness defines before including this)
 * and abort(), so that AFL++ and libFuzzer record the input as a crash. */
#ifndef SIPR_FUZZ_FAIL_H
#define SIPR_FUZZ_FAIL_H

#include <stdio.h>
#include <stdlib.h>

#define FAIL(...)                                                \
    do {                                                         \
        fprintf(stderr, "%s: contract violation: ", FUZZ_NAME);  \
        fprintf(stderr, __VA_ARGS__);                            \
        fprintf(stderr, "\n");                                   \
        abort();                                                 \
    } while (0)

#endif
