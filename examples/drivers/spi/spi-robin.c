// SPDX-License-Identifier: GPL-2.0
/*
 * spi-robin.c - Robin RS-1 PCI SPI controller
 *
 * Example driver for kcodemod: already ported. It used to call
 *
 *	void pci_intx(struct pci_dev *dev, int enable);
 *
 * as pci_intx(pdev, 1) in probe. It now writes the INTx disable bit
 * itself, so the word pci_intx is left only in comments, in a string and
 * inside longer names: none of them is a call site.
 */

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/spi/spi.h>

#define PCI_VENDOR_ID_ROBIN	0x1f14

struct robin_spi {
	struct pci_dev *pdev;
	bool robin_pci_intx_quirk;	/* INTx bit is write-once on rev 0 */
};

/* Same effect as pci_intx(), with no devres behind it. */
static void robin_set_intx(struct robin_spi *rs, bool enable)
{
	u16 cmd;

	pci_read_config_word(rs->pdev, PCI_COMMAND, &cmd);
	if (enable)
		cmd &= ~PCI_COMMAND_INTX_DISABLE;
	else
		cmd |= PCI_COMMAND_INTX_DISABLE;
	pci_write_config_word(rs->pdev, PCI_COMMAND, cmd);
}

static int robin_spi_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct spi_controller *host;
	struct robin_spi *rs;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	host = devm_spi_alloc_host(&pdev->dev, sizeof(*rs));
	if (!host)
		return -ENOMEM;

	rs = spi_controller_get_devdata(host);
	rs->pdev = pdev;
	rs->robin_pci_intx_quirk = pdev->device == 0x0100;
	if (!rs->robin_pci_intx_quirk)
		robin_set_intx(rs, true);

	dev_dbg(&pdev->dev, "INTx enabled without pci_intx()\n");
	host->num_chipselect = 4;
	return devm_spi_register_controller(&pdev->dev, host);
}

static const struct pci_device_id robin_spi_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_ROBIN, 0x0100) },
	{ PCI_DEVICE(PCI_VENDOR_ID_ROBIN, 0x0101) },
	{ }
};
MODULE_DEVICE_TABLE(pci, robin_spi_ids);

static struct pci_driver robin_spi_driver = {
	.name		= "spi-robin",
	.id_table	= robin_spi_ids,
	.probe		= robin_spi_probe,
};
module_pci_driver(robin_spi_driver);

MODULE_AUTHOR("Lena Robin <lena.robin@example.org>");
MODULE_DESCRIPTION("Robin RS-1 SPI controller driver");
MODULE_LICENSE("GPL");
