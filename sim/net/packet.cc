#include "sim/net/packet.h"

namespace smc::sim::net {

const char* to_string(IpProtocol p) {
  switch (p) {
    case IpProtocol::Icmp: return "icmp";
    case IpProtocol::Tcp: return "tcp";
    case IpProtocol::Udp: return "udp";
  }
  return "ip?";
}

std::size_t Packet::ip_size() const {
  std::size_t l3 = dst.is_v6() ? 40 : 20;
  if (const auto* t = tcp()) return l3 + t->header_length() + t->payload.size();
  return l3 + std::get<wire::Bytes>(payload).size();
}

std::string Packet::summary() const {
  std::string s = "#" + std::to_string(id) + " " + src.to_string() + ">" + dst.to_string() + " " + to_string(protocol);
  if (vlan) s += " vlan=" + std::to_string(*vlan);
  if (const auto* t = tcp())
    s += " " + t->summary();
  else
    s += " len=" + std::to_string(std::get<wire::Bytes>(payload).size());
  return s;
}

}  // namespace smc::sim::net
