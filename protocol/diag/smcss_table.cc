#include "protocol/diag/smcss_table.h"

#include <fmt/core.h>

namespace smc::diag {

namespace {

constexpr std::size_t kAddressColumns = 23;  // smcss's short address width

std::string cursor(const Cursor& c) { return fmt::format("{:04x}:{:08x} ", c.wrap, c.count); }

bool listed(const SocketDiag& s, const SmcssOptions& opt) {
  if (opt.listening) return s.state == SmcState::Listen;
  if (!opt.all && (s.state == SmcState::Listen || s.state == SmcState::Init)) return false;
  if (opt.smcr && s.mode != DiagMode::Smcr) return false;
  if (opt.smcd && s.mode != DiagMode::Smcd) return false;
  return true;
}

}  // namespace

std::string smcss_state_name(SmcState s) {
  switch (s) {
    case SmcState::Active: return "ACTIVE";
    case SmcState::Init: return "INIT";
    case SmcState::Closed: return "CLOSED";
    case SmcState::Listen: return "LISTEN";
    case SmcState::PeerCloseWait1: return "PEERCLW1";
    case SmcState::PeerCloseWait2: return "PEERCLW2";
    case SmcState::AppCloseWait1: return "APPLCLW1";
    case SmcState::AppCloseWait2: return "APPLCLW2";
    case SmcState::AppFinCloseWait: return "APPFINCLW";
    case SmcState::PeerFinCloseWait: return "PEERFINCLW";
    case SmcState::PeerAbortWait: return "PEERABORTW";
    case SmcState::ProcessAbort: return "PROCESSABORT";
  }
  return fmt::format("{:#x}?", static_cast<unsigned>(s));
}

std::string smcss_address(const Endpoint& e, bool wide) {
  std::string port = std::to_string(e.port);
  std::string full = e.address + ":" + port;
  if (wide || full.size() <= kAddressColumns) return full;
  // Keep the port whole and mark the cut address with "..", within 23 columns.
  std::size_t keep = kAddressColumns - 1 - port.size() - 2;
  return e.address.substr(0, keep) + "..:" + port;
}

std::string smcss_header(const SmcssOptions& opt) {
  std::string h = "State          UID   Inode   Local Address           Peer Address            Intf Mode ";
  if (opt.details) {
    h += "Shutd Token    Sndbuf   Rcvbuf   Peerbuf  rxprod-Cursor rxcons-Cursor rxFlags "
         "txprod-Cursor txcons-Cursor txFlags txprep-Cursor txsent-Cursor txfin-Cursor  ";
  }
  if (opt.smcr) h += "Role IB-device       Port Linkid GID                                      Peer-GID";
  if (opt.smcd) h += "GID              Token            Peer-GID         Peer-Token       Linkid";
  return h;
}

std::string smcss_row(const SocketDiag& s, const SmcssOptions& opt) {
  if (!listed(s, opt)) return {};
  std::string out = fmt::format("{:<14} {:05d} {:07d} ", smcss_state_name(s.state), s.uid, s.inode);
  if (s.state == SmcState::Init) return out;
  auto addr = [&](const Endpoint& e) {
    std::string a = smcss_address(e, opt.wide);
    return fmt::format("{:<{}} ", a, std::max(kAddressColumns, a.size()));
  };
  out += addr(s.local);
  if (s.state == SmcState::Listen) return out;
  out += addr(s.peer);
  out += fmt::format("{:04x} ", s.ifindex);
  out += format_smcss_mode(s.smcss_mode());
  // Fallback sockets carry no SMC detail (there is no SMC connection behind them).
  if (s.mode == DiagMode::FallbackTcp) return out;
  out += ' ';
  if (opt.details && s.conn) {
    const ConnInfo& c = *s.conn;
    out += fmt::format(" {}-{}  ", (c.shutdown & 1) ? 'R' : '<', (c.shutdown & 2) ? 'W' : '>');
    out += fmt::format("{:08x} {:08x} {:08x} {:08x} ", c.token, c.sndbuf_size, c.rmbe_size, c.peer_rmbe_size);
    out += cursor(c.rx_prod) + cursor(c.rx_cons);
    out += fmt::format("{:02x}:{:02x}   ", c.rx_prod_flags, c.rx_conn_state_flags);
    out += cursor(c.tx_prod) + cursor(c.tx_cons);
    out += fmt::format("{:02x}:{:02x}   ", c.tx_prod_flags, c.tx_conn_state_flags);
    out += cursor(c.tx_prep) + cursor(c.tx_sent) + cursor(c.tx_fin);
  }
  if (opt.smcr && s.lgr) {
    const LinkGroupInfo& l = *s.lgr;
    out += fmt::format("{:>4} {:<15} {:02x}   {:02x}     {:<40} {}", l.server_role ? "SERV" : "CLNT", l.ib_device,
                       l.ib_port, l.link_id, l.gid, l.peer_gid);
  }
  if (opt.smcd && s.dmb) {
    const DmbInfo& d = *s.dmb;
    out += fmt::format("{:016x} {:016x} {:016x} {:016x} {:08x} ", d.my_gid, d.token, d.peer_gid, d.peer_token,
                       d.link_id);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string format_smcss(const std::vector<SocketDiag>& sockets, const SmcssOptions& opt) {
  std::string out = smcss_header(opt);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += '\n';
  for (const auto& s : sockets) {
    std::string row = smcss_row(s, opt);
    if (row.empty()) continue;
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row + '\n';
  }
  return out;
}

}  // namespace smc::diag
