#include "sim/tcp/tcp_stack.h"

#include <charconv>

#include "sim/kernel/stable_hash.h"
#include "sim/net/network.h"
#include "sim/tcp/sim_stream.h"

namespace smc::sim::tcp {

using ports::Endpoint;
using ports::StreamError;
namespace flag = net::tcp_flag;

namespace {
// "32768 60999" -> (32768, 60999); "65500-65515,123" -> ranges.
std::vector<std::pair<std::uint32_t, std::uint32_t>> parse_ranges(const std::string& text) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ',' || text[i] == ' ')) ++i;
    std::uint32_t lo = 0, hi = 0;
    auto r = std::from_chars(text.data() + i, text.data() + text.size(), lo);
    if (r.ec != std::errc{}) break;
    i = static_cast<std::size_t>(r.ptr - text.data());
    hi = lo;
    if (i < text.size() && text[i] == '-') {
      auto r2 = std::from_chars(text.data() + i + 1, text.data() + text.size(), hi);
      if (r2.ec != std::errc{}) break;
      i = static_cast<std::size_t>(r2.ptr - text.data());
    }
    out.emplace_back(lo, hi);
  }
  return out;
}

std::string sysctl_text(const net::Netns& ns, const std::string& key) {
  auto v = ns.sysctl(key);
  if (!v) return {};
  if (const auto* s = std::get_if<std::string>(&*v)) return *s;
  return std::to_string(std::get<std::int64_t>(*v));
}
}  // namespace

TcpStack::TcpStack(net::Netns& ns) : Actor(ns.simulator(), ns.name() + "/tcp"), ns_(ns) {
  ns_.set_protocol_handler(net::IpProtocol::Tcp, [this](net::Packet p) { on_packet(std::move(p)); });
}

TcpStack::~TcpStack() { ns_.set_protocol_handler(net::IpProtocol::Tcp, {}); }

TcpConnection* TcpStack::connection(std::uint64_t id) const {
  auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : it->second.get();
}

TcpListener* TcpStack::listener(std::uint64_t id) const {
  auto it = listeners_.find(id);
  return it == listeners_.end() ? nullptr : it->second.get();
}

bool TcpStack::port_in_use(std::uint16_t port) const { return ports_.count(port) != 0; }

Status<StreamError> TcpStack::reserve_ports(std::uint16_t lo, std::uint16_t hi, std::string owner) {
  for (std::uint32_t p = lo; p <= hi; ++p)
    if (port_in_use(static_cast<std::uint16_t>(p))) return smc::unexpected(StreamError::AddressInUse);
  for (std::uint32_t p = lo; p <= hi; ++p) ports_[static_cast<std::uint16_t>(p)] = owner;
  trace("tcp.reserve", {{"lo", lo}, {"hi", hi}, {"owner", owner}});
  return Ok{};
}

Result<std::uint16_t, StreamError> TcpStack::allocate_ephemeral_port() {
  auto range = parse_ranges(sysctl_text(ns_, "net.ipv4.ip_local_port_range"));
  std::uint32_t lo = 32768, hi = 60999;
  if (!range.empty()) {
    lo = range.front().first;
    hi = range.size() > 1 ? range[1].first : range.front().second;
  }
  auto reserved = parse_ranges(sysctl_text(ns_, "net.ipv4.ip_local_reserved_ports"));
  std::uint32_t span = hi - lo + 1;
  if (next_ephemeral_ == 0) next_ephemeral_ = static_cast<std::uint32_t>(random().uniform_u64(0, span - 1));
  for (std::uint32_t n = 0; n < span; ++n) {
    std::uint32_t port = lo + (next_ephemeral_ + n) % span;
    bool excluded = false;
    for (auto [a, b] : reserved) excluded = excluded || (port >= a && port <= b);
    if (excluded || port_in_use(static_cast<std::uint16_t>(port))) continue;
    next_ephemeral_ = (next_ephemeral_ + n + 1) % span;
    return static_cast<std::uint16_t>(port);
  }
  return smc::unexpected(StreamError::AddressNotAvailable);
}

std::uint32_t TcpStack::initial_sequence(const Endpoint& local, const Endpoint& remote) {
  // RFC 6528 in spirit: a keyed hash of the 4-tuple; the key is this stack's random stream.
  Fnv1a64 h;
  h.append(local.to_string());
  h.append(remote.to_string());
  return static_cast<std::uint32_t>(h.value() ^ random().next_u64());
}

std::uint32_t TcpStack::mss_for(const ports::IpAddress& remote) const {
  std::uint32_t mtu = 1500;
  auto r = ns_.route_lookup(remote);
  if (r && r->type == ports::RouteType::Local) mtu = 65536;
  else if (r)
    if (auto* i = ns_.find_interface(r->interface)) mtu = i->config().mtu;
  std::uint32_t headers = remote.unmapped().is_v6() ? 60 : 40;
  return mtu - headers;
}

std::uint64_t TcpStack::add_connection(const Endpoint& local, const Endpoint& remote) {
  std::uint64_t id = next_id_++;
  connections_[id] = std::make_unique<TcpConnection>(*this, id, local, remote);
  by_tuple_[{local, remote}] = id;
  return id;
}

Result<std::unique_ptr<ports::StreamConnection>, StreamError> TcpStack::connect(ports::ConnectRequest req,
                                                                               ports::StreamEvents events) {
  Endpoint remote{req.remote.address.unmapped(), req.remote.port};
  auto route = ns_.route_lookup(remote.address);
  if (!route) {
    return smc::unexpected(route.error() == ports::RouteError::Unreachable ? StreamError::HostUnreachable
                                                                           : StreamError::NetworkUnreachable);
  }
  Endpoint local{route->source, 0};
  if (req.local) {
    if (!req.local->address.is_unspecified()) {
      if (!ns_.is_local_address(req.local->address)) return smc::unexpected(StreamError::AddressNotAvailable);
      local.address = req.local->address.unmapped();
    }
    local.port = req.local->port;
  }
  if (local.port != 0) {
    if (port_in_use(local.port)) return smc::unexpected(StreamError::AddressInUse);
  } else {
    auto p = allocate_ephemeral_port();
    if (!p) return smc::unexpected(p.error());
    local.port = *p;
  }
  ports_[local.port] = "conn";
  std::uint64_t id = add_connection(local, remote);
  TcpConnection& c = *connection(id);
  c.events = std::move(events);
  for (auto& [opt, value] : req.options) c.options[opt] = value;
  c.open_active(req.syn_options, std::move(req.fast_open_data));
  return std::unique_ptr<ports::StreamConnection>(std::make_unique<SimStreamConnection>(*this, id));
}

Result<std::unique_ptr<ports::StreamListener>, StreamError> TcpStack::listen(ports::ListenRequest req) {
  Endpoint local{req.local.address.unmapped(), req.local.port};
  if (!local.address.is_unspecified() && !ns_.is_local_address(local.address))
    return smc::unexpected(StreamError::AddressNotAvailable);
  if (local.port == 0) {
    auto p = allocate_ephemeral_port();
    if (!p) return smc::unexpected(p.error());
    local.port = *p;
  } else if (port_in_use(local.port)) {
    return smc::unexpected(StreamError::AddressInUse);
  }
  ports_[local.port] = "listener";
  auto l = std::make_unique<TcpListener>();
  l->id = next_id_++;
  l->local = local;
  l->backlog = std::min<int>(req.backlog, static_cast<int>(ns_.sysctl_int("net.core.somaxconn", 4096)));
  l->on_syn = std::move(req.on_syn);
  l->on_acceptable = std::move(req.on_acceptable);
  for (auto& [opt, value] : req.options) l->options[opt] = value;
  std::uint64_t id = l->id;
  listeners_[id] = std::move(l);
  trace("tcp.listen", {{"local", local.to_string()}});
  return std::unique_ptr<ports::StreamListener>(std::make_unique<SimStreamListener>(*this, id, local));
}

TcpListener* TcpStack::find_listener(const Endpoint& local) const {
  TcpListener* wildcard = nullptr;
  for (const auto& [id, l] : listeners_) {
    if (l->local.port != local.port) continue;
    if (l->local.address == local.address) return l.get();
    if (l->local.address.is_unspecified()) wildcard = l.get();
  }
  return wildcard;
}

void TcpStack::emit(const TcpConnection& from, net::TcpSegment seg) {
  ++segments_sent_;
  net::Packet p;
  p.src = from.local().address;
  p.dst = from.remote().address;
  p.protocol = net::IpProtocol::Tcp;
  p.payload = std::move(seg);
  ns_.send(std::move(p));
}

void TcpStack::send_rst_for(const net::Packet& p, const net::TcpSegment& seg) {
  net::TcpSegment r;
  r.src_port = seg.dst_port;
  r.dst_port = seg.src_port;
  if (seg.has(flag::kAck)) {
    r.seq = seg.ack;
    r.flags = flag::kRst;
  } else {
    r.seq = 0;
    r.ack = seg.seq + seg.seq_length();
    r.flags = flag::kRst | flag::kAck;
  }
  net::Packet out;
  out.src = p.dst;
  out.dst = p.src;
  out.payload = std::move(r);
  ++segments_sent_;
  ns_.send(std::move(out));
}

void TcpStack::on_packet(net::Packet p) {
  const net::TcpSegment* seg = p.tcp();
  if (!seg) return;
  Endpoint local{p.dst, seg->dst_port};
  Endpoint remote{p.src, seg->src_port};
  auto it = by_tuple_.find({local, remote});
  if (it != by_tuple_.end()) {
    if (auto* c = connection(it->second)) {
      c->on_segment(*seg);
      return;
    }
  }
  if (seg->has(flag::kRst)) return;
  if (seg->has(flag::kSyn) && !seg->has(flag::kAck)) {
    on_syn(p, *seg);
    return;
  }
  send_rst_for(p, *seg);
}

wire::Bytes TcpStack::fast_open_cookie_for(const ports::IpAddress& client) const {
  std::uint64_t h = fnv1a64(name() + "|" + client.to_string());
  wire::Bytes c(8);
  for (std::size_t i = 0; i < 8; ++i) c[i] = static_cast<std::uint8_t>(h >> (8 * i));
  return c;
}

void TcpStack::on_syn(const net::Packet& p, const net::TcpSegment& seg) {
  Endpoint local{p.dst, seg.dst_port};
  Endpoint remote{p.src, seg.src_port};
  TcpListener* l = find_listener(local);
  if (!l) {
    trace("tcp.refuse", {{"local", local.to_string()}, {"remote", remote.to_string()}});
    send_rst_for(p, seg);
    return;
  }
  if (static_cast<int>(l->accept_queue.size()) >= l->backlog) {
    trace("tcp.drop", {{"reason", "accept-queue-full"}, {"remote", remote.to_string()}});
    return;  // the client retransmits its SYN
  }
  std::uint64_t id = add_connection(local, remote);
  TcpConnection& c = *connection(id);
  c.options = l->options;
  ports::TcpOptions extra;
  // Fast Open server: a listener with TCP_FASTOPEN hands out cookies.
  bool tfo_listener = l->options.count(ports::sockopt::kFastOpen) != 0;
  if (const auto* tfo = seg.find_option(ports::tcp_option_kind::kFastOpen); tfo && tfo_listener)
    extra.push_back(ports::TcpOption{ports::tcp_option_kind::kFastOpen, fast_open_cookie_for(remote.address)});
  if (!syncookies_active_ && l->on_syn) {
    ports::SynInfo info;
    info.peer = remote;
    info.local = local;
    info.syn_options = seg.options;
    // Space left after what the SYN-ACK itself carries (MSS, SACK/TS, WS, cookie).
    ports::TcpOptions own = {ports::TcpOption{2, {0, 0}}};
    if (seg.find_option(4)) own.push_back(ports::TcpOption{4, {}});
    if (seg.find_option(8)) own.push_back(ports::TcpOption{8, wire::Bytes(8)});
    if (seg.find_option(3)) own.push_back(ports::TcpOption{3, {0}});
    own.insert(own.end(), extra.begin(), extra.end());
    info.synack_space_left = net::kMaxTcpOptionSpace - net::options_wire_length(own);
    for (auto& o : l->on_syn(info)) extra.push_back(std::move(o));
  }
  l->pending.insert(id);
  c.open_passive(seg, extra, l->id);
  // Fast Open data in a SYN with a valid cookie is accepted at once.
  if (const auto* tfo = seg.find_option(ports::tcp_option_kind::kFastOpen);
      tfo && tfo_listener && !seg.payload.empty() && tfo->data == fast_open_cookie_for(remote.address)) {
    net::TcpSegment data = seg;
    data.flags = 0;
    data.seq = seg.seq + 1;
    c.on_segment(data);
  }
}

bool TcpStack::accept_queue_full(const TcpConnection& c) const {
  auto* l = listener(c.listener);
  return l && static_cast<int>(l->accept_queue.size()) >= l->backlog;
}

void TcpStack::connection_established_passive(TcpConnection& c) {
  auto* l = listener(c.listener);
  if (!l) return;
  l->pending.erase(c.id());
  l->accept_queue.push_back(c.id());
  if (l->on_acceptable) l->on_acceptable();
}

Result<std::unique_ptr<ports::StreamConnection>, StreamError> TcpStack::accept(std::uint64_t listener_id) {
  auto* l = listener(listener_id);
  if (!l) return smc::unexpected(StreamError::InvalidArgument);
  while (!l->accept_queue.empty()) {
    std::uint64_t id = l->accept_queue.front();
    l->accept_queue.pop_front();
    if (auto* c = connection(id)) {
      c->accepted = true;
      return std::unique_ptr<ports::StreamConnection>(std::make_unique<SimStreamConnection>(*this, id));
    }
  }
  return smc::unexpected(StreamError::WouldBlock);
}

void TcpStack::close_listener(std::uint64_t listener_id) {
  auto it = listeners_.find(listener_id);
  if (it == listeners_.end()) return;
  auto l = std::move(it->second);
  listeners_.erase(it);
  ports_.erase(l->local.port);
  for (auto id : l->accept_queue)
    if (auto* c = connection(id)) c->abort(true);
  for (auto id : l->pending)
    if (auto* c = connection(id)) c->abort(true);
}

void TcpStack::connection_closed(TcpConnection& c) {
  if (auto* l = listener(c.listener)) {
    l->pending.erase(c.id());
    std::erase(l->accept_queue, c.id());
  }
  by_tuple_.erase({c.local(), c.remote()});
  // A passive connection shares its listener's port.
  if (c.listener == 0) ports_.erase(c.local().port);
  std::uint64_t id = c.id();
  // The TCB may be deep in its own call stack: free it after this event.
  schedule_after(SimDuration::zero(), [this, id] { connections_.erase(id); });
}

}  // namespace smc::sim::tcp
