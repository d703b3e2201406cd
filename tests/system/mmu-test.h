/* tests/system/mmu-test.h: tiny check macros and a page-table builder
 * memory for the MMU unit tests (test-mmu-*.c). Each failed check prints
 * file:line and the two values; main returns nonzero if any failed. */
#ifndef PSERIES_TESTS_MMU_TEST_H
#define PSERIES_TESTS_MMU_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmu-common.h"

static int mt_failures;
static int mt_checks;

#define CHECK(cond) do { \
        mt_checks++; \
        if (!(cond)) { \
            mt_failures++; \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        } \
    } while (0)

#define CHECK_EQ(a, b) do { \
        uint64_t mt_a_ = (uint64_t)(a), mt_b_ = (uint64_t)(b); \
        mt_checks++; \
        if (mt_a_ != mt_b_) { \
            mt_failures++; \
            fprintf(stderr, "%s:%d: %s == %s failed: 0x%" PRIx64 " != 0x%" PRIx64 "\n", \
                    __FILE__, __LINE__, #a, #b, mt_a_, mt_b_); \
        } \
    } while (0)

static inline int mt_finish(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, mt_checks, mt_failures);
    return mt_failures ? 1 : 0;
}

/* Guest memory for page tables (big-endian doublewords). */
static inline void mt_put64(struct mmu_flat_mem *m, uint64_t gpa, uint64_t v)
{
    if (gpa + 8 > m->size) {
        fprintf(stderr, "test bug: put64 at 0x%" PRIx64 "\n", gpa);
        exit(2);
    }
    uint64_t be = __builtin_bswap64(v);
    memcpy(m->base + gpa, &be, 8);
}

static inline uint64_t mt_get64(const struct mmu_flat_mem *m, uint64_t gpa)
{
    uint64_t be;
    memcpy(&be, m->base + gpa, 8);
    return __builtin_bswap64(be);
}

#endif
