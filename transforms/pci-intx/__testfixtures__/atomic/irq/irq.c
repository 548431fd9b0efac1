// SPDX-License-Identifier: GPL-2.0
/* Fixture: pci_intx() in interrupt handlers registered in several ways. */
#include <linux/interrupt.h>
#include <linux/pci.h>

struct bar {
	struct pci_dev *pdev;
	int mode;
};

static irqreturn_t bar_hard_irq(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 0);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t bar_thread_fn(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 1);
	return IRQ_HANDLED;
}

static irqreturn_t bar_devm_irq(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 0);
	return IRQ_HANDLED;
}

static irqreturn_t bar_only_thread(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 1);
	return IRQ_HANDLED;
}

static irqreturn_t bar_any_context(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 0);
	return IRQ_HANDLED;
}

static irqreturn_t bar_msi_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

static irqreturn_t bar_legacy_irq(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 0);
	return IRQ_HANDLED;
}

static irqreturn_t bar_disabled_irq(int irq, void *data)
{
	struct bar *bar = data;

	pci_intx(bar->pdev, 0);
	return IRQ_HANDLED;
}

static int bar_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct bar *bar = devm_kzalloc(&pdev->dev, sizeof(*bar), GFP_KERNEL);
	int ret;

	ret = request_threaded_irq(pdev->irq, bar_hard_irq, bar_thread_fn,
				   IRQF_SHARED, "bar", bar);
	if (ret)
		return ret;
	ret = devm_request_irq(&pdev->dev, pdev->irq, bar_devm_irq, 0, "bar", bar);
	if (ret)
		return ret;
	ret = devm_request_threaded_irq(&pdev->dev, pdev->irq, NULL,
					bar_only_thread, IRQF_ONESHOT, "bar", bar);
	if (ret)
		return ret;
	ret = request_any_context_irq(pdev->irq, bar_any_context, 0, "bar", bar);
	if (ret < 0)
		return ret;
	ret = request_irq(pdev->irq, bar->mode ? bar_msi_irq : (irq_handler_t)bar_legacy_irq,
			  0, "bar", bar);
#if 0
	ret = request_irq(pdev->irq, bar_disabled_irq, 0, "bar", bar);
#endif
	return ret;
}

static struct pci_driver bar_driver = {
	.name = "bar",
	.probe = bar_probe,
};
module_pci_driver(bar_driver);
