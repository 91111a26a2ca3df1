// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercall status codes to errno values and names.
 *
 * The mapping, and why:
 *
 *   status                                     errno        reason
 *   SUCCESS                                    0
 *   INVALID_HYPERCALL_CODE, _INPUT,            -EINVAL      we built a bad
 *   INVALID_ALIGNMENT, INVALID_PARAMETER,                   call: a bug on
 *   UNKNOWN_PROPERTY, PARTITION_TOO_DEEP,                   our side, not
 *   INVALID_PARTITION_ID, INVALID_VP_INDEX,                 a transient
 *   INVALID_LP_INDEX, INVALID_REGISTER_VALUE,               condition
 *   INVALID_SAVE_RESTORE_STATE,
 *   INVALID_PROXIMITY_DOMAIN_INFO,
 *   CPUID_(XSAVE_)FEATURE_VALIDATION_ERROR,
 *   PAGE_REQUEST_INVALID
 *   PROPERTY_VALUE_OUT_OF_RANGE                -ERANGE
 *   ACCESS_DENIED                              -EACCES      partition lacks
 *                                                           the privilege
 *   OPERATION_DENIED,                          -EPERM       not allowed in
 *   NOT_ALLOWED_WITH_NESTED_VIRT_ACTIVE                     this state
 *   INSUFFICIENT_MEMORY,                       -ENOMEM      hypervisor pool
 *   INSUFFICIENT_CONTIGUOUS_MEMORY                          exhausted
 *   INSUFFICIENT_BUFFERS, INSUFFICIENT_BUFFER  -ENOBUFS     message buffers
 *                                                           full; retry
 *   INVALID_PORT_ID, INVALID_CONNECTION_ID     -ENXIO       nobody listens
 *                                                           on that id
 *   NOT_FOUND                                  -ENOENT
 *   NO_DATA                                    -ENODATA
 *   INVALID_PARTITION_STATE, INVALID_VP_STATE, -EBUSY       object is in
 *   INVALID_SYNIC_STATE, OBJECT_IN_USE,                     the wrong state
 *   INVALID_VTL_STATE, INVALID_DEVICE_STATE,                for now
 *   PENDING_PAGE_REQUESTS
 *   NOT_ACKNOWLEDGED, NO_RESOURCES             -EAGAIN      try again later
 *   ACKNOWLEDGED, VTL_ALREADY_ENABLED          -EALREADY
 *   CALL_PENDING                               -EINPROGRESS
 *   TIME_OUT, PROCESSOR_STARTUP_TIMEOUT        -ETIMEDOUT
 *   FEATURE_UNAVAILABLE,                       -EOPNOTSUPP  the platform
 *   PROCESSOR_FEATURE_NOT_SUPPORTED,                        cannot do it
 *   PROCESSOR_CACHE_LINE_FLUSH_SIZE_INCOMPATIBLE,
 *   INCOMPATIBLE_PROCESSOR, SMX_ENABLED,
 *   NX_NOT_DETECTED
 *   INSUFFICIENT_DEVICE_DOMAINS                -ENOSPC
 *   INVALID_DEVICE_ID                          -ENODEV
 *   PARTIAL_PACKET                             -EMSGSIZE
 *   INACTIVE, OPERATION_FAILED, anything else  -EIO
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "status.h"

struct hvcore_status_desc {
	u16 status;
	int err;
	const char *name;
};

#define HVCORE_ST(code, errno_val) \
	{ HVCORE_STATUS_##code, errno_val, "HV_STATUS_" #code }

static const struct hvcore_status_desc hvcore_status_table[] = {
	HVCORE_ST(SUCCESS, 0),
	HVCORE_ST(INVALID_HYPERCALL_CODE, -EINVAL),
	HVCORE_ST(INVALID_HYPERCALL_INPUT, -EINVAL),
	HVCORE_ST(INVALID_ALIGNMENT, -EINVAL),
	HVCORE_ST(INVALID_PARAMETER, -EINVAL),
	HVCORE_ST(ACCESS_DENIED, -EACCES),
	HVCORE_ST(INVALID_PARTITION_STATE, -EBUSY),
	HVCORE_ST(OPERATION_DENIED, -EPERM),
	HVCORE_ST(UNKNOWN_PROPERTY, -EINVAL),
	HVCORE_ST(PROPERTY_VALUE_OUT_OF_RANGE, -ERANGE),
	HVCORE_ST(INSUFFICIENT_MEMORY, -ENOMEM),
	HVCORE_ST(PARTITION_TOO_DEEP, -EINVAL),
	HVCORE_ST(INVALID_PARTITION_ID, -EINVAL),
	HVCORE_ST(INVALID_VP_INDEX, -EINVAL),
	HVCORE_ST(NOT_FOUND, -ENOENT),
	HVCORE_ST(INVALID_PORT_ID, -ENXIO),
	HVCORE_ST(INVALID_CONNECTION_ID, -ENXIO),
	HVCORE_ST(INSUFFICIENT_BUFFERS, -ENOBUFS),
	HVCORE_ST(NOT_ACKNOWLEDGED, -EAGAIN),
	HVCORE_ST(INVALID_VP_STATE, -EBUSY),
	HVCORE_ST(ACKNOWLEDGED, -EALREADY),
	HVCORE_ST(INVALID_SAVE_RESTORE_STATE, -EINVAL),
	HVCORE_ST(INVALID_SYNIC_STATE, -EBUSY),
	HVCORE_ST(OBJECT_IN_USE, -EBUSY),
	HVCORE_ST(INVALID_PROXIMITY_DOMAIN_INFO, -EINVAL),
	HVCORE_ST(NO_DATA, -ENODATA),
	HVCORE_ST(INACTIVE, -EIO),
	HVCORE_ST(NO_RESOURCES, -EAGAIN),
	HVCORE_ST(FEATURE_UNAVAILABLE, -EOPNOTSUPP),
	HVCORE_ST(PARTIAL_PACKET, -EMSGSIZE),
	HVCORE_ST(PROCESSOR_FEATURE_NOT_SUPPORTED, -EOPNOTSUPP),
	HVCORE_ST(PROCESSOR_CACHE_LINE_FLUSH_SIZE_INCOMPATIBLE, -EOPNOTSUPP),
	HVCORE_ST(INSUFFICIENT_BUFFER, -ENOBUFS),
	HVCORE_ST(INCOMPATIBLE_PROCESSOR, -EOPNOTSUPP),
	HVCORE_ST(INSUFFICIENT_DEVICE_DOMAINS, -ENOSPC),
	HVCORE_ST(CPUID_FEATURE_VALIDATION_ERROR, -EINVAL),
	HVCORE_ST(CPUID_XSAVE_FEATURE_VALIDATION_ERROR, -EINVAL),
	HVCORE_ST(PROCESSOR_STARTUP_TIMEOUT, -ETIMEDOUT),
	HVCORE_ST(SMX_ENABLED, -EOPNOTSUPP),
	HVCORE_ST(INVALID_LP_INDEX, -EINVAL),
	HVCORE_ST(INVALID_REGISTER_VALUE, -EINVAL),
	HVCORE_ST(INVALID_VTL_STATE, -EBUSY),
	HVCORE_ST(NX_NOT_DETECTED, -EOPNOTSUPP),
	HVCORE_ST(INVALID_DEVICE_ID, -ENODEV),
	HVCORE_ST(INVALID_DEVICE_STATE, -EBUSY),
	HVCORE_ST(PENDING_PAGE_REQUESTS, -EBUSY),
	HVCORE_ST(PAGE_REQUEST_INVALID, -EINVAL),
	HVCORE_ST(OPERATION_FAILED, -EIO),
	HVCORE_ST(NOT_ALLOWED_WITH_NESTED_VIRT_ACTIVE, -EPERM),
	HVCORE_ST(INSUFFICIENT_CONTIGUOUS_MEMORY, -ENOMEM),
	HVCORE_ST(TIME_OUT, -ETIMEDOUT),
	HVCORE_ST(CALL_PENDING, -EINPROGRESS),
	HVCORE_ST(VTL_ALREADY_ENABLED, -EALREADY),
};

static const struct hvcore_status_desc *hvcore_status_find(u16 status)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvcore_status_table); i++)
		if (hvcore_status_table[i].status == status)
			return &hvcore_status_table[i];
	return NULL;
}

/**
 * hvcore_status_to_errno() - map a hypercall status to a negative errno
 * @status: status field of a hypercall result (see hvcore_hc_status())
 *
 * The table at the top of this file lists the mapping.  Codes this file
 * does not know, including ones a future host might invent, give -EIO.
 *
 * Context: any context; no locking, no allocation.
 *
 * Return: 0 for HV_STATUS_SUCCESS, otherwise a negative errno.
 */
int hvcore_status_to_errno(u16 status)
{
	const struct hvcore_status_desc *d = hvcore_status_find(status);

	return d ? d->err : -EIO;
}

/**
 * hvcore_status_name() - name of a hypercall status, for log messages
 * @status: status field of a hypercall result
 *
 * Context: any context; no locking, no allocation.
 *
 * Return: the TLFS name, e.g. "HV_STATUS_INVALID_PARAMETER", or
 * "HV_STATUS_UNKNOWN" for a code this file does not know.  The string is
 * static and never NULL.
 */
const char *hvcore_status_name(u16 status)
{
	const struct hvcore_status_desc *d = hvcore_status_find(status);

	return d ? d->name : "HV_STATUS_UNKNOWN";
}
