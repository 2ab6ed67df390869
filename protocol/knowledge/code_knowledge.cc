// The knowledge base. Sources: fallback-causes.md §2 (steps), §4 (summary), §5 (triggers),
// §9 (kernels), §11 (discrepancies with the seed); the seed's cause/solution table
// (shared/seeds/000_7feaa27e7c351974.txt). Written in our own words.
#include "protocol/knowledge/code_knowledge.h"

#include <algorithm>

#include "protocol/clc/decline_code.h"

namespace smc::knowledge {

namespace {

using K = std::vector<std::string_view>;

// Profile names by the first release that defines a code (kernel_profiles.cc, §9).
const K kAll{"linux-4.19", "linux-5.10", "linux-5.17", "linux-6.1", "linux-6.12", "linux-6.18",
             "anolis-5.10.134", "anolis-6.6"};
const K kFrom510{"linux-5.10", "linux-5.17", "linux-6.1", "linux-6.12", "linux-6.18", "anolis-5.10.134",
                 "anolis-6.6"};
const K kFrom517{"linux-5.17", "linux-6.1", "linux-6.12", "linux-6.18", "anolis-5.10.134", "anolis-6.6"};
const K kFrom67{"linux-6.12", "linux-6.18", "anolis-5.10.134", "anolis-6.6"};
const K kAnolis{"anolis-5.10.134", "anolis-6.6"};

constexpr std::string_view kSmcdOnAlibaba = "Alibaba Cloud provides no SMC-D devices (seed); on x86 only loopback-ism is SMC-D";

std::vector<CodeKnowledge> build() {
  std::vector<CodeKnowledge> v;
  v.push_back({0x01010000, CodeOrigin::Upstream, "memory, buffer or memory-region allocation failed", "client, server",
               "C4, C7, C13, C15 / S3, S6, S9", WireUse::Decline, "TCP 0x05000000/0x01010000",
               "yes (fault injection, memory or MR exhaustion)", kAll, "",
               {{"handshake state, send buffer or RMB cannot be allocated (every size class tried)",
                 "free host memory; lower SO_SNDBUF/SO_RCVBUF or sysctl net.smc.wmem/rmem"},
                {"memory-region allocation or DMA mapping fails on the link (device max_mr exhausted)",
                 "check ibv_devinfo -v max_mr; reduce the number of SMC connections"},
                {"SMC-D buffer creation fails for a reason other than 'no DMB slot'", "free memory on the host"}},
               {"the seed blames MR exhaustion on 0x09990003; upstream reports it here (§5 0x01010000)"}});
  v.push_back({0x02010000, CodeOrigin::Upstream, "LLC Confirm Link timed out (SMC-R first contact)", "client, server",
               "C19 / S13", WireUse::Decline, "TCP 0x05000000/0x02010000", "yes (RDMA path broken, TCP fine)", kAll,
               "client first Confirm Link wait 4 s from ≈6.1 (2 s before and on Anolis 5.10)",
               {{"the RDMA path is broken while TCP works (RNIC, fabric, netns of the RDMA device)",
                 "make sure the RNICs and the RDMA network work (smcr d, ibv_devinfo, eadm stat on eRDMA)"},
                {"the Confirm Link request or response cannot be posted", "check the RNIC and its QP limits"},
                {"long one-way delay on the TCP/RDMA path during first contact",
                 "a delayed LLC exchange can leave the client SMC-R and the server TCP: the connection breaks"}},
               {"the seed says CLC timeouts also give this code; in the kernel a CLC timeout is a hard error "
                "(ETIMEDOUT or a dropped connection), not 0x02010000 (§11.1)"}});
  v.push_back({0x02020000, CodeOrigin::Upstream, "LLC Add Link timed out", "none", "—", WireUse::NeverProduced, "—",
               "no: defined, never produced", kAll, "",
               {{"never produced: without an Add Link the client carries on with one link",
                 "nothing to fix (the seed also says 'not in use')"}},
               {}});
  v.push_back({0x03000000, CodeOrigin::Upstream, "client cannot read its IP prefix for a v1-only Proposal", "client",
               "C8", WireUse::Decline, "TCP 0x05000000/0x03000000", "yes", kAll,
               "4.17–4.18: also 'client has no RDMA device' (now 0x03030000)",
               {{"IPv6 connection whose egress device has only link-local addresses (fe80::%dev over RoCE v1)",
                 "give the netdev a global IPv6 address or use IPv4"},
                {"the source address is not configured on the egress device (VIP on lo/dummy, policy routing src)",
                 "use a source address of the RDMA netdev, or enable SMCv2 (UEID + RoCEv2) so v1 is not needed"},
                {"no cached route or a route without a device at that moment (race)",
                 "make sure the TCP connection and its devices work correctly (seed)"}},
               {"only for v1-only offers: when a v2 type is also offered v1 is dropped silently"}});
  v.push_back({0x03010000, CodeOrigin::Upstream, "the peer did not show the SMC TCP option", "client, server",
               "TCP phase (C2 / S2); S7 for an empty v2 Proposal", WireUse::LocalOrDecline, "— (or TCP 0x03010000)",
               "yes", kAll, "",
               {{"the peer is not an SMC socket: plain TCP application, no SMC module, smc_run on a static binary",
                 "replace TCP with SMC on both sides (smc_run, IPPROTO_SMC, sysctl net.smc.tcp2smc on Anolis); check smcss"},
                {"the server set a TCP Fast Open option (or an aliased IP option) before listen()",
                 "remove TCP_FASTOPEN from the server"},
                {"the server answered with a SYN cookie (SYN flood)", "relieve the SYN flood; check tcp_syncookies"},
                {"handshake limitation on and the server's SMC handshake queue congested",
                 "sysctl net.smc.limit_smc_hs (Anolis limit_handshake) or SMC_LIMIT_HS"},
                {"a BPF policy vetoed the option (6.18 hs_ctrl, Anolis negotiator)", "review the BPF policy"},
                {"a middlebox stripped the option from the SYN or SYN-ACK",
                 "fix the middlebox; a SYN-ACK-only strip also makes the server drop the connection"},
                {"no TCP option space left (TCP-AO with timestamps)", "drop TCP-AO or timestamps on SMC paths"}},
               {"a Linux client never sends an empty v2 Proposal; the Decline form needs a crafted peer"}});
  v.push_back({0x03010001, CodeOrigin::Anolis, "local policy chose TCP before the SYN (Anolis)", "client",
               "before the SYN", WireUse::LocalOnly, "TCP 0x03010000", "Anolis only", kAnolis, "",
               {{"the negotiator BPF program did not return 'pass'", "this is the intended way to disable SMC on a path"},
                {"an inet-SMC socket (tcp2smc / IPPROTO_SMC) set an unsupported TCP option before connect (Fast Open, TCP_ULP)",
                 "remove the option; after connect such options return EOPNOTSUPP"}},
               {"the upstream 6.18 BPF syn_option veto gives plain 0x03010000 instead"}});
  v.push_back({0x03020000, CodeOrigin::Upstream, "per-socket IPsec policy", "client, server", "C3 / S5",
               WireUse::Decline, "TCP 0x05000000/0x03020000", "yes", kAll,
               "4.11–4.14 reported IPsec as 0x03030000",
               {{"the client socket has a per-socket IP_XFRM_POLICY / IP_IPSEC_POLICY", "do not use IPsec with SMC connections"},
                {"the listener has a per-socket policy, inherited by its children", "do not use IPsec with SMC connections"}},
               {"system-wide policies (ip xfrm policy) are not seen: SMC proceeds and RDMA data bypasses IPsec",
                "IPV6_IPSEC_POLICY shares number 34 with TCP_FASTOPEN_NO_COOKIE: before connect it gives 0x03060000"}});
  v.push_back({0x03030000, CodeOrigin::Upstream, "no usable SMC device or path", "client, server", "C6 / S9",
               WireUse::Decline, "TCP 0x05000000/0x03030000", "yes (many variants)", kAll,
               "4.11–4.14: this value meant IPsec; before the late-2023 fix also the server prefix mismatch",
               {{"no RDMA or ISM device registered with SMC (driver missing, no ERI, port not ACTIVE)",
                 "run smcr d; for eRDMA configure ERIs in the ECS console and install the drivers"},
                {"multi-NIC host: the route leaves through a NIC that is not the RDMA one (or pnetid mismatch)",
                 "compare ibv_devinfo GUIDs with ip addr MACs; route SMC traffic over the RDMA netdev"},
                {"RDMA subsystem in exclusive netns mode, device in another namespace",
                 "rdma system; rdma dev set <dev> netns <ns> (also move the netdev for RoCE/iWARP)"},
                {"IPv6 socket on a v2-only device (eRDMA, RoCEv2-only): SMCv2 needs AF_INET",
                 "switch the application to AF_INET (IPv4-mapped works on Alibaba 5.10.134-17.3+)"},
                {"v2 not offerable: no UEID configured on a RoCEv2-only client", "smcr ueid add the same UEID on both hosts"},
                {"server side: v1-only Proposal and no matching server RDMA device", "check the server's devices (smcr d)"},
                {"server side: v2-only Proposal and no shared UEID (UEIDs differ)", "configure the same UEID on both hosts"}},
               {"UEID mismatch never shows as a UEID code: it ends here [lab 6.12 confirmed]",
                "[lab 6.12] a v4-mapped AF_INET6 socket also gets 0x03030000"}});
  v.push_back({0x03030001, CodeOrigin::Upstream, "no SMC-D (v1) device", "server", "S9", WireUse::Decline,
               "TCP 0x05000000/0x03030001", "s390 ISM only", kAll, "",
               {{"the client offered SMC-D v1 and the server has no ISM device with the right pnetid", kSmcdOnAlibaba}}, {}});
  v.push_back({0x03030002, CodeOrigin::Upstream, "no SMC-R device for the offered v2 path", "server", "S9",
               WireUse::Decline, "TCP 0x05000000/0x03030002", "yes", kAll,
               "5.10–5.16: also an R-only v1 Proposal with no server device",
               {{"the selected RDMA device became invalid (removed) during connection setup",
                 "run smcr d; for eRDMA make sure ERIs are configured and drivers installed"},
                {"no RDMA device with a RoCEv2 IPv4 GID in the server address's subnet (multi-NIC)",
                 "compare ibv_devinfo GUIDs with ip addr MACs"},
                {"no route from the server to the client's RoCE IP", "fix the server's routing"},
                {"RDMA device in another netns (exclusive mode)", "rdma system; rdma dev set <dev> netns <ns>"}},
               {}});
  v.push_back({0x03030003, CodeOrigin::Upstream, "server has no ISMv2 support", "server", "S7", WireUse::Decline,
               "TCP 0x05000000/0x03030003", "yes (client offering loopback-ism only)", kFrom510,
               "reachable on x86 from 6.10 (loopback-ism)",
               {{"the client's only usable device is loopback-ism and the server has no v2-capable ISM",
                 "give the client an RDMA path, or enable loopback-ism only for same-host traffic"}},
               {kSmcdOnAlibaba}});
  v.push_back({0x03030004, CodeOrigin::Upstream, "v2 Proposal without its v2 extension", "server", "S7",
               WireUse::Decline, "TCP 0x05000000/0x03030004", "malformed peer only; 6.13 / 6.6.68 drop it first",
               kFrom510, "6.13 and 6.6.68 reject such a Proposal as a hard error",
               {{"a non-conforming peer sends a version-2 Proposal without the v2 extension",
                 "make sure both hosts run the same SMC implementation (the seed: same distribution and device type)"}},
               {"the seed reads it as 'peer does not support SMCv2'; a v1-only peer never causes it (§11.16)"}});
  v.push_back({0x03030005, CodeOrigin::Upstream, "SMC-Dv2 offered without the SMC-Dv2 extension", "server", "S7",
               WireUse::Decline, "TCP 0x05000000/0x03030005", "malformed peer only", kFrom510,
               "6.13 and 6.6.68 reject such a Proposal as a hard error",
               {{"a non-conforming peer offers SMC-Dv2 without the SMC-Dv2 extension", kSmcdOnAlibaba}}, {}});
  v.push_back({0x03030006, CodeOrigin::Upstream, "peer sent no SEID", "none", "—", WireUse::NeverProduced, "—",
               "no: never produced", kFrom510, "",
               {{"never produced: a missing SEID and missing UEIDs give 0x03030008", "nothing to fix"}}, {}});
  v.push_back({0x03030007, CodeOrigin::Upstream, "no matching SMC-Dv2 device", "server", "S9", WireUse::Decline,
               "TCP 0x05000000/0x03030007", "yes (loopback-ism, remote peer)", kFrom510, "",
               {{"both hosts run loopback-ism and the peer is another host", "use loopback-ism only for same-host traffic"},
                {"loopback-ism stores this code first, so any later RDMA failure shows as 0x03030007",
                 "look for the RDMA problem (smcr d) on hosts with loopback-ism enabled"}},
               {kSmcdOnAlibaba}});
  v.push_back({0x03030008, CodeOrigin::Upstream, "v2 offered with no EID", "server", "S7", WireUse::Decline,
               "TCP 0x05000000/0x03030008", "yes (SMC-Dv2 / loopback without UEID, x86)", kFrom510, "",
               {{"SMC-Dv2 (loopback-ism) offered with no UEID and no SEID (x86)", "smcr ueid add the same UEID on both hosts"},
                {"a non-conforming client offers SMC-Rv2 with zero UEIDs", "configure the same UEID on both hosts"}},
               {"UEIDs that differ, or a UEID on one side only, give 0x03030000, never this code [lab 6.12]",
                "Anolis 6.6 seeds a default UEID, so the case disappears there"}});
  v.push_back({0x03030009, CodeOrigin::Upstream, "Confirm release differs from the negotiated one", "server", "S12",
               WireUse::Decline, "TCP 0x05000000/0x03030009", "non-conforming peer only", kFrom67, "SMC v2.1, 6.7",
               {{"the client's first-contact Confirm carries a release other than the Accept's",
                 "make sure both hosts run the same operating system distribution"}},
               {"smcss(8) does not list 0x03030009–0x0303000b"}});
  v.push_back({0x0303000a, CodeOrigin::Upstream, "v2.1 max_conns negotiation failed", "client, server", "C12 / S8, S12",
               WireUse::Decline, "TCP 0x05000000/0x0303000a", "non-conforming peer only", kFrom67, "SMC v2.1, 6.7",
               {{"the negotiated max connections per link group is below 16 or the Confirm differs from the Accept",
                 "make sure both hosts run the same operating system distribution"}},
               {"net.smc.smcr_max_conns_per_lgr accepts 16–255 [lab 6.12], so Linux never proposes below 16"}});
  v.push_back({0x0303000b, CodeOrigin::Upstream, "v2.1 max_links negotiation failed", "client, server", "C12 / S8, S12",
               WireUse::Decline, "TCP 0x05000000/0x0303000b", "non-conforming peer only", kFrom67, "SMC v2.1, 6.7",
               {{"the negotiated max links per link group is 0 or above 2, or the Confirm differs",
                 "make sure both hosts run the same operating system distribution"}},
               {}});
  v.push_back({0x0303000c, CodeOrigin::Anolis, "vendor option negotiation failed (Anolis)", "unknown", "unknown",
               WireUse::Decline, "TCP 0x05000000/0x0303000c", "Anolis only", kAnolis, "",
               {{"the vendor-option sysctl changed during a handshake",
                 "do not change net.smc.vendor_exp_options (5.10.134-015) / experiment_vendor_options (-016+) while connecting"}},
               {"which side and message check it was not found [unverified]",
                "unmerged upstream patches used 0x0303000c for other meanings"}});
  v.push_back({0x0303000d, CodeOrigin::Anolis, "internal 'new link group required' (Anolis)", "none", "—",
               WireUse::Internal, "—", "internal, not expected on the wire", kAnolis, "",
               {{"internal retry signal with first contact", "nothing to fix; report it if it ever shows in smcss"}},
               {"[unverified] whether it can leak into smcss"}});
  v.push_back({0x03040000, CodeOrigin::Upstream, "Accept chose a type or version that was not offered", "client", "C11",
               WireUse::Decline, "TCP 0x05000000/0x03040000", "non-conforming peer only", kAll, "",
               {{"the server answered with SMC-D (or a version/type) the client did not offer",
                 "make sure both hosts use the same SMC implementation"}},
               {kSmcdOnAlibaba}});
  v.push_back({0x03050000, CodeOrigin::Upstream, "peer uses RMBE eyecatchers", "client, server", "C19 / S13",
               WireUse::Decline, "TCP 0x05000000/0x03050000", "non-Linux peer only", kAll, "",
               {{"the peer's Confirm Link lacks the 'no RMBE eyecatcher' flag", "not in use for Linux peers"}}, {}});
  v.push_back({0x03060000, CodeOrigin::Upstream, "TCP Fast Open requested on an SMC socket", "client (or would-be listener)",
               "C0, before connect/listen", WireUse::LocalOnly, "TCP 0x03010000 (or plain TCP)",
               "yes (socket stays INIT: visible in stats, tracepoint and raw diag)", kAll,
               "before ≈6.0 TCP_ULP acted the same; 4.x did not re-point the descriptor (quirk Q1)",
               {{"setsockopt TCP_FASTOPEN / _CONNECT / _KEY / _NO_COOKIE before connect or listen",
                 "remove the Fast Open option from SMC sockets"},
                {"sendto/sendmsg with MSG_FASTOPEN instead of connect", "remove the MSG_FASTOPEN flag"},
                {"an IP option whose number aliases a Fast Open one (IP_CHECKSUM 23, IP_MULTICAST_LOOP 34, IPV6_MTU_DISCOVER 23)",
                 "set such options after connect, or not at all on SMC sockets"},
                {"a listener that set TCP_FASTOPEN becomes plain TCP; its accepted sockets miss wake-ups [lab 6.12]",
                 "remove TCP_FASTOPEN from the listener"}},
               {"smcss hides INIT sockets without -a and prints no code for them (§1.3)"}});
  v.push_back({0x03070000, CodeOrigin::Upstream, "IP subnet / prefix mismatch on a v1 path", "server", "S9",
               WireUse::Decline, "TCP 0x05000000/0x03070000", "yes (late 2023+; earlier shows 0x03030000)", kAll,
               "produced from the late-2023 fix (6.7); earlier servers report 0x03030000",
               {{"client and server in different subnets with SMC-R v1 only", "put both hosts in one subnet, or use SMCv2 (UEID + RoCEv2 / eRDMA)"},
                {"same network, different netmask on the two hosts", "use the same prefix length on both hosts"},
                {"IPv6 prefixes disjoint", "configure a common global prefix"}},
               {}});
  v.push_back({0x03080000, CodeOrigin::Upstream, "VLAN of the IP device cannot be read", "server (client ≤ 5.16)",
               "S9 (C5)", WireUse::Decline, "TCP 0x05000000/0x03080000", "practically no (route must vanish)", kAll,
               "4.19–5.16: also the client's VLAN lookup",
               {{"the accepted socket has no cached route or device during the device search",
                 "make sure the TCP connection and Ethernet devices work correctly"}},
               {}});
  v.push_back({0x03090000, CodeOrigin::Upstream, "ISM VLAN registration failed", "client, server", "C13 / S9",
               WireUse::Decline, "TCP 0x05000000/0x03090000", "SMC-D + VLAN, fault injection", kAll, "",
               {{"the ISM device's VLAN table is full or rejects the VLAN", kSmcdOnAlibaba}},
               {"[open] whether loopback-ism over a VLAN netdev can hit it (§11.11)"}});
  v.push_back({0x030a0000, CodeOrigin::Upstream, "no usable active link in the reused link group", "client, server",
               "C13 / S9", WireUse::Decline, "TCP 0x05000000/0x030a0000", "race / failure injection", kAll, "",
               {{"the matched link group's only active links are asymmetric [inferred]", "check RNIC status (smcr d)"},
                {"the last active link went down between matching and assigning", "check RNIC and link status"}},
               {}});
  v.push_back({0x030b0000, CodeOrigin::Upstream, "client cannot find the link the server named", "client", "C14",
               WireUse::Decline, "TCP 0x05000000/0x030b0000", "race only", kAll, "",
               {{"the link matching the Accept's QP number / GID / MAC was cleared after the link group matched",
                 "check RNIC status (smcr d); for eRDMA check ERIs and drivers"}},
               {}});
  v.push_back({0x030c0000, CodeOrigin::Upstream, "SMC version mismatch", "client (Anolis)", "C12", WireUse::Decline,
               "TCP 0x05000000/0x030c0000", "upstream: no; Anolis client only", kFrom510,
               "upstream set it only in the 5.10 development series",
               {{"Anolis client: the Accept's FCE release is higher than its own",
                 "make sure both hosts run the same operating system distribution"}},
               {"the seed lists it as reachable; upstream never produces it (§11.17)"}});
  v.push_back({0x030d0000, CodeOrigin::Upstream, "no free SMC-D DMB", "client, server", "C15 / S9", WireUse::Decline,
               "TCP 0x05000000/0x030d0000", "yes (DMB exhaustion, fault injection)", kFrom510, "",
               {{"the ISM device's DMB slots or loopback-ism's DMB table are exhausted", kSmcdOnAlibaba}}, {}});
  v.push_back({0x030e0000, CodeOrigin::Upstream, "SMC-Rv2: no route to the peer's RoCE IP", "client", "C12",
               WireUse::Decline, "TCP 0x05000000/0x030e0000", "yes (asymmetric routing) [lab 6.12]", kFrom517, "≈5.17",
               {{"the server reaches the client through a gateway and the client has no route back to the server's RoCE address",
                 "make sure IP configuration and routes are correct and reachable in both directions"},
                {"the gateway is not IPv4, or no neighbour entry can be created", "fix the routing configuration"}},
               {"if the server lacks the route instead, the result is 0x03030002"}});
  v.push_back({0x030f0000, CodeOrigin::Upstream, "SMC-Rv2: peer says indirect, we see direct", "client", "C12",
               WireUse::Decline, "TCP 0x05000000/0x030f0000", "yes (asymmetric subnets) [lab 6.12]", kFrom517, "≈5.17",
               {{"asymmetric netmasks or routes: the server routes via a gateway, the client sees the server on-link",
                 "use the same subnet configuration and network path on both hosts"}},
               {}});
  v.push_back({0x04000000, CodeOrigin::Upstream, "server reused a link group the client does not have", "client",
               "C13", WireUse::Decline, "TCP 0x05000000/0x04000000 and the link group is terminated",
               "yes (stale link group window)", kAll, "",
               {{"the client silently lost its link group (RDMA port or device event) before the server's test link fired",
                 "check RNIC status (smcr d); net.smc.smcr_testlink_time shortens the window"}},
               {"the Decline carries the out-of-sync flag: the server aborts every connection of that link group"}});
  v.push_back({0x05000000, CodeOrigin::Upstream, "the peer sent a Decline", "client, server", "any CLC wait",
               WireUse::LocalOnly, "its own code", "yes (the second code is the peer's)", kAll, "",
               {{"the peer declined; its reason is the second code (TCP 0x05000000/0x........)",
                 "find the connection in smcss by its addresses and explain the peer's code"}},
               {"never sent on the wire by Linux"}});
  v.push_back({0x09990000, CodeOrigin::Upstream, "RDMA resources could not be created", "client, server", "C13 / S9",
               WireUse::Decline, "TCP 0x05000000/0x09990000", "yes (fault injection, QP limits)", kAll,
               "6.14+: sysctls smcr_max_send_wr / smcr_max_recv_wr size the QPs",
               {{"protection domain or QP creation fails (device max_qp reached, WR/SGE counts beyond device limits)",
                 "check RDMA error statistics (eadm stat on eRDMA); reduce connections or WR sysctls"},
                {"IPv6 on eRDMA (seed; mechanism unknown)", "use IPv4 (or IPv4-mapped on 5.10.134-17.3+)"}},
               {"ENOMEM goes to 0x01010000 instead"}});
  v.push_back({0x09990001, CodeOrigin::Upstream, "no free rtoken slot", "client, server", "C16 / S13", WireUse::Decline,
               "TCP 0x05000000/0x09990001", "theoretical (>255 peer buffers in one link group)", kAll, "",
               {{"more than 255 distinct peer RMBs registered in one link group", "an SMC stack issue: contact support (seed)"}},
               {"server-detected on reuse: the client is already SMC-R and the connection breaks [inferred]"}});
  v.push_back({0x09990002, CodeOrigin::Upstream, "QP state change failed", "client, server", "C17, C19 / S13",
               WireUse::Decline, "TCP 0x05000000/0x09990002", "yes (fault injection)", kAll, "",
               {{"the QP cannot be moved to INIT/RTR/RTS (invalid peer MTU or GID for the device)",
                 "run smcr d; for eRDMA make sure ERIs are configured and drivers installed"}},
               {}});
  v.push_back({0x09990003, CodeOrigin::Upstream, "memory registration or Confirm RKey failed", "client, server",
               "C17, C19 / S9 (reuse), S13", WireUse::Decline, "TCP 0x05000000/0x09990003",
               "yes (fault injection, LLC loss on reuse)", kAll, "",
               {{"the memory-registration work request fails or takes longer than 5 s",
                 "check ibv_devinfo -v max_mr / max_mr_size; reduce the number of SMC connections"},
                {"reuse path: registering on all links or the LLC Confirm RKey exchange fails (2 s)",
                 "check the RDMA links of the link group (smcr l)"}},
               {"upstream reports MR-count exhaustion at allocation time as 0x01010000 (§11.4)"}});
  v.push_back({0x09990004, CodeOrigin::Anolis, "announcing credits failed on link group reuse (Anolis)", "client",
               "C17", WireUse::Decline, "TCP 0x05000000/0x09990004", "Anolis only", kAnolis, "",
               {{"RNICs or RDMA links failed, so the credit announcement could not be sent", "make sure the RNICs work correctly"}},
               {}});
  // Linux 4.11–4.14 values, renumbered in 4.19 (§9, wire-format §2.6). No profile covers them.
  v.push_back({0x02000000, CodeOrigin::Historical, "timeout (Linux 4.11–4.14)", "client, server", "—", WireUse::Decline,
               "TCP 0x05000000/0x02000000", "only from 4.11–4.14 kernels", {}, "Linux 4.11–4.14; now 0x02010000",
               {{"a handshake timeout on a 4.11–4.14 kernel", "upgrade the kernel"}}, {}});
  v.push_back({0x02040000, CodeOrigin::Historical, "timeout waiting for QP confirm (Linux 4.11–4.14)", "client, server",
               "—", WireUse::Decline, "TCP 0x05000000/0x02040000", "only from 4.11–4.14 kernels", {},
               "Linux 4.11–4.14; now 0x02010000", {{"an LLC confirm timeout on a 4.11–4.14 kernel", "upgrade the kernel"}}, {}});
  v.push_back({0x06000000, CodeOrigin::Historical, "reply to a received Decline (Linux 4.11–4.14)", "client, server",
               "—", WireUse::Decline, "—", "only from 4.11–4.14 kernels", {}, "Linux 4.11–4.14; removed",
               {{"a 4.11–4.14 kernel answering a Decline", "upgrade the kernel"}}, {}});
  v.push_back({0x07000000, CodeOrigin::Historical, "sending problem (Linux 4.11–4.14)", "client, server", "—",
               WireUse::Decline, "—", "only from 4.11–4.14 kernels", {}, "Linux 4.11–4.14; removed",
               {{"a CLC send failure on a 4.11–4.14 kernel", "upgrade the kernel"}}, {}});
  v.push_back({0x99990000, CodeOrigin::Historical, "internal error (Linux 4.11–4.14)", "client, server", "—",
               WireUse::Decline, "TCP 0x05000000/0x99990000", "only from 4.11–4.14 kernels", {},
               "Linux 4.11–4.14; now 0x09990000", {{"an internal error on a 4.11–4.14 kernel", "upgrade the kernel"}}, {}});
  std::sort(v.begin(), v.end(), [](const CodeKnowledge& a, const CodeKnowledge& b) { return a.code < b.code; });
  return v;
}

const std::vector<CodeKnowledge>& table() {
  static const std::vector<CodeKnowledge> t = build();
  return t;
}

}  // namespace

const char* to_string(CodeOrigin o) {
  switch (o) {
    case CodeOrigin::Upstream: return "upstream";
    case CodeOrigin::Anolis: return "anolis";
    case CodeOrigin::Historical: return "historical";
  }
  return "?";
}

const char* to_string(WireUse w) {
  switch (w) {
    case WireUse::Decline: return "sent in a Decline";
    case WireUse::LocalOnly: return "local only (no Decline)";
    case WireUse::LocalOrDecline: return "local (TCP phase); in a Decline only for an empty v2 Proposal";
    case WireUse::NeverProduced: return "never produced";
    case WireUse::Internal: return "internal (not expected on the wire)";
  }
  return "?";
}

std::span<const CodeKnowledge> all_code_knowledge() { return table(); }

const CodeKnowledge* find_code(std::uint32_t code) {
  const auto& t = table();
  auto it = std::lower_bound(t.begin(), t.end(), code,
                             [](const CodeKnowledge& e, std::uint32_t c) { return e.code < c; });
  return it != t.end() && it->code == code ? &*it : nullptr;
}

std::string code_constant(std::uint32_t code) {
  auto c = clc::decline_code_from(code);
  return c ? clc::kernel_name(*c) : "?";
}

std::string code_meaning(std::uint32_t code) {
  auto c = clc::decline_code_from(code);
  return c ? clc::meaning(*c) : "unknown";
}

}  // namespace smc::knowledge
