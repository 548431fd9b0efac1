// SPDX-License-Identifier: GPL-2.0
/*
 * plover_debugfs.c - debugfs knobs for the Plover P-20
 *
 * Writing 0 or 1 to "intx" switches the adapter's INTx line, which helps
 * when chasing interrupt storms on old boards.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/pci.h>

#include "plover.h"

static int plover_intx_set(void *data, u64 val)
{
	struct plover_host *host = data;

	pci_intx(host->pdev, val ? 1 : 0);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(plover_intx_fops, NULL, plover_intx_set, "%llu\n");

void plover_debugfs_init(struct plover_host *host)
{
	host->debugfs = debugfs_create_dir(pci_name(host->pdev), NULL);
	debugfs_create_file("intx", 0200, host->debugfs, host,
			    &plover_intx_fops);
}

void plover_debugfs_exit(struct plover_host *host)
{
	debugfs_remove_recursive(host->debugfs);
}
