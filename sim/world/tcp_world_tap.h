#pragma once
// The TCP part of a connection's ladder: a passive tap on every namespace of the TCP world
// (egress: the segment left its host; ingress: it arrived) that turns each segment of a
// watched flow into one MessageEvent -- "SYN" with its options, "SYN-ACK", "ACK", "data"
// with its length, "FIN", "RST", and "... retransmission" for a segment sent again. A
// segment that never arrives (a middlebox or a fault dropped it) keeps arrived_ns = -1.
//
// The tap sees a segment before the path's filters and after them, so it can say when a
// middlebox added or removed the SMC option on the way ("SMC stripped on path").
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "protocol/ports/stream_transport.h"
#include "sim/kernel/simulator.h"
#include "sim/net/netns.h"
#include "sim/world/message_event.h"

namespace smc::world {

class SegmentTap {
 public:
  explicit SegmentTap(sim::Simulator& sim) : sim_(sim) {}
  SegmentTap(const SegmentTap&) = delete;
  SegmentTap& operator=(const SegmentTap&) = delete;

  // Adds the tap to a namespace's egress and ingress filter chains (first in each chain, so
  // it sees what the host really sent and really received).
  void install(sim::net::Netns& ns);
  // Segments between these two endpoints go to `log` (which must outlive the tap's use).
  void watch(const ports::Endpoint& client, const ports::Endpoint& server, MessageLog& log,
             std::string client_host, std::string server_host);
  // Stops recording (the world is being torn down and logs may be gone).
  void stop() { stopped_ = true; }

  void sent(const sim::net::Packet& p, const sim::net::Netns& from);
  void arrived(const sim::net::Packet& p);

 private:
  struct Flow {
    MessageLog* log = nullptr;
    ports::Endpoint client;
    std::string client_host, server_host;
    // (from client, seq, flags, length) of every segment that occupied sequence space.
    std::set<std::tuple<bool, std::uint32_t, std::uint8_t, std::size_t>> seen;
  };
  struct InFlight {
    MessageLog* log = nullptr;
    std::size_t index = 0;
    bool smc_option = false;  // as sent
  };
  Flow* flow_of(const sim::net::Packet& p);
  void record(const sim::net::Packet& p, Flow& f, std::int64_t sent_ns, bool loopback);

  sim::Simulator& sim_;
  std::map<std::pair<ports::Endpoint, ports::Endpoint>, Flow> flows_;  // (client, server)
  std::map<std::uint64_t, InFlight> in_flight_;                        // by packet id
  // The first SYN leaves inside connect(), before its flow can be watched: kept here, by
  // (client, server), until watch() claims it.
  struct Unclaimed {
    sim::net::Packet packet;
    std::int64_t sent_ns = 0;
    bool loopback = false;
  };
  std::map<std::pair<ports::Endpoint, ports::Endpoint>, std::vector<Unclaimed>> unclaimed_;
  bool stopped_ = false;
};

// "SYN", "SYN-ACK", "ACK", "data", "FIN", "RST" (a FIN or RST that carries data is still
// named by its flag).
std::string segment_label(const sim::net::TcpSegment& s);
// "mss ts sack ws SMC": the options of a handshake segment, in order, SMC by name.
std::string option_summary(const ports::TcpOptions& o);
bool carries_smc_option(const ports::TcpOptions& o);

}  // namespace smc::world
