#include "sim/rnic/qp_state_rules.h"

namespace smc::sim {

using ports::QpState;

bool is_legal_qp_transition(QpState from, QpState to) {
  // Any state may be reset or forced to error.
  if (to == QpState::Reset || to == QpState::Err) return true;
  switch (from) {
    case QpState::Reset: return to == QpState::Init;
    case QpState::Init: return to == QpState::Init || to == QpState::Rtr;
    case QpState::Rtr: return to == QpState::Rts;
    case QpState::Rts: return to == QpState::Rts || to == QpState::Sqd;
    case QpState::Sqd: return to == QpState::Sqd || to == QpState::Rts;
    case QpState::Sqe: return to == QpState::Rts;
    case QpState::Err: return false;
  }
  return false;
}

PostAction send_post_action(QpState state) {
  switch (state) {
    case QpState::Reset:
    case QpState::Init:
    case QpState::Rtr: return PostAction::Refuse;
    case QpState::Rts: return PostAction::Execute;
    case QpState::Sqd: return PostAction::Hold;
    case QpState::Sqe:
    case QpState::Err: return PostAction::Flush;
  }
  return PostAction::Refuse;
}

PostAction recv_post_action(QpState state) {
  switch (state) {
    case QpState::Reset: return PostAction::Refuse;
    case QpState::Init:
    case QpState::Rtr:
    case QpState::Rts:
    case QpState::Sqd:
    case QpState::Sqe: return PostAction::Execute;
    case QpState::Err: return PostAction::Flush;
  }
  return PostAction::Refuse;
}

bool qp_responds(QpState state) {
  return state == QpState::Rtr || state == QpState::Rts || state == QpState::Sqd || state == QpState::Sqe;
}

bool qp_attributes_valid(QpState from, const ports::QpModify& attr, const QpTransitionContext& ctx) {
  if (from == QpState::Reset && attr.target == QpState::Init) {
    return attr.port_num >= 1 && attr.port_num <= ctx.port_count;
  }
  if (from == QpState::Init && attr.target == QpState::Rtr) {
    const auto mtu = static_cast<unsigned>(attr.path_mtu);
    return mtu >= 1 && mtu <= static_cast<unsigned>(ctx.port_max_mtu) && attr.dest_qp_num < (1u << 24) &&
           attr.rq_psn < (1u << 24) && attr.sgid_index < ctx.gid_table_size && attr.min_rnr_timer < 32;
  }
  if (from == QpState::Rtr && attr.target == QpState::Rts) {
    return attr.sq_psn < (1u << 24) && attr.timeout < 32 && attr.retry_cnt <= 7 && attr.rnr_retry <= 7;
  }
  return true;
}

}  // namespace smc::sim
