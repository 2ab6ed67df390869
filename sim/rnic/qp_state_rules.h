#pragma once
// The RC queue-pair state machine as the IB specification (vol. 1, ch. 10.3 and the
// ModifyQP table of ch. 11) and real devices enforce it: which transitions ibv_modify_qp
// accepts, which attributes each transition needs, and what ibv_post_send/recv do in
// each state. Pure functions, so the property test can compare the device against them.
#include "protocol/ports/rnic.h"

namespace smc::sim {

bool is_legal_qp_transition(ports::QpState from, ports::QpState to);

enum class PostAction : std::uint8_t {
  Refuse,   // the verb returns EINVAL and nothing is queued
  Execute,  // queued and processed
  Hold,     // queued but not processed until the state changes (send queue in SQD)
  Flush,    // queued and completed at once with IBV_WC_WR_FLUSH_ERR
};

// ibv_post_send: processed only in RTS; before RTS refused (rxe, mlx5 in kernel verbs);
// in SQE/ERR accepted and flushed.
PostAction send_post_action(ports::QpState state);
// ibv_post_recv: refused only in RESET; held before RTR is irrelevant (a receive only
// completes when a SEND arrives, which needs RTR); flushed in ERR.
PostAction recv_post_action(ports::QpState state);

// Whether the QP's receive side answers arriving packets (RTR and later, until ERR).
bool qp_responds(ports::QpState state);

// Attribute sanity for the transition into attr.target from `from`: mirrors the checks
// ib_modify_qp_is_ok + the drivers make (port exists, MTU not above the port's, sgid
// index inside the table). Returns false when the call must fail with EINVAL.
struct QpTransitionContext {
  std::uint8_t port_count = 1;
  ports::PathMtu port_max_mtu = ports::PathMtu::Mtu4096;
  std::size_t gid_table_size = 0;
};
bool qp_attributes_valid(ports::QpState from, const ports::QpModify& attr, const QpTransitionContext& ctx);

}  // namespace smc::sim
