#include "hw/verbs/verbs_mapping.h"

#include <cerrno>

namespace smc::hw {

using namespace ports;

// The port's enums are the verbs values; a provider header that ever disagreed would be
// caught here rather than in a trace comparison.
static_assert(static_cast<int>(QpState::Reset) == IBV_QPS_RESET && static_cast<int>(QpState::Init) == IBV_QPS_INIT &&
              static_cast<int>(QpState::Rtr) == IBV_QPS_RTR && static_cast<int>(QpState::Rts) == IBV_QPS_RTS &&
              static_cast<int>(QpState::Sqd) == IBV_QPS_SQD && static_cast<int>(QpState::Sqe) == IBV_QPS_SQE &&
              static_cast<int>(QpState::Err) == IBV_QPS_ERR);
static_assert(static_cast<int>(PathMtu::Mtu256) == IBV_MTU_256 && static_cast<int>(PathMtu::Mtu4096) == IBV_MTU_4096);
static_assert(std::uint32_t{kAccessLocalWrite} == std::uint32_t{IBV_ACCESS_LOCAL_WRITE} &&
              std::uint32_t{kAccessRemoteWrite} == std::uint32_t{IBV_ACCESS_REMOTE_WRITE} &&
              std::uint32_t{kAccessRemoteRead} == std::uint32_t{IBV_ACCESS_REMOTE_READ});
static_assert(static_cast<int>(WcStatus::RnrRetryExcErr) == IBV_WC_RNR_RETRY_EXC_ERR &&
              static_cast<int>(WcStatus::GeneralErr) == IBV_WC_GENERAL_ERR);
static_assert(static_cast<int>(PortState::Active) == IBV_PORT_ACTIVE &&
              static_cast<int>(PortState::ActiveDefer) == IBV_PORT_ACTIVE_DEFER);

VerbsError verbs_error_from_errno(int err) {
  switch (err) {
    case EINVAL: return VerbsError::InvalidArgument;
    case ENOMEM:
    case ENOSPC:
    case EAGAIN: return VerbsError::NoMemory;  // queue full / resource exhausted
    case ENODEV:
    case ENXIO: return VerbsError::NoDevice;
    case EOPNOTSUPP:
    case ENOSYS: return VerbsError::NotSupported;
    case EPERM:
    case EACCES: return VerbsError::PermissionDenied;
    case EBUSY: return VerbsError::Busy;
    case EFAULT: return VerbsError::Fault;
    default: return VerbsError::IoError;
  }
}

WcStatus wc_status_from_ibv(ibv_wc_status status) {
  if (status <= IBV_WC_RNR_RETRY_EXC_ERR) return static_cast<WcStatus>(status);  // 0..13 are identical
  return WcStatus::GeneralErr;
}

std::optional<WcOpcode> wc_opcode_from_ibv(ibv_wc_opcode opcode) {
  switch (opcode) {
    case IBV_WC_SEND: return WcOpcode::Send;
    case IBV_WC_RDMA_WRITE: return WcOpcode::RdmaWrite;
    case IBV_WC_RECV: return WcOpcode::Recv;
    case IBV_WC_RECV_RDMA_WITH_IMM: return WcOpcode::RecvRdmaWithImm;
    default: return std::nullopt;
  }
}

std::optional<AsyncEventType> async_event_from_ibv(ibv_event_type type) {
  switch (type) {
    case IBV_EVENT_PORT_ACTIVE: return AsyncEventType::PortActive;
    case IBV_EVENT_PORT_ERR: return AsyncEventType::PortError;
    case IBV_EVENT_GID_CHANGE: return AsyncEventType::GidChange;
    case IBV_EVENT_DEVICE_FATAL: return AsyncEventType::DeviceFatal;
    case IBV_EVENT_QP_FATAL: return AsyncEventType::QpFatal;
    case IBV_EVENT_QP_REQ_ERR: return AsyncEventType::QpReqErr;
    case IBV_EVENT_QP_ACCESS_ERR: return AsyncEventType::QpAccessErr;
    case IBV_EVENT_CQ_ERR: return AsyncEventType::CqErr;
    default: return std::nullopt;
  }
}

GidType gid_type_from_ibv(ibv_gid_type type) {
  // IB GIDs share sysfs' "IB/RoCE v1" type; the port has no IB word, and SMC-R never uses IB.
  return type == IBV_GID_TYPE_ROCE_V2 ? GidType::RoceV2 : GidType::RoceV1;
}

PortState port_state_from_ibv(ibv_port_state state) {
  if (state <= IBV_PORT_ACTIVE_DEFER) return static_cast<PortState>(state);
  return PortState::Nop;
}

ibv_qp_state to_ibv(QpState state) { return static_cast<ibv_qp_state>(state); }

QpState qp_state_from_ibv(ibv_qp_state state) {
  if (state <= IBV_QPS_ERR) return static_cast<QpState>(state);
  return QpState::Err;  // IBV_QPS_UNKNOWN: treat as broken
}

ibv_mtu to_ibv(PathMtu mtu) { return static_cast<ibv_mtu>(mtu); }

PathMtu path_mtu_from_ibv(ibv_mtu mtu) {
  if (mtu >= IBV_MTU_256 && mtu <= IBV_MTU_4096) return static_cast<PathMtu>(mtu);
  return PathMtu::Mtu1024;
}

ibv_wr_opcode to_ibv(SendOpcode opcode) {
  switch (opcode) {
    case SendOpcode::Send: return IBV_WR_SEND;
    case SendOpcode::SendWithImm: return IBV_WR_SEND_WITH_IMM;
    case SendOpcode::RdmaWrite: return IBV_WR_RDMA_WRITE;
    case SendOpcode::RdmaWriteWithImm: return IBV_WR_RDMA_WRITE_WITH_IMM;
  }
  return IBV_WR_SEND;
}

int access_to_ibv(std::uint32_t access) {
  return static_cast<int>(access & (kAccessLocalWrite | kAccessRemoteWrite | kAccessRemoteRead));
}

bool opcode_is_send(SendOpcode opcode) { return opcode == SendOpcode::Send || opcode == SendOpcode::SendWithImm; }

}  // namespace smc::hw
