/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BAZ_H
#define BAZ_H

struct baz {
	struct pci_dev *pdev;
	spinlock_t lock;
	struct {
		void (*set)(struct baz *baz, bool on);
	} ops;
};

void baz_set_locked(struct baz *baz, bool on);
void baz_mask_from_irq(struct baz *baz);
void baz_two_levels(struct baz *baz);
void baz_three_levels(struct baz *baz);
void baz_sometimes_locked(struct baz *baz);
void baz_by_pointer(struct baz *baz, bool on);
void baz_exported(struct baz *baz);

#endif
