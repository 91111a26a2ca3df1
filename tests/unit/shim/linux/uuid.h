/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/uuid.h>: guid_t and the helpers we use. */
#ifndef _SHIM_LINUX_UUID_H
#define _SHIM_LINUX_UUID_H

#include <stdbool.h>
#include <string.h>
#include <linux/types.h>

#define UUID_SIZE 16

/* the kernel's guid_t: 16 bytes, byte aligned, little-endian first fields */
typedef struct {
	u8 b[UUID_SIZE];
} guid_t;

#define GUID_INIT(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)			\
((guid_t)								\
{{ (a) & 0xff, ((a) >> 8) & 0xff, ((a) >> 16) & 0xff, ((a) >> 24) & 0xff, \
   (b) & 0xff, ((b) >> 8) & 0xff,					\
   (c) & 0xff, ((c) >> 8) & 0xff,					\
   (d0), (d1), (d2), (d3), (d4), (d5), (d6), (d7) }})

static inline bool guid_equal(const guid_t *u1, const guid_t *u2)
{
	return memcmp(u1, u2, sizeof(guid_t)) == 0;
}

static inline bool guid_is_null(const guid_t *guid)
{
	static const guid_t null_guid;

	return guid_equal(guid, &null_guid);
}

#endif
