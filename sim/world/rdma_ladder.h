#pragma once
// A connection's RDMA arrows in its ladder (MessageLog), as the fabric sees them leave the
// connection's QPs: LLC messages (layer Llc: "LLC Confirm Link", "LLC Confirm Link
// response", ...), CDC messages (Cdc: "CDC", with sequence number and cursors) and RDMA
// WRITEs (Rdma: "RDMA WRITE", with length, address and rkey), each with its real send and
// arrival instants; a dropped message never arrives; a transport retransmission says so.
//
// Bulk stays bounded: per direction the first kShownPerLayer CDCs and WRITEs are drawn one
// by one, the rest folded into one summary arrow per direction and layer ("RDMA WRITE
// (bulk)", detail "+N messages, B bytes") that arrives with the last of them. LLC messages
// are always drawn.
#include <cstdint>
#include <optional>
#include <string>

#include "sim/world/message_event.h"
#include "sim/world/world_roce_fabric.h"

namespace smc::world {

class RdmaLadder {
 public:
  static constexpr std::uint64_t kShownPerLayer = 16;

  RdmaLadder(MessageLog& log, std::string client_host, std::string server_host)
      : log_(log), client_(*this, client_host, server_host), server_(*this, server_host, client_host) {}
  RdmaLadder(const RdmaLadder&) = delete;
  RdmaLadder& operator=(const RdmaLadder&) = delete;

  // The watcher for what one side sends (register it with the fabric for that side's QP).
  RoceWatcher& end(bool client) { return client ? static_cast<RoceWatcher&>(client_) : server_; }
  std::uint64_t messages(MessageLayer layer) const;  // both directions, shown or folded

 private:
  struct Bulk {
    std::uint64_t count = 0;                 // messages of this layer in this direction
    std::optional<std::size_t> summary;      // index of the folded arrow
    std::uint64_t folded = 0;
    std::uint64_t folded_bytes = 0;
  };
  class End final : public RoceWatcher {
   public:
    End(RdmaLadder& ladder, std::string from, std::string to)
        : ladder_(ladder), from_(std::move(from)), to_(std::move(to)) {}
    std::optional<std::size_t> sent(const sim::RocePacket& packet, bool dropped, std::int64_t at_ns) override;
    void arrived(std::size_t token, std::int64_t at_ns) override;
    Bulk cdc, rdma;
    std::uint64_t llc = 0;

   private:
    RdmaLadder& ladder_;
    std::string from_;
    std::string to_;
    std::optional<std::uint32_t> next_psn_;  // the PSN after the newest request seen
  };

  MessageLog& log_;
  End client_;
  End server_;
};

// "LLC Confirm Link", "LLC Add Link response", "CDC" ...: what a SEND's first bytes are.
std::string rdma_send_label(const std::uint8_t* bytes, std::size_t size);

}  // namespace smc::world
