// SPDX-License-Identifier: GPL-2.0
/*
 * Corpus replay without libFuzzer: feeds every file named on the command
 * line to LLVMFuzzerTestOneInput() once. `make check` uses it (with gcc and
 * ASan/UBSan) so that the committed corpora are re-run on every change.
 * Prints "PASS fuzz/<target>/replay (N inputs)"; a failing input aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	static uint8_t buf[1 << 20];
	int i;

	for (i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			printf("FAIL fuzz/%s/replay (cannot open %s)\n", argv[1], argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	if (argc < 3) {
		printf("FAIL fuzz/%s/replay (empty corpus)\n", argv[1]);
		return 1;
	}
	printf("PASS fuzz/%s/replay (%d inputs)\n", argv[1], argc - 2);
	return 0;
}
