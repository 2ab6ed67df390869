#include "sim/pcap/smc_extractor.h"

#include <fmt/core.h>

#include <algorithm>

#include "protocol/tcp_option/smc_tcp_option.h"
#include "sim/pcap/frame_parser.h"
#include "sim/pcap/ip_frame.h"
#include "sim/pcap/tcp_segment.h"

namespace smc::pcap {

const char* to_string(CarrierKind k) {
  switch (k) {
    case CarrierKind::TcpSyn: return "tcp_syn";
    case CarrierKind::Clc: return "clc";
    case CarrierKind::RoceSend: return "roce_send";
    case CarrierKind::RdmaWrite: return "rdma_write";
  }
  return "?";
}

namespace {

constexpr std::size_t kClcHeaderLength = 8;
constexpr std::size_t kClcMinLength = 12;  // header + trailer

bool is_clc_eyecatcher(wire::ByteView b) {
  return b.size() >= 4 && b[0] == 0xe2 && b[1] == 0xd4 && b[2] == 0xc3 && (b[3] == 0xd9 || b[3] == 0xc4);
}

// Sequence-space comparison (RFC 1982 style) for 32-bit TCP numbers.
bool seq_before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

// One direction of one TCP connection. Bytes are appended in sequence order; segments
// that arrive early wait in `pending`, retransmitted bytes are dropped.
struct TcpDirection {
  Endpoint src, dst;
  std::optional<std::uint32_t> next_seq;
  std::map<std::uint32_t, std::pair<wire::Bytes, std::size_t>> pending;  // seq -> (data, frame)
  wire::Bytes buffer;                  // bytes not yet framed as CLC
  std::vector<std::size_t> buffer_frames;  // frame of each buffered byte
  bool clc_done = false;               // the stream no longer carries CLC messages
};

struct RdmaWriteInProgress {
  ExtractedMessage msg;
};

class Extractor {
 public:
  explicit Extractor(Extraction& out) : out_(out) {}

  void frame(const CapturedFrame& cf) {
    if (cf.link_type != 1) {
      note(cf.number, fmt::format("link type {} is not Ethernet: skipped", cf.link_type));
      return;
    }
    auto pf = parse_frame(cf.data);
    if (!pf) {
      note(cf.number, "malformed frame: " + pf.error().message());
      return;
    }
    if (pf->tcp) tcp(cf, *pf);
    else if (pf->udp && pf->udp->roce) roce(cf, *pf);
  }

 private:
  void note(std::size_t frame, std::string text) { out_.notes.push_back({frame, std::move(text)}); }

  void tcp(const CapturedFrame& cf, const ParsedFrame& pf) {
    const TcpView& t = *pf.tcp;
    Endpoint src{pf.src_ip, t.src_port}, dst{pf.dst_ip, t.dst_port};
    auto& dir = dirs_[{src, dst}];
    dir.src = src;
    dir.dst = dst;
    if (t.flags & tcp_flags::kSyn) {
      ExtractedMessage m = base(cf, CarrierKind::TcpSyn, src, dst);
      m.bytes.assign(t.options.begin(), t.options.end());
      m.tcp_flags = t.flags;
      m.smc_option = tcp_option::smc_option_accepted(t.options, true);
      out_.messages.push_back(std::move(m));
      // A new connection on this 4-tuple starts a fresh stream.
      dir = TcpDirection{src, dst, t.seq + 1, {}, {}, {}, false};
      return;
    }
    if (t.payload.empty()) return;
    if (!dir.next_seq) dir.next_seq = t.seq;  // capture started mid-connection
    dir.pending.emplace(t.seq, std::make_pair(wire::Bytes(t.payload.begin(), t.payload.end()), cf.number));
    drain(dir, cf);
  }

  // Moves in-order bytes from `pending` into the buffer, then frames CLC messages.
  void drain(TcpDirection& dir, const CapturedFrame& cf) {
    while (!dir.pending.empty()) {
      // With wrap-around the map order can differ from sequence order: find a segment
      // that starts at or before next_seq.
      auto it = dir.pending.end();
      for (auto i = dir.pending.begin(); i != dir.pending.end(); ++i) {
        if (!seq_before(*dir.next_seq, i->first)) {
          it = i;
          break;
        }
      }
      if (it == dir.pending.end()) break;
      std::uint32_t seq = it->first;
      auto& [data, frame_no] = it->second;
      std::uint32_t skip = *dir.next_seq - seq;
      if (skip < data.size()) {
        dir.buffer.insert(dir.buffer.end(), data.begin() + skip, data.end());
        dir.buffer_frames.insert(dir.buffer_frames.end(), data.size() - skip, frame_no);
        *dir.next_seq += static_cast<std::uint32_t>(data.size() - skip);
      }
      dir.pending.erase(it);
    }
    frame_clc(dir, cf);
  }

  void frame_clc(TcpDirection& dir, const CapturedFrame& cf) {
    while (!dir.clc_done && !dir.buffer.empty()) {
      wire::ByteView b(dir.buffer);
      static constexpr std::uint8_t kPrefix[3] = {0xe2, 0xd4, 0xc3};
      if (b.size() < 4 && std::equal(b.begin(), b.end(), kPrefix)) return;  // could still become an eyecatcher
      if (!is_clc_eyecatcher(b)) {
        // After the handshake (or a Decline) the stream is application data.
        dir.clc_done = true;
        dir.buffer.clear();
        dir.buffer_frames.clear();
        return;
      }
      if (b.size() < kClcHeaderLength) return;
      std::size_t len = static_cast<std::size_t>(b[5] << 8 | b[6]);
      if (len < kClcMinLength) {
        // A length the receiver cannot frame: hand over the header alone so the decoder
        // reports the error, then stop reading this stream as CLC.
        note(cf.number, fmt::format("{}: CLC length {} < 12: stream no longer framed", dir.src.to_string(), len));
        len = kClcHeaderLength;
        dir.clc_done = true;
      }
      if (b.size() < len) return;
      ExtractedMessage m = base(cf, CarrierKind::Clc, dir.src, dir.dst);
      m.bytes.assign(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(len));
      m.frames.clear();
      for (std::size_t i = 0; i < len; ++i)
        if (m.frames.empty() || m.frames.back() != dir.buffer_frames[i]) m.frames.push_back(dir.buffer_frames[i]);
      m.frame = m.frames.back();
      out_.messages.push_back(std::move(m));
      dir.buffer.erase(dir.buffer.begin(), dir.buffer.begin() + static_cast<std::ptrdiff_t>(len));
      dir.buffer_frames.erase(dir.buffer_frames.begin(), dir.buffer_frames.begin() + static_cast<std::ptrdiff_t>(len));
      if (dir.clc_done) {
        dir.buffer.clear();
        dir.buffer_frames.clear();
      }
    }
  }

  void roce(const CapturedFrame& cf, const ParsedFrame& pf) {
    const UdpView& u = *pf.udp;
    const RoceView& r = *u.roce;
    Endpoint src{pf.src_ip, u.src_port}, dst{pf.dst_ip, u.dst_port};
    if (!r.icrc_ok) note(cf.number, fmt::format("ICRC {:#010x} does not match the packet", r.icrc));
    auto op = static_cast<BthOpcode>(r.bth.opcode);
    switch (op) {
      case BthOpcode::RcSendOnly: {
        ExtractedMessage m = base(cf, CarrierKind::RoceSend, src, dst);
        fill_roce(m, r);
        m.bytes.assign(r.payload.begin(), r.payload.end());
        out_.messages.push_back(std::move(m));
        return;
      }
      case BthOpcode::RcSendFirst:
      case BthOpcode::RcSendMiddle:
      case BthOpcode::RcSendLast:
        // Linux's LLC/CDC messages fit one packet at any RoCE MTU (≤ 8192 only in v2
        // LLC with MTU < message): not expected, so say so rather than guess.
        note(cf.number, fmt::format("multi-packet SEND ({}) not reassembled", to_string(op)));
        return;
      case BthOpcode::RcRdmaWriteFirst:
      case BthOpcode::RcRdmaWriteOnly: {
        ExtractedMessage m = base(cf, CarrierKind::RdmaWrite, src, dst);
        fill_roce(m, r);
        m.reth = r.reth;
        m.bytes.assign(r.payload.begin(), r.payload.end());
        if (op == BthOpcode::RcRdmaWriteOnly) {
          out_.messages.push_back(std::move(m));
        } else {
          writes_[{src, dst, r.bth.dest_qp}] = std::move(m);
        }
        return;
      }
      case BthOpcode::RcRdmaWriteMiddle:
      case BthOpcode::RcRdmaWriteLast: {
        auto it = writes_.find({src, dst, r.bth.dest_qp});
        if (it == writes_.end()) {
          note(cf.number, fmt::format("{} without a First packet", to_string(op)));
          return;
        }
        auto& m = it->second;
        m.bytes.insert(m.bytes.end(), r.payload.begin(), r.payload.end());
        m.frames.push_back(cf.number);
        if (op == BthOpcode::RcRdmaWriteLast) {
          m.frame = cf.number;
          m.time_ns = cf.time_ns;
          out_.messages.push_back(std::move(m));
          writes_.erase(it);
        }
        return;
      }
      case BthOpcode::RcAcknowledge:
        return;
    }
    note(cf.number, fmt::format("BTH opcode {:#04x} not handled", r.bth.opcode));
  }

  static ExtractedMessage base(const CapturedFrame& cf, CarrierKind k, const Endpoint& src, const Endpoint& dst) {
    ExtractedMessage m;
    m.kind = k;
    m.frame = cf.number;
    m.time_ns = cf.time_ns;
    m.src = src;
    m.dst = dst;
    m.frames = {cf.number};
    return m;
  }

  static void fill_roce(ExtractedMessage& m, const RoceView& r) {
    m.dest_qp = r.bth.dest_qp;
    m.psn = r.bth.psn;
    m.solicited_event = r.bth.solicited_event;
  }

  Extraction& out_;
  std::map<std::pair<Endpoint, Endpoint>, TcpDirection> dirs_;
  std::map<std::tuple<Endpoint, Endpoint, std::uint32_t>, ExtractedMessage> writes_;
};

}  // namespace

Extraction extract_smc(const Capture& capture) {
  Extraction out;
  Extractor x(out);
  for (const auto& f : capture.frames) x.frame(f);
  // CLC messages are reported by the frame that completes them, which keeps the list in
  // frame order already; RDMA WRITEs by their Last packet. A stable sort makes it explicit.
  std::stable_sort(out.messages.begin(), out.messages.end(),
                   [](const ExtractedMessage& a, const ExtractedMessage& b) { return a.frame < b.frame; });
  return out;
}

}  // namespace smc::pcap
