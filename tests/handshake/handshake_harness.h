#pragma once
// Drives a ClientHandshake against a ServerHandshake through an in-memory byte pipe with a
// fake clock: the §2.1 option rendezvous, zero-latency delivery, named timers, a scripted
// RDMA fabric for the first-contact LLC exchange, and an optional plain-TCP peer (echo case).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"

namespace smc::test {

using namespace smc::negotiation;

// Baseline pair B of fallback-causes.md §12: same /24, one RoCE NIC each with a RoCEv1 and a
// RoCEv2 IPv4 GID on the TCP netdev, no pnetid, same UEID, loopback-ism off, 6.18.
HostSnapshot baseline_host(int n);  // n = 1 client (10.0.0.1), 2 server (10.0.0.2)
ConnectionContext baseline_conn(int n);

enum class PlainPeer { None, RepliesData, Closes, Silent };

struct PairSetup {
  HostSnapshot client = baseline_host(1);
  HostSnapshot server = baseline_host(2);
  ConnectionContext client_conn = baseline_conn(1);
  ConnectionContext server_conn = baseline_conn(2);
  EngineProfile client_profile = EngineProfile::linux_6_18();
  EngineProfile server_profile = EngineProfile::linux_6_18();
  PathSetupOutcomes server_setup;
  bool client_smc = true;        // client socket is SMC (sends the option)
  bool server_smc = true;        // server listener is SMC
  bool strip_syn = false;        // middlebox removes the option from the SYN
  bool strip_synack = false;     // ... from the SYN-ACK only
  bool echo_option = false;      // a plain server / middlebox reflects the SYN option
  PlainPeer plain_peer = PlainPeer::None;
  bool rdma_works = true;        // the first-contact LLC exchange succeeds
  std::string client_app_data;   // sent by the client app once its side is done as TCP
  handshake::LinkLayer* client_link = nullptr;
  handshake::LinkLayer* server_link = nullptr;
  // Raw Proposal bytes a crafted client sends instead of running a ClientHandshake.
  std::optional<wire::Bytes> crafted_proposal;
  // Raw Accept bytes a crafted server sends instead of running a ServerHandshake.
  std::optional<wire::Bytes> crafted_accept;
};

struct PairOutcome {
  std::optional<socket::SmcSocketRecord> client;  // nullopt: not an SMC socket / crafted
  std::optional<socket::SmcSocketRecord> server;
  std::optional<int> client_errno;
  bool server_dropped = false;
  bool server_reset = false;
  bool client_saw_reset = false;
  std::vector<std::string> wire;  // "P", "A", "C", "D(C->S v1 0x03030000)"
  std::vector<wire::Bytes> to_client;  // every CLC message bytes the client received
  Nanos client_done_at = -1;
  Nanos server_done_at = -1;
  std::string client_mode() const { return client ? client->smcss_mode() : "-"; }
  std::string server_mode() const {
    return server_dropped ? "dropped" : server ? server->smcss_mode() : "-";
  }
  std::string wire_text() const;
};

PairOutcome run_pair(const PairSetup& setup);

}  // namespace smc::test
