// SPDX-License-Identifier: GPL-2.0
/* Fixture: a static quiesce() here, called under a lock; b.c has its own static quiesce(). */
#include <linux/pci.h>
#include "qux.h"

static void quiesce(struct qux *qux)
{
	pci_intx(qux->pdev, 0);
}

void qux_stop(struct qux *qux)
{
	spin_lock(&qux->lock);
	quiesce(qux);
	spin_unlock(&qux->lock);
}
