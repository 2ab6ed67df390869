#include "conformance/perf/perf_sim.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>

#include "conformance/perf/packet_model.h"
#include "sim/kernel/simulator.h"
#include "sim/net/network.h"

namespace smc::perf {

const char* to_string(Transport t) { return t == Transport::Tcp ? "TCP" : "SMC-R"; }

const char* to_string(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::RequestResponse: return "request-response";
    case WorkloadKind::Bulk: return "bulk";
    case WorkloadKind::ShortLived: return "short-lived";
  }
  return "?";
}

SetupScript default_setup(Transport t, bool first_contact) {
  const bool smc = t == Transport::Smc;
  SetupScript s;
  s.steps.push_back({true, false, tcp_syn_frame(smc), "SYN"});
  s.steps.push_back({false, false, tcp_syn_frame(smc), "SYN-ACK"});
  s.steps.push_back({true, false, tcp_control_frame(), "ACK"});
  if (!smc) return s;
  // CLC lengths of an SMC-Rv2 exchange with one UEID (wire-format.md §2).
  s.steps.push_back({true, false, tcp_payload_frame(160), "CLC Proposal"});
  s.steps.push_back({false, false, tcp_payload_frame(108), "CLC Accept"});
  s.steps.push_back({true, false, tcp_payload_frame(108), "CLC Confirm"});
  if (first_contact) {
    s.steps.push_back({false, true, roce_send_frame(kCdcMessage).bytes, "LLC Confirm Link"});
    s.steps.push_back({true, true, roce_send_frame(kCdcMessage).bytes, "LLC Confirm Link response"});
  }
  return s;
}

namespace {

using sim::SimDuration;
using sim::SimTime;

enum class FrameKind : std::uint8_t { TcpData, TcpAck, Setup, RoceWrite, CdcData, CdcCursor, RcAck, Close };

struct FrameInfo {
  FrameKind kind = FrameKind::TcpData;
  std::size_t message = 0;     // TcpData / RoceWrite / CdcData / CdcCursor: index into messages_
  std::size_t conn = 0;        // Setup / Close
  std::size_t step = 0;        // Setup: index into the script; Close: the close message number
  bool ack_request = false;    // RoCE: the receiving NIC answers with an RC ACK
};

struct Message {
  bool from_client = true;
  std::size_t bytes = 0;
  std::size_t segments = 0;    // TCP: data segments to receive
  std::size_t received = 0;
  bool final_ack = false;      // TCP: the end of a stream: a delayed ACK for an odd last segment
  std::function<void()> on_delivered;  // the receiving application has read the message
};

struct Conn {
  const SetupScript* script = nullptr;
  bool first_contact = false;
  SimTime started;
  SimTime established;
  std::int64_t requests_left = 0;
  SimTime request_sent;
};

class PerfRun {
 public:
  PerfRun(Transport t, const Workload& w, const PerfParams& p, const SetupScripts& setup)
      : t_(t), w_(w), p_(p), setup_(setup), sim_(sim::Seed(1)), net_(sim_) {
    auto& c = net_.add_host("client").init();
    auto& s = net_.add_host("server").init();
    const auto mtu = static_cast<std::uint32_t>(p.net.mtu);
    auto& ci = c.add_interface("eth0", mtu);
    auto& si = s.add_interface("eth0", mtu);
    c.add_address("eth0", "10.0.0.1/24");
    s.add_address("eth0", "10.0.0.2/24");
    ci.set_pps_cap(p.net.pps_cap);
    si.set_pps_cap(p.net.pps_cap);
    net_.connect(ci, si, sim::net::LinkParams{p.net.bandwidth_bps, SimDuration::from_ns(p.net.one_way_delay_ns)});
    hosts_[0].ns = &c;
    hosts_[1].ns = &s;
    hosts_[0].iface = &ci;
    hosts_[1].iface = &si;
    hosts_[0].self = hosts_[1].peer = *ports::IpAddress::parse("10.0.0.1");
    hosts_[1].self = hosts_[0].peer = *ports::IpAddress::parse("10.0.0.2");
    for (int h = 0; h < 2; ++h) {
      auto handler = [this, h](sim::net::Packet pk) { on_frame(h == 0, pk); };
      hosts_[h].ns->set_protocol_handler(sim::net::IpProtocol::Tcp, handler);
      hosts_[h].ns->set_protocol_handler(sim::net::IpProtocol::Udp, handler);
    }
    path_mtu_ = roce_path_mtu(p.net.mtu);
  }

  PerfFigures run() {
    switch (w_.kind) {
      case WorkloadKind::RequestResponse: start_request_response(); break;
      case WorkloadKind::Bulk: start_bulk(); break;
      case WorkloadKind::ShortLived: start_short_lived(); break;
    }
    auto r = sim_.run_until_quiescent(50'000'000);
    if (!r) fig_.error = "the run stopped short: " + r.error().message();
    else if (pending_ != 0) fig_.error = std::to_string(pending_) + " requests never completed";
    fig_.elapsed_ns = last_done_.ns();
    const double secs = static_cast<double>(fig_.elapsed_ns) / 1e9;
    if (secs > 0) {
      fig_.qps = static_cast<double>(fig_.requests) / secs;
      fig_.throughput_bps = static_cast<double>(fig_.bytes) * 8.0 / secs;
    }
    if (latencies_ > 0) fig_.mean_latency_ns = static_cast<double>(latency_sum_) / static_cast<double>(latencies_);
    if (setups_ > 0) fig_.mean_setup_ns = static_cast<double>(setup_sum_) / static_cast<double>(setups_);
    fig_.client_frames = hosts_[0].frames;
    fig_.server_frames = hosts_[1].frames;
    fig_.client_cpu_ns = hosts_[0].cpu_ns;
    fig_.server_cpu_ns = hosts_[1].cpu_ns;
    return fig_;
  }

 private:
  struct Host {
    sim::net::Netns* ns = nullptr;
    sim::net::SimInterface* iface = nullptr;
    ports::IpAddress self;
    ports::IpAddress peer;
    SimTime cpu_free;
    std::uint64_t cpu_ns = 0;
    std::uint64_t frames = 0;
  };

  Host& host(bool client) { return hosts_[client ? 0 : 1]; }
  bool smc() const { return t_ == Transport::Smc; }
  SimDuration ns(std::int64_t v) const { return SimDuration::from_ns(v); }
  std::int64_t copy_cost(std::size_t bytes) const {
    return static_cast<std::int64_t>(bytes) * p_.cpu.copy_ns_per_kib / 1024;
  }

  // Runs `fn` once the host's CPU has spent `cost` on it, after whatever it was doing.
  void cpu(bool client, std::int64_t cost, std::function<void()> fn) {
    Host& h = host(client);
    SimTime start = std::max(sim_.now(), h.cpu_free);
    h.cpu_free = start + ns(cost);
    h.cpu_ns += static_cast<std::uint64_t>(cost);
    sim_.schedule_at(h.cpu_free, [f = std::move(fn)] { f(); });
  }

  void send_frame(bool from_client, std::size_t frame_bytes, bool roce, FrameInfo info) {
    frames_.push_back(info);
    const std::uint32_t handle = static_cast<std::uint32_t>(frames_.size() - 1);
    // The frame's size is what matters: the payload is the handle, padded to the L3 size.
    const std::size_t l3_payload = frame_bytes - kEthernetHeader - kIpv4Header;
    wire::Bytes payload(std::max<std::size_t>(l3_payload, 4), 0);
    for (int i = 0; i < 4; ++i) payload[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(handle >> (8 * i));
    sim::net::Packet pk;
    pk.id = net_.next_packet_id();
    pk.src = host(from_client).self;
    pk.dst = host(from_client).peer;
    pk.protocol = roce ? sim::net::IpProtocol::Udp : sim::net::IpProtocol::Tcp;
    pk.payload = std::move(payload);
    ++host(from_client).frames;
    // Straight onto the cable (PPS slot, transmitter, delay): the two hosts are neighbours,
    // so the namespace's route lookup would only cost time.
    net_.transmit(*host(from_client).iface, *host(!from_client).iface, std::move(pk));
  }

  void on_frame(bool at_client, const sim::net::Packet& pk) {
    const auto& b = std::get<wire::Bytes>(pk.payload);
    std::uint32_t handle = 0;
    for (int i = 0; i < 4; ++i) handle |= static_cast<std::uint32_t>(b[static_cast<std::size_t>(i)]) << (8 * i);
    const FrameInfo info = frames_[handle];
    // The RNIC acknowledges in hardware: no CPU, but a frame through its own PPS slot.
    if (info.ack_request) send_frame(at_client, rc_ack_frame(), true, FrameInfo{FrameKind::RcAck});
    switch (info.kind) {
      case FrameKind::TcpData: return tcp_segment_in(at_client, info.message);
      case FrameKind::TcpAck: return cpu(at_client, p_.cpu.tcp_ack_ns, [] {});
      case FrameKind::Setup: return setup_in(at_client, info.conn, info.step);
      case FrameKind::RoceWrite: return;  // the data sits in the RMB; the CDC announces it
      case FrameKind::CdcData: return cdc_in(at_client, info.message);
      case FrameKind::CdcCursor: return cpu(at_client, p_.cpu.smc_rx_cdc_ns, [] {});
      case FrameKind::RcAck: return;
      case FrameKind::Close: return close_in(at_client, info.conn, info.step);
    }
  }

  // --- messages ---------------------------------------------------------------------
  void send_message(bool from_client, std::size_t bytes, bool final_ack, std::function<void()> on_delivered) {
    messages_.push_back(Message{from_client, bytes, 0, 0, final_ack, std::move(on_delivered)});
    const std::size_t id = messages_.size() - 1;
    if (!smc()) {
      auto frames = tcp_data_frames(bytes, p_.net.mtu);
      messages_[id].segments = frames.size();
      const auto cost = p_.cpu.tcp_syscall_ns + copy_cost(bytes) +
                        static_cast<std::int64_t>(frames.size()) * p_.cpu.tcp_tx_segment_ns;
      cpu(from_client, cost, [this, from_client, id, frames = std::move(frames)] {
        for (auto f : frames) send_frame(from_client, f, false, FrameInfo{FrameKind::TcpData, id});
      });
      return;
    }
    const auto cost = p_.cpu.smc_syscall_ns + copy_cost(bytes) + 2 * p_.cpu.smc_post_wr_ns;
    cpu(from_client, cost, [this, from_client, id, bytes] {
      for (const auto& f : rdma_write_frames(bytes, path_mtu_))
        send_frame(from_client, f.bytes, true, FrameInfo{FrameKind::RoceWrite, id, 0, 0, f.ack_request});
      // The CDC follows the WRITE on the same QP, so it arrives after the data.
      send_frame(from_client, roce_send_frame().bytes, true, FrameInfo{FrameKind::CdcData, id, 0, 0, true});
    });
  }

  void tcp_segment_in(bool at_client, std::size_t id) {
    cpu(at_client, p_.cpu.tcp_rx_segment_ns, [this, at_client, id] {
      Message& m = messages_[id];
      ++m.received;
      // Every second full segment is acknowledged at once (RFC 5681 §4.2); a single or odd
      // last segment rides on the reply, or, at the end of a stream, on a delayed ACK.
      const bool done = m.received == m.segments;
      if (m.received % 2 == 0 || (done && m.final_ack)) {
        cpu(at_client, p_.cpu.tcp_ack_ns, [this, at_client] {
          send_frame(at_client, tcp_control_frame(), false, FrameInfo{FrameKind::TcpAck});
        });
      }
      if (done) {
        cpu(at_client, p_.cpu.tcp_syscall_ns + copy_cost(m.bytes), [this, id] { messages_[id].on_delivered(); });
      }
    });
  }

  void cdc_in(bool at_client, std::size_t id) {
    cpu(at_client, p_.cpu.smc_rx_cdc_ns, [this, at_client, id] {
      const Message& m = messages_[id];
      cpu(at_client, p_.cpu.smc_syscall_ns + copy_cost(m.bytes), [this, at_client, id] {
        const Message& msg = messages_[id];
        if (static_cast<std::int64_t>(msg.bytes) >= p_.cpu.smc_cursor_update_bytes) {
          // The consumer cursor moved past the update limit: tell the sender in a CDC of its own.
          cpu(at_client, p_.cpu.smc_post_wr_ns, [this, at_client] {
            send_frame(at_client, roce_send_frame().bytes, true, FrameInfo{FrameKind::CdcCursor, 0, 0, 0, true});
          });
        }
        messages_[id].on_delivered();
      });
    });
  }

  // --- request/response ---------------------------------------------------------------
  void send_request(std::size_t c) {
    conns_[c].request_sent = sim_.now();
    send_message(true, static_cast<std::size_t>(w_.request_bytes), false, [this, c] {
      cpu(false, w_.compute_ns, [this, c] {
        send_message(false, static_cast<std::size_t>(w_.response_bytes), false, [this, c] { response_in(c); });
      });
    });
  }

  void response_in(std::size_t c) {
    Conn& k = conns_[c];
    --pending_;
    ++fig_.requests;
    fig_.bytes += w_.request_bytes + w_.response_bytes;
    last_done_ = sim_.now();
    if (w_.kind == WorkloadKind::ShortLived) {
      latency_sum_ += (sim_.now() - k.started).ns();
      ++latencies_;
      close_conn(c);
      return;
    }
    latency_sum_ += (sim_.now() - k.request_sent).ns();
    ++latencies_;
    if (--k.requests_left > 0) send_request(c);
  }

  void start_request_response() {
    const std::int64_t n = std::max<std::int64_t>(1, w_.concurrency);
    conns_.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      // Requests dealt out in turn: connection i gets every n-th.
      conns_[static_cast<std::size_t>(i)].requests_left = w_.requests / n + (i < w_.requests % n ? 1 : 0);
    }
    pending_ = w_.requests;
    for (std::size_t i = 0; i < conns_.size(); ++i)
      if (conns_[i].requests_left > 0) send_request(i);
  }

  // --- bulk -----------------------------------------------------------------------------
  void start_bulk() {
    conns_.resize(1);
    bulk_left_ = w_.bytes;
    bulk_send_next();
  }

  void bulk_send_next() {
    if (bulk_left_ <= 0) return;
    const std::int64_t n = std::min(bulk_left_, std::max<std::int64_t>(1, w_.chunk_bytes));
    bulk_left_ -= n;
    const bool last = bulk_left_ == 0;
    send_message(true, static_cast<std::size_t>(n), last, [this, n] {
      fig_.bytes += n;
      last_done_ = sim_.now();
    });
    // The application loops on send(): the next chunk once this one's send() returned.
    cpu(true, 0, [this] { bulk_send_next(); });
  }

  // --- short-lived connections ----------------------------------------------------------
  void start_short_lived() {
    conns_.resize(static_cast<std::size_t>(std::max<std::int64_t>(0, w_.connections)));
    established_hooks_.resize(conns_.size());
    pending_ = static_cast<std::int64_t>(conns_.size());
    next_conn_ = 0;
    const std::int64_t parallel = std::max<std::int64_t>(1, w_.concurrency);
    if (conns_.empty()) return;
    if (smc()) {
      // The first connection creates the link group; the kernel holds the others back
      // (the LGR pending lock) until it stands, then they reuse it.
      open_conn(next_conn_++, [this, parallel] {
        for (std::int64_t i = 1; i < parallel; ++i) open_next();
      });
      return;
    }
    for (std::int64_t i = 0; i < parallel; ++i) open_next();
  }

  void open_next() {
    if (next_conn_ < conns_.size()) open_conn(next_conn_++, {});
  }

  void open_conn(std::size_t c, std::function<void()> on_established_extra) {
    Conn& k = conns_[c];
    k.started = sim_.now();
    k.first_contact = smc() && c == 0;
    k.script = !smc() ? &setup_.tcp : (k.first_contact ? &setup_.smc_first : &setup_.smc_reuse);
    established_hooks_[c] = std::move(on_established_extra);
    cpu(true, conn_cost(), [this, c] { release_step(c, 0); });
  }

  std::int64_t conn_cost() const { return p_.cpu.tcp_conn_ns + (smc() ? p_.cpu.smc_conn_ns : 0); }

  void release_step(std::size_t c, std::size_t i) {
    const auto& steps = conns_[c].script->steps;
    if (i >= steps.size()) return established(c);
    const SetupStep& s = steps[i];
    send_frame(s.from_client, s.frame_bytes, s.roce, FrameInfo{FrameKind::Setup, 0, c, i, s.roce});
    // A burst from the same side leaves together; the reply waits for the burst's last message.
    if (i + 1 < steps.size() && steps[i + 1].from_client == s.from_client) return release_step(c, i + 1);
    if (i + 1 == steps.size() && s.from_client) established(c);
  }

  std::int64_t step_cost(const Conn& k, std::size_t i, bool at_client) const {
    const SetupStep& s = k.script->steps[i];
    if (i == 0 && !at_client) return conn_cost();  // the SYN: the server's share of set-up
    if (s.label == "CLC Proposal" || s.label == "CLC Accept")
      return (k.first_contact ? p_.cpu.rdma_link_ns : p_.cpu.rmb_alloc_ns) + p_.cpu.tcp_rx_segment_ns;
    return s.roce ? p_.cpu.smc_rx_cdc_ns : p_.cpu.tcp_rx_segment_ns;
  }

  void setup_in(bool at_client, std::size_t c, std::size_t i) {
    const Conn& k = conns_[c];
    cpu(at_client, step_cost(k, i, at_client), [this, c, i, at_client] {
      const auto& st = conns_[c].script->steps;
      if (i + 1 == st.size()) {
        if (at_client) established(c);
        return;
      }
      if (st[i + 1].from_client == at_client) release_step(c, i + 1);
    });
  }

  void established(std::size_t c) {
    Conn& k = conns_[c];
    k.established = sim_.now();
    setup_sum_ += (k.established - k.started).ns();
    ++setups_;
    if (auto& hook = established_hooks_[c]) {
      auto h = std::move(hook);
      hook = nullptr;
      h();
    }
    send_request(c);
  }

  // Close: TCP's FIN, FIN+ACK, ACK; SMC-R first exchanges CDC close flags, then closes its
  // TCP socket the same way. The client's next connect() follows its own close().
  void close_conn(std::size_t c) {
    const std::int64_t cost = p_.cpu.tcp_close_ns + (smc() ? p_.cpu.smc_close_ns : 0);
    cpu(true, cost, [this, c] {
      if (smc()) send_frame(true, roce_send_frame().bytes, true, FrameInfo{FrameKind::Close, 0, c, 0, true});
      else send_frame(true, tcp_control_frame(), false, FrameInfo{FrameKind::Close, 0, c, 1, false});
      open_next();
    });
  }

  void close_in(bool at_client, std::size_t c, std::size_t n) {
    // n: 0 the client's CDC close, 1 its FIN, 2 the server's FIN+ACK, 3 the client's ACK.
    if (n == 0) {
      const std::int64_t cost = p_.cpu.smc_rx_cdc_ns + p_.cpu.tcp_close_ns + p_.cpu.smc_close_ns;
      cpu(at_client, cost, [this, c] {
        send_frame(false, roce_send_frame().bytes, true, FrameInfo{FrameKind::Close, 0, c, 9, true});
        send_frame(false, tcp_control_frame(), false, FrameInfo{FrameKind::Close, 0, c, 8, false});
      });
      return;
    }
    if (n == 9) return cpu(at_client, p_.cpu.smc_rx_cdc_ns, [] {});  // the server's CDC close
    if (n == 8) {  // SMC: the server's clcsock FIN; the client's FIN crosses it
      return cpu(at_client, p_.cpu.tcp_rx_segment_ns, [this, c] {
        send_frame(true, tcp_control_frame(), false, FrameInfo{FrameKind::Close, 0, c, 1, false});
      });
    }
    if (n == 1) {
      const std::int64_t cost = p_.cpu.tcp_rx_segment_ns + (smc() ? 0 : p_.cpu.tcp_close_ns);
      cpu(at_client, cost, [this, c] { send_frame(false, tcp_control_frame(), false, FrameInfo{FrameKind::Close, 0, c, 2, false}); });
      return;
    }
    if (n == 2) {
      cpu(at_client, p_.cpu.tcp_rx_segment_ns, [this, c] {
        send_frame(true, tcp_control_frame(), false, FrameInfo{FrameKind::Close, 0, c, 3, false});
      });
      return;
    }
    cpu(at_client, p_.cpu.tcp_ack_ns, [] {});  // n == 3: the last ACK
  }

  Transport t_;
  Workload w_;
  PerfParams p_;
  const SetupScripts& setup_;
  sim::Simulator sim_;
  sim::net::Network net_;
  Host hosts_[2];
  std::size_t path_mtu_ = 1024;
  std::vector<FrameInfo> frames_;
  std::deque<Message> messages_;  // a deque: callbacks running from it may append
  std::vector<Conn> conns_;
  std::vector<std::function<void()>> established_hooks_;
  std::size_t next_conn_ = 0;
  std::int64_t pending_ = 0;
  std::int64_t bulk_left_ = 0;
  SimTime last_done_;
  std::int64_t latency_sum_ = 0, latencies_ = 0;
  std::int64_t setup_sum_ = 0, setups_ = 0;
  PerfFigures fig_;
};

}  // namespace

PerfFigures simulate(Transport t, const Workload& w, const PerfParams& p, const SetupScripts& setup) {
  auto run = std::make_unique<PerfRun>(t, w, p, setup);
  return run->run();
}

}  // namespace smc::perf
