// SPDX-License-Identifier: GPL-2.0
/* Fixture: pci_intx() under (and not under) locks in its own function. */
#include <linux/pci.h>
#include <linux/spinlock.h>

struct foo {
	struct pci_dev *pdev;
	spinlock_t lock;
	raw_spinlock_t raw_lock;
	rwlock_t rwlock;
	struct mutex mutex;
	bool masked;
};

static void held_irqsave(struct foo *foo)
{
	unsigned long flags;

	spin_lock_irqsave(&foo->lock, flags);
	pci_intx(foo->pdev, 0);
	spin_unlock_irqrestore(&foo->lock, flags);
}

static void held_after_early_return(struct foo *foo)
{
	spin_lock(&foo->lock);
	if (foo->masked) {
		spin_unlock(&foo->lock);
		return;
	}
	pci_intx(foo->pdev, 1);
	spin_unlock(&foo->lock);
}

static bool held_before_goto(struct foo *foo)
{
	unsigned long flags;
	bool changed = false;

	spin_lock_irqsave(&foo->lock, flags);
	if (!foo->pdev) {
		pci_intx(foo->pdev, 0);
		goto out_unlock;
	}
	if (foo->masked)
		goto out_unlock;
	changed = true;
out_unlock:
	spin_unlock_irqrestore(&foo->lock, flags);
	return changed;
}

static void unlocked_before(struct foo *foo)
{
	spin_lock(&foo->lock);
	foo->masked = true;
	spin_unlock(&foo->lock);
	pci_intx(foo->pdev, 0);
}

static void under_mutex(struct foo *foo)
{
	mutex_lock(&foo->mutex);
	pci_intx(foo->pdev, 0);
	mutex_unlock(&foo->mutex);
}

static void lock_never_compiled(struct foo *foo)
{
#if 0
	spin_lock(&foo->lock);
#endif
	pci_intx(foo->pdev, 0);
}

static void lock_in_ifdef(struct foo *foo)
{
#ifdef CONFIG_FOO_LOCKING
	spin_lock(&foo->lock);
#endif
	pci_intx(foo->pdev, 1);
}

static void under_guard(struct foo *foo)
{
	guard(spinlock_irqsave)(&foo->lock);
	pci_intx(foo->pdev, 0);
}

static void under_scoped_guard(struct foo *foo)
{
	scoped_guard(spinlock, &foo->lock) {
		pci_intx(foo->pdev, 0);
	}
	pci_intx(foo->pdev, 1);
}

static void under_mutex_guard(struct foo *foo)
{
	guard(mutex)(&foo->mutex);
	pci_intx(foo->pdev, 0);
}

static void under_rcu(struct foo *foo)
{
	rcu_read_lock();
	pci_intx(foo->pdev, 0);
	rcu_read_unlock();
}

static void irqs_off(struct foo *foo)
{
	unsigned long flags;

	local_irq_save(flags);
	pci_intx(foo->pdev, 0);
	local_irq_restore(flags);
}

static void under_raw_and_rwlock(struct foo *foo)
{
	raw_spin_lock(&foo->raw_lock);
	raw_spin_unlock(&foo->raw_lock);
	write_lock_bh(&foo->rwlock);
	pci_intx(foo->pdev, 0);
	write_unlock_bh(&foo->rwlock);
}

static void after_trylock(struct foo *foo)
{
	if (!spin_trylock(&foo->lock))
		return;
	pci_intx(foo->pdev, 0);
	spin_unlock(&foo->lock);
}

static void trylock_released(struct foo *foo)
{
	if (spin_trylock(&foo->lock)) {
		foo->masked = true;
		spin_unlock(&foo->lock);
	}
	pci_intx(foo->pdev, 0);
}

static void preempt_off_in_loop(struct foo *foo, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		preempt_disable();
		if (foo->masked)
			break;
		preempt_enable();
	}
	pci_intx(foo->pdev, 0);
}

static void switch_unlock(struct foo *foo, int mode)
{
	spin_lock(&foo->lock);
	switch (mode) {
	case 0:
		spin_unlock(&foo->lock);
		return;
	default:
		break;
	}
	pci_intx(foo->pdev, mode);
	spin_unlock(&foo->lock);
}

static void other_lock_holder(struct foo *foo)
{
	spin_lock(&foo->lock);
	foo->masked = true;
	spin_unlock(&foo->lock);
}

static void not_called_by_lock_holder(struct foo *foo)
{
	pci_intx(foo->pdev, 1);
}

static int foo_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct foo foo = { .pdev = pdev };

	held_irqsave(&foo);
	held_after_early_return(&foo);
	held_before_goto(&foo);
	unlocked_before(&foo);
	under_mutex(&foo);
	lock_never_compiled(&foo);
	lock_in_ifdef(&foo);
	under_guard(&foo);
	under_scoped_guard(&foo);
	under_mutex_guard(&foo);
	under_rcu(&foo);
	irqs_off(&foo);
	under_raw_and_rwlock(&foo);
	after_trylock(&foo);
	trylock_released(&foo);
	preempt_off_in_loop(&foo, 2);
	switch_unlock(&foo, 1);
	other_lock_holder(&foo);
	not_called_by_lock_holder(&foo);
	return 0;
}

static struct pci_driver foo_driver = {
	.name = "foo",
	.probe = foo_probe,
};
module_pci_driver(foo_driver);
