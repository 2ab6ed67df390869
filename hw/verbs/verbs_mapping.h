#pragma once
// The one place where libibverbs' numbers meet the port's vocabulary. The port's enums
// carry the verbs values on purpose (QpState, PathMtu, WcStatus, access bits), so most of
// this is identity checked at compile time; what is not identity is decided here once:
//   - errno of a failed verb -> VerbsError, the same table the simulated RNIC uses;
//   - ibv_wc_status values the port does not name (REM_ABORT, INV_EECN, FATAL,
//     RESP_TIMEOUT, TM_*) -> GeneralErr: the engine treats every one as "link broken";
//   - ibv_event_type values the port does not name (COMM_EST, SQ_DRAINED, PATH_MIG,
//     LID/PKEY/SM change, SRQ, WQ, LAST_WQE_REACHED, CLIENT_REREGISTER) -> nullopt
//     (acknowledged and dropped: SMC reacts to none of them).
#include <infiniband/verbs.h>

#include <optional>

#include "protocol/ports/rnic.h"

namespace smc::hw {

ports::VerbsError verbs_error_from_errno(int err);
ports::WcStatus wc_status_from_ibv(ibv_wc_status status);
// nullopt for an opcode the port has no word for (atomics, RDMA READ, TSO, LOCAL_INV ...).
std::optional<ports::WcOpcode> wc_opcode_from_ibv(ibv_wc_opcode opcode);
std::optional<ports::AsyncEventType> async_event_from_ibv(ibv_event_type type);
ports::GidType gid_type_from_ibv(ibv_gid_type type);
ports::PortState port_state_from_ibv(ibv_port_state state);

ibv_qp_state to_ibv(ports::QpState state);
ports::QpState qp_state_from_ibv(ibv_qp_state state);
ibv_mtu to_ibv(ports::PathMtu mtu);
ports::PathMtu path_mtu_from_ibv(ibv_mtu mtu);
ibv_wr_opcode to_ibv(ports::SendOpcode opcode);
int access_to_ibv(std::uint32_t access);  // ports::AccessFlags bits -> ibv_access_flags
bool opcode_is_send(ports::SendOpcode opcode);

}  // namespace smc::hw
