// SPDX-License-Identifier: GPL-2.0

/* No setup_fn() call in this module: old_fn() stays. */
static int qux_probe(struct device *dev)
{
	return old_fn(dev, 5);
}
