#include "hw/engine/engine_end.h"

#include <algorithm>

#include "protocol/clc/decline_code.h"

namespace smc::hw {

using namespace smc::handshake;

namespace {
constexpr ports::Nanos kRetryDelay = ports::kMillisecond;
constexpr std::size_t kChunk = 64 * 1024;

std::string gid_text(const ports::Gid& g) {
  ports::IpAddress a = ports::IpAddress::v6(g);
  if (a.is_v4_mapped()) return ports::IpAddress::v4(g[12], g[13], g[14], g[15]).to_string();
  return a.to_string();
}
}  // namespace

std::uint8_t transfer_byte(bool from_client, std::uint64_t offset) {
  // Not periodic in any ring size the engine uses (a power of two): a byte written at the
  // wrong ring offset, or a stale one, does not match by accident.
  std::uint64_t x = offset * 0x9E3779B97F4A7C15ULL + (from_client ? 0x5A : 0xC3);
  x ^= x >> 29;
  return static_cast<std::uint8_t>(x ^ (offset >> 16));
}

EngineEnd::EngineEnd(EventLoop& loop, ports::RnicDevice& device, Setup setup, std::function<void()> changed)
    : loop_(loop),
      setup_(std::move(setup)),
      device_name_(device.attributes().name),
      changed_(std::move(changed)),
      bytes_(setup_.bytes) {
  link::LinkConfig config;
  config.psn_seed = setup_.psn_seed;
  config.max_links = setup_.host.sysctls.max_links_per_lgr;
  links_ = std::make_unique<link::LinkManager>(loop_, config);
  links_->add_device(device);
  smcr_ = links_->create_connection();
}

EngineEnd::~EngineEnd() {
  cancel_timers();
  if (tcp_) tcp_->close();
  dp_.reset();
  shutdown_links();
}

void EngineEnd::shutdown_links() {
  if (!links_) return;
  smcr_.reset();
  links_->shutdown();
}

bool EngineEnd::connect(ports::StreamTransport& transport, const ports::Endpoint& server) {
  ports::ConnectRequest req;
  req.local = ports::Endpoint{setup_.conn.local, 0};
  req.remote = server;
  ports::StreamEvents ev;
  std::weak_ptr<bool> alive = alive_;
  ev.on_connected = [this, alive](const ports::TcpOptions&) {
    if (!alive.expired()) start_handshake();
  };
  ev.on_readable = [this, alive] { if (!alive.expired()) on_readable(); };
  ev.on_writable = [this, alive] { if (!alive.expired()) flush_stream(); };
  ev.on_peer_fin = [this, alive] { if (!alive.expired()) on_eof(false); };
  ev.on_error = [this, alive](ports::StreamError e) {
    if (alive.expired()) return;
    if (!tcp_ || tcp_->state() == ports::StreamState::Connecting || !chs_)
      return fail(std::string("connect: ") + ports::errno_name(e));
    on_eof(true);
  };
  auto r = transport.connect(std::move(req), std::move(ev));
  if (!r) {
    fail(std::string("connect: ") + ports::errno_name(r.error()));
    return false;
  }
  tcp_ = std::move(*r);
  note("tcp connect " + tcp_->local().to_string() + " -> " + server.to_string());
  return true;
}

void EngineEnd::adopt(std::unique_ptr<ports::StreamConnection> tcp) {
  tcp_ = std::move(tcp);
  ports::StreamEvents ev;
  std::weak_ptr<bool> alive = alive_;
  ev.on_readable = [this, alive] { if (!alive.expired()) on_readable(); };
  ev.on_writable = [this, alive] { if (!alive.expired()) flush_stream(); };
  ev.on_peer_fin = [this, alive] { if (!alive.expired()) on_eof(false); };
  ev.on_error = [this, alive](ports::StreamError) { if (!alive.expired()) on_eof(true); };
  tcp_->set_events(std::move(ev));
  note("tcp accepted " + tcp_->peer().to_string());
  start_handshake();
  if (tcp_ && tcp_->readable_bytes() > 0) on_readable();
}

void EngineEnd::start_handshake() {
  setup_.host.link_groups = links_->snapshot();
  // The declared deviation: a user-space endpoint sees no SYN options, so both ends take
  // the connection as SMC-capable.
  if (setup_.client) {
    note("tcp established (SMC option assumed: hw/net deviation)");
    chs_.emplace(setup_.host, setup_.conn, setup_.profile, smcr_.get());
    apply(chs_->on_established(true));
  } else {
    shs_.emplace(setup_.host, setup_.conn, setup_.profile, smcr_.get());
    apply(shs_->on_established(true));
  }
}

void EngineEnd::apply(const Actions& acts) {
  for (const auto& a : acts) {
    if (const auto* snd = std::get_if<SendClc>(&a)) {
      note(std::string("clc send ") + to_string(snd->kind) + " (" + std::to_string(snd->bytes.size()) + " bytes)");
      send_stream(snd->bytes);
    } else if (const auto* t = std::get_if<ArmTimer>(&a)) {
      arm(t->name, t->after);
    } else if (const auto* c = std::get_if<CancelTimer>(&a)) {
      if (auto it = armed_.find(c->name); it != armed_.end()) {
        loop_.cancel(it->second);
        armed_.erase(it);
      }
    } else if (const auto* fb = std::get_if<FallBack>(&a)) {
      hs_done_ = true;
      fail("fell back to TCP " + clc::to_smcss_hex(fb->local) +
           (fb->peer ? " (peer " + clc::to_smcss_hex(*fb->peer) + ")" : std::string()));
    } else if (const auto* e = std::get_if<HardError>(&a)) {
      hs_done_ = true;
      fail("connect() failed with errno " + std::to_string(e->err));
    } else if (const auto* d = std::get_if<DropConnection>(&a)) {
      hs_done_ = true;
      fail(std::string("connection dropped") + (d->reset ? " (RST)" : ""));
    } else if (std::get_if<StartLinkSetup>(&a)) {
      start_link();
    } else if (const auto* est = std::get_if<SmcEstablished>(&a)) {
      hs_done_ = true;
      established_ = true;
      path_ = est->path;
      note(std::string("SMC established ") + negotiation::to_string(est->path.kind) + " on " + est->path.device +
           " first_contact=" + (est->path.first_contact ? "yes" : "no"));
      notify();
    }
  }
  if (hs_done_) cancel_timers();
}

void EngineEnd::arm(TimerName name, ports::Nanos after) {
  if (auto it = armed_.find(name); it != armed_.end()) loop_.cancel(it->second);
  std::weak_ptr<bool> alive = alive_;
  armed_[name] = loop_.arm(after, [this, alive, name] {
    if (alive.expired()) return;
    armed_.erase(name);
    note(std::string("timer ") + to_string(name) + " expired");
    if (hs_done_) return;
    apply(chs_ ? chs_->on_timer(name) : shs_->on_timer(name));
  });
}

void EngineEnd::cancel_timers() {
  for (auto& [name, id] : armed_) loop_.cancel(id);
  armed_.clear();
}

void EngineEnd::send_stream(const wire::Bytes& bytes) {
  tcp_backlog_.insert(tcp_backlog_.end(), bytes.begin(), bytes.end());
  flush_stream();
}

void EngineEnd::flush_stream() {
  while (tcp_ && !tcp_backlog_.empty()) {
    auto n = tcp_->send(tcp_backlog_);
    if (!n) {
      if (n.error() != ports::StreamError::WouldBlock) {
        tcp_backlog_.clear();
        if (!hs_done_) fail(std::string("tcp send: ") + ports::errno_name(n.error()));
      }
      return;
    }
    tcp_backlog_.erase(tcp_backlog_.begin(), tcp_backlog_.begin() + static_cast<std::ptrdiff_t>(*n));
  }
}

void EngineEnd::on_readable() {
  while (tcp_) {
    auto d = tcp_->recv(1 << 16);
    if (!d || d->empty()) return;  // the FIN comes as on_peer_fin
    if (hs_done_) {
      // An SMC connection carries no bytes on its TCP connection after the handshake.
      if (established_) note("unexpected " + std::to_string(d->size()) + " bytes on the CLC connection");
      continue;
    }
    apply(chs_ ? chs_->on_bytes(*d) : shs_->on_bytes(*d));
  }
}

void EngineEnd::on_eof(bool reset) {
  note(reset ? "tcp reset by peer" : "tcp FIN from peer");
  if (hs_done_ || (!chs_ && !shs_)) return;
  if (chs_) apply(reset ? chs_->on_reset() : chs_->on_eof());
  else apply(reset ? shs_->on_reset() : shs_->on_eof());
}

void EngineEnd::start_link() {
  std::weak_ptr<bool> alive = alive_;
  note(std::string("llc first contact link setup (") + (smcr_->first_contact() ? "first contact" : "reuse") + ")");
  smcr_->set_setup_callbacks(
      [this, alive] {
        if (alive.expired() || hs_done_) return;
        note("llc confirm link done");
        apply(chs_ ? chs_->on_link_confirmed() : shs_->on_link_confirmed());
      },
      [this, alive](clc::DeclineCode code) {
        if (alive.expired() || hs_done_) return;
        note("llc link setup failed " + clc::to_smcss_hex(code));
        apply(chs_ ? chs_->on_link_failed(code) : shs_->on_link_failed(code));
      });
  if (chs_)
    smcr_->set_add_link_callback([this, alive] {
      if (alive.expired() || hs_done_ || !chs_) return;
      note("llc add link done");
      apply(chs_->on_add_link_done());
    });
  smcr_->start_link_setup();
}

void EngineEnd::fail(std::string why) {
  note("FAILED: " + why);
  if (!failure_) failure_ = std::move(why);
  notify();
}

void EngineEnd::note(std::string what) { events_.push_back(std::move(what)); }

void EngineEnd::notify() {
  if (notify_armed_ || !changed_) return;
  notify_armed_ = true;
  std::weak_ptr<bool> alive = alive_;
  loop_.arm(0, [this, alive] {
    if (alive.expired()) return;
    notify_armed_ = false;
    changed_();
  });
}

// ---------------------------------------------------------------- data path

void EngineEnd::start_data() {
  if (dp_ || !established_) return;
  datapath::DataPathConfig config;
  config.peer_ring_size = smcr_->peer_rmbe_size();
  config.peer_token = smcr_->peer_token();
  config.local_token = smcr_->local_token();
  dp_ = std::make_unique<datapath::ConnectionDataPath>(*smcr_, smcr_->rmb(), config);
  dp_->on_readable = [this] { wake(); };
  dp_->on_writable = [this] { wake(); };
  dp_->on_link_lost = [] { return false; };  // one link: no failover
  smcr_->set_cdc_handler([this](const cdc::CdcMessage& m) {
    if (!dp_) return;
    dp_->on_cdc(m);
    wake();  // a CDC may change the close state without making anything readable
  });
  smcr_->set_group_lost_handler([this] { fail("link group lost"); });
  note("data path open: rmbe " + std::to_string(smcr_->rmbe_size()) + ", peer rmbe " +
       std::to_string(smcr_->peer_rmbe_size()));
  wake();
}

void EngineEnd::close() {
  if (!dp_) return;
  note("close()");
  if (auto s = dp_->close(); !s) fail(std::string("close: ") + datapath::to_string(s.error()));
  wake();
}

bool EngineEnd::closed() const { return dp_ && dp_->state() == diag::SmcState::Closed; }

void EngineEnd::wake() {
  if (wake_armed_) return;
  wake_armed_ = true;
  std::weak_ptr<bool> alive = alive_;
  loop_.arm(0, [this, alive] {
    if (alive.expired()) return;
    wake_armed_ = false;
    service();
  });
}

void EngineEnd::service() {
  if (!dp_) return;
  drain();
  flush_data();
  if (dp_->cdc_pending()) arm_retry();
  notify();  // the pair's step() is idempotent: cheaper than tracking what changed
}

void EngineEnd::drain() {
  // After close() the application no longer reads (recv would answer ENOTCONN).
  while (!eof_ && !dp_->closer().app_closed()) {
    auto r = dp_->recv(kChunk);
    if (!r) {
      if (r.error() != datapath::SocketError::WouldBlock) fail(std::string("recv: ") + datapath::to_string(r.error()));
      return;
    }
    if (r->empty()) {
      eof_ = true;
      note("read EOF after " + std::to_string(received_) + " bytes");
      return;
    }
    for (std::size_t i = 0; i < r->size(); ++i)
      if (!mismatch_ && (*r)[i] != transfer_byte(!setup_.client, received_ + i)) mismatch_ = received_ + i;
    received_ += r->size();
  }
}

void EngineEnd::flush_data() {
  wire::Bytes chunk;
  while (sent_ < bytes_ && !failure_) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, bytes_ - sent_));
    chunk.resize(n);
    for (std::size_t i = 0; i < n; ++i) chunk[i] = transfer_byte(setup_.client, sent_ + i);
    auto r = dp_->send(wire::ByteView(chunk.data(), chunk.size()));
    if (!r) {
      if (r.error() != datapath::SocketError::WouldBlock) fail(std::string("send: ") + datapath::to_string(r.error()));
      else if (dp_->peer_free() > 0) arm_retry();  // window open: the link was out of send slots
      return;
    }
    sent_ += *r;
  }
}

void EngineEnd::arm_retry() {
  if (retry_armed_) return;
  retry_armed_ = true;
  std::weak_ptr<bool> alive = alive_;
  loop_.arm(kRetryDelay, [this, alive] {
    if (alive.expired()) return;
    retry_armed_ = false;
    if (!dp_) return;
    dp_->link_ready();
    service();
  });
}

// ---------------------------------------------------------------- diagnostics

const socket::SmcSocketRecord* EngineEnd::record() const {
  if (chs_) return &chs_->record();
  if (shs_) return &shs_->record();
  return nullptr;
}

diag::SocketDiag EngineEnd::diag() const {
  diag::SocketDiag d;
  d.state = dp_ ? dp_->state() : diag::SmcState::Active;
  if (tcp_) {
    d.local = {tcp_->local().address.to_string(), tcp_->local().port};
    d.peer = {tcp_->peer().address.to_string(), tcp_->peer().port};
  }
  if (const auto* rec = record()) {
    auto m = rec->smcss();
    d.mode = m.mode;
    d.fallback_rsn = m.local_code;
    d.peer_diagnosis = m.local_code || m.peer_code ? m.peer_code : 0;
  }
  if (dp_) {
    diag::ConnInfo c;
    c.token = dp_->local_token();
    c.rmbe_size = dp_->ring_size();
    c.peer_rmbe_size = dp_->peer_ring_size();
    auto cur = [](const cdc::CdcCursor& x) { return diag::Cursor{x.wrap, x.count}; };
    c.rx_prod = cur(dp_->rx_producer());
    c.rx_cons = cur(dp_->tx_consumer());
    c.tx_prod = cur(dp_->tx_producer());
    c.tx_cons = cur(dp_->rx_consumer());
    d.conn = c;
  }
  if (smcr_) {
    const link::LinkGroup* g = smcr_->link_group();
    const link::SmcLink* l = smcr_->current_link();
    if (g && l) {
      diag::LinkGroupInfo info;
      info.server_role = g->role() == link::LgrRole::Server;
      info.ib_device = l->device().name();
      info.ib_port = l->port();
      info.link_id = l->link_num();
      info.gid = gid_text(l->local().gid);
      info.peer_gid = gid_text(l->peer().gid);
      d.lgr = info;
    }
  }
  return d;
}

}  // namespace smc::hw
