#pragma once
// SmcLink: one SMC-R link, i.e. one RC queue pair on one RNIC port with its own protection
// domain, completion queue and work-request buffers (the kernel's struct smc_link).
//
//   create()   PD, CQ, the WR buffer MR, the QP (RESET). Errors are the link-group creation
//              codes: ENOMEM → 0x01010000, anything else → 0x09990000 (fallback-causes.md).
//   ready()    INIT, the receive ring posted, RTR with the peer's QP/PSN/GID/MTU, and for the
//              server RTS as well (kernel smc_ib_ready_link). Failure → 0x09990002.
//   to_rts()   the client's step on receiving the first Confirm Link. Failure → 0x09990002.
//
// LLC and CDC messages both arrive as SENDs into the receive ring and are told apart by
// byte 0 (0xFE = CDC). Sends and RDMA WRITEs share a bounded number of outstanding send
// work requests (send_slots); when they are all in flight, send()/write() say NoBuffers.
// Any error completion or a QP/port/device/CQ async event puts the link Down once: the QP
// goes to ERR (flushing the rest, which is then ignored) and the observer hears about it.
#include <cstdint>
#include <memory>
#include <vector>

#include "protocol/clc/decline_code.h"
#include "protocol/common/result.h"
#include "protocol/common/zeroed_area.h"
#include "protocol/datapath/connection_link.h"
#include "protocol/link/link_config.h"
#include "protocol/ports/rnic.h"
#include "protocol/wire/bytes.h"

namespace smc::link {

class LinkDevice;
class SmcLink;

enum class LinkState : std::uint8_t { Inactive, Activating, Active, Down };
const char* to_string(LinkState s);

enum class LinkDownCause : std::uint8_t {
  CompletionError,  // a work request completed with an error status
  QpFatal,          // IBV_EVENT_QP_FATAL / QP_REQ_ERR / QP_ACCESS_ERR
  PortError,        // IBV_EVENT_PORT_ERR on the link's port
  DeviceFatal,      // IBV_EVENT_DEVICE_FATAL (removal)
  CqError,          // CQ overflow (IBV_EVENT_CQ_ERR or poll failure)
  TestLinkTimeout,  // no Test Link response within the LLC wait
  Deleted,          // Delete Link / link-group termination
};
const char* to_string(LinkDownCause c);

class SmcLinkObserver {
 public:
  virtual ~SmcLinkObserver() = default;
  virtual void on_llc(SmcLink& link, wire::ByteView message) = 0;
  virtual void on_cdc(SmcLink& link, wire::ByteView message) = 0;
  virtual void on_link_down(SmcLink& link, LinkDownCause cause) = 0;
};

// One end of a link as CLC Accept/Confirm and LLC Add Link describe it.
struct LinkEndpoint {
  ports::Gid gid{};
  ports::MacAddress mac{};
  std::uint32_t qpn = 0;
  std::uint32_t psn = 0;
  ports::PathMtu mtu = ports::PathMtu::Mtu1024;
};

struct SmcLinkParams {
  std::uint8_t port = 1;
  std::uint32_t sgid_index = 0;
  bool v2 = false;            // SMC-Rv2 link group: larger LLC buffers
  std::uint8_t link_idx = 0;  // slot in the link group (0..2)
  std::uint32_t psn = 0;      // our initial send PSN (24 bits)
};

class SmcLink {
 public:
  static Result<std::unique_ptr<SmcLink>, clc::DeclineCode> create(LinkDevice& device, const SmcLinkParams& params,
                                                                   const LinkConfig& config, SmcLinkObserver& observer);
  ~SmcLink();
  SmcLink(const SmcLink&) = delete;
  SmcLink& operator=(const SmcLink&) = delete;

  // INIT → post the receive ring → RTR (→ RTS when `server`). nullopt = ok, else 0x09990002.
  std::optional<clc::DeclineCode> ready(const LinkEndpoint& peer, bool server);
  std::optional<clc::DeclineCode> to_rts();

  // A 44-byte (v2: up to 8192) LLC or CDC message as a signaled, solicited SEND.
  Status<datapath::LinkError> send(wire::ByteView message);
  // RDMA WRITE of [local_addr, +len) (registered under lkey on this link's PD) to the peer.
  Status<datapath::LinkError> write(std::uint64_t local_addr, std::uint32_t lkey, std::uint32_t len,
                                    std::uint64_t remote_addr, std::uint32_t rkey);

  // Called by LinkDevice.
  void handle_completions();
  void handle_async(const ports::AsyncEvent& event);
  // Puts the link down (QP to ERR) and tells the observer, once.
  void go_down(LinkDownCause cause);
  // Down without telling anyone (the owner is deleting it orderly).
  void mark_deleted();

  LinkState state() const { return state_; }
  void set_active() { if (state_ == LinkState::Activating) state_ = LinkState::Active; }
  LinkEndpoint local() const;
  const LinkEndpoint& peer() const { return peer_; }
  ports::RnicDevice& rnic() const;
  LinkDevice& device() const { return device_; }
  ports::PdHandle pd() const { return pd_; }
  ports::CqHandle cq() const { return cq_; }
  ports::QpHandle qp() const { return qp_; }
  std::uint8_t port() const { return params_.port; }
  std::uint8_t link_idx() const { return params_.link_idx; }
  std::uint8_t link_num() const { return link_num_; }
  void set_link_num(std::uint8_t n) { link_num_ = n; }
  std::uint32_t outstanding_sends() const { return outstanding_; }
  std::optional<ports::WcStatus> first_error() const { return first_error_; }
  std::uint64_t messages_received() const { return messages_received_; }

 private:
  SmcLink(LinkDevice& device, const SmcLinkParams& params, const LinkConfig& config, SmcLinkObserver& observer);
  void destroy_resources();
  bool post_receive(std::uint32_t slot);
  void on_completion(const ports::WorkCompletion& wc);

  LinkDevice& device_;
  SmcLinkParams params_;
  const LinkConfig& config_;
  SmcLinkObserver& observer_;
  LinkState state_ = LinkState::Inactive;
  std::uint8_t link_num_ = 0;
  LinkEndpoint peer_;
  ports::PathMtu mtu_ = ports::PathMtu::Mtu1024;

  ports::PdHandle pd_;
  ports::CqHandle cq_;
  ports::QpHandle qp_;
  std::uint32_t qp_num_ = 0;
  bool has_pd_ = false, has_cq_ = false, has_qp_ = false, has_mr_ = false;
  // Send slots then receive slots, one registration.
  ZeroedArea wr_area_;
  ports::MemoryRegion wr_mr_;
  std::uint32_t slot_size_ = 48;
  std::vector<bool> send_slot_busy_;
  std::uint32_t outstanding_ = 0;
  std::optional<ports::WcStatus> first_error_;
  std::uint64_t messages_received_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::link
