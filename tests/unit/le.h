/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Little-endian byte helpers for the unit tests that build messages at
 * the protocol's offsets (the IC tests; the older tests keep their own).
 */
#ifndef _UNIT_LE_H
#define _UNIT_LE_H

#include <linux/types.h>

static inline void put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void put32(u8 *p, u32 v)
{
	put16(p, (u16)v);
	put16(p + 2, (u16)(v >> 16));
}

static inline void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static inline u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static inline u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

static inline u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

#endif /* _UNIT_LE_H */
