// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test runner: runs every registered test, or those whose name
 * contains one of the command-line arguments, and ends with the line
 * "unit: N passed, N failed".  Exit status is 0 only if at least one test
 * ran and none failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

static struct unit_test *unit_tests;

/* State of the test that is running */
static const struct unit_test *unit_cur;
static unsigned long unit_cur_checks;
static bool unit_cur_failed;

void unit_register(struct unit_test *t)
{
	struct unit_test **pos = &unit_tests;

	/* Keep the list in source order: by file, then by line. */
	while (*pos) {
		int c = strcmp((*pos)->file, t->file);

		if (c > 0 || (c == 0 && (*pos)->line > t->line))
			break;
		pos = &(*pos)->next;
	}
	t->next = *pos;
	*pos = t;
}

static void unit_fail(const char *expr, const char *file, int line)
{
	/* Report the first failure of a test only; later ones follow from it. */
	if (!unit_cur_failed)
		printf("FAIL %s: %s:%d %s\n", unit_cur->name, file, line, expr);
	unit_cur_failed = true;
}

bool unit_check(bool ok, const char *expr, const char *file, int line)
{
	unit_cur_checks++;
	if (!ok)
		unit_fail(expr, file, line);
	return ok;
}

bool unit_check_u64(unsigned long long got, unsigned long long want,
		    const char *expr, const char *file, int line)
{
	bool first = !unit_cur_failed;

	if (unit_check(got == want, expr, file, line))
		return true;
	if (first)
		printf("    got 0x%llx, want 0x%llx\n", got, want);
	return false;
}

bool unit_check_s64(long long got, long long want,
		    const char *expr, const char *file, int line)
{
	bool first = !unit_cur_failed;

	if (unit_check(got == want, expr, file, line))
		return true;
	if (first)
		printf("    got %lld, want %lld\n", got, want);
	return false;
}

bool unit_check_str(const char *got, const char *want,
		    const char *expr, const char *file, int line)
{
	bool first = !unit_cur_failed;
	bool ok = (got && want) ? !strcmp(got, want) : got == want;

	if (unit_check(ok, expr, file, line))
		return true;
	if (first)
		printf("    got \"%s\", want \"%s\"\n",
		       got ? got : "(null)", want ? want : "(null)");
	return false;
}

static bool unit_selected(const struct unit_test *t, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (strstr(t->name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned long passed = 0, failed = 0;
	struct unit_test *t;

	setvbuf(stdout, NULL, _IOLBF, 0);

	for (t = unit_tests; t; t = t->next) {
		if (!unit_selected(t, argc, argv))
			continue;

		unit_cur = t;
		unit_cur_checks = 0;
		unit_cur_failed = false;
		t->fn();

		if (!unit_cur_failed && !unit_cur_checks)
			unit_fail("(test made no assertion)", t->file, t->line);
		if (unit_cur_failed) {
			failed++;
		} else {
			printf("PASS %s\n", t->name);
			passed++;
		}
	}

	if (!passed && !failed)
		fprintf(stderr, "unit: no test matched\n");
	printf("unit: %lu passed, %lu failed\n", passed, failed);
	return (failed || !passed) ? 1 : 0;
}
