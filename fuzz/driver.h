/* The three ways a harness runs, shared by fuzz/fuzz_parse.c and
 * fuzz/fuzz_frame.c. Include it last, after defining
 *
 *   static int one_input(const uint8_t *data, size_t size);   the test of one input
 *   static void report(const char *name, size_t size);        a line after a replay
 *
 * - libFuzzer (-fsanitize=fuzzer, OSS-Fuzz): LLVMFuzzerTestOneInput;
 * - AFL++ persistent mode (afl-clang-fast defines __AFL_FUZZ_TESTCASE_LEN);
 * - otherwise (and without -DSIPR_LIBFUZZER) a main that replays the files named
 *   on the command line, or standard input, through one_input: how crashes
 *   found by either fuzzer are re-run by hand and as regression tests.
 * The harnesses may allocate: they are not the library. */
#ifndef SIPR_FUZZ_DRIVER_H
#define SIPR_FUZZ_DRIVER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)report; /* only the replaying main prints */
    return one_input(data, size);
}

#if defined(__AFL_FUZZ_TESTCASE_LEN)

#include <unistd.h> /* read(), used by the __AFL_FUZZ_TESTCASE_LEN expansion */

__AFL_FUZZ_INIT();

int main(void)
{
#ifdef __AFL_HAVE_MANUAL_CONTROL
    __AFL_INIT();
#endif
    unsigned char *tc = __AFL_FUZZ_TESTCASE_BUF; /* after __AFL_INIT, before the loop */
    while (__AFL_LOOP(10000)) {
        size_t n = (size_t)__AFL_FUZZ_TESTCASE_LEN;
        one_input(tc, n);
    }
    return 0;
}

#elif !defined(SIPR_LIBFUZZER)

/* Reads all of f (up to twice the largest message) and runs it once. */
static int replay(FILE *f, const char *name)
{
    size_t cap = 1u << 16, n = 0;
    uint8_t *data = (uint8_t *)malloc(cap);
    if (data == NULL)
        return 1;
    for (;;) {
        size_t r;
        if (n == cap) {
            uint8_t *p;
            if (cap >= (size_t)SIPR_MAX_MSG_LEN * 2u)
                break;
            p = (uint8_t *)realloc(data, cap * 2u);
            if (p == NULL) {
                free(data);
                return 1;
            }
            data = p;
            cap *= 2u;
        }
        r = fread(data + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    one_input(data, n);
    free(data);
    report(name, n);
    return 0;
}

int main(int argc, char **argv)
{
    int i, rc = 0;
    if (argc < 2)
        return replay(stdin, "<stdin>");
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            rc = 1;
            continue;
        }
        rc |= replay(f, argv[i]);
        fclose(f);
    }
    return rc;
}

#endif
#endif
