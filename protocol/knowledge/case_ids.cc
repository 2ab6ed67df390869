#include "protocol/knowledge/case_ids.h"

namespace smc::knowledge {

namespace {

// In §12 row order. Rows with the same code and a different cause get their own id.
constexpr CaseId kCases[] = {
    {"success/smcr-v2", "0a", 0, "baseline pair: SMC-Rv2 on both sides"},
    {"success/smcr-v1", "0b", 0, "v1-only client: SMC-R v1"},
    {"success/smcd-loopback", "0c", 0, "same host, loopback-ism, UEID set: SMC-D"},
    {"decline/0x01010000-client-rmb-alloc", "1", 0x01010000, "client RMB allocation fails for every size"},
    {"decline/0x01010000-server-buffer-alloc", "2", 0x01010000, "server buffer allocation fails in device setup"},
    {"decline/0x01010000-server-mr-limit", "3", 0x01010000, "server device max_mr exhausted at allocation time"},
    {"decline/0x02010000-rdma-dead", "4", 0x02010000, "RDMA fabric drops everything, TCP fine, first contact"},
    {"decline/0x02010000-equal-timers", "5", 0x02010000, "old kernels with equal 2 s LLC timers: crossing Declines"},
    {"decline/0x02010000-asymmetric-max-links-1", "6", 0x02010000, "client→server RDMA broken, server max_links 1"},
    {"absent/0x02020000-no-add-link", "7", 0x02020000, "server never sends Add Link: SMC-R with one link, no code"},
    {"decline/0x03000000-ipv6-link-local", "8", 0x03000000, "v1-only IPv6 connection over fe80:: only"},
    {"decline/0x03000000-vip-source", "9", 0x03000000, "v1-only client source address not on the egress device"},
    {"fallback/0x03010000-peer-no-smc", "10", 0x03010000, "server application is plain TCP (or no SMC module)"},
    {"fallback/0x03010000-client-static-binary", "11", 0x03010000, "client static binary under smc_run"},
    {"fallback/0x03010000-syncookies", "12", 0x03010000, "server under SYN flood answers with a SYN cookie"},
    {"fallback/0x03010000-hs-limit", "13", 0x03010000, "server limit_smc_hs=1 with a congested handshake queue"},
    {"fallback/0x03010000-bpf-veto", "14", 0x03010000, "6.18 hs_ctrl syn_option / synack_option returns 0"},
    {"fallback/0x03010000-strip-syn", "15", 0x03010000, "middlebox strips the option from the SYN"},
    {"fallback/0x03010000-strip-synack", "16", 0x03010000, "middlebox strips the option from the SYN-ACK only"},
    {"fallback/0x03010000-option-space", "17", 0x03010000, "TCP-AO with timestamps leaves no room for the option"},
    {"decline/0x03010000-empty-v2-proposal", "18", 0x03010000, "crafted v2 Proposal offering no SMC type"},
    {"fallback/0x03010001-negotiator-deny", "19", 0x03010001, "Anolis client negotiator BPF says no"},
    {"decline/0x03020000-client-ipsec", "20", 0x03020000, "client socket has a per-socket IPsec policy"},
    {"decline/0x03020000-server-ipsec", "21", 0x03020000, "listener has a per-socket IPsec policy"},
    {"success/global-ipsec", "22", 0, "system-wide xfrm policy only: SMC-R proceeds"},
    {"decline/0x03030000-no-device", "23", 0x03030000, "client host has no RDMA or ISM device"},
    {"decline/0x03030000-wrong-netdev", "24", 0x03030000, "client RDMA port bound to another netdev or pnetid mismatch"},
    {"decline/0x03030000-netns-exclusive", "25", 0x03030000, "client RDMA device in another netns (exclusive mode)"},
    {"decline/0x03030000-ipv6-v2-only", "26", 0x03030000, "RoCEv2-only / eRDMA client with an IPv6 socket"},
    {"decline/0x03030000-client-no-ueid", "27", 0x03030000, "RoCEv2-only client without a UEID"},
    {"decline/0x03030000-port-down", "28", 0x03030000, "client RDMA port down or device being removed"},
    {"decline/0x03030000-server-no-device", "29", 0x03030000, "v1-only client, server has no RDMA device"},
    {"decline/0x03030002-server-no-device-old", "30", 0x03030002, "as server-no-device on a 5.10–5.16 server"},
    {"decline/0x03030000-ueid-mismatch", "31", 0x03030000, "v2-only offer, UEIDs differ"},
    {"decline/0x03030001-no-ism", "32", 0x03030001, "client offers SMC-D v1 only, server has no ISM"},
    {"decline/0x03030002-no-rdma-device", "33", 0x03030002, "server has no RDMA device usable for the connection"},
    {"decline/0x03030002-no-v2-gid-or-route", "34", 0x03030002, "server has no v2 GID in its subnet or no route to the client's RoCE IP"},
    {"decline/0x03030003-no-ismv2", "35", 0x03030003, "loopback-ism-only client, remote server without ISMv2"},
    {"decline/0x03030004-no-v2-ext", "36", 0x03030004, "crafted v2 Proposal without v2 extension, server before 6.13"},
    {"error/proposal-no-v2-ext-strict", "37", 0, "same crafted Proposal on a 6.13+ server: dropped, no code"},
    {"decline/0x03030005-no-v2d-ext", "38", 0x03030005, "crafted SMC-Dv2 Proposal without the SMC-Dv2 extension"},
    {"decline/0x03030007-loopback-remote", "39", 0x03030007, "both hosts loopback-ism, remote peer, no RDMA"},
    {"decline/0x03030007-masks-rdma", "40", 0x03030007, "loopback-ism on both hosts masks a missing server RDMA device"},
    {"decline/0x03030008-no-ueid", "41", 0x03030008, "single host, loopback-ism, no UEID, no RDMA"},
    {"decline/0x03030009-release-mismatch", "42", 0x03030009, "crafted client Confirm with a different release"},
    {"decline/0x0303000a-server-max-conns", "43", 0x0303000a, "crafted v2.1 Proposal with max_conns 8"},
    {"decline/0x0303000a-client-max-conns", "44", 0x0303000a, "crafted v2.1 Accept with max_conns 8"},
    {"decline/0x0303000b-max-links", "45", 0x0303000b, "crafted Proposal max_links 0 or Accept max_links 3"},
    {"decline/0x0303000c-vendor-options-changed", "46", 0x0303000c, "Anolis pair, vendor-option sysctl changed mid-handshake"},
    {"decline/0x03040000-mode-mismatch", "47", 0x03040000, "crafted server answers an R-only Proposal with SMC-D"},
    {"decline/0x03050000-rmbe-eyecatcher", "48", 0x03050000, "crafted server Confirm Link without the no-eyecatcher flag"},
    {"fallback/0x03060000-listener-fastopen", "49", 0x03060000, "server sets TCP_FASTOPEN before listen()"},
    {"fallback/0x03060000-msg-fastopen", "50", 0x03060000, "client sendto(MSG_FASTOPEN) instead of connect"},
    {"fallback/0x03060000-fastopen-connect", "51", 0x03060000, "client sets TCP_FASTOPEN_CONNECT before connect"},
    {"fallback/0x03060000-option-alias", "52", 0x03060000, "client sets an aliased IP option (IPV6_MTU_DISCOVER) before connect"},
    {"decline/0x03070000-diff-prefix", "53", 0x03070000, "v1-only, hosts in different subnets or netmasks"},
    {"decline/0x03030000-diff-prefix-old", "54", 0x03030000, "as diff-prefix on a server before the late-2023 fix"},
    {"success/v2-rescues-prefix", "55", 0, "different subnets with UEIDs and RoCEv2 GIDs: SMC-Rv2"},
    {"decline/0x03080000-route-vanished", "56", 0x03080000, "server: the accepted socket's route vanishes"},
    {"decline/0x03080000-client-vlan-old", "57", 0x03080000, "4.19–5.16 client: VLAN lookup fails"},
    {"decline/0x03090000-ism-vlan-full", "58", 0x03090000, "SMC-D v1 over a VLAN, server ISM VLAN table full"},
    {"decline/0x030a0000-no-active-link", "59", 0x030a0000, "reused link group without a usable active link"},
    {"decline/0x030b0000-server-link-gone", "60", 0x030b0000, "client's matching link cleared between match and lookup"},
    {"decline/0x030c0000-anolis-release", "61", 0x030c0000, "Anolis client gets an Accept with FCE release 2"},
    {"decline/0x030d0000-dmb-exhausted", "62", 0x030d0000, "loopback-ism same host, DMB table exhausted"},
    {"decline/0x030e0000-no-route", "63", 0x030e0000, "routed v2 pair, client has no route to the server's RoCE IP"},
    {"decline/0x030f0000-indirect-mismatch", "64", 0x030f0000, "asymmetric netmasks: server indirect, client direct"},
    {"decline/0x04000000-stale-lgr", "65", 0x04000000, "server reuses a link group the client silently lost"},
    {"decline/0x09990000-server-qp-create", "66", 0x09990000, "QP creation fails on the server"},
    {"decline/0x09990000-client-qp-create", "67", 0x09990000, "QP creation fails on the client"},
    {"decline/0x09990001-rtoken-full", "68", 0x09990001, "link group with 255 distinct peer RMB tokens"},
    {"decline/0x09990002-qp-rtr", "69", 0x09990002, "client QP modify to RTR fails"},
    {"decline/0x09990003-reg-mr", "70", 0x09990003, "server REG_MR completion fails (first contact)"},
    {"decline/0x09990003-confirm-rkey-lost", "71", 0x09990003, "reuse path: Confirm RKey response lost (v1-only)"},
    {"decline/0x09990004-credits", "72", 0x09990004, "Anolis pair with credits: client credit announcement fails"},
    {"error/option-echo", "73", 0, "plain server or middlebox echoes the SMC option (N1)"},
    {"error/accept-timeout", "74", 0, "server never answers the Proposal: ETIMEDOUT"},
    {"error/garbage-accept", "75", 0, "crafted server sends a malformed Accept: EPROTO"},
    {"decline/0x03030000-reserved-ports", "76", 0x03030000, "Anolis: ports 65500–65515 busy at load, eRDMA-only client"},
    {"decline/0x03030000-ipv6-erdma", "77", 0x03030000, "Anolis eRDMA with an IPv6 client (seed)"},
    // Beyond the matrix: variants a lab run confirmed, and one case per seed section.
    {"fallback/0x03060000-option-alias-ip-checksum", "", 0x03060000, "client sets IP_CHECKSUM (SOL_IP 23) before connect", "kernel-lab.md"},
    {"decline/0x03030000-v4-mapped-upstream", "", 0x03030000, "AF_INET6 socket to an IPv4-mapped address on upstream 6.12", "kernel-lab.md"},
    {"seed/option-echo", "", 0, "communication fails when a server echoes the SMC option", "seed document"},
    {"seed/option-echo-fixed-by-policy", "", 0x03010001, "the echoing link fixed by a per-route negotiation policy", "seed document"},
    {"seed/smc-run-static-binary", "", 0x03010000, "smc_run does nothing for a statically linked program", "seed document"},
    {"seed/tcp2smc-static-binary", "", 0, "net.smc.tcp2smc makes the static binary use SMC", "seed document"},
    {"seed/ofed-smc-module-unusable", "", 0, "the SMC module does not load with a vendor OFED stack", "seed document"},
    {"seed/ipv6-erdma", "", 0x03030000, "IPv6 falls back on eRDMA", "seed document"},
    {"seed/ipv4-mapped-ipv6", "", 0, "IPv4-mapped IPv6 works on 5.10.134-17.3 and later", "seed document"},
    {"seed/sockopt-y", "", 0, "Y socket options keep SMC", "seed document"},
    {"seed/sockopt-m", "", 0, "M socket options are accepted and SMC stays on", "seed document"},
    {"seed/sockopt-n", "", 0x03060000, "N socket options force a fallback", "seed document"},
    {"seed/sockopt-n-inet", "", 0x03010001, "N options on an inet-SMC socket give 0x03010001", "seed document"},
    {"seed/insufficient-resources", "", 0x09990000, "insufficient ERI resources make SMC fall back", "seed document"},
    {"seed/reserved-ports", "", 0x03030000, "ports 65500-65515 held when SMC loads: the ERI is unusable", "seed document"},
    // The seed's performance sections: cases with a [perf] table (docs/performance-model.md).
    {"seed/perf-cpu-bound", "", 0, "CPU-bound application: SMC-R and TCP serve the same QPS", "seed document"},
    {"seed/perf-header-overhead", "", 0, "RDMA header overhead: SMC-R slightly slower at equal bandwidth", "seed document"},
    {"seed/perf-jumbo-frames", "", 0, "jumbo frames shrink the RDMA header overhead", "seed document"},
    {"seed/perf-short-lived", "", 0, "short-lived connections: SMC-R set-up outweighs its data path", "seed document"},
    {"seed/perf-pps-limit", "", 0, "at the NIC PPS limit SMC-R serves fewer queries than TCP", "seed document"},
    {"seed/perf-pps-headroom", "", 0, "the same load below the PPS limit: SMC-R serves more queries", "seed document"},
    {"seed/perf-latency-bound", "", 0, "baseline: latency-bound request/response is faster over SMC-R", "seed document"},
    // Lifecycle (issue 5): SMC close over CDC, failover and abort (docs/data-path.md).
    {"success/lifecycle-close-client-first", "", 0, "orderly close, the client first: both sides CLOSED", "docs/data-path.md"},
    {"success/lifecycle-close-server-first", "", 0, "orderly close, the server first: both sides CLOSED", "docs/data-path.md"},
    {"success/lifecycle-close-both-at-once", "", 0, "both applications close at the same instant: both CLOSED", "docs/data-path.md"},
    {"success/lifecycle-shutdown-write-then-read", "", 0, "shutdown(SHUT_WR), read the echo to EOF, close", "docs/data-path.md"},
    {"success/lifecycle-abort-unread-data", "", 0, "close with unread data aborts: the peer reads ECONNRESET", "docs/data-path.md"},
    {"success/lifecycle-failover-two-links", "", 0, "a port dies mid-transfer: the second link carries on, data intact", "docs/data-path.md"},
    {"success/lifecycle-one-link-killed", "", 0, "the only link's QP fails mid-transfer: both sides abort", "docs/data-path.md"},
    // The network in scenario runs (docs/simulated-world.md): segments and faults.
    {"success/network-loss-mask-synack-proposal", "", 0, "the SYN-ACK and the Proposal are lost once: TCP retransmits, still SMC-R", "docs/simulated-world.md"},
    {"error/network-partition-during-clc", "", 0, "a partition during the CLC handshake outlasts the 6 s CLC wait: ETIMEDOUT", "docs/simulated-world.md"},
    {"error/network-link-down-before-connect", "", 0, "the cable is down before connect(): connect() fails after the SYN retries", "docs/simulated-world.md"},
    {"success/network-bandwidth-jumbo", "", 0, "100 Mbit/s segment with MTU 9000: SMC-R, data intact", "docs/simulated-world.md"},
    {"success/network-pps-jumbo", "", 0, "NICs capped at 1000 packets/s, MTU 9000: SMC-R, data intact", "docs/simulated-world.md"},
};

}  // namespace

std::span<const CaseId> all_case_ids() { return kCases; }

std::vector<CaseId> cases_for_code(std::uint32_t code) {
  std::vector<CaseId> out;
  if (code == 0) return out;
  for (const auto& c : kCases) {
    if (c.code == code) out.push_back(c);
  }
  return out;
}

const CaseId* find_case(std::string_view id) {
  for (const auto& c : kCases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace smc::knowledge
