#pragma once
// The SMC-R data path of one connection in the TCP world, both ends real: a
// datapath::ConnectionDataPath on each side over that side's link::SmcrConnection (client
// send -> RDMA WRITE into the server's RMB element -> CDC -> server recv, and back), opened
// when that side's handshake ends in SMC-R. The applications write whole buffers; what the
// peer's ring cannot take yet waits here and goes when a CDC opens the window.
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

#include "protocol/datapath/connection_data_path.h"
#include "protocol/link/smcr_connection.h"
#include "protocol/wire/bytes.h"
#include "sim/kernel/actor.h"

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
  // Why a side stopped (a socket error of its data path), if it did.
  const std::optional<std::string>& error(bool client) const { return side(client).error; }
  std::uint64_t bytes_sent(bool client) const { return side(client).sent; }
  const datapath::ConnectionDataPath* data_path(bool client) const { return side(client).dp.get(); }

 private:
  struct Side {
    End end;
    std::unique_ptr<datapath::ConnectionDataPath> dp;
    wire::Bytes backlog;         // written by the application, not accepted yet
    std::uint64_t sent = 0;      // accepted by the data path
    bool wake_scheduled = false; // a zero-delay service event is pending
    bool retry_armed = false;    // a link_ready() retry is pending
    std::optional<std::string> error;
  };
  Side& side(bool client) { return client ? sides_[0] : sides_[1]; }
  const Side& side(bool client) const { return client ? sides_[0] : sides_[1]; }
  void wake(bool client);
  void service(bool client);
  void flush(bool client);
  void drain(bool client);
  void arm_retry(bool client);

  std::array<Side, 2> sides_;
  std::int64_t rtt_ns_;
  DeliverFn deliver_;
};

}  // namespace smc::world
