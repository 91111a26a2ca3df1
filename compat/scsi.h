/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SCSI midlayer interfaces that changed within the supported range, under
 * their upstream names (see compat.h). Not force-included: only
 * drivers/storage includes it, so other modules do not pull in the SCSI
 * headers. Keyed on the HVL_HAVE_SCSI_* probes in compat/Kbuild.include.
 */
#ifndef HVL_COMPAT_SCSI_H
#define HVL_COMPAT_SCSI_H

#include <linux/blk-mq.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>

#ifndef HVL_HAVE_SCSI_DONE
/* 5.16 replaced the per-command callback by one function */
static inline void scsi_done(struct scsi_cmnd *cmd)
{
	cmd->scsi_done(cmd);
}
#endif

#ifndef HVL_HAVE_SCSI_TIMEOUT_ACTION
/* before 6.2 eh_timed_out() answered with the block layer's values */
#define scsi_timeout_action	blk_eh_timer_return
#define SCSI_EH_RESET_TIMER	BLK_EH_RESET_TIMER
#define SCSI_EH_NOT_HANDLED	BLK_EH_DONE
#endif

/*
 * queuecommand()'s return type: enum scsi_qc_status after 6.12, int with
 * the same SCSI_MLQUEUE_* values before.
 */
#ifdef HVL_HAVE_SCSI_QC_STATUS
#define hvl_scsi_qc_t	enum scsi_qc_status
#else
#define hvl_scsi_qc_t	int
#endif

/* map_queues() returned int before 5.18 */
#ifdef HVL_HAVE_SCSI_MAP_QUEUES_VOID
#define HVL_SCSI_MAP_QUEUES(name, fn)					\
	static void name(struct Scsi_Host *shost) { fn(shost); }
#else
#define HVL_SCSI_MAP_QUEUES(name, fn)					\
	static int name(struct Scsi_Host *shost) { fn(shost); return 0; }
#endif

#endif /* HVL_COMPAT_SCSI_H */
