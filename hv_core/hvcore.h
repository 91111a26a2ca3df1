/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_core's API for the modules above it (vmbus.ko, hv_timer.ko).
 *
 * Every function here is exported with the hvcore_ prefix. The partition
 * (hypercall page, SynIC on every online CPU) is up for as long as hv_core is
 * loaded; a module that links against these symbols can therefore use them
 * from its init to its exit without further checks.
 */
#ifndef HVCORE_H
#define HVCORE_H

#include <linux/types.h>

#include "backend.h"
#include "cpuid.h"
#include "tlfs.h"

/* A SynIC message slot (TLFS "HV_MESSAGE"), 256 bytes, one per SINT per CPU */
struct hvcore_message_header {
	u32 message_type;
	u8 payload_size;
	u8 message_flags;
	u8 reserved[2];
	u64 sender;		/* port or partition ID */
} __packed;

struct hvcore_message {
	struct hvcore_message_header header;
	u64 payload[HVCORE_MESSAGE_PAYLOAD_SIZE / 8];
} __packed;

#define HVCORE_MSG_NONE			0x00000000u
#define HVCORE_MSG_TIMER_EXPIRED	0x80000010u
#define HVCORE_MSG_FLAG_PENDING		BIT(0)

/* Payload of HVCORE_MSG_TIMER_EXPIRED */
struct hvcore_timer_message {
	u32 timer_index;
	u32 reserved;
	u64 expiration_time;	/* reference time, 100 ns units */
	u64 delivery_time;
} __packed;

/* Event flags: 2048 bits per SINT per CPU (TLFS "HV_SYNIC_EVENT_FLAGS") */
#define HVCORE_EVENT_FLAGS_BITS		2048
#define HVCORE_EVENT_FLAGS_BYTES	(HVCORE_EVENT_FLAGS_BITS / 8)

/* SINT assignment inside this project */
#define HVCORE_SINT_VMBUS		2	/* the VMBus message SINT of the protocol */
#define HVCORE_SINT_TIMER		3	/* stimer expiry messages (message mode) */

const struct hvcore_info *hvcore_get_info(void);
u32 hvcore_vp_index(unsigned int cpu);

int hvcore_rdmsr(u32 msr, u64 *val);
int hvcore_wrmsr(u32 msr, u64 val);

u16 hvcore_hypercall(u16 code, const void *input, size_t in_size,
		     void *output, size_t out_size);
u16 hvcore_hypercall_rep(u16 code, u16 rep_count, size_t varhead_size,
			 const void *input, size_t in_size,
			 void *output, size_t out_rep_size, u16 *reps_done);
u16 hvcore_hypercall_fast(u16 code, u64 input1, u64 input2);
int hvcore_post_message(u32 connection_id, u32 message_type,
			const void *payload, size_t size);
int hvcore_signal_event(u32 connection_id, u16 flag_number);

/**
 * struct hvcore_sint_ops - a SINT's consumer
 * @message:	a message arrived in this CPU's slot for the SINT. Called in
 *		hard interrupt context on that CPU. @msg points into the live
 *		slot: copy what is needed before returning true; hv_core then
 *		frees the slot and signals EOM when the hypervisor has more
 *		queued. Returning false leaves the message in the slot, which
 *		holds back every later message for the SINT on that CPU (the
 *		hypervisor queues them): the consumer, out of memory for a copy,
 *		calls hvcore_synic_kick() later to be offered it again.
 *		The header fields are untrusted host data.
 * @event:	the SINT's interrupt fired on this CPU; @flags is this CPU's
 *		event-flag array for the SINT (HVCORE_EVENT_FLAGS_BITS bits),
 *		to be scanned with hvcore_event_scan(). Hard interrupt context.
 * Either may be NULL.
 */
struct hvcore_sint_ops {
	bool (*message)(const struct hvcore_message *msg, void *ctx);
	void (*event)(unsigned long *flags, void *ctx);
};

int hvcore_sint_register(unsigned int sint, const struct hvcore_sint_ops *ops, void *ctx);
void hvcore_sint_unregister(unsigned int sint);
int hvcore_synic_kick(unsigned int cpu);

unsigned int hvcore_event_scan(unsigned long *flags, unsigned int nbits,
			       void (*fn)(unsigned int bit, void *ctx), void *ctx);

/* kexec and kdump: see hv_core/shutdown.c for the context of these calls */
#define HVCORE_SHUTDOWN_KEXEC	1
#define HVCORE_SHUTDOWN_CRASH	2
struct notifier_block;
int hvcore_shutdown_notifier_register(struct notifier_block *nb);
void hvcore_shutdown_notifier_unregister(struct notifier_block *nb);
unsigned int hvcore_crash_poll_messages(unsigned int sint,
					bool (*fn)(const struct hvcore_message *msg, void *ctx),
					void *ctx);
void hvcore_crash_clear_messages(unsigned int sint);

int hvcore_stimer_irq_register(void (*handler)(void), u8 *vector);
void hvcore_stimer_irq_unregister(void);

#endif /* HVCORE_H */
