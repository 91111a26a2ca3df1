// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of hv_core/status.c: every status the TLFS defines has its name
 * and a negative errno, success is 0, and anything else is -EIO and
 * "HV_STATUS_UNKNOWN".
 */
#include <errno.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "status.h"

/* Kernel error pointers and return values stay within -4095..-1. */
#define MAX_ERRNO	4095

#define KNOWN(code)	{ HVCORE_STATUS_##code, "HV_STATUS_" #code }

/* Written from the TLFS appendix, independently of the table in status.c */
static const struct {
	u16 status;
	const char *name;
} known[] = {
	KNOWN(SUCCESS),
	KNOWN(INVALID_HYPERCALL_CODE),
	KNOWN(INVALID_HYPERCALL_INPUT),
	KNOWN(INVALID_ALIGNMENT),
	KNOWN(INVALID_PARAMETER),
	KNOWN(ACCESS_DENIED),
	KNOWN(INVALID_PARTITION_STATE),
	KNOWN(OPERATION_DENIED),
	KNOWN(UNKNOWN_PROPERTY),
	KNOWN(PROPERTY_VALUE_OUT_OF_RANGE),
	KNOWN(INSUFFICIENT_MEMORY),
	KNOWN(PARTITION_TOO_DEEP),
	KNOWN(INVALID_PARTITION_ID),
	KNOWN(INVALID_VP_INDEX),
	KNOWN(NOT_FOUND),
	KNOWN(INVALID_PORT_ID),
	KNOWN(INVALID_CONNECTION_ID),
	KNOWN(INSUFFICIENT_BUFFERS),
	KNOWN(NOT_ACKNOWLEDGED),
	KNOWN(INVALID_VP_STATE),
	KNOWN(ACKNOWLEDGED),
	KNOWN(INVALID_SAVE_RESTORE_STATE),
	KNOWN(INVALID_SYNIC_STATE),
	KNOWN(OBJECT_IN_USE),
	KNOWN(INVALID_PROXIMITY_DOMAIN_INFO),
	KNOWN(NO_DATA),
	KNOWN(INACTIVE),
	KNOWN(NO_RESOURCES),
	KNOWN(FEATURE_UNAVAILABLE),
	KNOWN(PARTIAL_PACKET),
	KNOWN(PROCESSOR_FEATURE_NOT_SUPPORTED),
	KNOWN(PROCESSOR_CACHE_LINE_FLUSH_SIZE_INCOMPATIBLE),
	KNOWN(INSUFFICIENT_BUFFER),
	KNOWN(INCOMPATIBLE_PROCESSOR),
	KNOWN(INSUFFICIENT_DEVICE_DOMAINS),
	KNOWN(CPUID_FEATURE_VALIDATION_ERROR),
	KNOWN(CPUID_XSAVE_FEATURE_VALIDATION_ERROR),
	KNOWN(PROCESSOR_STARTUP_TIMEOUT),
	KNOWN(SMX_ENABLED),
	KNOWN(INVALID_LP_INDEX),
	KNOWN(INVALID_REGISTER_VALUE),
	KNOWN(INVALID_VTL_STATE),
	KNOWN(NX_NOT_DETECTED),
	KNOWN(INVALID_DEVICE_ID),
	KNOWN(INVALID_DEVICE_STATE),
	KNOWN(PENDING_PAGE_REQUESTS),
	KNOWN(PAGE_REQUEST_INVALID),
	KNOWN(OPERATION_FAILED),
	KNOWN(NOT_ALLOWED_WITH_NESTED_VIRT_ACTIVE),
	KNOWN(INSUFFICIENT_CONTIGUOUS_MEMORY),
	KNOWN(TIME_OUT),
	KNOWN(CALL_PENDING),
	KNOWN(VTL_ALREADY_ENABLED),
};

TEST(status_success)
{
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_SUCCESS), 0);
	CHECK_STREQ(hvcore_status_name(HVCORE_STATUS_SUCCESS),
		    "HV_STATUS_SUCCESS");
}

TEST(status_every_known_code_has_name_and_errno)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		int err = hvcore_status_to_errno(known[i].status);

		CHECK_STREQ(hvcore_status_name(known[i].status), known[i].name);
		if (known[i].status == HVCORE_STATUS_SUCCESS)
			continue;
		CHECK(err < 0);
		CHECK(err >= -MAX_ERRNO);
	}
}

/* The mappings callers rely on (hv_core and VMBus retry logic). */
TEST(status_errno_mapping)
{
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INVALID_HYPERCALL_CODE),
		  -EINVAL);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INVALID_HYPERCALL_INPUT),
		  -EINVAL);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INVALID_ALIGNMENT), -EINVAL);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INVALID_PARAMETER), -EINVAL);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_ACCESS_DENIED), -EACCES);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_OPERATION_DENIED), -EPERM);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INSUFFICIENT_MEMORY),
		  -ENOMEM);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INSUFFICIENT_BUFFERS),
		  -ENOBUFS);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INVALID_PORT_ID), -ENXIO);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_INVALID_CONNECTION_ID),
		  -ENXIO);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_TIME_OUT), -ETIMEDOUT);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_NO_RESOURCES), -EAGAIN);
	CHECK_INT(hvcore_status_to_errno(HVCORE_STATUS_OPERATION_FAILED), -EIO);
}

TEST(status_unknown)
{
	static const u16 unknown[] = {
		0x0001, 0x000F, 0x0021, 0x002F, 0x0087, 0x00FF, 0x1000, 0xFFFF,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		CHECK_INT(hvcore_status_to_errno(unknown[i]), -EIO);
		CHECK_STREQ(hvcore_status_name(unknown[i]), "HV_STATUS_UNKNOWN");
	}
}

/*
 * All 65536 codes: the implementation knows exactly the codes listed
 * above (so neither table can gain an entry the other lacks), names are
 * unique, and errno is 0 only for success.
 */
TEST(status_exhaustive)
{
	unsigned int s, i, named = 0;

	for (s = 0; s <= 0xFFFF; s++) {
		const char *name = hvcore_status_name((u16)s);
		int err = hvcore_status_to_errno((u16)s);
		bool listed = false;

		CHECK(name != NULL);
		CHECK(!strncmp(name, "HV_STATUS_", 10));
		CHECK(err <= 0 && err >= -MAX_ERRNO);
		CHECK((err == 0) == (s == HVCORE_STATUS_SUCCESS));
		for (i = 0; i < ARRAY_SIZE(known); i++)
			listed |= known[i].status == s;
		if (strcmp(name, "HV_STATUS_UNKNOWN")) {
			named++;
			CHECK(listed);
		} else {
			CHECK(!listed);
			CHECK_INT(err, -EIO);
		}
	}
	CHECK_EQ(named, ARRAY_SIZE(known));

	for (i = 0; i < ARRAY_SIZE(known); i++)
		for (s = i + 1; s < ARRAY_SIZE(known); s++)
			CHECK(known[i].status != known[s].status &&
			      strcmp(known[i].name, known[s].name));
}

/* Status taken from a full result value, reps-completed bits and all */
TEST(status_from_result_value)
{
	u64 result = 0x00000abc00000000ULL | HVCORE_STATUS_INSUFFICIENT_BUFFERS;

	CHECK_EQ(hvcore_hc_status(result), HVCORE_STATUS_INSUFFICIENT_BUFFERS);
	CHECK_INT(hvcore_status_to_errno(hvcore_hc_status(result)), -ENOBUFS);
	CHECK_STREQ(hvcore_status_name(hvcore_hc_status(result)),
		    "HV_STATUS_INSUFFICIENT_BUFFERS");
}
