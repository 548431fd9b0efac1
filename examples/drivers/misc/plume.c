// SPDX-License-Identifier: GPL-2.0
/*
 * plume.c - Plume PL-2 PCI LED controller
 *
 * Copyright © 2023 René Plü <rene.plu@example.org>
 *
 * Example driver for kcodemod: this file is UTF-8 and starts with a
 * byte order mark, as files from some editors do. Enabled with
 * pcim_enable_device().
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/leds.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_PLUME	0x1f1a

#define PLUME_REG_BRIGHTNESS	0x00
#define PLUME_REG_EVENT		0x04

struct plume_led {
	struct pci_dev *pdev;
	struct led_classdev cdev;
	unsigned long regs;
};

#define to_plume_led(c)	container_of(c, struct plume_led, cdev)

static void plume_set(struct led_classdev *cdev, enum led_brightness value)
{
	struct plume_led *led = to_plume_led(cdev);

	outb(value, led->regs + PLUME_REG_BRIGHTNESS);
}

static irqreturn_t plume_event(int irq, void *dev_id)
{
	struct plume_led *led = dev_id;

	if (!inb(led->regs + PLUME_REG_EVENT))
		return IRQ_NONE;

	outb(0, led->regs + PLUME_REG_EVENT);
	return IRQ_HANDLED;
}

static int plume_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct plume_led *led;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	led = devm_kzalloc(&pdev->dev, sizeof(*led), GFP_KERNEL);
	if (!led)
		return -ENOMEM;

	led->pdev = pdev;
	led->regs = pci_resource_start(pdev, 1);
	led->cdev.name = "plume::status";
	led->cdev.brightness_set = plume_set;

	pci_intx(pdev, 1);
	ret = devm_request_irq(&pdev->dev, pdev->irq, plume_event, IRQF_SHARED,
			       "plume", led);
	if (ret)
		return ret;

	return devm_led_classdev_register(&pdev->dev, &led->cdev);
}

static const struct pci_device_id plume_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_PLUME, 0x0002) },
	{ }
};
MODULE_DEVICE_TABLE(pci, plume_ids);

static struct pci_driver plume_driver = {
	.name		= "plume",
	.id_table	= plume_ids,
	.probe		= plume_probe,
};
module_pci_driver(plume_driver);

MODULE_AUTHOR("René Plü <rene.plu@example.org>");
MODULE_DESCRIPTION("Plume PL-2 LED controller driver");
MODULE_LICENSE("GPL");
