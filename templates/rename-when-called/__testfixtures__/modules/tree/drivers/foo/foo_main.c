// SPDX-License-Identifier: GPL-2.0
/* setup_fn() is called here; the old_fn() calls are in foo_io.c, the same module. */
#include "foo.h"

int foo_init(struct foo *foo)
{
	return setup_fn(foo->dev);
}
