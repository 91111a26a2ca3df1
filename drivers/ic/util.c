// SPDX-License-Identifier: GPL-2.0
/*
 * The heartbeat and shutdown services.
 *
 * Heartbeat: the host sends a sequence number every few seconds; the
 * answer carries it plus one, and the host shows the guest as alive.
 *
 * Shutdown: power off and restart run the kernel's orderly paths
 * (orderly_poweroff(), orderly_reboot(): init is asked, and a power-off
 * is forced if it cannot be), from a work item, after the answer is sent.
 * Hibernation is answered with a failure: hv_ic has no way to know that
 * this guest can resume (the kernel does not export what it knows), and
 * a request the guest cannot honour is refused, never ignored. Any other
 * flags are refused too.
 */
#include <linux/reboot.h>
#include <linux/workqueue.h>

#include "hv_ic.h"

/* ---- heartbeat ---- */

static const u32 hvic_heartbeat_versions[] = { HVIC_VER(3, 0), HVIC_VER(1, 0) };

static int hvic_heartbeat_handle(struct hvic_dev *d, struct hvic_msg *m, u32 *status)
{
	*status = HVIC_S_OK;
	if (hvic_heartbeat(m)) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "heartbeat: request of %u bytes has no sequence number\n",
				     m->body_len);
		*status = HVIC_E_FAIL;
		return 0;
	}
	hvic_count(d, HVIC_ST_HEARTBEATS);
	return 0;
}

const struct hvic_service hvic_heartbeat_svc = {
	.name = "heartbeat",
	.class_id = GUID_INIT(0x57164f39, 0x9115, 0x4e78,
			      0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d),
	.type = HVIC_MSG_HEARTBEAT,
	.versions = hvic_heartbeat_versions,
	.nversions = ARRAY_SIZE(hvic_heartbeat_versions),
	.enabled = &hvic_heartbeat_on,
	.handle = hvic_heartbeat_handle,
};

/* ---- shutdown ---- */

static const u32 hvic_shutdown_versions[] = {
	HVIC_VER(3, 2), HVIC_VER(3, 1), HVIC_VER(3, 0), HVIC_VER(1, 0),
};

static void hvic_shutdown_work(struct work_struct *work)
{
	struct hvic_dev *d = container_of(work, struct hvic_dev, work);

	if (READ_ONCE(d->action) == HVIC_ACT_REBOOT)
		orderly_reboot();
	else
		orderly_poweroff(true);
}

static int hvic_shutdown_init(struct hvic_dev *d)
{
	INIT_WORK(&d->work, hvic_shutdown_work);
	return 0;
}

static u32 hvic_shutdown_status(struct hvic_dev *d, struct hvic_msg *m)
{
	u32 flags;
	int act = hvic_shutdown_action(m, &flags);

	switch (act) {
	case HVIC_ACT_POWEROFF:
	case HVIC_ACT_REBOOT:
		dev_notice(&d->vdev->dev, "shutdown: the host asks for a %s (flags %#x): starting it\n",
			   act == HVIC_ACT_REBOOT ? "restart" : "power-off", flags);
		hvic_count(d, HVIC_ST_SHUTDOWNS);
		WRITE_ONCE(d->action, act);
		schedule_work(&d->work);
		return HVIC_S_OK;
	case HVIC_ACT_HIBERNATE:
		dev_warn(&d->vdev->dev, "shutdown: the host asks for hibernation (flags %#x): not supported, refused\n",
			 flags);
		return HVIC_E_FAIL;
	case HVIC_ACT_INVALID:
		dev_warn(&d->vdev->dev, "shutdown: request with flags %#x: no such action, refused\n",
			 flags);
		return HVIC_E_FAIL;
	}
	hvic_count(d, HVIC_ST_BAD_MESSAGE);
	dev_warn_ratelimited(&d->vdev->dev, "shutdown: request of %u bytes has no flags\n",
			     m->body_len);
	return HVIC_E_FAIL;
}

static int hvic_shutdown_handle(struct hvic_dev *d, struct hvic_msg *m, u32 *status)
{
	*status = hvic_shutdown_status(d, m);
	return 0;
}

const struct hvic_service hvic_shutdown_svc = {
	.name = "shutdown",
	.class_id = GUID_INIT(0x0e0b6031, 0x5213, 0x4934,
			      0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb),
	.type = HVIC_MSG_SHUTDOWN,
	.versions = hvic_shutdown_versions,
	.nversions = ARRAY_SIZE(hvic_shutdown_versions),
	.enabled = &hvic_shutdown_on,
	.init = hvic_shutdown_init,
	.handle = hvic_shutdown_handle,
};
