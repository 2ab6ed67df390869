#include "sim/net/tcp_segment.h"

#include <cstdio>

namespace smc::sim::net {

namespace kind = ports::tcp_option_kind;

std::size_t padded_option_size(const ports::TcpOption& option) {
  return (option.wire_size() + 3) / 4 * 4;
}

std::size_t options_wire_length(const ports::TcpOptions& options) {
  bool sack_ok = false, timestamps = false;
  std::size_t total = 0;
  for (const auto& o : options) {
    if (o.kind == kind::kSackPermitted) sack_ok = true;
    if (o.kind == kind::kTimestamps) timestamps = true;
    total += padded_option_size(o);
  }
  // Linux packs SACK-permitted (2) and timestamps (10) into 12 bytes, not 4 + 12.
  if (sack_ok && timestamps) total -= 4;
  return total;
}

std::size_t TcpSegment::options_length() const { return options_wire_length(options); }

const ports::TcpOption* TcpSegment::find_option(std::uint8_t k) const {
  for (const auto& o : options)
    if (o.kind == k) return &o;
  return nullptr;
}

namespace {

std::string option_text(const ports::TcpOption& o) {
  auto be = [&](std::size_t off, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n && off + i < o.data.size(); ++i) v = v << 8 | o.data[off + i];
    return v;
  };
  switch (o.kind) {
    case kind::kMss: return "mss=" + std::to_string(be(0, 2));
    case kind::kWindowScale: return "ws=" + std::to_string(be(0, 1));
    case kind::kSackPermitted: return "sackok";
    case kind::kTimestamps: return "ts";
    case kind::kMd5: return "md5";
    case kind::kAuthentication: return "ao";
    case kind::kFastOpen: return o.data.empty() ? "tfo-req" : "tfo-cookie";
    case kind::kExperimental: {
      char buf[24];
      std::snprintf(buf, sizeof buf, "exp:%08llx", static_cast<unsigned long long>(be(0, 4)));
      return buf;
    }
    default: return "opt" + std::to_string(o.kind);
  }
}

}  // namespace

std::string TcpSegment::summary() const {
  std::string f;
  auto add = [&](std::uint8_t bit, const char* name) {
    if (!has(bit)) return;
    if (!f.empty()) f += ',';
    f += name;
  };
  add(tcp_flag::kSyn, "SYN");
  add(tcp_flag::kFin, "FIN");
  add(tcp_flag::kRst, "RST");
  add(tcp_flag::kPsh, "PSH");
  add(tcp_flag::kAck, "ACK");
  std::string s = std::to_string(src_port) + ">" + std::to_string(dst_port) + " [" + f + "] seq=" +
                  std::to_string(seq);
  if (has(tcp_flag::kAck)) s += " ack=" + std::to_string(ack);
  s += " win=" + std::to_string(window) + " len=" + std::to_string(payload.size());
  if (!options.empty()) {
    s += " opts=[";
    for (std::size_t i = 0; i < options.size(); ++i) s += (i ? " " : "") + option_text(options[i]);
    s += "]";
  }
  return s;
}

}  // namespace smc::sim::net
