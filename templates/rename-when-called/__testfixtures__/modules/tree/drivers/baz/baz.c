// SPDX-License-Identifier: GPL-2.0

static int baz_probe(struct device *dev)
{
	setup_fn(dev);
	return old_fn(dev, 4);
}
