#include "sim/world/tcp_world_tap.h"

#include "sim/middlebox/syn_option_filters.h"
#include "sim/net/packet_filter.h"

namespace smc::world {

namespace flag = sim::net::tcp_flag;

namespace {

// A filter that only looks: every packet goes on unchanged.
class TapFilter final : public sim::net::PacketFilter {
 public:
  TapFilter(SegmentTap& tap, const sim::net::Netns& ns, bool egress)
      : PacketFilter(egress ? "tap-egress" : "tap-ingress"), tap_(tap), ns_(ns), egress_(egress) {}
  void process(sim::net::Emission in, std::vector<sim::net::Emission>& out) override {
    if (egress_) tap_.sent(in.packet, ns_);
    else tap_.arrived(in.packet);
    out.push_back(std::move(in));
  }

 private:
  SegmentTap& tap_;
  const sim::net::Netns& ns_;
  bool egress_;
};

}  // namespace

bool carries_smc_option(const ports::TcpOptions& o) {
  sim::middlebox::OptionSelector smc;
  for (const auto& x : o)
    if (smc.matches(x)) return true;
  return false;
}

std::string option_summary(const ports::TcpOptions& o) {
  namespace kind = ports::tcp_option_kind;
  sim::middlebox::OptionSelector smc;
  std::string s;
  for (const auto& x : o) {
    std::string n;
    if (smc.matches(x)) n = "SMC";
    else if (x.kind == kind::kMss) n = "mss";
    else if (x.kind == kind::kSackPermitted) n = "sack";
    else if (x.kind == kind::kTimestamps) n = "ts";
    else if (x.kind == kind::kWindowScale) n = "ws";
    else if (x.kind == kind::kFastOpen) n = "tfo";
    else n = "kind" + std::to_string(x.kind);
    s += (s.empty() ? "" : " ") + n;
  }
  return s.empty() ? "-" : s;
}

std::string segment_label(const sim::net::TcpSegment& s) {
  if (s.has(flag::kRst)) return "RST";
  if (s.has(flag::kSyn)) return s.has(flag::kAck) ? "SYN-ACK" : "SYN";
  if (s.has(flag::kFin)) return "FIN";
  if (!s.payload.empty()) return "data";
  return "ACK";
}

void SegmentTap::install(sim::net::Netns& ns) {
  // Filter chains have no "insert first"; the world installs the tap before any other filter.
  ns.egress_filters().add(std::make_shared<TapFilter>(*this, ns, true));
  ns.ingress_filters().add(std::make_shared<TapFilter>(*this, ns, false));
}

void SegmentTap::watch(const ports::Endpoint& client, const ports::Endpoint& server, MessageLog& log,
                       std::string client_host, std::string server_host) {
  Flow f;
  f.log = &log;
  f.client = client;
  f.client_host = std::move(client_host);
  f.server_host = std::move(server_host);
  Flow& flow = flows_[{client, server}] = std::move(f);
  auto it = unclaimed_.find({client, server});
  if (it == unclaimed_.end()) return;
  for (const auto& u : it->second) record(u.packet, flow, u.sent_ns, u.loopback);
  unclaimed_.erase(it);
}

SegmentTap::Flow* SegmentTap::flow_of(const sim::net::Packet& p) {
  const auto* t = p.tcp();
  if (!t) return nullptr;
  ports::Endpoint src{p.src.unmapped(), t->src_port};
  ports::Endpoint dst{p.dst.unmapped(), t->dst_port};
  if (auto it = flows_.find({src, dst}); it != flows_.end()) return &it->second;
  if (auto it = flows_.find({dst, src}); it != flows_.end()) return &it->second;
  return nullptr;
}

void SegmentTap::sent(const sim::net::Packet& p, const sim::net::Netns& from) {
  if (stopped_) return;
  const auto* t = p.tcp();
  if (!t) return;
  // To an address of the sending namespace itself: loopback delivery, no wire and no filter.
  bool loopback = from.is_local_address(p.dst);
  if (Flow* f = flow_of(p)) return record(p, *f, sim_.now().ns(), loopback);
  if (t->has(flag::kSyn) && !t->has(flag::kAck)) {
    ports::Endpoint src{p.src.unmapped(), t->src_port};
    ports::Endpoint dst{p.dst.unmapped(), t->dst_port};
    unclaimed_[{src, dst}].push_back(Unclaimed{p, sim_.now().ns(), loopback});
  }
}

void SegmentTap::record(const sim::net::Packet& p, Flow& f, std::int64_t sent_ns, bool loopback) {
  const sim::net::TcpSegment& t = *p.tcp();
  bool from_client = ports::Endpoint{p.src.unmapped(), t.src_port} == f.client;
  MessageEvent e;
  e.sent_ns = sent_ns;
  e.from = from_client ? f.client_host : f.server_host;
  e.to = from_client ? f.server_host : f.client_host;
  e.layer = MessageLayer::Tcp;
  e.label = segment_label(t);
  if (t.has(flag::kSyn)) e.detail = "opts=" + option_summary(t.options);
  if (!t.payload.empty()) e.detail += (e.detail.empty() ? "" : " ") + ("len=" + std::to_string(t.payload.size()));
  bool occupies = t.seq_length() > 0 || t.has(flag::kRst);
  if (occupies && !f.seen.insert({from_client, t.seq, t.flags, t.payload.size()}).second) e.label += " retransmission";
  if (loopback) e.arrived_ns = sent_ns;  // delivered in the same instant
  f.log->push_back(std::move(e));
  // An unclaimed SYN is claimed in the instant it left (right after connect() returns), so it
  // is still on the wire here.
  if (!loopback) in_flight_[p.id] = InFlight{f.log, f.log->size() - 1, carries_smc_option(t.options)};
}

void SegmentTap::arrived(const sim::net::Packet& p) {
  if (stopped_) return;
  auto it = in_flight_.find(p.id);
  if (it == in_flight_.end()) return;  // not watched, or a duplicate of one that already arrived
  MessageEvent& e = (*it->second.log)[it->second.index];
  e.arrived_ns = sim_.now().ns();
  if (const auto* t = p.tcp(); t && t->has(flag::kSyn)) {
    bool now = carries_smc_option(t->options);
    if (now != it->second.smc_option) e.detail += now ? " (SMC added on path)" : " (SMC stripped on path)";
  }
  in_flight_.erase(it);
}

}  // namespace smc::world
