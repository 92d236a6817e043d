// SPDX-License-Identifier: GPL-2.0
/*
 * The tunables: what a plan may change besides offloads, one entry each.
 * An entry says which escalation step it belongs to, what the plan wants
 * of it, how to read and set it on the device (the helpers in ethtool.c
 * and how to show it. The reconciler gives every entry the
 * same life: plan, read the original, apply, remember, restore, show.
 * A new tunable (interrupt coalescing, say) is an entry here, a device
 * helper, a field in enum eq_field and its parameter in policy.c.
 */
#include <linux/netdevice.h>

#include "eq.h"

const char *const eq_field_names[EQ_FLD_COUNT] = {
	[EQ_FLD_TX_RING] = "tx_ring",
	[EQ_FLD_RX_RING] = "rx_ring",
	[EQ_FLD_EEE] = "eee",
	[EQ_FLD_PAUSE] = "pause",
	[EQ_FLD_K1] = "k1",
};

static u32 eq_rings_want(const struct eq_plan *p, struct eq_tun_val *w)
{
	w->v[0] = p->tx_ring;
	w->v[1] = p->rx_ring;
	return (p->tx_ring ? BIT(0) : 0) | (p->rx_ring ? BIT(1) : 0);
}

static void eq_fmt_u32(unsigned int i, u32 v, bool orig, char *buf,
		       size_t len)
{
	scnprintf(buf, len, "%u", v);
}

static u32 eq_eee_want(const struct eq_plan *p, struct eq_tun_val *w)
{
	w->v[0] = 0;			/* disabled */
	return p->eee == EQ_OFF ? BIT(0) : 0;
}

static void eq_fmt_on_off(unsigned int i, u32 v, bool orig, char *buf,
			  size_t len)
{
	strscpy(buf, v ? "on" : "off", len);
}

static u32 eq_pause_want(const struct eq_plan *p, struct eq_tun_val *w)
{
	w->v[0] = 0;			/* no autoneg, no rx, no tx */
	return p->pause == EQ_OFF ? BIT(0) : 0;
}

/* "autoneg rx tx", "rx", "none"; the value the module sets is "off". */
static void eq_fmt_pause(unsigned int i, u32 v, bool orig, char *buf,
			 size_t len)
{
	if (!v) {
		strscpy(buf, orig ? "none" : "off", len);
		return;
	}
	scnprintf(buf, len, "%s%s", v & EQ_PAUSE_AUTONEG ? "autoneg " : "",
		  v & EQ_PAUSE_RX ? (v & EQ_PAUSE_TX ? "rx tx" : "rx") :
		  (v & EQ_PAUSE_TX ? "tx" : "none"));
}

static u32 eq_k1_want(const struct eq_plan *p, struct eq_tun_val *w)
{
	w->v[0] = 1;			/* disable-k1 set: K1 off */
	return p->k1 == EQ_OFF ? BIT(0) : 0;
}

/* The value is the disable-k1 flag; shown as the state of K1. */
static void eq_fmt_k1(unsigned int i, u32 v, bool orig, char *buf,
		      size_t len)
{
	strscpy(buf, v ? "off" : "on", len);
}

const struct eq_tunable eq_tunables[EQ_TUN_COUNT] = {
	[EQ_TUN_RINGS] = {
		.label = "rings",
		.step = EQ_STEP_RINGS,
		.n = 2,
		.field = { EQ_FLD_TX_RING, EQ_FLD_RX_RING },
		.field_label = { "tx", "rx" },
		.field_log = { "tx ring", "rx ring" },
		.numeric = true,
		.want = eq_rings_want,
		.get = eq_eth_get_rings,
		.set = eq_eth_set_rings,
		.fmt = eq_fmt_u32,
	},
	[EQ_TUN_EEE] = {
		.label = "EEE",
		.field_log = { "EEE" },
		.step = EQ_STEP_EEE,
		.n = 1,
		.field = { EQ_FLD_EEE },
		.want = eq_eee_want,
		.get = eq_eth_get_eee,
		.set = eq_eth_set_eee,
		.fmt = eq_fmt_on_off,
	},
	[EQ_TUN_PAUSE] = {
		.label = "flow control",
		.field_log = { "flow control" },
		.step = EQ_STEP_PAUSE,
		.n = 1,
		.field = { EQ_FLD_PAUSE },
		.want = eq_pause_want,
		.get = eq_eth_get_pause,
		.set = eq_eth_set_pause,
		.fmt = eq_fmt_pause,
	},
	[EQ_TUN_K1] = {
		.label = "K1",
		.field_log = { "K1" },
		.step = EQ_STEP_K1,
		.n = 1,
		.field = { EQ_FLD_K1 },
		/* e1000e_set_priv_flags(): "not supported on this device" */
		.refused = -EINVAL,
		.want = eq_k1_want,
		.get = eq_eth_get_k1_off,
		.set = eq_eth_set_k1_off,
		.fmt = eq_fmt_k1,
	},
};
