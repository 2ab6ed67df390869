#include "hw/engine/engine_pair.h"

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "hw/engine/device_host.h"
#include "hw/engine/engine_end.h"
#include "hw/net/socket_transport.h"
#include "protocol/diag/smcss_table.h"
#include "protocol/negotiation/engine_profile.h"

namespace smc::hw {

namespace {

// The IPv4 address of the device's first active port with an IPv4 RoCEv2 GID: where the
// end's TCP socket binds, so that its connection's local address is its own GID's.
std::optional<ports::IpAddress> roce_v4_address(const ports::RnicAttributes& a) {
  for (const auto& p : a.ports) {
    if (p.state != ports::PortState::Active) continue;
    for (const auto& g : p.gids) {
      ports::IpAddress ip = ports::IpAddress::v6(g.gid);
      if (g.type == ports::GidType::RoceV2 && ip.is_v4_mapped())
        return ports::IpAddress::v4(g.gid[12], g.gid[13], g.gid[14], g.gid[15]);
    }
  }
  return std::nullopt;
}

negotiation::HostSnapshot host_of(const ports::RnicAttributes& a, const EnginePairConfig& c, bool client) {
  std::vector<NetdevAddresses> addrs;
  for (const auto& nd : netdevs_of(a)) addrs.push_back(netdev_addresses(nd));
  DeviceHostSpec spec;
  spec.host_id = client ? "client" : "server";
  spec.system_id_tag = client ? 1 : 2;
  spec.ueids = c.ueids;
  spec.max_links_per_lgr = c.max_links_per_lgr;
  return snapshot_of(a, addrs, spec);
}

class PairRun {
 public:
  PairRun(EventLoop& loop, const EnginePairConfig& c) : loop_(loop), config_(c), transport_(loop) {}

  EnginePairReport run(ports::RnicDevice& cdev, ports::RnicDevice& sdev) {
    rep_.phase = "setup";
    if (&cdev == &sdev) return fail_now("client and server need two different devices");
    auto caddr = roce_v4_address(cdev.attributes());
    auto saddr = roce_v4_address(sdev.attributes());
    if (!caddr) return fail_now(cdev.attributes().name + " has no active port with an IPv4 RoCEv2 GID");
    if (!saddr) return fail_now(sdev.attributes().name + " has no active port with an IPv4 RoCEv2 GID");
    const auto profile = negotiation::EngineProfile::by_name(config_.profile);

    EngineEnd::Setup cs{true, host_of(cdev.attributes(), config_, true), {}, profile, config_.bytes, 0x5eed01};
    cs.conn.local = *caddr;
    cs.conn.peer = *saddr;
    EngineEnd::Setup ss{false, host_of(sdev.attributes(), config_, false), {}, profile, config_.bytes, 0x5eed02};
    ss.conn.local = *saddr;
    ss.conn.peer = *caddr;
    client_ = std::make_unique<EngineEnd>(loop_, cdev, std::move(cs), [this] { step(); });
    server_ = std::make_unique<EngineEnd>(loop_, sdev, std::move(ss), [this] { step(); });

    ports::ListenRequest lr;
    lr.local = ports::Endpoint{*saddr, 0};
    lr.backlog = 4;
    lr.options.emplace_back(ports::sockopt::kReuseAddr, std::int64_t{1});
    lr.on_acceptable = [this] { accept(); };
    auto l = transport_.listen(std::move(lr));
    if (!l) return fail_now(std::string("listen: ") + ports::errno_name(l.error()));
    listener_ = std::move(*l);

    start_ = loop_.now();
    rep_.phase = "handshake";
    if (!client_->connect(transport_, listener_->local())) step();
    const bool finished = loop_.run_until([this] { return finished_; }, config_.timeout);
    if (!finished) finish("timeout after " + std::to_string(config_.timeout / ports::kSecond) + " s in phase " + rep_.phase);
    collect();
    listener_->close();
    client_.reset();
    server_.reset();
    return rep_;
  }

 private:
  EnginePairReport fail_now(std::string why) {
    rep_.failure = std::move(why);
    return rep_;
  }

  void accept() {
    while (listener_) {
      auto c = listener_->accept();
      if (!c) return;
      if (accepted_) {
        (*c)->reset();  // one connection per run
        continue;
      }
      accepted_ = true;
      server_->adopt(std::move(*c));
    }
  }

  void finish(std::string failure) {
    if (finished_) return;
    finished_ = true;
    rep_.ok = failure.empty();
    rep_.failure = std::move(failure);
  }

  void step() {
    if (finished_) return;
    for (EngineEnd* e : {client_.get(), server_.get()})
      if (e->failure()) return finish(std::string(e == client_.get() ? "client: " : "server: ") + *e->failure());
    const ports::Nanos now = loop_.now();
    if (rep_.phase == "handshake" && client_->established() && server_->established()) {
      rep_.handshake_ns = now - start_;
      rep_.phase = "transfer";
      mark_ = now;
      // Both applications start once both ends are established: a CDC that arrived before
      // the receiving end's data path opened would find no handler.
      client_->start_data();
      server_->start_data();
    }
    if (rep_.phase == "transfer") {
      for (EngineEnd* e : {client_.get(), server_.get()})
        if (e->first_mismatch()) return finish(std::string(e == client_.get() ? "client" : "server") +
                                               ": data mismatch at byte " + std::to_string(*e->first_mismatch()));
      if (client_->sent_all() && server_->sent_all() && client_->received() >= config_.bytes &&
          server_->received() >= config_.bytes) {
        rep_.transfer_ns = now - mark_;
        rep_.client.active = client_->diag();
        rep_.server.active = server_->diag();
        rep_.phase = "close";
        mark_ = now;
        client_->close();
      }
    }
    if (rep_.phase == "close") {
      if (server_->eof() && !server_closing_) {
        server_closing_ = true;
        server_->close();
      }
      if (client_->closed() && server_->closed()) {
        rep_.close_ns = now - mark_;
        rep_.phase = "done";
        finish({});
      }
    }
  }

  void collect() {
    for (bool c : {true, false}) {
      const EngineEnd& e = c ? *client_ : *server_;
      EngineEndReport& r = c ? rep_.client : rep_.server;
      r.device = e.device_name();
      if (e.path()) r.path = negotiation::to_string(e.path()->kind);
      r.final = e.diag();
      if (rep_.phase == "handshake" || rep_.phase == "transfer") r.active = r.final;
      r.sent = e.sent();
      r.received = e.received();
      r.verified = e.received() == config_.bytes && !e.first_mismatch();
      if (const auto* dp = e.data_path()) {
        r.close_trail = dp->closer().trail();
        r.cdc_sent = dp->cdc_sent();
        r.cdc_received = dp->cdc_received();
      }
      r.events = e.events();
    }
    if (rep_.ok && !(rep_.client.verified && rep_.server.verified)) {
      rep_.ok = false;
      rep_.failure = "data not verified";
    }
  }

  EventLoop& loop_;
  EnginePairConfig config_;
  SocketTransport transport_;
  std::unique_ptr<ports::StreamListener> listener_;
  std::unique_ptr<EngineEnd> client_;
  std::unique_ptr<EngineEnd> server_;
  EnginePairReport rep_;
  ports::Nanos start_ = 0;
  ports::Nanos mark_ = 0;
  bool accepted_ = false;
  bool server_closing_ = false;
  bool finished_ = false;
};

std::string trail_text(const std::vector<diag::SmcState>& t) {
  std::string s;
  for (auto st : t) s += (s.empty() ? "" : " -> ") + diag::smcss_state_name(st);
  return s.empty() ? "-" : s;
}

double ms(ports::Nanos n) { return static_cast<double>(n) / 1e6; }

}  // namespace

EnginePairReport run_engine_pair(EventLoop& loop, ports::RnicDevice& client_device, ports::RnicDevice& server_device,
                                 const EnginePairConfig& config) {
  PairRun run(loop, config);
  return run.run(client_device, server_device);
}

std::string format_engine_pair_report(const EnginePairReport& r, std::uint64_t bytes) {
  std::string out;
  for (bool c : {true, false}) {
    const EngineEndReport& e = c ? r.client : r.server;
    out += fmt::format("\n== {} engine on {} ==\n", c ? "client" : "server", e.device);
    out += diag::format_smcss({e.active}, diag::SmcssOptions{});
    diag::SmcssOptions rr;
    rr.smcr = true;
    if (e.active.lgr) out += diag::format_smcss({e.active}, rr);
    out += fmt::format("  path {}; sent {} bytes, received {} bytes{}; CDC sent {}, received {}\n",
                       e.path.empty() ? "-" : e.path, e.sent, e.received, e.verified ? " (verified)" : "", e.cdc_sent,
                       e.cdc_received);
    out += fmt::format("  close: {}\n", trail_text(e.close_trail));
  }
  out += "\n";
  out += fmt::format("handshake {:.1f} ms, transfer {:.1f} ms", ms(r.handshake_ns), ms(r.transfer_ns));
  if (r.transfer_ns > 0)
    out += fmt::format(" ({:.2f} MB/s each way)", static_cast<double>(bytes) / 1e6 / (static_cast<double>(r.transfer_ns) / 1e9));
  out += fmt::format(", close {:.1f} ms\n", ms(r.close_ns));
  out += r.ok ? fmt::format("rxe engine-to-engine: OK, {} bytes each way verified\n", bytes)
              : fmt::format("rxe engine-to-engine: FAILED in phase {}: {}\n", r.phase, r.failure);
  return out;
}

}  // namespace smc::hw
