// SPDX-License-Identifier: GPL-2.0
/*
 * The "disk" device class: Hyper-V's synthetic SCSI controller (StorVSP)
 * with RAM-backed logical units, one target, LUNs 0..63. Class GUID
 * ba6163d9-04a1-4d29-b605-72e2ffb1dc7f. The "ide" class is the IDE
 * accelerator (32412632-86cb-44a2-9b5c-50d1417354f5): the same controller
 * and keys, one channel by default.
 *
 * new_device keys (besides id=, channels=, monitor=):
 *   luns=N                 LUNs 0..N-1 at creation, 0..64 (default 1)
 *   size=N[K|M|G|T]        bytes of each, a multiple of the sector size,
 *                          1 MiB..1 TiB (default 64M); thin: memory is
 *                          used only for what the guest writes
 *   sector=512|4096        logical block size (default 512)
 *   vstor=0xMMmm           newest VSTOR version accepted: 0x200, 0x402,
 *                          0x501, 0x600 or 0x602 (default 0x602, Hyper-V
 *                          2016 and later; openvmm's host stops at 0x600)
 *   max_transfer=N         the maximum transfer the host announces, a
 *                          multiple of 4096 up to 8 MiB (default 256 KiB)
 *   image=ADDR             LUN 0 starts with the size= bytes of physical
 *                          memory at ADDR, page-aligned and reserved (no
 *                          System RAM: memmap=<size>$<ADDR> on the command
 *                          line): a disk image QEMU's loader put there, so
 *                          that a guest can boot from a synthetic SCSI disk
 *                          (hv_sim's devices= parameter offers it at load)
 * channels= is the most channels the controller has, primary included
 * (default: the online CPUs, at most 16); the guest asks for sub-channels.
 *
 * debugfs: "stor" has one line per controller (configuration, protocol
 * state, LUNs, counters); "stor_ctl" takes "<instance GUID> key=value ...":
 *   add_lun=N [size=...] [sector=...]   a new LUN N; the guest is told the
 *                                       bus changed (ENUMERATE_BUS)
 *   remove_lun=N                        LUN N goes (after the commands
 *                                       running on it); the guest is told
 *   (both in one line: the removal first, so a LUN can be replaced)
 *   busy=N queue_full=N ... medium_error=L:LBA:COUNT
 *                                       fault knobs: see stor_fault.c
 * Bad input to either file: -EINVAL and one log line.
 *
 * Locking: see stor_host.h. Everything here runs under hvsim_vmbus.lock,
 * except the key parsing (no lock: the device is not visible yet).
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "stor_host.h"

#define HVSIM_STOR_KEY_LUNS	BIT(0)
#define HVSIM_STOR_KEY_SIZE	BIT(1)
#define HVSIM_STOR_KEY_SECTOR	BIT(2)
#define HVSIM_STOR_KEY_VSTOR	BIT(3)
#define HVSIM_STOR_KEY_XFER	BIT(4)
#define HVSIM_STOR_KEY_IMAGE	BIT(5)
#define HVSIM_STOR_XFER_MAX	(8u << 20)

static const char *const hvsim_stor_counter_names[HVSIM_STOR_C_COUNT] = {
	[HVSIM_STOR_SRBS] = "srbs",
	[HVSIM_STOR_READ_BYTES] = "read_bytes",
	[HVSIM_STOR_WRITE_BYTES] = "write_bytes",
	[HVSIM_STOR_CHECK_CONDITION] = "check_condition",
	[HVSIM_STOR_INVALID_LUN] = "invalid_lun",
	[HVSIM_STOR_BAD_REQUEST] = "bad_request",
	[HVSIM_STOR_BAD_STATE] = "bad_state",
	[HVSIM_STOR_BAD_PACKET] = "bad_packet",
	[HVSIM_STOR_RESETS] = "resets",
	[HVSIM_STOR_ENUMERATES] = "enumerates",
	[HVSIM_STOR_SUBCHANNELS] = "subchannels",
	[HVSIM_STOR_FAULTS_INJECTED] = "faults_injected",
	[HVSIM_STOR_HELD] = "held",
	[HVSIM_STOR_RELEASED] = "released",
};

static atomic64_t hvsim_stor_ids = ATOMIC64_INIT(0);

static u16 hvsim_stor_default_channels(void)
{
	return clamp_t(u16, num_online_cpus(), 1, HVSIM_VMBUS_MAX_CHANNELS);
}

static int hvsim_stor_parse_size(const char *who, const char *val, u64 *size)
{
	char *end;
	u64 v = memparse(val, &end);

	if (*end || v < (1ull << 20) || v > HVSIM_STOR_SIZE_MAX) {
		pr_warn("%s: size=%s not in 1M..1T\n", who, val);
		return -EINVAL;
	}
	*size = v;
	return 0;
}

static int hvsim_stor_parse_sector(const char *who, const char *val, u32 *sector)
{
	if (kstrtou32(val, 0, sector) || (*sector != 512 && *sector != 4096)) {
		pr_warn("%s: sector=%s is not 512 or 4096\n", who, val);
		return -EINVAL;
	}
	return 0;
}

static int hvsim_stor_alloc(struct hvsim_vdev *dev)
{
	struct hvsim_stor *st;
	unsigned int i;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->dev = dev;
	st->nluns = 1;
	st->size = HVSIM_STOR_SIZE_DEFAULT;
	st->sector = 512;
	st->vstor_max = HVSIM_VSTOR_THRESHOLD;
	st->max_xfer = HVSIM_STOR_XFER_DEFAULT;
	spin_lock_init(&st->lock);
	init_rwsem(&st->luns_rwsem);
	for (i = 0; i < HVSIM_STOR_C_COUNT; i++)
		atomic64_set(&st->cnt[i], 0);
	for (i = 0; i < ARRAY_SIZE(st->chan_srbs); i++)
		atomic64_set(&st->chan_srbs[i], 0);
	dev->priv = st;
	return 0;
}

/* One of new_device's disk keys; -ENOENT for a key that is not. */
static int hvsim_stor_parse_key(struct hvsim_vdev *dev, const char *key, const char *val)
{
	struct hvsim_stor *st = dev->priv;
	unsigned int bit;
	u16 v;

	if (!strcmp(key, "luns"))
		bit = HVSIM_STOR_KEY_LUNS;
	else if (!strcmp(key, "size"))
		bit = HVSIM_STOR_KEY_SIZE;
	else if (!strcmp(key, "sector"))
		bit = HVSIM_STOR_KEY_SECTOR;
	else if (!strcmp(key, "vstor"))
		bit = HVSIM_STOR_KEY_VSTOR;
	else if (!strcmp(key, "max_transfer"))
		bit = HVSIM_STOR_KEY_XFER;
	else if (!strcmp(key, "image"))
		bit = HVSIM_STOR_KEY_IMAGE;
	else
		return -ENOENT;
	if (st->keys & bit) {
		pr_warn("new_device: key '%s' given twice\n", key);
		return -EINVAL;
	}
	st->keys |= bit;
	switch (bit) {
	case HVSIM_STOR_KEY_LUNS:
		if (kstrtou32(val, 10, &st->nluns) || st->nluns > HVSIM_STOR_MAX_LUNS) {
			pr_warn("new_device: luns=%s not in 0..%u\n", val, HVSIM_STOR_MAX_LUNS);
			return -EINVAL;
		}
		return 0;
	case HVSIM_STOR_KEY_SIZE:
		return hvsim_stor_parse_size("new_device", val, &st->size);
	case HVSIM_STOR_KEY_SECTOR:
		return hvsim_stor_parse_sector("new_device", val, &st->sector);
	case HVSIM_STOR_KEY_VSTOR:
		if (kstrtou16(val, 0, &v) ||
		    (v != HVSIM_VSTOR_WIN6 && v != HVSIM_VSTOR_WIN7 && v != HVSIM_VSTOR_WIN8 &&
		     v != HVSIM_VSTOR_BLUE && v != HVSIM_VSTOR_THRESHOLD)) {
			pr_warn("new_device: vstor=%s is not 0x200, 0x402, 0x501, 0x600 or 0x602\n",
				val);
			return -EINVAL;
		}
		st->vstor_max = v;
		return 0;
	case HVSIM_STOR_KEY_IMAGE:
		if (kstrtou64(val, 0, &st->image) || !st->image || !PAGE_ALIGNED(st->image)) {
			pr_warn("new_device: image=%s is not a page-aligned physical address\n", val);
			return -EINVAL;
		}
		return 0;
	default:
		if (kstrtou32(val, 0, &st->max_xfer) || !st->max_xfer ||
		    st->max_xfer > HVSIM_STOR_XFER_MAX || st->max_xfer % 4096) {
			pr_warn("new_device: max_transfer=%s is not a multiple of 4096 up to 8M\n",
				val);
			return -EINVAL;
		}
		return 0;
	}
}

/* A new LUN @n into the table; the caller tells the guest. */
static int hvsim_stor_lun_add(struct hvsim_stor *st, u32 n, u64 size, u32 sector)
{
	struct hvsim_lun *lun;
	int ret;

	if (size % sector) {
		pr_warn("stor: LUN %u: size %llu is not a multiple of the %u-byte sector\n",
			n, size, sector);
		return -EINVAL;
	}
	lun = kzalloc(sizeof(*lun), GFP_KERNEL);
	if (!lun)
		return -ENOMEM;
	lun->lun = n;
	lun->sector_size = sector;
	lun->sectors = div_u64(size, sector);
	lun->id = atomic64_inc_return(&hvsim_stor_ids);
	ret = hvsim_lun_init(lun);
	if (ret) {
		kfree(lun);
		return ret;
	}
	down_write(&st->luns_rwsem);
	st->luns[n] = lun;
	st->lun_map |= 1ull << n;
	up_write(&st->luns_rwsem);
	return 0;
}

/* Take LUN @n out of the table (after the commands on it) and free it. */
static void hvsim_stor_lun_del(struct hvsim_stor *st, u32 n)
{
	struct hvsim_lun *lun;

	down_write(&st->luns_rwsem);
	lun = st->luns[n];
	st->luns[n] = NULL;
	st->lun_map &= ~(1ull << n);
	up_write(&st->luns_rwsem);
	if (lun) {
		hvsim_lun_free(lun);
		kfree(lun);
	}
}

static int hvsim_stor_create(struct hvsim_vdev *dev)
{
	struct hvsim_stor *st = dev->priv;
	u32 i;
	int ret;

	if (st->size % st->sector) {
		pr_warn("new_device: size=%llu is not a multiple of sector=%u\n", st->size,
			st->sector);
		return -EINVAL;
	}
	if (st->image && !st->nluns) {
		pr_warn("new_device: image= needs a LUN 0 (luns=0 given)\n");
		return -EINVAL;
	}
	for (i = 0; i < st->nluns; i++) {
		ret = hvsim_stor_lun_add(st, i, st->size, st->sector);
		if (ret)
			return ret;	/* destroy frees those made */
	}
	/* not offered yet: no command can reach LUN 0 while it fills */
	if (st->image)
		return hvsim_lun_load_phys(st->luns[0], st->image, st->size);
	return 0;
}

static void hvsim_stor_destroy(struct hvsim_vdev *dev)
{
	struct hvsim_stor *st = dev->priv;
	u32 i;

	if (!st)
		return;
	for (i = 0; i < HVSIM_STOR_MAX_LUNS; i++)
		hvsim_stor_lun_del(st, i);
	kfree(st);
	dev->priv = NULL;
}

static int hvsim_stor_open(struct hvsim_vchan *chan)
{
	struct hvsim_stor *st = chan->dev->priv;
	struct hvsim_stor_chan *sc;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (!sc)
		return -ENOMEM;
	INIT_LIST_HEAD(&sc->held);
	sc->release_seen = atomic_read(&st->release_gen);
	chan->priv = sc;
	spin_lock(&st->lock);
	st->chans[chan->sub_index] = chan;
	spin_unlock(&st->lock);
	return 0;
}

static void hvsim_stor_close(struct hvsim_vchan *chan)
{
	struct hvsim_stor *st = chan->dev->priv;
	struct hvsim_stor_chan *sc = chan->priv;

	/* no reset kicks it any more; what it held the guest took back */
	spin_lock(&st->lock);
	st->chans[chan->sub_index] = NULL;
	spin_unlock(&st->lock);
	if (sc) {
		hvsim_stor_held_free(sc);
		kfree(sc);
		chan->priv = NULL;
	}
	/* the guest starts over with a new initialization on the next open */
	if (!chan->sub_index)
		hvsim_stor_reset(st);
}

/* the callbacks every StorVSP class shares: the controller is the same */
#define HVSIM_STOR_OPS						\
	.alloc = hvsim_stor_alloc,				\
	.parse_key = hvsim_stor_parse_key,			\
	.create = hvsim_stor_create,				\
	.destroy = hvsim_stor_destroy,				\
	.open = hvsim_stor_open,				\
	.close = hvsim_stor_close,				\
	.packet = hvsim_stor_packet,				\
	.service = hvsim_stor_service

const struct hvsim_vdev_ops hvsim_stor_ops = {
	.type = "disk",
	.class_id = GUID_INIT(0xba6163d9, 0x04a1, 0x4d29,
			      0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f),
	.default_channels = hvsim_stor_default_channels,
	HVSIM_STOR_OPS,
};

/*
 * The IDE accelerator: the same protocol behind a disk the guest's firmware
 * also sees as IDE. Its own class GUID, one channel (openvmm offers it no
 * sub-channels: hvsim_vdev_ops.default_channels and channels=1).
 */
static u16 hvsim_stor_ide_channels(void)
{
	return 1;
}

const struct hvsim_vdev_ops hvsim_stor_ide_ops = {
	.type = "ide",
	.class_id = GUID_INIT(0x32412632, 0x86cb, 0x44a2,
			      0x9b, 0x5c, 0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5),
	.default_channels = hvsim_stor_ide_channels,
	HVSIM_STOR_OPS,
};

static bool hvsim_stor_dev(const struct hvsim_vdev *dev)
{
	return (dev->ops == &hvsim_stor_ops || dev->ops == &hvsim_stor_ide_ops) && dev->priv;
}

static void hvsim_stor_show_one(struct seq_file *m, struct hvsim_stor *st)
{
	enum hvsim_stor_state state;
	struct hvsim_lun *lun;
	u16 version, subs;
	unsigned int i;
	bool first = true;

	spin_lock(&st->lock);
	state = st->state;
	version = st->version;
	subs = st->subs;
	spin_unlock(&st->lock);
	seq_printf(m, "%pUl state=%s vstor=%#x vstor_max=%#x channels=%u subs=%u max_transfer=%u luns=",
		   &st->dev->instance, hvsim_stor_state_name(state), version, st->vstor_max,
		   st->dev->max_channels, subs, st->max_xfer);
	down_read(&st->luns_rwsem);
	for (i = 0; i < HVSIM_STOR_MAX_LUNS; i++) {
		lun = st->luns[i];
		if (!lun)
			continue;
		/* number:bytes/sector:pages of RAM in use[:bad@LBA+COUNT] */
		seq_printf(m, "%s%u:%llu/%u:%llu", first ? "" : ",", i,
			   lun->sectors * lun->sector_size, lun->sector_size, hvsim_lun_pages(lun));
		if (READ_ONCE(lun->bad_count))
			seq_printf(m, ":bad@%llu+%u", READ_ONCE(lun->bad_lba), READ_ONCE(lun->bad_count));
		first = false;
	}
	up_read(&st->luns_rwsem);
	if (first)
		seq_puts(m, "none");
	seq_puts(m, " chan_srbs=");
	for (i = 0; i < st->dev->max_channels; i++)
		seq_printf(m, "%s%lld", i ? "/" : "", atomic64_read(&st->chan_srbs[i]));
	for (i = 0; i < HVSIM_STOR_C_COUNT; i++)
		seq_printf(m, " %s=%lld", hvsim_stor_counter_names[i], atomic64_read(&st->cnt[i]));
	hvsim_stor_fault_show(m, st);
	seq_putc(m, '\n');
}

/**
 * hvsim_stor_show() - the "stor" debugfs file: one line per controller
 * @m:		the seq_file
 *
 * Context: process context; takes hvsim_vmbus.lock.
 */
void hvsim_stor_show(struct seq_file *m)
{
	struct hvsim_vdev *dev;

	mutex_lock(&hvsim_vmbus.lock);
	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		if (hvsim_stor_dev(dev))
			hvsim_stor_show_one(m, dev->priv);
	mutex_unlock(&hvsim_vmbus.lock);
}

/* what one stor_ctl line asks */
struct hvsim_stor_ctl_req {
	int add, remove;	/* LUN numbers, -1: none */
	u64 size;
	u32 sector;
	bool size_given, sector_given;
	struct hvsim_stor_fault_req faults;
};

static int hvsim_stor_ctl_lun(const char *key, const char *val, int *lun)
{
	u32 n;

	if (*lun >= 0 || kstrtou32(val, 10, &n) || n >= HVSIM_STOR_MAX_LUNS) {
		pr_warn("stor_ctl: %s=%s: one LUN number in 0..%u\n", key, val,
			HVSIM_STOR_MAX_LUNS - 1);
		return -EINVAL;
	}
	*lun = n;
	return 0;
}

static int hvsim_stor_ctl_key(char *tok, struct hvsim_stor_ctl_req *r)
{
	char *val = strchr(tok, '=');
	int ret;

	if (!val) {
		pr_warn("stor_ctl: '%s' is not key=value\n", tok);
		return -EINVAL;
	}
	*val++ = '\0';
	if (!strcmp(tok, "add_lun"))
		return hvsim_stor_ctl_lun(tok, val, &r->add);
	if (!strcmp(tok, "remove_lun"))
		return hvsim_stor_ctl_lun(tok, val, &r->remove);
	if (!strcmp(tok, "size")) {
		r->size_given = true;
		return hvsim_stor_parse_size("stor_ctl", val, &r->size);
	}
	if (!strcmp(tok, "sector")) {
		r->sector_given = true;
		return hvsim_stor_parse_sector("stor_ctl", val, &r->sector);
	}
	ret = hvsim_stor_fault_key(tok, val, &r->faults);
	if (ret != -ENOENT)
		return ret;
	pr_warn("stor_ctl: unknown key '%s'\n", tok);
	return -EINVAL;
}

static int hvsim_stor_ctl_apply(struct hvsim_stor *st, struct hvsim_stor_ctl_req *r)
{
	int ret;

	/* everything checked before anything changes */
	if (r->add >= 0 && st->luns[r->add] && r->add != r->remove) {
		pr_warn("stor_ctl: LUN %d exists\n", r->add);
		return -EINVAL;
	}
	if (r->remove >= 0 && !st->luns[r->remove]) {
		pr_warn("stor_ctl: no LUN %d\n", r->remove);
		return -EINVAL;
	}
	if (hvsim_stor_fault_check(st, &r->faults))
		return -EINVAL;
	hvsim_stor_fault_apply(st, &r->faults);
	if (r->add < 0 && r->remove < 0)
		return 0;	/* knobs only: the bus did not change */
	if (r->remove >= 0)
		hvsim_stor_lun_del(st, r->remove);
	if (r->add >= 0) {
		ret = hvsim_stor_lun_add(st, r->add, r->size_given ? r->size : st->size,
					 r->sector_given ? r->sector : st->sector);
		if (ret) {
			if (r->remove >= 0)
				hvsim_stor_bus_changed(st);
			return ret == -ENOMEM ? ret : -EINVAL;
		}
	}
	hvsim_stor_bus_changed(st);
	return 0;
}

/**
 * hvsim_stor_ctl() - the "stor_ctl" debugfs file (see the top of this file)
 * @line:	what was written, NUL-terminated (modified)
 *
 * Context: process context; takes hvsim_vmbus.lock.
 * Return: 0, or -EINVAL (one line logged, nothing changed), or -ENOMEM.
 */
int hvsim_stor_ctl(char *line)
{
	struct hvsim_stor_ctl_req r = { .add = -1, .remove = -1 };
	char *s = strim(line), *id, *tok;
	struct hvsim_vdev *dev;
	guid_t instance;
	int ret;

	id = strsep(&s, " \t");
	if (!id || guid_parse(id, &instance))
		goto usage;
	while ((tok = strsep(&s, " \t"))) {
		if (!*tok)
			continue;
		ret = hvsim_stor_ctl_key(tok, &r);
		if (ret)
			return ret;
	}
	if (r.add < 0 && r.remove < 0 && !r.faults.given && !r.faults.medium_given)
		goto usage;
	if ((r.size_given || r.sector_given) && r.add < 0) {
		pr_warn("stor_ctl: size= and sector= go with add_lun=\n");
		return -EINVAL;
	}
	mutex_lock(&hvsim_vmbus.lock);
	dev = hvsim_vdev_by_instance(&instance);
	if (!dev || !hvsim_stor_dev(dev)) {
		mutex_unlock(&hvsim_vmbus.lock);
		pr_warn("stor_ctl: no SCSI controller %pUl\n", &instance);
		return -EINVAL;
	}
	ret = hvsim_stor_ctl_apply(dev->priv, &r);
	mutex_unlock(&hvsim_vmbus.lock);
	return ret;

usage:
	pr_warn("stor_ctl: expected \"<instance GUID> key=value ...\": add_lun=N [size=..] [sector=512|4096] remove_lun=N, fault knobs (stor_fault.c)\n");
	return -EINVAL;
}
