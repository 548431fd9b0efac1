// SPDX-License-Identifier: GPL-2.0
/*
 * i2c-pipit.c - Pipit PS-3 SMBus host controller
 *
 * Example driver for kcodemod: probe uses pcim_enable_device(); resume,
 * built only with CONFIG_PM, re-enables the same device with
 * pci_enable_device(), which leaves it managed. An old debugging helper
 * stays in the file under #if 0.
 */

#include <linux/i2c.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#define PCI_VENDOR_ID_PIPIT	0x1f13

#define PIPIT_SMB_STS		0x00
#define PIPIT_SMB_CTL		0x02
#define  PIPIT_CTL_INTREN	0x01

struct pipit_smbus {
	struct i2c_adapter adapter;
	struct pci_dev *pdev;
	unsigned long smba;
};

static u32 pipit_func(struct i2c_adapter *adapter)
{
	return I2C_FUNC_SMBUS_BYTE_DATA | I2C_FUNC_SMBUS_WORD_DATA;
}

static const struct i2c_algorithm pipit_algorithm = {
	.functionality	= pipit_func,
};

#if 0
/* Polled mode for bring-up; kept for the next board revision. */
static void pipit_use_polling(struct pipit_smbus *smbus)
{
	pci_intx(smbus->pdev, 0);
	outb(0, smbus->smba + PIPIT_SMB_CTL);
}
#endif

static int pipit_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct pipit_smbus *smbus;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;

	smbus = devm_kzalloc(&pdev->dev, sizeof(*smbus), GFP_KERNEL);
	if (!smbus)
		return -ENOMEM;

	smbus->pdev = pdev;
	smbus->smba = pci_resource_start(pdev, 4);
	smbus->adapter.algo = &pipit_algorithm;
	smbus->adapter.dev.parent = &pdev->dev;
	strscpy(smbus->adapter.name, "SMBus Pipit adapter", sizeof(smbus->adapter.name));
	i2c_set_adapdata(&smbus->adapter, smbus);
	pci_set_drvdata(pdev, smbus);

	outb(PIPIT_CTL_INTREN, smbus->smba + PIPIT_SMB_CTL);
	return devm_i2c_add_adapter(&pdev->dev, &smbus->adapter);
}

#ifdef CONFIG_PM
static int pipit_suspend(struct device *dev)
{
	struct pipit_smbus *smbus = dev_get_drvdata(dev);

	outb(0, smbus->smba + PIPIT_SMB_CTL);
	return 0;
}

static int pipit_resume(struct device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct pipit_smbus *smbus = pci_get_drvdata(pdev);
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;

	/* The firmware leaves INTx disabled after S3. */
	pci_intx(pdev, 1);
	outb(PIPIT_CTL_INTREN, smbus->smba + PIPIT_SMB_CTL);
	return 0;
}
#endif

static const struct dev_pm_ops pipit_pm_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(pipit_suspend, pipit_resume)
};

static const struct pci_device_id pipit_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_PIPIT, 0x0003) },
	{ }
};
MODULE_DEVICE_TABLE(pci, pipit_ids);

static struct pci_driver pipit_driver = {
	.name		= "i2c-pipit",
	.id_table	= pipit_ids,
	.probe		= pipit_probe,
	.driver		= {
		.pm	= &pipit_pm_ops,
	},
};
module_pci_driver(pipit_driver);

MODULE_AUTHOR("Kai Pipit <kai.pipit@example.org>");
MODULE_DESCRIPTION("Pipit PS-3 SMBus driver");
MODULE_LICENSE("GPL");
