/* SPDX-License-Identifier: GPL-2.0 */
#ifndef QUX_H
#define QUX_H

struct qux {
	struct pci_dev *pdev;
	spinlock_t lock;
};

struct qux_ops {
	void (*quiesce)(struct qux *qux);
};

void qux_stop(struct qux *qux);
void qux_b_stop(struct qux *qux);

#endif
