#pragma once
// Middlebox personalities that touch TCP handshake options, as packet filters placed on
// a path (a link, both directions) or on a host (a namespace's ingress and egress):
//
// - SynOptionEcho: copies the SYN's unknown options into the matching SYN-ACK. RFC 9293
//   says a stack must not echo options it does not understand; load balancers' SYN
//   proxies (dpvs's synproxy) and some servers do, and an SMC client then believes a plain
//   server speaks SMC (fallback-causes.md §12 row 73).
// - StripOption: removes an option (by kind, and for kind 254 by ExID) from SYNs and/or
//   SYN-ACKs, like iptables' TCPOPTSTRIP (§12 rows 15 and 16).
// - DropSynWithOption: drops SYNs that carry the option (a firewall refusing kind 254).
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include "sim/net/link.h"
#include "sim/net/netns.h"
#include "sim/net/packet_filter.h"

namespace smc::sim::middlebox {

enum class HandshakeLeg : std::uint8_t { Syn = 1, SynAck = 2, Both = 3 };

// Kind 254 with ExID 0xE2D4C3D9: the SMC option of wire-format.md §1.
struct OptionSelector {
  std::uint8_t kind = 254;
  std::optional<std::uint32_t> exid = 0xE2D4C3D9;  // only for kinds 253/254; nullopt: any
  bool matches(const ports::TcpOption& o) const;
};

class SynOptionEcho final : public net::PacketFilter {
 public:
  explicit SynOptionEcho(std::string name) : PacketFilter(std::move(name)) {}
  void process(net::Emission in, std::vector<net::Emission>& out) override;
  std::uint64_t echoed() const { return echoed_; }

 private:
  using Flow = std::tuple<ports::IpAddress, std::uint16_t, ports::IpAddress, std::uint16_t>;
  std::map<Flow, ports::TcpOptions> syn_options_;  // by (client, server) flow
  std::uint64_t echoed_ = 0;
};

class StripOption final : public net::PacketFilter {
 public:
  StripOption(std::string name, HandshakeLeg leg, OptionSelector which = {})
      : PacketFilter(std::move(name)), leg_(leg), which_(which) {}
  void process(net::Emission in, std::vector<net::Emission>& out) override;
  std::uint64_t stripped() const { return stripped_; }

 private:
  HandshakeLeg leg_;
  OptionSelector which_;
  std::uint64_t stripped_ = 0;
};

class DropSynWithOption final : public net::PacketFilter {
 public:
  explicit DropSynWithOption(std::string name, OptionSelector which = {})
      : PacketFilter(std::move(name)), which_(which) {}
  void process(net::Emission in, std::vector<net::Emission>& out) override;

 private:
  OptionSelector which_;
};

// Placement: on a path (both directions of a link) or on a host (ingress and egress).
void install_on_path(net::Link& link, std::shared_ptr<net::PacketFilter> f);
void install_on_host(net::Netns& ns, std::shared_ptr<net::PacketFilter> f);

}  // namespace smc::sim::middlebox
