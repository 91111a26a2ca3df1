// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus.ko: the VMBus client of a Hyper-V guest.
 *
 * Load: register the bus (refusing when the kernel's own VMBus driver is
 * active), take SINT 2 from hv_core, negotiate a version, and wait until
 * the host has offered every device, so that the devices exist when
 * insmod returns. Unload: remove the devices, close every channel, UNLOAD.
 * A reboot or kexec sends UNLOAD too, after device shutdown (shutdown.c:
 * the next kernel must be able to connect, and the host must stop writing
 * pages the next kernel owns), and so does a crash into kdump or a panic,
 * polling for the answer.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/seq_file.h>

#include "hv_core/hvcore.h"
#include "internal.h"

static char *max_version = "5.3";
module_param(max_version, charp, 0444);
MODULE_PARM_DESC(max_version,
		 "newest VMBus protocol version to ask for: 5.3 (default), 5.2, 5.1, 5.0, 4.1, 4.0, 3.0 or 2.4");

static unsigned int response_timeout_ms = 60000;
module_param(response_timeout_ms, uint, 0444);
MODULE_PARM_DESC(response_timeout_ms,
		 "how long to wait for the host's answer to a channel message, in ms: 100 to 600000 (default 60000)");
unsigned long vmb_response_timeout;

struct dentry *vmb_debugfs;

/* a panic that goes on to the panic notifiers (no kdump kernel, or after it) */
static int vmb_panic_notify(struct notifier_block *nb, unsigned long code, void *unused)
{
	vmb_unload_crash("panic");
	return NOTIFY_DONE;
}

static struct notifier_block vmb_panic_nb = {
	.notifier_call = vmb_panic_notify,
	/* late: after the crash reporters, which may still use the host */
	.priority = INT_MIN + 1,
};

/*
 * hv_core's shutdown chain: a crash into a kdump kernel, before the jump
 * (a kexec UNLOADed in device shutdown already, where it may sleep)
 */
static int vmb_crash_notify(struct notifier_block *nb, unsigned long event, void *regs)
{
	if (event == HVCORE_SHUTDOWN_CRASH)
		vmb_unload_crash("crash");
	return NOTIFY_DONE;
}

static struct notifier_block vmb_crash_nb = {
	.notifier_call = vmb_crash_notify,
};

static int vmb_conn_show(struct seq_file *m, void *v)
{
	static const char * const states[] = {
		[VMB_DISCONNECTED] = "disconnected",
		[VMB_CONNECTED] = "connected",
		[VMB_UNLOADING] = "unloading",
	};
	char vbuf[16];
	struct vmb_channel *ch, *sc;

	seq_printf(m, "state: %s\n", states[READ_ONCE(vmb_conn.state)]);
	seq_printf(m, "version: %s\n", vmb_version_str(vmb_conn.version, vbuf, sizeof(vbuf)));
	seq_printf(m, "msg_conn_id: %u\n", vmb_conn.msg_conn_id);
	seq_printf(m, "messages: %lld\n", (long long)atomic64_read(&vmb_conn.msgs));
	seq_printf(m, "messages_bad: %lld\n", (long long)atomic64_read(&vmb_conn.msgs_bad));
	seq_printf(m, "messages_held: %lld\n", (long long)atomic64_read(&vmb_conn.msgs_held));
	seq_printf(m, "messages_unexpected: %lld\n",
		   (long long)atomic64_read(&vmb_conn.msgs_unexpected));
	seq_printf(m, "offers: %lld\n", (long long)atomic64_read(&vmb_conn.offers));
	seq_printf(m, "post_retries: %lld\n", (long long)atomic64_read(&vmb_conn.post_retries));
	seq_printf(m, "rescinds: %lld\n", (long long)atomic64_read(&vmb_conn.rescinds));
	seq_printf(m, "slow_answers: %lld\n", (long long)atomic64_read(&vmb_conn.slow_answers));
	mutex_lock(&vmb_conn.lock);
	list_for_each_entry(ch, &vmb_conn.channels, node) {
		seq_printf(m, "channel %u: class %pUl cpu %u state %d%s bad_completions %llu bad_packets %llu resched %llu\n",
			   ch->relid, ch->offer.offer.if_type.b, ch->target_cpu, ch->state,
			   ch->rescinded ? " rescinded" : "", ch->bad_completions, ch->bad_packets,
			   ch->resched);
		list_for_each_entry(sc, &ch->subs, node)
			seq_printf(m, "channel %u: sub-channel %u of %u cpu %u state %d%s bad_completions %llu bad_packets %llu resched %llu\n",
				   sc->relid, sc->sub_index, ch->relid, sc->target_cpu, sc->state,
				   sc->rescinded ? " rescinded" : "", sc->bad_completions,
				   sc->bad_packets, sc->resched);
	}
	mutex_unlock(&vmb_conn.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmb_conn);

static void vmb_conn_init(void)
{
	mutex_init(&vmb_conn.lock);
	INIT_LIST_HEAD(&vmb_conn.channels);
	spin_lock_init(&vmb_conn.waiters_lock);
	INIT_LIST_HEAD(&vmb_conn.waiters);
	init_completion(&vmb_conn.all_offers);
	init_completion(&vmb_conn.unload_done);
	/* an arbitrary start, so that handles are unlikely to look like relids */
	atomic_set(&vmb_conn.next_gpadl, 0xe1e10);
	vmb_conn.state = VMB_DISCONNECTED;
}

static int __init vmb_init(void)
{
	u32 cap;
	int ret;

	if (vmb_parse_version(max_version, &cap)) {
		pr_err("max_version=%s: not a VMBus version we speak (5.3, 5.2, 5.1, 5.0, 4.1, 4.0, 3.0, 2.4)\n",
		       max_version ?: "");
		return -EINVAL;
	}
	if (response_timeout_ms < 100 || response_timeout_ms > 600000) {
		pr_err("response_timeout_ms=%u: must be 100 to 600000\n", response_timeout_ms);
		return -EINVAL;
	}
	vmb_response_timeout = msecs_to_jiffies(response_timeout_ms);
	vmb_conn_init();
	ret = vmb_bus_init();
	if (ret)
		return ret;
	ret = vmb_msg_init();
	if (ret)
		goto unregister_bus;
	ret = vmb_cpuhp_init();
	if (ret)
		goto release_sint;
	/* before the connection: every channel device is newer, shuts down first */
	ret = vmb_shutdown_init();
	if (ret)
		goto remove_cpuhp;
	/* the ACPI device, if any, parents the devices: bound before they come */
	ret = vmb_acpi_init();
	if (ret)
		goto remove_shutdown;
	ret = vmb_connect(cap);
	if (ret)
		goto remove_channels;
	atomic_notifier_chain_register(&panic_notifier_list, &vmb_panic_nb);
	hvcore_shutdown_notifier_register(&vmb_crash_nb);
	vmb_debugfs = debugfs_create_dir("vmbus", NULL);
	debugfs_create_file("connection", 0444, vmb_debugfs, NULL, &vmb_conn_fops);
	debugfs_create_atomic_t("msg_alloc_fail", 0600, vmb_debugfs, &vmb_msg_alloc_fail);
	vmb_acpi_debugfs(vmb_debugfs);
	return 0;

remove_channels:
	/* a connection that failed late may have brought offers: children first */
	vmb_conn.exiting = true;
	vmb_remove_all_channels();
	vmb_acpi_exit();
remove_shutdown:
	vmb_shutdown_exit();
remove_cpuhp:
	vmb_cpuhp_exit();
release_sint:
	vmb_msg_exit();
unregister_bus:
	vmb_bus_exit();
	return ret;
}

static void __exit vmb_exit(void)
{
	debugfs_remove_recursive(vmb_debugfs);
	hvcore_shutdown_notifier_unregister(&vmb_crash_nb);
	atomic_notifier_chain_unregister(&panic_notifier_list, &vmb_panic_nb);
	/* no new devices from here on; rescinds are still handled */
	WRITE_ONCE(vmb_conn.exiting, true);
	vmb_remove_all_channels();
	/* the devices' parents, once the devices are gone */
	vmb_acpi_exit();
	vmb_shutdown_exit();
	vmb_cpuhp_exit();
	if (READ_ONCE(vmb_conn.state) == VMB_CONNECTED)
		vmb_disconnect();
	vmb_msg_exit();
	vmb_bus_exit();
}

module_init(vmb_init);
module_exit(vmb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V VMBus client: bus, channels, ring buffers, GPADL");
MODULE_SOFTDEP("pre: hv_core");
