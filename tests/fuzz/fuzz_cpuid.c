// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: hv_core/cpuid.c, the parser of the hypervisor's CPUID
 * leaves. The input is the raw register file the backend would return
 * (HVCORE_CPUID_NLEAVES leaves of EAX..EDX, little endian, zero-padded).
 *
 * Beyond what ASan/UBSan catch, it checks the parser's contract: a result of
 * 0, -ENODEV or -EINVAL only; on failure a reason; on success the Hyper-V
 * signatures; a NUL-terminated vendor; and a formatter that writes within
 * its buffer for every size and returns what it wrote.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "cpuid.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES];
	static const size_t sizes[] = { 0, 1, 7, 64, 512, 4096 };
	struct hvcore_info info;
	const char *why = NULL;
	char buf[4096 + 16];
	unsigned int i;
	int ret;

	memset(regs, 0, sizeof(regs));
	memcpy(regs, data, size < sizeof(regs) ? size : sizeof(regs));
	memset(&info, 0xa5, sizeof(info));

	ret = hvcore_cpuid_parse(regs, &info, &why);
	CHECK(ret == 0 || ret == -ENODEV || ret == -EINVAL);
	CHECK(memchr(info.vendor, '\0', sizeof(info.vendor)));
	if (ret) {
		CHECK(why && *why);
		return 0;
	}
	CHECK(!strcmp(info.vendor, "Microsoft Hv"));
	CHECK(info.interface == HVCORE_INTERFACE_HV1);
	CHECK(info.max_leaf >= 0x40000005 && info.max_leaf <= 0x4000ffff);
	CHECK(!info.has_stimer_direct || info.has_stimer);

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		int len;

		memset(buf, 0x5a, sizeof(buf));
		len = hvcore_info_format(&info, buf, n);
		CHECK(len >= 0 && (n == 0 ? len == 0 : (size_t)len < n));
		if (n)
			CHECK(buf[len] == '\0');
		CHECK(buf[n] == 0x5a);	/* nothing written past the buffer */
	}
	return 0;
}
