/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy: module parameters -> the desired state of one NIC. Pure code with
 * no kernel headers beyond shim.h, shared by the module, the unit tests and
 * the fuzzer.
 */
#ifndef E1000E_QUIRKS_POLICY_H
#define E1000E_QUIRKS_POLICY_H

#include "shim.h"
#include "table.h"

enum eq_mode {
	EQ_MODE_ALWAYS,		/* apply the policy as soon as the NIC appears */
	EQ_MODE_MONITOR,	/* dry run: show the plan, change nothing */
	EQ_MODE_OFF,		/* ignore the NIC */
	EQ_MODE_ON_HANG,	/* keep offloads until the NIC hangs */
	EQ_MODE_COUNT
};

/* Offload groups, named as ethtool -K names them. */
enum eq_feature {
	EQ_F_TSO,
	EQ_F_GSO,
	EQ_F_GRO,
	EQ_F_SG,
	EQ_F_TX,
	EQ_F_RX,
	EQ_F_RXVLAN,
	EQ_F_TXVLAN,
	EQ_F_COUNT
};

#define EQ_FBIT(f)		(1u << (f))
#define EQ_FEATURES_ALL		(EQ_FBIT(EQ_F_COUNT) - 1)
#define EQ_FEATURES_DEFAULT	(EQ_FBIT(EQ_F_TSO) | EQ_FBIT(EQ_F_GSO) | \
				 EQ_FBIT(EQ_F_SG) | EQ_FBIT(EQ_F_TX))

#define EQ_MAX_IDS		16
#define EQ_ERR_LEN		192
/* Long enough for every feature name, separated. */
#define EQ_FEATURES_STRLEN	64

/* Why a parameter was refused: one line naming the parameter and token. */
struct eq_err {
	char msg[EQ_ERR_LEN];
};

struct eq_pci_id {
	u16 vendor;
	u16 device;
};

struct eq_config {
	enum eq_mode mode;
	u32 features;			/* EQ_FBIT() mask to turn off */
	unsigned int n_ids;
	struct eq_pci_id ids[EQ_MAX_IDS];	/* ids=: extra affected IDs */
};

enum eq_match {
	EQ_MATCH_NONE,
	EQ_MATCH_TABLE,
	EQ_MATCH_IDS,
	EQ_MATCH_NIC,
};

/* What the module knows about a NIC, as plain values. */
struct eq_facts {
	u16 vendor;
	u16 device;
	const char *pci;	/* "0000:00:1f.6" */
	const char *ifname;
};

/* The desired state of one NIC. */
struct eq_plan {
	enum eq_match by;	/* EQ_MATCH_NONE: leave the NIC alone */
	const struct eq_id *id;	/* table row, NULL when not in the table */
	enum eq_mode mode;
	u32 features;		/* offloads the policy wants off */
};

void eq_config_init(struct eq_config *cfg);

int eq_parse_mode(const char *s, enum eq_mode *mode, struct eq_err *err);
int eq_parse_features(const char *s, u32 *features, struct eq_err *err);
int eq_parse_ids(const char *s, struct eq_pci_id *ids, unsigned int *n_ids,
		 struct eq_err *err);

const char *eq_mode_name(enum eq_mode mode);
const char *eq_feature_name(enum eq_feature f);
const char *eq_match_name(enum eq_match by);
/* "tso gso sg tx" with @sep between names; "" for an empty mask. */
int eq_format_features(u32 features, char sep, char *buf, size_t len);
int eq_format_ids(const struct eq_pci_id *ids, unsigned int n_ids,
		  char *buf, size_t len);

void eq_plan_nic(const struct eq_config *cfg, const struct eq_facts *facts,
		 struct eq_plan *plan);

#endif /* E1000E_QUIRKS_POLICY_H */
