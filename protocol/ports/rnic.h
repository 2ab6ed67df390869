#pragma once
// The RNIC as the SMC engine sees it: a verbs-shaped seam. Every call maps onto one
// libibverbs function (named beside it) so that hw/ can implement it on rdma-core and
// sim/ with a deterministic model; the engine never learns which world it runs in.
//
// Objects are named by small integer handles rather than pointers: handles survive a
// device removal without dangling, print in traces, and let the simulator refuse a stale
// handle with an error value instead of a crash.
//
// Delivery of completions and async events is push-style (RnicEventHandler): on hardware
// the host loop reads the completion channel / async fd and calls the handler; the
// simulator calls it from inside a simulated event. The engine then polls the CQ, as a
// verbs consumer would after ibv_get_cq_event.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/common/result.h"

namespace smc::ports {

// ---------------------------------------------------------------- errors
// What a verb returns instead of success: the errno the verbs call would set.
enum class VerbsError {
  InvalidArgument,   // EINVAL: bad attribute mask, illegal state transition, bad handle
  NoMemory,          // ENOMEM: resource limit reached (max_qp, max_mr, queue depth ...)
  NoDevice,          // ENODEV: the device was removed (IBV_EVENT_DEVICE_FATAL seen)
  NotSupported,      // EOPNOTSUPP: the device cannot do this (e.g. RoCEv1 GID on rxe)
  PermissionDenied,  // EPERM / EACCES: netns exclusive mode, missing access right
  Busy,              // EBUSY: object still in use (dealloc a PD with MRs on it)
  IoError,           // EIO: the device failed the command (injected firmware error)
  Fault,             // EFAULT: memory could not be pinned (MR registration)
};
template <typename T>
using VerbsResult = Result<T, VerbsError>;
using VerbsStatus = Status<VerbsError>;

// ---------------------------------------------------------------- device description
enum class RnicType {
  Erdma,        // Alibaba elastic RDMA: vendor 0x1ded, part 0x107f, iWARP-style rendezvous
  RoceExpress,  // IBM RoCE Express (mlx4/mlx5 based) on s390
  Mlx5,         // ConnectX
  Rxe,          // soft-RoCE
};

// ibv_port_state values.
enum class PortState : std::uint8_t { Nop = 0, Down = 1, Init = 2, Armed = 3, Active = 4, ActiveDefer = 5 };

// ibv_mtu values; bytes via mtu_bytes().
enum class PathMtu : std::uint8_t { Mtu256 = 1, Mtu512 = 2, Mtu1024 = 3, Mtu2048 = 4, Mtu4096 = 5 };
constexpr std::uint32_t mtu_bytes(PathMtu m) { return 128u << static_cast<unsigned>(m); }

enum class GidType : std::uint8_t { RoceV1, RoceV2 };
enum class NetnsMode : std::uint8_t { Shared, Exclusive };  // `rdma system set netns ...`

using Gid = std::array<std::uint8_t, 16>;
using MacAddress = std::array<std::uint8_t, 6>;

struct GidEntry {
  std::uint32_t index = 0;   // sgid_index for ibv_modify_qp / ibv_query_gid
  Gid gid{};
  GidType type = GidType::RoceV2;
  std::string netdev;                    // the netdev the GID was derived from ("eth0.100")
  std::optional<std::uint16_t> vlan_id;  // set when that netdev is a VLAN device
};

struct PortAttributes {  // ibv_query_port + the port's GID table + its netdev
  std::uint8_t port_num = 1;
  PortState state = PortState::Active;
  PathMtu active_mtu = PathMtu::Mtu1024;
  PathMtu max_mtu = PathMtu::Mtu4096;
  MacAddress mac{};
  std::string netdev;  // the port's Ethernet netdev (ib_device_get_netdev)
  std::string pnetid;  // empty: none
  std::vector<GidEntry> gids;
};

struct RnicCapabilities {
  bool roce_v2_only = false;        // no RoCEv1 GIDs (rxe, eRDMA): SMC-Rv1 impossible
  bool ipv6 = true;                 // IPv6 GIDs usable for SMC (false on eRDMA)
  bool iwarp_rendezvous = false;    // eRDMA: QP setup needs the vendor rendezvous
  bool reports_cur_qp_state = true; // false on 6.1's rxe: query_qp leaves cur_qp_state RESET
};

struct RnicLimits {  // ibv_query_device
  std::uint32_t max_pd = 1024;
  std::uint32_t max_qp = 1024;
  std::uint32_t max_qp_wr = 4096;
  std::uint32_t max_sge = 16;
  std::uint32_t max_cq = 1024;
  std::uint32_t max_cqe = 65536;
  std::uint32_t max_mr = 4096;
  std::uint64_t max_mr_size = std::uint64_t{1} << 32;
};

struct RnicAttributes {
  std::string name;  // "mlx5_0", "rxe0", "erdma_0"
  RnicType type = RnicType::Mlx5;
  std::uint32_t vendor_id = 0;
  std::uint32_t vendor_part_id = 0;
  std::string netns = "init";  // namespace the device belongs to (exclusive mode)
  NetnsMode netns_mode = NetnsMode::Shared;
  RnicCapabilities caps;
  RnicLimits limits;
  std::vector<PortAttributes> ports;
};

// ---------------------------------------------------------------- objects
struct PdHandle { std::uint32_t id = 0; friend bool operator==(PdHandle, PdHandle) = default; };
struct CqHandle { std::uint32_t id = 0; friend bool operator==(CqHandle, CqHandle) = default; };
struct MrHandle { std::uint32_t id = 0; friend bool operator==(MrHandle, MrHandle) = default; };
struct QpHandle { std::uint32_t id = 0; friend bool operator==(QpHandle, QpHandle) = default; };

// ibv_access_flags bits.
enum AccessFlags : std::uint32_t {
  kAccessLocalWrite = 1u << 0,
  kAccessRemoteWrite = 1u << 1,
  kAccessRemoteRead = 1u << 2,
};

struct MemoryRegion {  // what ibv_reg_mr hands back
  MrHandle handle;
  std::uint32_t lkey = 0;
  std::uint32_t rkey = 0;
  std::uint64_t addr = 0;  // the virtual address the peer writes to (remote_addr base)
  std::uint64_t length = 0;
};

// ibv_qp_state values, in that order.
enum class QpState : std::uint8_t { Reset = 0, Init = 1, Rtr = 2, Rts = 3, Sqd = 4, Sqe = 5, Err = 6 };

struct QpCapabilities {
  std::uint32_t max_send_wr = 16;
  std::uint32_t max_recv_wr = 48;
  std::uint32_t max_send_sge = 2;
  std::uint32_t max_recv_sge = 2;
};

struct QpCreate {  // ibv_qp_init_attr, RC only (SMC uses nothing else)
  PdHandle pd;
  CqHandle send_cq;
  CqHandle recv_cq;
  QpCapabilities cap;
  bool sq_sig_all = false;
};

struct CreatedQp {
  QpHandle handle;
  std::uint32_t qp_num = 0;  // 24 bits, what goes into CLC/LLC
  QpCapabilities cap;        // as granted (may exceed the request)
};

// ibv_modify_qp: the target state and the attributes that transition needs. Only the
// fields the IB spec requires for a transition are checked; the rest are ignored.
struct QpModify {
  QpState target = QpState::Init;
  // RESET -> INIT
  std::uint8_t port_num = 1;
  std::uint32_t access = 0;  // qp_access_flags
  // INIT -> RTR
  PathMtu path_mtu = PathMtu::Mtu1024;
  std::uint32_t dest_qp_num = 0;
  std::uint32_t rq_psn = 0;
  Gid remote_gid{};
  std::uint32_t sgid_index = 0;
  std::uint8_t min_rnr_timer = 12;  // IB encoding; 12 = 0.64 ms
  // RTR -> RTS
  std::uint32_t sq_psn = 0;
  std::uint8_t timeout = 14;      // local ACK timeout, 4.096 us * 2^timeout
  std::uint8_t retry_cnt = 7;     // transport retries before RETRY_EXC_ERR
  std::uint8_t rnr_retry = 7;     // 7 = retry forever
};

struct QpAttributes {  // ibv_query_qp
  QpState qp_state = QpState::Reset;
  QpState cur_qp_state = QpState::Reset;  // stays Reset on devices that never report it
  std::uint32_t qp_num = 0;
  PathMtu path_mtu = PathMtu::Mtu1024;
  std::uint32_t sq_psn = 0;
  std::uint32_t rq_psn = 0;
  std::uint32_t dest_qp_num = 0;
};

// ---------------------------------------------------------------- work requests
struct Sge {
  std::uint64_t addr = 0;
  std::uint32_t length = 0;
  std::uint32_t lkey = 0;
};

enum class SendOpcode : std::uint8_t { Send, SendWithImm, RdmaWrite, RdmaWriteWithImm };

struct SendWr {  // ibv_send_wr, one WR per call
  std::uint64_t wr_id = 0;
  SendOpcode opcode = SendOpcode::Send;
  std::span<const Sge> sg_list;
  bool signaled = true;    // IBV_SEND_SIGNALED
  bool solicited = false;  // IBV_SEND_SOLICITED
  std::uint32_t imm_data = 0;
  std::uint64_t remote_addr = 0;
  std::uint32_t rkey = 0;
};

struct RecvWr {
  std::uint64_t wr_id = 0;
  std::span<const Sge> sg_list;
};

// ibv_wc_status, with its numeric values so traces compare with real devices.
enum class WcStatus : std::uint8_t {
  Success = 0,
  LocLenErr = 1,
  LocQpOpErr = 2,
  LocEecOpErr = 3,
  LocProtErr = 4,
  WrFlushErr = 5,
  MwBindErr = 6,
  BadRespErr = 7,
  LocAccessErr = 8,
  RemInvReqErr = 9,
  RemAccessErr = 10,
  RemOpErr = 11,
  RetryExcErr = 12,
  RnrRetryExcErr = 13,
  GeneralErr = 21,
};

enum class WcOpcode : std::uint8_t { Send, RdmaWrite, Recv, RecvRdmaWithImm };

struct WorkCompletion {  // ibv_wc
  std::uint64_t wr_id = 0;
  WcStatus status = WcStatus::Success;
  WcOpcode opcode = WcOpcode::Send;
  std::uint32_t byte_len = 0;
  std::uint32_t qp_num = 0;
  std::optional<std::uint32_t> imm_data;
  bool solicited = false;  // receive side: the sender set IBV_SEND_SOLICITED
};

// ---------------------------------------------------------------- async events
enum class AsyncEventType : std::uint8_t {
  PortActive,   // IBV_EVENT_PORT_ACTIVE
  PortError,    // IBV_EVENT_PORT_ERR (port down)
  GidChange,    // IBV_EVENT_GID_CHANGE
  DeviceFatal,  // IBV_EVENT_DEVICE_FATAL (removal is reported as fatal, then NoDevice)
  QpFatal,      // IBV_EVENT_QP_FATAL
  QpReqErr,     // IBV_EVENT_QP_REQ_ERR
  QpAccessErr,  // IBV_EVENT_QP_ACCESS_ERR
  CqErr,        // IBV_EVENT_CQ_ERR (overflow)
};

struct AsyncEvent {
  AsyncEventType type = AsyncEventType::PortActive;
  std::uint8_t port_num = 0;      // port events
  std::optional<QpHandle> qp;     // QP events
  std::optional<CqHandle> cq;     // CQ events
};

// The engine's side of the seam. Called outside any verb (never re-entrantly from a
// verb the engine is executing), so the handler may call verbs freely.
class RnicEventHandler {
 public:
  virtual ~RnicEventHandler() = default;
  // A completion was added to `cq` (ibv_get_cq_event after ibv_req_notify_cq; the
  // simulator does not require re-arming).
  virtual void on_completion(CqHandle cq) = 0;
  virtual void on_async_event(const AsyncEvent& event) = 0;
};

// One RDMA device (ibv_context).
class RnicDevice {
 public:
  virtual ~RnicDevice() = default;

  virtual const RnicAttributes& attributes() const = 0;                        // ibv_query_device
  virtual VerbsResult<PortAttributes> query_port(std::uint8_t port) const = 0;  // ibv_query_port + gids
  virtual void set_event_handler(RnicEventHandler* handler) = 0;

  virtual VerbsResult<PdHandle> alloc_pd() = 0;          // ibv_alloc_pd
  virtual VerbsStatus dealloc_pd(PdHandle pd) = 0;       // ibv_dealloc_pd

  // ibv_reg_mr over caller-owned memory that must outlive the registration.
  virtual VerbsResult<MemoryRegion> reg_mr(PdHandle pd, std::span<std::uint8_t> memory, std::uint32_t access) = 0;
  virtual VerbsStatus dereg_mr(MrHandle mr) = 0;         // ibv_dereg_mr

  virtual VerbsResult<CqHandle> create_cq(std::uint32_t cqe) = 0;   // ibv_create_cq
  virtual VerbsStatus destroy_cq(CqHandle cq) = 0;
  // ibv_poll_cq: fills up to out.size() completions, returns how many. A CQ in error
  // (overflowed) returns IoError.
  virtual VerbsResult<std::size_t> poll_cq(CqHandle cq, std::span<WorkCompletion> out) = 0;

  virtual VerbsResult<CreatedQp> create_qp(const QpCreate& attr) = 0;   // ibv_create_qp
  virtual VerbsStatus modify_qp(QpHandle qp, const QpModify& attr) = 0; // ibv_modify_qp
  virtual VerbsResult<QpAttributes> query_qp(QpHandle qp) const = 0;    // ibv_query_qp
  virtual VerbsStatus destroy_qp(QpHandle qp) = 0;                      // ibv_destroy_qp

  virtual VerbsStatus post_send(QpHandle qp, const SendWr& wr) = 0;     // ibv_post_send
  virtual VerbsStatus post_recv(QpHandle qp, const RecvWr& wr) = 0;     // ibv_post_recv
};

// The host's device list (ibv_get_device_list), in a stable order.
class RnicDirectory {
 public:
  virtual ~RnicDirectory() = default;
  virtual std::vector<RnicDevice*> devices() = 0;
};

// ---------------------------------------------------------------- names
// Kept inline: this header is the whole seam, so hw/ and sim/ print identical names.
inline std::string_view to_string(VerbsError e) {
  switch (e) {
    case VerbsError::InvalidArgument: return "EINVAL";
    case VerbsError::NoMemory: return "ENOMEM";
    case VerbsError::NoDevice: return "ENODEV";
    case VerbsError::NotSupported: return "EOPNOTSUPP";
    case VerbsError::PermissionDenied: return "EPERM";
    case VerbsError::Busy: return "EBUSY";
    case VerbsError::IoError: return "EIO";
    case VerbsError::Fault: return "EFAULT";
  }
  return "?";
}

inline std::string_view to_string(RnicType t) {
  switch (t) {
    case RnicType::Erdma: return "erdma";
    case RnicType::RoceExpress: return "roce-express";
    case RnicType::Mlx5: return "mlx5";
    case RnicType::Rxe: return "rxe";
  }
  return "?";
}

inline std::string_view to_string(PortState s) {
  switch (s) {
    case PortState::Nop: return "NOP";
    case PortState::Down: return "DOWN";
    case PortState::Init: return "INIT";
    case PortState::Armed: return "ARMED";
    case PortState::Active: return "ACTIVE";
    case PortState::ActiveDefer: return "ACTIVE_DEFER";
  }
  return "?";
}

inline std::string_view to_string(QpState s) {
  switch (s) {
    case QpState::Reset: return "RESET";
    case QpState::Init: return "INIT";
    case QpState::Rtr: return "RTR";
    case QpState::Rts: return "RTS";
    case QpState::Sqd: return "SQD";
    case QpState::Sqe: return "SQE";
    case QpState::Err: return "ERR";
  }
  return "?";
}

inline std::string_view to_string(WcStatus s) {
  switch (s) {
    case WcStatus::Success: return "IBV_WC_SUCCESS";
    case WcStatus::LocLenErr: return "IBV_WC_LOC_LEN_ERR";
    case WcStatus::LocQpOpErr: return "IBV_WC_LOC_QP_OP_ERR";
    case WcStatus::LocEecOpErr: return "IBV_WC_LOC_EEC_OP_ERR";
    case WcStatus::LocProtErr: return "IBV_WC_LOC_PROT_ERR";
    case WcStatus::WrFlushErr: return "IBV_WC_WR_FLUSH_ERR";
    case WcStatus::MwBindErr: return "IBV_WC_MW_BIND_ERR";
    case WcStatus::BadRespErr: return "IBV_WC_BAD_RESP_ERR";
    case WcStatus::LocAccessErr: return "IBV_WC_LOC_ACCESS_ERR";
    case WcStatus::RemInvReqErr: return "IBV_WC_REM_INV_REQ_ERR";
    case WcStatus::RemAccessErr: return "IBV_WC_REM_ACCESS_ERR";
    case WcStatus::RemOpErr: return "IBV_WC_REM_OP_ERR";
    case WcStatus::RetryExcErr: return "IBV_WC_RETRY_EXC_ERR";
    case WcStatus::RnrRetryExcErr: return "IBV_WC_RNR_RETRY_EXC_ERR";
    case WcStatus::GeneralErr: return "IBV_WC_GENERAL_ERR";
  }
  return "?";
}

inline std::string_view to_string(AsyncEventType t) {
  switch (t) {
    case AsyncEventType::PortActive: return "IBV_EVENT_PORT_ACTIVE";
    case AsyncEventType::PortError: return "IBV_EVENT_PORT_ERR";
    case AsyncEventType::GidChange: return "IBV_EVENT_GID_CHANGE";
    case AsyncEventType::DeviceFatal: return "IBV_EVENT_DEVICE_FATAL";
    case AsyncEventType::QpFatal: return "IBV_EVENT_QP_FATAL";
    case AsyncEventType::QpReqErr: return "IBV_EVENT_QP_REQ_ERR";
    case AsyncEventType::QpAccessErr: return "IBV_EVENT_QP_ACCESS_ERR";
    case AsyncEventType::CqErr: return "IBV_EVENT_CQ_ERR";
  }
  return "?";
}

// "fe80:0000:0000:0000:0202:c9ff:fe00:0001": the form sysfs and `rdma` print.
inline std::string format_gid(const Gid& gid) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(39);
  for (std::size_t i = 0; i < gid.size(); ++i) {
    if (i && i % 2 == 0) out.push_back(':');
    out.push_back(kHex[gid[i] >> 4]);
    out.push_back(kHex[gid[i] & 0xf]);
  }
  return out;
}

}  // namespace smc::ports
