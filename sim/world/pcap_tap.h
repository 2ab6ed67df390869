#pragma once
// A capture of a simulated run, as tcpdump on each host would have taken it: every packet a
// host sends, at the moment it leaves the host (before any middlebox or fault on the path),
// written as Ethernet + IP + TCP frames into a pcap file with nanosecond timestamps. Only what
// travels through sim/net is in it: RDMA traffic between RNICs never shows up, exactly the
// seed's "tcpdump does not see RDMA traffic".
#include <cstdint>

#include "sim/kernel/simulator.h"
#include "sim/net/netns.h"
#include "sim/pcap/pcap_writer.h"

namespace smc::world {

class PcapTap {
 public:
  // Frames go to `writer`, which must outlive the tap's use.
  PcapTap(sim::Simulator& sim, pcap::PcapWriter& writer) : sim_(sim), writer_(writer) {}
  PcapTap(const PcapTap&) = delete;
  PcapTap& operator=(const PcapTap&) = delete;

  // Records what this namespace sends from now on.
  void install(sim::net::Netns& ns);
  void record(const sim::net::Packet& p);

 private:
  sim::Simulator& sim_;
  pcap::PcapWriter& writer_;
};

}  // namespace smc::world
