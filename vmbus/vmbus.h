/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbus.ko's API for device drivers (netvsc, storvsc, the IC services, the
 * echo test driver). Every exported symbol carries the vmb_ prefix, which no
 * supported kernel uses, so this module can sit beside a kernel that exports
 * the in-tree vmbus_* API.
 *
 * A driver sees devices, channels, packets, request cookies and GPADLs; it
 * never sees a ring buffer or a channel message. A channel is opaque: its
 * lifetime belongs to vmbus.ko, which keeps it alive for as long as its
 * device is bound (primary channel), or until the driver's rescind
 * callback (vmb_chan_set_rescind_cb()) has returned after a rescind
 * (sub-channel): vmbus.ko closes and frees it then, so a driver that keeps
 * a sub-channel must let go of it in that callback.
 *
 * Contexts: "process context" below means a context that may sleep and does
 * not hold a lock vmbus.ko may need (in particular not the device lock of
 * another vmbus device). Probe, remove and the sub-channel callback run in
 * process context.
 */
#ifndef VMB_VMBUS_H
#define VMB_VMBUS_H

#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct vmb_channel;

/* Packet types a driver sends or receives (the VMBus packet descriptor's type) */
#define VMB_PKT_DATA_INBAND		6
#define VMB_PKT_DATA_XFER_PAGES		7	/* received only: see struct vmb_packet.ext */
#define VMB_PKT_DATA_GPA_DIRECT		9
#define VMB_PKT_COMP			11

/**
 * struct vmb_device_id - one class of device a driver binds
 * @guid:	the class (interface type) GUID of the offer
 * @driver_data: free for the driver; handed back to probe
 *
 * A driver's table ends with an entry whose @guid is all zeroes.
 */
struct vmb_device_id {
	guid_t guid;
	unsigned long driver_data;
};

/**
 * struct vmb_device - a device on the vmbus bus: one primary channel offer
 * @dev:	the driver-model device, named by the instance GUID
 * @class_id:	the offer's interface type
 * @instance_id: the offer's interface instance
 * @vendor_id:	16-bit vendor ID (0x1414, Microsoft, for every offered class)
 * @device_id:	16-bit device ID (sysfs "device"): the kernel's number for
 *		the class (0 IDE ... 15 dynamic memory, 16 any other)
 * @channel:	the primary channel; valid from probe to the end of remove
 */
struct vmb_device {
	struct device dev;
	guid_t class_id;
	guid_t instance_id;
	u16 vendor_id;
	u16 device_id;
	struct vmb_channel *channel;
	/* private: to vmbus.ko */
	const char *driver_override;	/* under the device lock */
	struct kset *channels_kset;	/* the device's channels/ directory */
};

#define to_vmb_device(d)	container_of(d, struct vmb_device, dev)

/**
 * struct vmb_driver - a driver of vmbus devices
 * @name:	the driver's name (in sysfs and for driver_override)
 * @id_table:	the device classes it binds, ended by an all-zero GUID
 * @probe:	bind one device; process context. The driver opens the primary
 *		channel here (or later) with vmb_chan_open().
 * @remove:	unbind; process context. Runs when the driver unloads, when the
 *		device is unbound from sysfs and when the host rescinds the
 *		offer. It must close every channel it opened; after a rescind
 *		vmb_chan_open() and sending fail with -ENODEV, so the driver
 *		only has to undo its own state.
 * @shutdown:	optional, at reboot or kexec
 * @driver:	the driver-model driver (set up by vmb_driver_register())
 */
struct vmb_driver {
	const char *name;
	const struct vmb_device_id *id_table;
	int (*probe)(struct vmb_device *dev, const struct vmb_device_id *id);
	void (*remove)(struct vmb_device *dev);
	void (*shutdown)(struct vmb_device *dev);
	struct device_driver driver;
};

#define to_vmb_driver(d)	container_of(d, struct vmb_driver, driver)

int __vmb_driver_register(struct vmb_driver *drv, struct module *owner);
#define vmb_driver_register(drv)	__vmb_driver_register(drv, THIS_MODULE)
void vmb_driver_unregister(struct vmb_driver *drv);

/**
 * enum vmb_read_mode - how a channel's incoming packets reach its driver
 * @VMB_READ_DIRECT:	@on_event runs (in softirq context, on the channel's
 *			target CPU) each time the host signals; the driver
 *			reads with vmb_chan_recv(). A driver that wants to poll
 *			(NAPI style) calls vmb_chan_intr_mask() from @on_event,
 *			reads from its poller and ends with
 *			vmb_chan_intr_unmask().
 * @VMB_READ_BATCHED:	vmbus.ko masks the ring interrupt around @on_event and
 *			calls it again if packets arrived while it ran, so the
 *			host does not signal for every packet of a burst.
 */
enum vmb_read_mode {
	VMB_READ_DIRECT,
	VMB_READ_BATCHED,
};

/**
 * struct vmb_chan_config - how to open a channel
 * @send_ring_size: bytes of the guest-to-host ring, a multiple of VMB_HV_PAGE_SIZE
 * @recv_ring_size: bytes of the host-to-guest ring, a multiple of VMB_HV_PAGE_SIZE
 * @userdata:	opaque bytes for the host's OPENCHANNEL (class specific)
 * @userdata_len: at most VMB_OPEN_USERDATA_MAX
 * @on_event:	called when the host signals the channel; softirq context on
 *		the channel's target CPU, never concurrently with itself
 * @ctx:	passed to @on_event
 * @mode:	see enum vmb_read_mode
 * @max_requests: how many requests with a completion may be outstanding at
 *		once (the size of the channel's request-ID table); 0 for none
 * @on_cancel:	called by vmb_chan_close() once for every request still
 *		outstanding, with its cookie: its completion will never come
 *		(a rescind, or the driver closing first), so the driver fails
 *		and frees it. Process context, after @on_event has stopped
 *		and the host has let go of the rings, under the channel's
 *		mutex (do not call channel functions from it). May be NULL
 *		when the driver tracks its requests itself.
 * @low_latency: signal the host with HvSignalEvent even when the offer has a
 *		monitor page slot (the monitor batches signals, adding latency)
 * @on_cpu_change: called when the channel's interrupts have moved to @cpu
 *		(the sysfs cpu file, or a CPU going offline): from then on
 *		@on_event runs there. Process context, under the channel's
 *		mutex, possibly inside CPU hotplug (do not call channel
 *		functions or take the CPU hotplug lock from it). May be NULL.
 */
struct vmb_chan_config {
	u32 send_ring_size;
	u32 recv_ring_size;
	const void *userdata;
	u32 userdata_len;
	void (*on_event)(struct vmb_channel *ch, void *ctx);
	void *ctx;
	enum vmb_read_mode mode;
	u32 max_requests;
	void (*on_cancel)(struct vmb_channel *ch, void *ctx, void *req);
	bool low_latency;
	void (*on_cpu_change)(struct vmb_channel *ch, void *ctx, unsigned int cpu);
};

#define VMB_OPEN_USERDATA_MAX	120

int vmb_chan_open(struct vmb_channel *ch, const struct vmb_chan_config *cfg);
void vmb_chan_close(struct vmb_channel *ch);

u32 vmb_chan_relid(const struct vmb_channel *ch);
u16 vmb_chan_subchannel_index(const struct vmb_channel *ch);
unsigned int vmb_chan_target_cpu(const struct vmb_channel *ch);
bool vmb_chan_rescinded(const struct vmb_channel *ch);
struct vmb_device *vmb_chan_device(const struct vmb_channel *ch);
const u8 *vmb_chan_offer_userdata(const struct vmb_channel *ch);
void vmb_chan_set_drvdata(struct vmb_channel *ch, void *data);
void *vmb_chan_get_drvdata(const struct vmb_channel *ch);

/*
 * Hyper-V's page, 4 KiB whatever the kernel's PAGE_SIZE: every page frame
 * number and page offset given to the host counts in these.
 * vmb_virt_to_hv_pfn() converts a kernel address (linear map or vmalloc).
 */
#define VMB_HV_PAGE_SHIFT	12
#define VMB_HV_PAGE_SIZE	(1u << VMB_HV_PAGE_SHIFT)

u64 vmb_virt_to_hv_pfn(const void *addr);

/**
 * struct vmb_gpa_range - one range of guest memory handed to the host in a
 * GPA-direct packet
 * @len:	bytes described
 * @offset:	offset of the first byte in the first page, below VMB_HV_PAGE_SIZE
 * @pfn_count:	pages spanned, DIV_ROUND_UP(@offset + @len, VMB_HV_PAGE_SIZE)
 * @pfns:	the page frame numbers, in Hyper-V pages (vmb_virt_to_hv_pfn())
 */
struct vmb_gpa_range {
	u32 len;
	u32 offset;
	u32 pfn_count;
	const u64 *pfns;
};

/**
 * struct vmb_page_buf - one page-buffer element: up to one Hyper-V page
 * @len:	bytes
 * @offset:	offset inside the page; @offset + @len <= VMB_HV_PAGE_SIZE
 * @pfn:	the page, in Hyper-V pages (vmb_virt_to_hv_pfn())
 */
struct vmb_page_buf {
	u32 len;
	u32 offset;
	u64 pfn;
};

#define VMB_SEND_MORE	BIT(0)	/* more packets follow: signal the host later */

int vmb_chan_send(struct vmb_channel *ch, const void *data, u32 len,
		  void *req, u64 *req_id);
int vmb_chan_send_flags(struct vmb_channel *ch, const void *data, u32 len,
			void *req, u64 *req_id, unsigned int flags);
int vmb_chan_send_gpa(struct vmb_channel *ch, const struct vmb_gpa_range *ranges,
		      u32 nranges, const void *data, u32 len, void *req, u64 *req_id);
int vmb_chan_send_pagebuf(struct vmb_channel *ch, const struct vmb_page_buf *pb,
			  u32 count, const void *data, u32 len, void *req, u64 *req_id);
int vmb_chan_send_pagebuf_flags(struct vmb_channel *ch, const struct vmb_page_buf *pb,
				u32 count, const void *data, u32 len, void *req, u64 *req_id,
				unsigned int flags);
void vmb_chan_flush(struct vmb_channel *ch);
int vmb_chan_send_mpb(struct vmb_channel *ch, const struct vmb_gpa_range *mpb,
		      const void *data, u32 len, void *req, u64 *req_id);
int vmb_chan_send_comp(struct vmb_channel *ch, const void *data, u32 len, u64 trans_id);
void *vmb_chan_req_cancel(struct vmb_channel *ch, u64 req_id);

/**
 * struct vmb_packet - one received packet, as vmb_chan_recv() hands it out
 * @type:	VMB_PKT_* (or any other type the host sent)
 * @flags:	the descriptor's flags
 * @trans_id:	the host's transaction ID (to answer with vmb_chan_send_comp())
 * @req:	for VMB_PKT_COMP: the cookie given when the request was sent
 * @ext:	the descriptor's extension, between the 16-byte descriptor and
 *		the payload, inside the caller's buffer (a transfer-page
 *		packet's page-set ID and ranges, a GPA-direct packet's ranges);
 *		checked only to lie inside the packet: its parser is the driver's
 * @ext_len:	its bytes (0 for in-band and completion packets)
 * @data:	the payload after the descriptor, inside the caller's buffer
 * @len:	payload bytes (including the host's padding to 8 bytes)
 * @total:	bytes of the whole packet, descriptor included
 */
struct vmb_packet {
	u16 type;
	u16 flags;
	u64 trans_id;
	void *req;
	const void *ext;
	u32 ext_len;
	const void *data;
	u32 len;
	u32 total;
};

int vmb_chan_recv(struct vmb_channel *ch, void *buf, u32 buflen, struct vmb_packet *pkt);
int vmb_chan_recv_held(struct vmb_channel *ch, void *buf, u32 buflen, struct vmb_packet *pkt);
bool vmb_chan_recv_release(struct vmb_channel *ch);
u32 vmb_chan_write_avail(struct vmb_channel *ch);
u32 vmb_chan_read_avail(struct vmb_channel *ch);
void vmb_chan_intr_mask(struct vmb_channel *ch);
bool vmb_chan_intr_unmask(struct vmb_channel *ch);

void vmb_chan_set_subchannel_cb(struct vmb_channel *primary,
				void (*cb)(struct vmb_channel *sc));
void vmb_chan_set_rescind_cb(struct vmb_channel *ch, void (*cb)(struct vmb_channel *ch));

/**
 * struct vmb_gpadl - a buffer the host may access (Guest Physical Address
 * Descriptor List), set up by vmb_gpadl_create()
 * @handle:	the GPADL handle the host knows it by; 0 when not created
 * @buf:	the buffer
 * @size:	its size in bytes
 */
struct vmb_gpadl {
	u32 handle;
	void *buf;
	u32 size;
};

int vmb_gpadl_create(struct vmb_channel *ch, void *buf, u32 size, struct vmb_gpadl *gpadl);
int vmb_gpadl_teardown(struct vmb_channel *ch, struct vmb_gpadl *gpadl);

u32 vmb_proto_version(void);
int vmb_ref_time(u64 *t);

#endif /* VMB_VMBUS_H */
