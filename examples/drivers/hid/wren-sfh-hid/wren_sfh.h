/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wren sensor fusion hub: state shared by the core and the hub2 code.
 */
#ifndef WREN_SFH_H
#define WREN_SFH_H

#include <linux/pci.h>

#define WREN_SFH_REG_IRQ_CTRL	0x100
#define WREN_SFH_REG_IRQ_STAT	0x104

struct wren_sfh_dev {
	struct pci_dev *pdev;
	unsigned long iobase;
	int sensor_mask;
};

int wren_sfh_hub2_irq_init(struct wren_sfh_dev *privdata);
void wren_sfh_hub2_irq_exit(struct wren_sfh_dev *privdata);

#endif /* WREN_SFH_H */
