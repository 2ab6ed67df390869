#include "sim/world/pcap_tap.h"

#include "sim/net/packet_filter.h"
#include "sim/pcap/tcp_segment.h"

namespace smc::world {

namespace {

class CaptureFilter final : public sim::net::PacketFilter {
 public:
  explicit CaptureFilter(PcapTap& tap) : PacketFilter("pcap"), tap_(tap) {}
  void process(sim::net::Emission in, std::vector<sim::net::Emission>& out) override {
    tap_.record(in.packet);
    out.push_back(std::move(in));
  }

 private:
  PcapTap& tap_;
};

// A locally administered MAC derived from the address, so each host keeps one MAC in the
// capture without the tap knowing the interfaces.
pcap::MacAddress mac_of(const ports::IpAddress& a) {
  const auto& b = a.bytes();
  if (a.is_v4()) return {0x02, 0x00, b[0], b[1], b[2], b[3]};
  return {0x02, 0x00, b[12], b[13], b[14], b[15]};
}

// Both keep IPv4 in the first 4 bytes; the capture's type just says which header to write.
pcap::IpAddress to_pcap(const ports::IpAddress& a) { return pcap::IpAddress{a.is_v6(), a.bytes()}; }

wire::Bytes option_bytes(const ports::TcpOptions& options) {
  wire::Bytes out;
  for (const auto& o : options) {
    out.push_back(o.kind);
    out.push_back(static_cast<std::uint8_t>(o.wire_size()));
    out.insert(out.end(), o.data.begin(), o.data.end());
  }
  return out;
}

}  // namespace

void PcapTap::install(sim::net::Netns& ns) { ns.egress_filters().add(std::make_shared<CaptureFilter>(*this)); }

void PcapTap::record(const sim::net::Packet& p) {
  const sim::net::TcpSegment* t = p.tcp();
  if (!t) return;  // only TCP travels through sim/net in a scenario run
  pcap::FrameAddressing a;
  a.src_ip = to_pcap(p.src);
  a.dst_ip = to_pcap(p.dst);
  a.src_mac = mac_of(p.src);
  a.dst_mac = mac_of(p.dst);
  a.hop_limit = p.ttl;
  a.ip_id = static_cast<std::uint16_t>(p.id);
  pcap::TcpSegment s;
  s.src_port = t->src_port;
  s.dst_port = t->dst_port;
  s.seq = t->seq;
  s.ack = t->ack;
  s.flags = t->flags;
  // The segment carries the unscaled window; a 16-bit field shows at most 65535.
  s.window = static_cast<std::uint16_t>(t->window > 0xffff ? 0xffff : t->window);
  s.options = option_bytes(t->options);
  s.payload = t->payload;
  writer_.add(static_cast<std::uint64_t>(sim_.now().ns()), pcap::build_tcp_frame(a, s));
}

}  // namespace smc::world
