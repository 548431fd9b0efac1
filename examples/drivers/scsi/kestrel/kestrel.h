/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KESTREL_H
#define _KESTREL_H

#include <linux/pci.h>

#define KESTREL_REG_DOORBELL	0x20
#define KESTREL_REG_IRQ_MASK	0x24

struct kestrel_ctrl {
	struct pci_dev *pdev;
	unsigned long mmio_base;
	bool use_msi;
};

int kestrel_hw_init_irq(struct kestrel_ctrl *ctrl);
void kestrel_hw_stop(struct kestrel_ctrl *ctrl);

#endif /* _KESTREL_H */
