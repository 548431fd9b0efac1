// SPDX-License-Identifier: GPL-2.0
/*
 * gpio-wagtail.c - GPIO block of the Wagtail WT-7 PCI multifunction chip
 *
 * Example driver for kcodemod: an auxiliary driver. The PCI device is
 * its parent, enabled by the Wagtail MFD driver; this module has no
 * enable call of its own, so nothing here says whether pci_intx() is
 * managed.
 */

#include <linux/auxiliary_bus.h>
#include <linux/gpio/driver.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define WAGTAIL_GPIO_NGPIO	16
#define WAGTAIL_GPIO_DATA	0x00
#define WAGTAIL_GPIO_IRQ_EN	0x08

struct wagtail_gpio {
	struct gpio_chip chip;
	struct pci_dev *pdev;
	unsigned long base;
};

static int wagtail_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct wagtail_gpio *wg = gpiochip_get_data(gc);

	return !!(inw(wg->base + WAGTAIL_GPIO_DATA) & BIT(offset));
}

static int wagtail_gpio_irq_init(struct wagtail_gpio *wg)
{
	/* The GPIO block shares the parent's INTx line. */
	pci_intx(wg->pdev, 1);
	outw(0xffff, wg->base + WAGTAIL_GPIO_IRQ_EN);
	return 0;
}

static int wagtail_gpio_probe(struct auxiliary_device *adev,
			      const struct auxiliary_device_id *id)
{
	struct wagtail_gpio *wg;
	int ret;

	wg = devm_kzalloc(&adev->dev, sizeof(*wg), GFP_KERNEL);
	if (!wg)
		return -ENOMEM;

	wg->pdev = to_pci_dev(adev->dev.parent);
	wg->base = pci_resource_start(wg->pdev, 3);
	wg->chip.label = "wagtail-gpio";
	wg->chip.parent = &adev->dev;
	wg->chip.get = wagtail_gpio_get;
	wg->chip.base = -1;
	wg->chip.ngpio = WAGTAIL_GPIO_NGPIO;

	ret = wagtail_gpio_irq_init(wg);
	if (ret)
		return ret;

	return devm_gpiochip_add_data(&adev->dev, &wg->chip, wg);
}

static const struct auxiliary_device_id wagtail_gpio_id_table[] = {
	{ .name = "wagtail.gpio" },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, wagtail_gpio_id_table);

static struct auxiliary_driver wagtail_gpio_driver = {
	.probe		= wagtail_gpio_probe,
	.id_table	= wagtail_gpio_id_table,
};
module_auxiliary_driver(wagtail_gpio_driver);

MODULE_AUTHOR("Ines Wagtail <ines.wagtail@example.org>");
MODULE_DESCRIPTION("Wagtail WT-7 GPIO driver");
MODULE_LICENSE("GPL");
