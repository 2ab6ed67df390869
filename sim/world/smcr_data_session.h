#pragma once
// The SMC-R data path of one connection in the TCP world, both ends real: a
// datapath::ConnectionDataPath on each side over that side's link::SmcrConnection (client
// send -> RDMA WRITE into the server's RMB element -> CDC -> server recv, and back), opened
// when that side's handshake ends in SMC-R. The applications write whole buffers; what the
// peer's ring cannot take yet waits here and goes when a CDC opens the window.
//
// The connection's end is the kernel's close over CDC (datapath::ConnectionCloser): each
// side's application follows its close rule (world_setup.h AppClosePlan: close after its
// data, at EOF, at a time, shutdown(SHUT_WR) first, or abort by closing with unread data),
// the close flags travel in CDCs, and a side whose connection is CLOSED and closed by its
// application is freed (SmcrConnection::abandon(): its RMB and send buffer go back to the
// link group's pool, its token leaves the group), as smc_conn_free does. Errors the
// application's reads see (ECONNRESET after the peer's abort, ECONNABORTED when the link
// group dies) are recorded and make it close.
//
// Failover: an RDMA fault (rdma_fault_schedule.h) tells the sessions to watch their links;
// when a side's connection finds itself on another link of its group (SmcrConnection always
// uses the first Active one) its data path fails over (ConnectionDataPath::failover(): the
// unconsumed bytes are written again and a CDC repeats the cursors), so nothing lost with
// the failed link's work requests is missing. No link left: the group-lost handler kills
// the connection (ECONNABORTED).
//
// A CDC can come before its side's data path opens: on link-group reuse the client's
// connection is usable once it has the Accept, while the server opens only when it has
// processed the client's CLC Confirm, which a lost segment can delay by a retransmission.
// The kernel registered the RMB under its alert token when it built the Accept, so such a
// CDC is not lost there (its cursors are applied to the connection). Here each side's link
// is given a CDC handler from the start: CDCs that arrive before open() wait, in arrival
// order, and the data path takes them as its first input when it opens (the RDMA WRITEs
// they announce are already in the RMB).
//
// Two seams the data path leaves to its host are filled here:
//   * the data path calls back from inside the link's completion handling; reading and
//     writing again happen from a zero-delay event of the side's actor instead, never
//     re-entrantly;
//   * SmcrConnection tells nobody when send slots free up after LinkError::NoBuffers (the
//     data path waits for link_ready()): a side that was refused a slot retries after one
//     round trip of the path, when the completions that free slots have come back.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/datapath/connection_data_path.h"
#include "protocol/link/smcr_connection.h"
#include "protocol/wire/bytes.h"
#include "sim/kernel/actor.h"
#include "sim/world/world_setup.h"

namespace smc::world {

class SmcrDataSession {
 public:
  struct End {
    sim::Actor* actor = nullptr;          // the side's events run under it
    link::SmcrConnection* link = nullptr;
  };
  // Bytes the application at `to_client ? client : server` read.
  using DeliverFn = std::function<void(bool to_client, const wire::Bytes& bytes)>;

  SmcrDataSession(End client, End server, std::int64_t one_way_delay_ns, DeliverFn deliver);
  SmcrDataSession(const SmcrDataSession&) = delete;
  SmcrDataSession& operator=(const SmcrDataSession&) = delete;

  // That side's handshake ended in SMC-R: its data path opens on its link.
  void open(bool client);
  bool is_open(bool client) const { return side(client).dp != nullptr; }
  // The side's application writes `bytes` (all of them, in order, as the link allows).
  void send(bool client, wire::ByteView bytes);
  // How the side's application ends the connection; `read_target`: the bytes it reads before
  // its own data counts as done (a client expecting its echo). Without a rule it never closes.
  void set_close_rule(bool client, const AppClosePlan& plan, std::uint64_t read_target);
  bool has_close_rule(bool client) const { return side(client).rule.has_value(); }
  // An RDMA fault may have taken a link: watch for the connection moving to another link
  // (for `for_ns`, polling from 50 us up to every 10 ms).
  void watch_links(std::int64_t for_ns = 3'000'000'000LL);

  // Why a side stopped (a socket error of its data path), if it did.
  const std::optional<std::string>& error(bool client) const { return side(client).error; }
  // The errno the side's application saw on a read or write (ECONNRESET, ECONNABORTED).
  std::optional<int> app_errno(bool client) const { return side(client).app_errno; }
  bool app_closed(bool client) const { return side(client).closed; }
  bool freed(bool client) const { return side(client).freed; }
  std::uint64_t failovers(bool client) const { return side(client).failovers; }
  // CDCs that arrived before the side's data path opened (and went to it when it did).
  std::uint64_t early_cdcs(bool client) const { return side(client).early_cdcs; }
  std::uint64_t bytes_sent(bool client) const { return side(client).sent; }
  const datapath::ConnectionDataPath* data_path(bool client) const { return side(client).dp.get(); }
  const link::SmcrConnection* link(bool client) const { return side(client).end.link; }

 private:
  struct Rule {
    AppClosePlan plan;
    std::uint64_t read_target = 0;
    bool timer_armed = false;
  };
  struct Side {
    End end;
    std::unique_ptr<datapath::ConnectionDataPath> dp;
    wire::Bytes backlog;         // written by the application, not accepted yet
    std::vector<cdc::CdcMessage> early_cdc;  // arrived before open(), in arrival order
    std::uint64_t sent = 0;      // accepted by the data path
    std::uint64_t read = 0;      // bytes the application read
    bool wake_scheduled = false; // a zero-delay service event is pending
    bool retry_armed = false;    // a link_ready() retry is pending
    std::optional<std::string> error;
    std::optional<Rule> rule;
    bool eof = false;            // a read returned end of file
    bool shut_wr = false;        // shutdown(SHUT_WR) done
    bool closed = false;         // close() done
    bool freed = false;          // connection freed: the data path is not used any more
    std::optional<int> app_errno;
    std::optional<std::uint8_t> link_idx;  // the link the connection was last seen on
    std::uint64_t failovers = 0;
    std::uint64_t early_cdcs = 0;
    bool watch_armed = false;
    std::int64_t watch_until_ns = 0;
  };
  Side& side(bool client) { return client ? sides_[0] : sides_[1]; }
  const Side& side(bool client) const { return client ? sides_[0] : sides_[1]; }
  void on_cdc(bool client, const cdc::CdcMessage& m);
  void wake(bool client);
  void service(bool client);
  void flush(bool client);
  void drain(bool client);
  void arm_retry(bool client);
  void act(bool client);
  void app_error(bool client, datapath::SocketError e);
  void maybe_free(bool client);
  void check_link(bool client);
  void poll_links(bool client, std::int64_t interval_ns);

  std::array<Side, 2> sides_;
  std::int64_t rtt_ns_;
  DeliverFn deliver_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::world
