#pragma once
// Sans-I/O handshake pairs for the handshake figures: a ClientHandshake and a
// ServerHandshake per connection, the bytes each sends handed to the other in memory, no
// clock. Any number of pairs can be in flight at once (one FIFO of deliveries for all of
// them), so the same driver measures one handshake at a time and 10 k concurrent ones.
//
// The hosts are fallback-causes.md §12 baseline pair B (same /24, one RoCE NIC each with a
// RoCEv1 and a RoCEv2 IPv4 GID, same UEID, Linux 6.18): the first-contact SMC-Rv2 case. With
// `reuse`, each host already holds a v2 link group with the other (HostSnapshot.link_groups):
// the server's device search finds it, the Accept says "not first contact" and no LLC
// exchange runs, as for the second connection between two hosts.
#include <cstddef>
#include <cstdint>

#include "protocol/negotiation/engine_profile.h"
#include "protocol/negotiation/host_snapshot.h"

namespace smc::bench {

struct PairHosts {
  negotiation::HostSnapshot client;
  negotiation::HostSnapshot server;
  negotiation::ConnectionContext client_conn;
  negotiation::ConnectionContext server_conn;
  negotiation::EngineProfile profile = negotiation::EngineProfile::linux_6_18();
};

PairHosts baseline_pair(bool reuse);

struct BatchResult {
  std::size_t smcr_both = 0;      // pairs whose client and server both ended in SMC-R
  std::size_t link_setups = 0;    // first-contact LLC exchanges started (StartLinkSetup)
  std::size_t clc_messages = 0;   // CLC messages handed over
};

// Runs n handshakes, all in flight at once: every pair is created and established first,
// then deliveries are processed in FIFO order until none is left.
BatchResult run_handshake_batch(const PairHosts& hosts, std::size_t n);

}  // namespace smc::bench
