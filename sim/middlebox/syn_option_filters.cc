#include "sim/middlebox/syn_option_filters.h"

#include <algorithm>

namespace smc::sim::middlebox {

namespace kind = ports::tcp_option_kind;
namespace flag = net::tcp_flag;

bool OptionSelector::matches(const ports::TcpOption& o) const {
  if (o.kind != kind) return false;
  if (!exid || (kind != 253 && kind != 254)) return true;
  if (o.data.size() < 4) return false;
  std::uint32_t v = static_cast<std::uint32_t>(o.data[0]) << 24 | static_cast<std::uint32_t>(o.data[1]) << 16 |
                    static_cast<std::uint32_t>(o.data[2]) << 8 | o.data[3];
  return v == *exid;
}

namespace {
bool is_syn(const net::TcpSegment& s) { return s.has(flag::kSyn) && !s.has(flag::kAck); }
bool is_synack(const net::TcpSegment& s) { return s.has(flag::kSyn) && s.has(flag::kAck); }
bool known(std::uint8_t k) {
  return k == kind::kMss || k == kind::kWindowScale || k == kind::kSackPermitted || k == kind::kTimestamps ||
         k == kind::kMd5 || k == kind::kAuthentication || k == kind::kFastOpen;
}
}  // namespace

void SynOptionEcho::process(net::Emission in, std::vector<net::Emission>& out) {
  if (auto* t = in.packet.tcp()) {
    if (is_syn(*t)) {
      ports::TcpOptions unknown;
      for (const auto& o : t->options)
        if (!known(o.kind)) unknown.push_back(o);
      syn_options_[{in.packet.src, t->src_port, in.packet.dst, t->dst_port}] = std::move(unknown);
    } else if (is_synack(*t)) {
      auto it = syn_options_.find({in.packet.dst, t->dst_port, in.packet.src, t->src_port});
      if (it != syn_options_.end()) {
        for (const auto& o : it->second) {
          if (std::find(t->options.begin(), t->options.end(), o) != t->options.end()) continue;
          ports::TcpOptions trial = t->options;
          trial.push_back(o);
          if (net::options_wire_length(trial) > net::kMaxTcpOptionSpace) continue;
          t->options = std::move(trial);
          ++echoed_;
        }
      }
    }
  }
  out.push_back(std::move(in));
}

void StripOption::process(net::Emission in, std::vector<net::Emission>& out) {
  if (auto* t = in.packet.tcp()) {
    bool leg = (is_syn(*t) && (static_cast<int>(leg_) & 1)) || (is_synack(*t) && (static_cast<int>(leg_) & 2));
    if (leg) {
      auto before = t->options.size();
      std::erase_if(t->options, [&](const ports::TcpOption& o) { return which_.matches(o); });
      stripped_ += before - t->options.size();
    }
  }
  out.push_back(std::move(in));
}

void DropSynWithOption::process(net::Emission in, std::vector<net::Emission>& out) {
  if (auto* t = in.packet.tcp(); t && is_syn(*t))
    for (const auto& o : t->options)
      if (which_.matches(o)) return;
  out.push_back(std::move(in));
}

void install_on_path(net::Link& link, std::shared_ptr<net::PacketFilter> f) { link.add_filter_both(std::move(f)); }

void install_on_host(net::Netns& ns, std::shared_ptr<net::PacketFilter> f) {
  ns.ingress_filters().add(f);
  ns.egress_filters().add(std::move(f));
}

}  // namespace smc::sim::middlebox
