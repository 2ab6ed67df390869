#include "sim/pcap/tcp_flow_writer.h"

#include <algorithm>

namespace smc::pcap {

TcpFlowWriter::TcpFlowWriter(PcapWriter& out, TcpFlowConfig config)
    : out_(out),
      config_(std::move(config)),
      client_nxt_(config_.client_isn),
      server_nxt_(config_.server_isn),
      client_ip_id_(config_.client_to_server.ip_id) {}

void TcpFlowWriter::emit(TcpSide from, std::uint64_t time_ns, std::uint8_t flags, wire::Bytes options,
                         wire::ByteView payload) {
  bool client = from == TcpSide::Client;
  FrameAddressing a = client ? config_.client_to_server : config_.client_to_server.reversed();
  a.ip_id = client ? client_ip_id_++ : server_ip_id_++;
  TcpSegment s;
  s.src_port = client ? config_.client_port : config_.server_port;
  s.dst_port = client ? config_.server_port : config_.client_port;
  s.seq = client ? client_nxt_ : server_nxt_;
  bool is_syn = flags & tcp_flags::kSyn;
  // A SYN acknowledges nothing; everything else acknowledges all the peer sent.
  if (!(is_syn && client)) {
    flags |= tcp_flags::kAck;
    s.ack = client ? server_nxt_ : client_nxt_;
  }
  s.flags = flags;
  s.window = is_syn ? config_.syn_window : config_.window;
  s.options = std::move(options);
  s.payload.assign(payload.begin(), payload.end());
  out_.add(time_ns, build_tcp_frame(a, s));
  std::uint32_t advance = static_cast<std::uint32_t>(payload.size()) + (is_syn ? 1 : 0) + (flags & tcp_flags::kFin ? 1 : 0);
  (client ? client_nxt_ : server_nxt_) += advance;
  last_ts_[client ? 0 : 1] = static_cast<std::uint32_t>(time_ns / 1'000'000);
}

void TcpFlowWriter::syn(std::uint64_t time_ns) {
  LinuxSynOptions o;
  o.mss = config_.mss;
  o.ts_val = static_cast<std::uint32_t>(time_ns / 1'000'000);
  o.smc = config_.client_smc_option;
  emit(TcpSide::Client, time_ns, tcp_flags::kSyn, config_.timestamps ? linux_syn_options(o) : wire::Bytes{}, {});
}

void TcpFlowWriter::syn_ack(std::uint64_t time_ns) {
  LinuxSynOptions o;
  o.mss = config_.mss;
  o.ts_val = static_cast<std::uint32_t>(time_ns / 1'000'000);
  o.ts_ecr = last_ts_[0];
  o.smc = config_.server_smc_option;
  emit(TcpSide::Server, time_ns, tcp_flags::kSyn, config_.timestamps ? linux_syn_options(o) : wire::Bytes{}, {});
}

void TcpFlowWriter::ack(TcpSide from, std::uint64_t time_ns) { send(from, time_ns, {}); }

void TcpFlowWriter::send(TcpSide from, std::uint64_t time_ns, wire::ByteView data) {
  std::size_t off = 0;
  do {
    std::size_t n = std::min<std::size_t>(config_.mss, data.size() - off);
    bool last = off + n == data.size();
    std::uint8_t flags = (last && n > 0) ? tcp_flags::kPsh : 0;
    std::uint32_t ts_val = static_cast<std::uint32_t>(time_ns / 1'000'000);
    std::uint32_t ts_ecr = last_ts_[from == TcpSide::Client ? 1 : 0];
    emit(from, time_ns, flags, config_.timestamps ? linux_timestamp_options(ts_val, ts_ecr) : wire::Bytes{},
         data.subspan(off, n));
    off += n;
  } while (off < data.size());
}

void TcpFlowWriter::fin(TcpSide from, std::uint64_t time_ns) {
  std::uint32_t ts_val = static_cast<std::uint32_t>(time_ns / 1'000'000);
  std::uint32_t ts_ecr = last_ts_[from == TcpSide::Client ? 1 : 0];
  emit(from, time_ns, tcp_flags::kFin, config_.timestamps ? linux_timestamp_options(ts_val, ts_ecr) : wire::Bytes{},
       {});
}

}  // namespace smc::pcap
