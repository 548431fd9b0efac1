// SPDX-License-Identifier: GPL-2.0
/* Fixture: another static quiesce(), only reached through a function pointer. */
#include <linux/pci.h>
#include "qux.h"

#define QUX_INTX_OFF(qux)	pci_intx((qux)->pdev, 0)

static void quiesce(struct qux *qux)
{
	pci_intx(qux->pdev, 0);
}

static const struct qux_ops qux_b_ops = {
	.quiesce = quiesce,
};

void qux_b_stop(struct qux *qux)
{
	spin_lock(&qux->lock);
	QUX_INTX_OFF(qux);
	spin_unlock(&qux->lock);
	qux_stop(qux);
}
