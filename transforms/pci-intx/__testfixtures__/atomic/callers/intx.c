// SPDX-License-Identifier: GPL-2.0
#include <linux/pci.h>
#include "baz.h"

/* Called only with baz->lock held. */
void baz_set_locked(struct baz *baz, bool on)
{
	pci_intx(baz->pdev, on);
}

void baz_mask_from_irq(struct baz *baz)
{
	pci_intx(baz->pdev, 0);
}

void baz_two_levels(struct baz *baz)
{
	pci_intx(baz->pdev, 0);
}

void baz_three_levels(struct baz *baz)
{
	pci_intx(baz->pdev, 0);
}

void baz_sometimes_locked(struct baz *baz)
{
	pci_intx(baz->pdev, 1);
}

void baz_by_pointer(struct baz *baz, bool on)
{
	pci_intx(baz->pdev, on);
}

void baz_exported(struct baz *baz)
{
	pci_intx(baz->pdev, 1);
}
EXPORT_SYMBOL_GPL(baz_exported);

static void baz_unused(struct baz *baz)
{
	pci_intx(baz->pdev, 1);
}
