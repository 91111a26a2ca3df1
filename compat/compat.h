/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every object of the project (see compat/Kbuild.include).
 *
 * The project's code is written against today's upstream kernel API, under
 * upstream names. Where an older supported kernel lacks an interface, this
 * header supplies it under the same name, keyed on a HVL_HAVE_* probe result
 * from the kernel's own headers. When the oldest supported kernel gains an
 * interface, its block here is deleted and no other file changes.
 */
#ifndef HVL_COMPAT_H
#define HVL_COMPAT_H

#include <generated/utsrelease.h>

#ifdef HVL_KERNEL_UNSUPPORTED
#error "kernel " UTS_RELEASE " is outside the supported range (BUILD_EXCLUSIVE_KERNEL in dkms.conf)"
#endif

#include <linux/types.h>

#ifdef CONFIG_X86
#include <asm/msr.h>
#ifndef HVL_HAVE_RDMSRQ_SAFE
/* 6.16 renamed the 64-bit MSR accessors; the semantics are unchanged. */
#define rdmsrq_safe(msr, p)	rdmsrl_safe(msr, p)
#define wrmsrq_safe(msr, val)	wrmsrl_safe(msr, val)
#endif
#endif

#ifdef CONFIG_X86
#include <asm/cpufeature.h>
/*
 * 5.18 added kernel IBT (X86_FEATURE_IBT); before it nothing enforces ENDBR
 * landing pads on indirect calls. cpu_feature_enabled() is false where the
 * kernel was built without CONFIG_X86_KERNEL_IBT.
 */
#ifdef X86_FEATURE_IBT
#define hvl_ibt_enforced()	cpu_feature_enabled(X86_FEATURE_IBT)
#else
#define hvl_ibt_enforced()	false
#endif
#endif

#include <linux/sched/isolation.h>
#ifndef HVL_HAVE_HK_TYPE_MANAGED_IRQ
/* 5.19: the housekeeping flags became types; the managed-IRQ one is the same set. */
#define HK_TYPE_MANAGED_IRQ	HK_FLAG_MANAGED_IRQ
#endif

#include <linux/hrtimer.h>
#ifndef HVL_HAVE_HRTIMER_SETUP
/* 6.13: hrtimer_setup() initialises the timer and its callback in one call. */
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

#include <linux/timer.h>
#ifndef HVL_HAVE_TIMER_CONTAINER_OF
/* 6.16: from_timer() was renamed timer_container_of(). */
#define timer_container_of(var, timer, field)	from_timer(var, timer, field)
#endif

#if IS_ENABLED(CONFIG_HYPERV) && !defined(HVL_HAVE_HV_SETUP_VMBUS_HANDLER)
/* 5.12: the callback-vector hook lost its unused irq argument and was renamed. */
int hv_setup_vmbus_irq(int irq, void (*handler)(void));
void hv_remove_vmbus_irq(void);
static inline void hv_setup_vmbus_handler(void (*handler)(void))
{
	hv_setup_vmbus_irq(0, handler);
}

static inline void hv_remove_vmbus_handler(void)
{
	hv_remove_vmbus_irq();
}
#endif

#include <linux/kmsg_dump.h>
#ifndef HVL_HAVE_KMSG_DUMP_ITER
/*
 * 5.13 moved the read position of kmsg_dump_get_buffer() from the dumper into
 * an iterator. Before that the buffer can be read only from inside the
 * dumper's own callback, which is the one place this project reads it.
 */
struct kmsg_dump_iter {
	struct kmsg_dumper *dumper;
};
#define hvl_kmsg_dump_iter_init(iter, d)	((iter)->dumper = (d))
#define kmsg_dump_rewind(iter)			kmsg_dump_rewind((iter)->dumper)
#define kmsg_dump_get_buffer(iter, syslog, buf, size, len) \
	kmsg_dump_get_buffer((iter)->dumper, syslog, buf, size, len)
#else
#define hvl_kmsg_dump_iter_init(iter, d)	do { } while (0)
#endif

#ifndef HVL_HAVE_KMSG_DUMP_DETAIL
/* 6.13: the dump callback receives the reason inside a struct. */
struct kmsg_dump_detail {
	enum kmsg_dump_reason reason;
	const char *description;
};
#define HVL_KMSG_DUMP_CALLBACK(name, fn)					\
	static void name(struct kmsg_dumper *dumper, enum kmsg_dump_reason reason) \
	{									\
		struct kmsg_dump_detail detail = { .reason = reason };		\
		fn(dumper, &detail);						\
	}
#else
#define HVL_KMSG_DUMP_CALLBACK(name, fn)					\
	static void name(struct kmsg_dumper *dumper, struct kmsg_dump_detail *detail) \
	{									\
		fn(dumper, detail);						\
	}
#endif

#include <linux/irq_work.h>
#ifndef IRQ_WORK_INIT_HARD
/* 5.11: an irq_work that runs in hard interrupt context even on PREEMPT_RT */
#define IRQ_WORK_INIT_HARD(_func) \
	((struct irq_work){ .flags = ATOMIC_INIT(IRQ_WORK_HARD_IRQ), .func = (_func) })
#endif

#include <linux/smp.h>
#ifndef INIT_CSD
/* 5.11: initialiser of a call_single_data for smp_call_function_single_async() */
#define INIT_CSD(_csd, _func, _info)			\
	do {						\
		memset(_csd, 0, sizeof(*(_csd)));	\
		(_csd)->func = (_func);			\
		(_csd)->info = (_info);			\
	} while (0)
#endif

/*
 * Bus callbacks whose signatures changed: each macro defines a callback
 * with the running kernel's signature that calls @fn, which is written
 * against the upstream one (const pointers, void remove).
 */
#ifdef HVL_HAVE_BUS_UEVENT_CONST
#define HVL_BUS_UEVENT_CALLBACK(name, fn)					\
	static int name(const struct device *dev, struct kobj_uevent_env *env)	\
	{ return fn(dev, env); }
#else
/* 6.3: bus_type.uevent() takes a const struct device */
#define HVL_BUS_UEVENT_CALLBACK(name, fn)					\
	static int name(struct device *dev, struct kobj_uevent_env *env)	\
	{ return fn(dev, env); }
#endif

#ifdef HVL_HAVE_BUS_MATCH_CONST
#define HVL_BUS_MATCH_CALLBACK(name, fn)					\
	static int name(struct device *dev, const struct device_driver *drv)	\
	{ return fn(dev, drv); }
#else
/* 6.11: bus_type.match() takes a const struct device_driver */
#define HVL_BUS_MATCH_CALLBACK(name, fn)					\
	static int name(struct device *dev, struct device_driver *drv)		\
	{ return fn(dev, drv); }
#endif

#ifdef HVL_HAVE_BUS_REMOVE_VOID
#define HVL_BUS_REMOVE_CALLBACK(name, fn)					\
	static void name(struct device *dev) { fn(dev); }
#else
/* 5.15: bus_type.remove() returns void */
#define HVL_BUS_REMOVE_CALLBACK(name, fn)					\
	static int name(struct device *dev) { fn(dev); return 0; }
#endif

#ifdef HVL_HAVE_BUS_ATTR_CONST
#define HVL_BUS_ATTR_SHOW(name, fn)						\
	static ssize_t name(const struct bus_type *bus, char *buf)		\
	{ return fn(bus, buf); }
#else
/* 6.3: bus attributes' show() takes a const struct bus_type */
#define HVL_BUS_ATTR_SHOW(name, fn)						\
	static ssize_t name(struct bus_type *bus, char *buf)			\
	{ return fn(bus, buf); }
#endif

#include <linux/acpi.h>
#ifndef HVL_HAVE_ACPI_DEV_PARENT
/* 6.0: acpi_dev_parent() replaced the parent pointer of struct acpi_device */
static inline struct acpi_device *acpi_dev_parent(struct acpi_device *adev)
{
	return adev->parent;
}
#endif

#include <linux/page-flags.h>
#ifndef HVL_HAVE_PAGE_LARGE_KMALLOC
/* 7.x marks large kmalloc pages (then frozen: no reference count); before, they are plain compound pages */
#define PageLargeKmalloc(page)	false
#endif

#include <linux/netdevice.h>
#ifndef HVL_HAVE_NETIF_NAPI_ADD_WEIGHT
/* 6.1: netif_napi_add() takes no weight; the default one is what it uses. */
#define netif_napi_add(dev, napi, poll)	netif_napi_add(dev, napi, poll, NAPI_POLL_WEIGHT)
#endif

#ifndef HVL_HAVE_NETIF_SET_TSO_MAX_SIZE
/* 5.19: the device's largest TSO frame; before, gso_max_size was set directly. */
#define netif_set_tso_max_size(dev, size)	netif_set_gso_max_size(dev, size)
#endif

#include <linux/etherdevice.h>
#ifndef HVL_HAVE_ETH_HW_ADDR_SET
/* 5.15: drivers set the address through this helper (dev_addr became const). */
static inline void eth_hw_addr_set(struct net_device *dev, const u8 *addr)
{
	memcpy(dev->dev_addr, addr, ETH_ALEN);
}
#endif

#include <linux/ethtool.h>
#ifdef HVL_HAVE_KERNEL_ETHTOOL_RINGPARAM
#define HVL_ETHTOOL_RINGPARAM_CALLBACKS(get, set, get_fn, set_fn)			\
	static void get(struct net_device *dev, struct ethtool_ringparam *ring,		\
			struct kernel_ethtool_ringparam *kring,				\
			struct netlink_ext_ack *extack)					\
	{ get_fn(dev, ring); }								\
	static int set(struct net_device *dev, struct ethtool_ringparam *ring,		\
		       struct kernel_ethtool_ringparam *kring,				\
		       struct netlink_ext_ack *extack)					\
	{ return set_fn(dev, ring); }
#else
/* 5.17: the ring parameter callbacks gained the kernel's ring struct and extack */
#define HVL_ETHTOOL_RINGPARAM_CALLBACKS(get, set, get_fn, set_fn)			\
	static void get(struct net_device *dev, struct ethtool_ringparam *ring)	\
	{ get_fn(dev, ring); }								\
	static int set(struct net_device *dev, struct ethtool_ringparam *ring)		\
	{ return set_fn(dev, ring); }
#endif

/*
 * ethtool -x/-X callbacks: @get_fn(dev, indir, key, hfunc) and
 * @set_fn(dev, indir, key, hfunc) see plain arrays (NULL when not asked or
 * not changed) on every kernel.
 */
#ifdef HVL_HAVE_ETHTOOL_RXFH_PARAM
#define HVL_ETHTOOL_RXFH_CALLBACKS(get, set, get_fn, set_fn)				\
	static int get(struct net_device *dev, struct ethtool_rxfh_param *p)		\
	{ return get_fn(dev, p->indir, p->key, &p->hfunc); }				\
	static int set(struct net_device *dev, struct ethtool_rxfh_param *p,		\
		       struct netlink_ext_ack *extack)					\
	{ return set_fn(dev, p->indir, p->key, p->hfunc); }
#else
/* 6.8: the RSS callbacks take one struct instead of the arrays */
#define HVL_ETHTOOL_RXFH_CALLBACKS(get, set, get_fn, set_fn)				\
	static int get(struct net_device *dev, u32 *indir, u8 *key, u8 *hfunc)		\
	{ return get_fn(dev, indir, key, hfunc); }					\
	static int set(struct net_device *dev, const u32 *indir, const u8 *key,	\
		       const u8 hfunc)							\
	{ return set_fn(dev, indir, key, hfunc); }
#endif

/* the RX ring count ethtool -X checks table entries against */
#ifdef HVL_HAVE_ETHTOOL_GET_RX_RING_COUNT
#define HVL_ETHTOOL_RX_RING_COUNT(name, fn)						\
	static u32 name(struct net_device *dev) { return fn(dev); }
#define HVL_ETHTOOL_RX_RING_COUNT_OP(name)	.get_rx_ring_count = name
#else
/* between 6.12 and 7.2: get_rx_ring_count() replaced ETHTOOL_GRXRINGS in get_rxnfc() */
#define HVL_ETHTOOL_RX_RING_COUNT(name, fn)						\
	static int name(struct net_device *dev, struct ethtool_rxnfc *info, u32 *rules) \
	{										\
		if (info->cmd != ETHTOOL_GRXRINGS)					\
			return -EOPNOTSUPP;						\
		info->data = fn(dev);							\
		return 0;								\
	}
#define HVL_ETHTOOL_RX_RING_COUNT_OP(name)	.get_rxnfc = name
#endif

/* The running kernel's version, for the guest OS ID the hypervisor records. */
#include <linux/version.h>
static inline u32 hvl_kernel_version_code(void)
{
	return LINUX_VERSION_CODE;
}

#endif /* HVL_COMPAT_H */
