/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shrike SB-5 flash card: definitions shared by shrike_main.c and
 * shrike_io.c. The INTx helper below is the module's only pci_intx()
 * call; it belongs to the module of the files that include this header.
 */
#ifndef _SHRIKE_H
#define _SHRIKE_H

#include <linux/blkdev.h>
#include <linux/io.h>
#include <linux/pci.h>

#define SHRIKE_REG_CMD		0x00
#define SHRIKE_REG_STATUS	0x04
#define  SHRIKE_STATUS_DONE	0x01

struct shrike_dev {
	struct pci_dev *pdev;
	unsigned long mmio;
	struct gendisk *disk;
	bool polled;
};

static inline void shrike_intx(struct shrike_dev *sd, bool enable)
{
	if (!sd->polled)
		pci_intx(sd->pdev, enable);
}

int shrike_io_init(struct shrike_dev *sd);
void shrike_io_exit(struct shrike_dev *sd);

#endif /* _SHRIKE_H */
