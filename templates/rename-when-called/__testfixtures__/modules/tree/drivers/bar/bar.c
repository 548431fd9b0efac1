// SPDX-License-Identifier: GPL-2.0
#define BAR_OLD(d) old_fn(d, 0)

static int bar_probe(struct device *dev)
{
	setup_fn(dev);
	old_fn(dev, 3);
	return BAR_OLD(dev);
}