// SPDX-License-Identifier: GPL-2.0
/*
 * File-copy requests from the host as hv_fcopy_daemon reads them (see
 * fcopyparse.h).
 *
 * START's file and directory names are UTF-16LE, each in a field of 260
 * units with its terminator inside; the daemon reads the same struct with
 * the names in UTF-8 in the same fields, so a name whose UTF-8 does not
 * fit with its NUL is refused, never cut. WRITE's fragment is at most
 * 6144 bytes and must have arrived whole: the daemon writes as many bytes
 * as the size says.
 */
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>

#include "fcopyparse.h"
#include "kvpparse.h"

/**
 * hvic_fcopy_request() - a host request for the daemon
 * @body:	the request's body
 * @len:	its bytes
 * @out:	the daemon's message (zeroed by the caller)
 * @room:	@out's size (at least sizeof(struct hvic_fcopy_data))
 * @out_len:	the daemon's message's bytes
 *
 * Return: 0; -EPROTO for a body too short for its operation, a name
 * without its terminator, empty, badly encoded or too long, a fragment
 * past its field or the body; -EOPNOTSUPP for an operation not known.
 */
int hvic_fcopy_request(const u8 *body, u32 len, u8 *out, u32 room, u32 *out_len)
{
	const struct hvic_fcopy_hdr *h = (const void *)body;
	int n;

	if (len < sizeof(*h) || room < sizeof(struct hvic_fcopy_data))
		return -EPROTO;
	switch (h->op) {
	case HVIC_FCOPY_START: {
		const struct hvic_fcopy_start *s = (const void *)body;
		struct hvic_fcopy_start *o = (void *)out;

		if (len < sizeof(*s))
			return -EPROTO;
		o->hdr = s->hdr;
		n = hvic_utf16_to_utf8(s->file_name, sizeof(s->file_name), o->file_name,
				       sizeof(o->file_name));
		if (n <= 1)
			return -EPROTO;
		n = hvic_utf16_to_utf8(s->path_name, sizeof(s->path_name), o->path_name,
				       sizeof(o->path_name));
		if (n <= 1)
			return -EPROTO;
		o->copy_flags = s->copy_flags;
		o->file_size = s->file_size;
		*out_len = sizeof(*o);
		return 0;
	}
	case HVIC_FCOPY_WRITE: {
		const struct hvic_fcopy_data *w = (const void *)body;
		struct hvic_fcopy_data *o = (void *)out;

		if (len < offsetof(struct hvic_fcopy_data, data) ||
		    w->size > HVIC_FCOPY_FRAGMENT ||
		    len - offsetof(struct hvic_fcopy_data, data) < w->size)
			return -EPROTO;
		memcpy(o, w, offsetof(struct hvic_fcopy_data, data) + w->size);
		*out_len = sizeof(*o);
		return 0;
	}
	case HVIC_FCOPY_COMPLETE:
	case HVIC_FCOPY_CANCEL:
		memcpy(out, h, sizeof(*h));
		*out_len = sizeof(*h);
		return 0;
	}
	return -EOPNOTSUPP;
}
