// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

static int widget_probe(struct device *dev)
{
	setup_fn(dev);
	return old_fn(dev, 1);
}
