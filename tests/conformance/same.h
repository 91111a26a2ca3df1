/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The comparisons every layout-conformance file makes, between one of our
 * definitions and the kernel's.
 *
 * File-scope static_assert()s, never BUILD_BUG_ON() in a function: a
 * function nobody calls is never emitted, and BUILD_BUG_ON() only fires in
 * emitted code, so such a check could not fail (tlfs_layout.c once had that
 * mistake and checked nothing).
 */
#ifndef HVL_CONFORMANCE_SAME_H
#define HVL_CONFORMANCE_SAME_H

#include <linux/build_bug.h>
#include <linux/stddef.h>

#define FSIZE(type, f)	sizeof(((type *)0)->f)

#define SAME_SIZE(ours, theirs) \
	static_assert(sizeof(ours) == sizeof(theirs), "size of " #ours " != " #theirs)

/* the same field at the same offset with the same size */
#define SAME_FIELD(ours, of, theirs, tf) \
	static_assert(offsetof(ours, of) == offsetof(theirs, tf) && \
		      FSIZE(ours, of) == FSIZE(theirs, tf), \
		      #ours "." #of " != " #theirs "." #tf)

/* a flexible array: same offset and element size */
#define SAME_ARRAY(ours, of, theirs, tf) \
	static_assert(offsetof(ours, of) == offsetof(theirs, tf) && \
		      FSIZE(ours, of[0]) == FSIZE(theirs, tf[0]), \
		      #ours "." #of "[] != " #theirs "." #tf "[]")

/* the same number (values of two different enums compare as numbers) */
#define SAME_VALUE(ours, theirs) \
	static_assert((long)(ours) == (long)(theirs), #ours " != " #theirs)

#endif /* HVL_CONFORMANCE_SAME_H */
