// SPDX-License-Identifier: GPL-2.0
#include "foo.h"

int foo_start(struct foo *foo)
{
	int ret = old_fn(foo->dev, 1);

	if (ret)
		return ret;
	return old_fn (foo->dev,
		      2);
}
