/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PLOVER_H
#define _PLOVER_H

#include <linux/debugfs.h>
#include <linux/pci.h>

#define PLOVER_REG_STATUS	0x02
#define  PLOVER_STATUS_INT	0x80

struct plover_host {
	struct pci_dev *pdev;
	unsigned long io_base;
	struct dentry *debugfs;
};

#ifdef CONFIG_SCSI_PLOVER_DEBUGFS
void plover_debugfs_init(struct plover_host *host);
void plover_debugfs_exit(struct plover_host *host);
#else
static inline void plover_debugfs_init(struct plover_host *host) { }
static inline void plover_debugfs_exit(struct plover_host *host) { }
#endif

#endif /* _PLOVER_H */
