/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal unit test runner for the portable hv_core/vmbus code.
 *
 *	TEST(name) { CHECK(expr); CHECK_EQ(got, want); ... }
 *
 * Tests register themselves from constructors and run in source order.
 * Each prints "PASS <name>" or "FAIL <name>: <file>:<line> <expr>"; a test
 * that makes no assertion at all fails.  A failed CHECK returns from the
 * function it is in, so helpers that use CHECK must return void.
 */
#ifndef _UNIT_RUNNER_H
#define _UNIT_RUNNER_H

#include <stdbool.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	const char *file;
	int line;
	struct unit_test *next;
};

void unit_register(struct unit_test *t);
bool unit_check(bool ok, const char *expr, const char *file, int line);
bool unit_check_u64(unsigned long long got, unsigned long long want,
		    const char *expr, const char *file, int line);
bool unit_check_s64(long long got, long long want,
		    const char *expr, const char *file, int line);
bool unit_check_str(const char *got, const char *want,
		    const char *expr, const char *file, int line);

#define TEST(tname)							\
	static void unit_fn_##tname(void);				\
	static struct unit_test unit_t_##tname = {			\
		.name = #tname,						\
		.fn = unit_fn_##tname,					\
		.file = __FILE__,					\
		.line = __LINE__,					\
	};								\
	__attribute__((constructor)) static void unit_reg_##tname(void)	\
	{								\
		unit_register(&unit_t_##tname);				\
	}								\
	static void unit_fn_##tname(void)

#define CHECK(expr)							\
	do {								\
		if (!unit_check(!!(expr), #expr, __FILE__, __LINE__))	\
			return;						\
	} while (0)

/* Unsigned comparison, values shown in hex on failure */
#define CHECK_EQ(got, want)						\
	do {								\
		if (!unit_check_u64((unsigned long long)(got),		\
				    (unsigned long long)(want),		\
				    #got " == " #want,			\
				    __FILE__, __LINE__))		\
			return;						\
	} while (0)

/* Signed comparison (errno values), shown in decimal on failure */
#define CHECK_INT(got, want)						\
	do {								\
		if (!unit_check_s64((long long)(got), (long long)(want),	\
				    #got " == " #want,			\
				    __FILE__, __LINE__))		\
			return;						\
	} while (0)

/* String equality; NULL only equals NULL */
#define CHECK_STREQ(got, want)						\
	do {								\
		if (!unit_check_str((got), (want), #got " == " #want,	\
				    __FILE__, __LINE__))		\
			return;						\
	} while (0)

#endif /* _UNIT_RUNNER_H */
