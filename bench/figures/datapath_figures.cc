// Data-path throughput next to memcpy of the same bytes, in the same run:
//   - protocol/datapath: 64 KiB send() calls through ConnectionDataPath over an in-memory
//     ConnectionLink (write_to_peer is a memcpy into the peer's RMB element, as the RNIC's
//     DMA would place it; send_cdc encodes the 44-byte CDC, the peer decodes it), the peer
//     application reading each 64 KiB with recv(). Two copies per byte, as in the kernel
//     (into the peer's RMB, out of it into the application's buffer).
//   - sim/rnic: bulk 64 KiB RDMA WRITEs between two SimRnics (bench/figures/rdma_stream.h),
//     one copy per byte.
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/figures/figure.h"
#include "bench/figures/rdma_stream.h"
#include "protocol/datapath/connection_data_path.h"

namespace smc::bench {

namespace {

constexpr std::uint32_t k64K = 64 * 1024;
constexpr std::uint32_t kRmb = 1024 * 1024;  // each side's RMB element

class MemoryLink final : public datapath::ConnectionLink {
 public:
  std::span<std::uint8_t> peer_ring;
  std::deque<wire::Bytes> outbox;

  Status<datapath::LinkError> write_to_peer(std::uint32_t offset, wire::ByteView data) override {
    if (std::uint64_t{offset} + data.size() > peer_ring.size()) return smc::unexpected(datapath::LinkError::Rejected);
    std::memcpy(peer_ring.data() + offset, data.data(), data.size());
    return Ok{};
  }
  Status<datapath::LinkError> send_cdc(const cdc::CdcMessage& m) override {
    outbox.push_back(m.encode());
    return Ok{};
  }
};

struct Endpoint {
  std::vector<std::uint8_t> ring = std::vector<std::uint8_t>(kRmb, 0);
  MemoryLink link;
  std::unique_ptr<datapath::ConnectionDataPath> path;
};

struct Connection {
  Endpoint side[2];
  Connection() {
    for (int i = 0; i < 2; ++i) {
      side[i].link.peer_ring = side[1 - i].ring;
      datapath::DataPathConfig cfg;
      cfg.peer_ring_size = kRmb;
      cfg.peer_token = 0x100u + static_cast<std::uint32_t>(1 - i);
      cfg.local_token = 0x100u + static_cast<std::uint32_t>(i);
      side[i].path = std::make_unique<datapath::ConnectionDataPath>(side[i].link, side[i].ring, cfg);
    }
  }
  // Hands every queued CDC to its peer; false if a CDC did not decode.
  bool deliver() {
    bool ok = true;
    for (bool any = true; any;) {
      any = false;
      for (int i = 0; i < 2; ++i) {
        auto& q = side[i].link.outbox;
        while (!q.empty()) {
          auto m = cdc::CdcMessage::decode(q.front());
          q.pop_front();
          any = true;
          if (!m) ok = false;
          else side[1 - i].path->on_cdc(*m);
        }
      }
    }
    return ok;
  }
};

Figure ratio_figure(std::string id, std::string title, double bps, double memcpy_bps, std::string note) {
  Figure f;
  f.id = std::move(id);
  f.title = std::move(title);
  f.value = memcpy_bps > 0 ? 100.0 * bps / memcpy_bps : 0;
  f.unit = "%";
  f.goal_kind = GoalKind::AtLeast;
  f.goal = 50;
  char b[160];
  std::snprintf(b, sizeof b, "%.3g GB/s vs memcpy %.3g GB/s in the same run; ", bps / 1e9, memcpy_bps / 1e9);
  f.note = b + note;
  return f;
}

// memcpy of 64 KiB blocks into a ring of `ring` bytes: the baseline.
class MemcpyBaseline {
 public:
  explicit MemcpyBaseline(std::uint32_t ring) : src_(k64K, 0x5a), dst_(ring, 0) {}
  std::uint64_t step() {
    for (int i = 0; i < 16; ++i) {
      std::memcpy(dst_.data() + off_, src_.data(), k64K);
      off_ = (off_ + k64K) % dst_.size();
      asm volatile("" : : "r"(dst_.data()) : "memory");
    }
    return 16ull * k64K;
  }

 private:
  std::vector<std::uint8_t> src_;
  std::vector<std::uint8_t> dst_;
  std::size_t off_ = 0;
};

// Subject and memcpy take turns in ten slices of the budget each, so that a neighbour's
// build slowing the machine down slows both alike: the ratio is what stays meaningful.
// `subject` returns the bytes it moved in one step, 0 when it failed.
template <typename Step>
std::pair<double, double> interleaved(Step subject, MemcpyBaseline& base, double budget) {
  double t_subject = 0, t_base = 0;
  std::uint64_t b_subject = 0, b_base = 0;
  for (int slice = 0; slice < 10; ++slice) {
    Stopwatch a;
    do {
      std::uint64_t n = subject();
      if (n == 0) return {0, 0};
      b_subject += n;
    } while (a.seconds() < budget / 20);
    t_subject += a.seconds();
    Stopwatch b;
    do b_base += base.step();
    while (b.seconds() < budget / 20);
    t_base += b.seconds();
  }
  return {static_cast<double>(b_subject) / t_subject, static_cast<double>(b_base) / t_base};
}

void connection_data_path(const Options& opt, std::vector<Figure>& out) {
  Connection c;
  std::vector<std::uint8_t> chunk(k64K);
  for (std::uint32_t i = 0; i < k64K; ++i) chunk[i] = static_cast<std::uint8_t>(i % 251);
  bool intact = true;
  std::string error;
  // One step: the writer sends 64 KiB, its CDC reaches the reader, the reader reads the
  // 64 KiB (its consumer-cursor CDCs reach the writer).
  auto step = [&]() -> std::uint64_t {
    auto sent = c.side[0].path->send(chunk);
    if (!sent || *sent != k64K) {
      error = "send accepted less than 64 KiB";
      return 0;
    }
    if (!c.deliver()) {
      error = "a CDC did not decode";
      return 0;
    }
    std::size_t got = 0;
    while (got < k64K) {
      auto r = c.side[1].path->recv(k64K - got);
      if (!r || r->empty()) {
        error = "recv returned no data";
        return 0;
      }
      if ((*r)[0] != chunk[got] || r->back() != chunk[got + r->size() - 1]) intact = false;
      got += r->size();
      if (!c.deliver()) {
        error = "a CDC did not decode";
        return 0;
      }
    }
    return got;
  };
  MemcpyBaseline base(kRmb);
  auto [bps, mbps] = interleaved(step, base, 2 * opt.budget_s());
  std::string note = "ConnectionDataPath send(64 KiB) + recv(64 KiB) over an in-memory link, 1 MiB RMBs, " +
                     std::to_string(c.side[0].path->cdc_sent() + c.side[1].path->cdc_sent()) +
                     " CDCs; two copies per byte (into the peer's RMB, out to the reader) against memcpy's one";
  Figure f = ratio_figure("datapath.vs_memcpy_pct", "data path 64 KiB writes, % of memcpy", bps, mbps, note);
  if (!error.empty()) f.broken = error;
  if (!intact) f.broken = "the reader saw other bytes than were written";
  out.push_back(f);
}

void rdma_write(const Options& opt, std::vector<Figure>& out) {
  rdma::Stream s;
  bool ok = true;
  auto step = [&]() -> std::uint64_t {
    ok = s.burst();
    return ok ? std::uint64_t{rdma::kInFlight} * rdma::kWrite : 0;
  };
  MemcpyBaseline base(rdma::kRing);
  auto [bps, mbps] = interleaved(step, base, 2 * opt.budget_s());
  Figure f = ratio_figure("rdma.vs_memcpy_pct", "SimRnic 64 KiB RDMA WRITE, % of memcpy", bps, mbps,
                          "16 WRs in flight per burst, whole verbs path, simulator run to the completion; one copy per byte");
  if (!ok) f.broken = "a burst failed";
  out.push_back(f);
}

}  // namespace

void measure_datapath_figures(const Options& opt, std::vector<Figure>& out) {
  connection_data_path(opt, out);
  rdma_write(opt, out);
}

}  // namespace smc::bench
