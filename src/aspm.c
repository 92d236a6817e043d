// SPDX-License-Identifier: GPL-2.0
/*
 * The NIC's PCIe link: ASPM L0s and L1, for aspm=off.
 *
 * Turning ASPM off is pci_disable_link_state(). Putting back what was
 * there needs pci_force_enable_link_state() (7.4, "PCI/ASPM: Add
 * pci_force_enable_link_state()"): pci_enable_link_state() (6.3) only
 * sets the default policy and cannot undo a disable. Without it this
 * module would leave ASPM off for good, so it does not touch ASPM at all
 * (the tunable reads as unsupported). The integrated I219 and its PCH
 * siblings have no PCIe capability at all: no link, also unsupported.
 */
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "eq.h"

#ifdef HAVE_PCI_FORCE_ENABLE_LINK_STATE
static struct pci_dev *eq_aspm_pdev(struct net_device *dev)
{
	struct device *parent = dev->dev.parent;

	return parent && dev_is_pci(parent) ? to_pci_dev(parent) : NULL;
}
#endif

/* v[0]: the ASPM control bits of the NIC's Link Control (L0s 1, L1 2). */
int eq_aspm_get(struct net_device *dev, struct eq_tun_val *v)
{
#ifdef HAVE_PCI_FORCE_ENABLE_LINK_STATE
	struct pci_dev *pdev = eq_aspm_pdev(dev);
	u16 lnkctl;
	int err;

	if (!pdev || !pci_is_pcie(pdev))
		return -EOPNOTSUPP;
	err = pcie_capability_read_word(pdev, PCI_EXP_LNKCTL, &lnkctl);
	if (err)
		return pcibios_err_to_errno(err);
	v->v[0] = lnkctl & PCI_EXP_LNKCTL_ASPMC;
	return 0;
#else
	return -EOPNOTSUPP;
#endif
}

int eq_aspm_set(struct net_device *dev, const struct eq_tun_val *v)
{
#ifdef HAVE_PCI_FORCE_ENABLE_LINK_STATE
	struct pci_dev *pdev = eq_aspm_pdev(dev);
	int on = 0, off = 0;

	if (!pdev)
		return -EOPNOTSUPP;
	if (v->v[0] & PCI_EXP_LNKCTL_ASPM_L0S)
		on |= PCIE_LINK_STATE_L0S;
	else
		off |= PCIE_LINK_STATE_L0S;
	if (v->v[0] & PCI_EXP_LNKCTL_ASPM_L1)
		on |= PCIE_LINK_STATE_L1;
	else
		off |= PCIE_LINK_STATE_L1;
	if (off) {
		int err = pci_disable_link_state(pdev, off);

		if (err)
			return err;
	}
	return on ? pci_force_enable_link_state(pdev, on) : 0;
#else
	return -EOPNOTSUPP;
#endif
}
