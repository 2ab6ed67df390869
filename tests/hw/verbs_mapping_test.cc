// The verbs <-> port mappings and the device profile, without a device. Expected values
// are libibverbs' documented numbers (infiniband/verbs.h, ibv_poll_cq(3), ibv_get_async_event(3)),
// the port's own comments (protocol/ports/rnic.h), and sysfs/procfs formats.
#include <doctest/doctest.h>
#include <infiniband/verbs.h>

#include <cerrno>

#include "hw/verbs/device_profile.h"
#include "hw/verbs/verbs_mapping.h"

using namespace smc;
using namespace smc::ports;
using namespace smc::hw;

TEST_CASE("errno of a failed verb maps as in the simulated RNIC") {
  CHECK(verbs_error_from_errno(EINVAL) == VerbsError::InvalidArgument);
  CHECK(verbs_error_from_errno(ENOMEM) == VerbsError::NoMemory);
  CHECK(verbs_error_from_errno(ENODEV) == VerbsError::NoDevice);
  CHECK(verbs_error_from_errno(EOPNOTSUPP) == VerbsError::NotSupported);
  CHECK(verbs_error_from_errno(EPERM) == VerbsError::PermissionDenied);
  CHECK(verbs_error_from_errno(EACCES) == VerbsError::PermissionDenied);
  CHECK(verbs_error_from_errno(EBUSY) == VerbsError::Busy);
  CHECK(verbs_error_from_errno(EIO) == VerbsError::IoError);
  CHECK(verbs_error_from_errno(EFAULT) == VerbsError::Fault);
}

TEST_CASE("ibv_wc_status: the port's values are the verbs values; unnamed ones are GENERAL_ERR") {
  CHECK(wc_status_from_ibv(IBV_WC_SUCCESS) == WcStatus::Success);
  CHECK(wc_status_from_ibv(IBV_WC_LOC_LEN_ERR) == WcStatus::LocLenErr);
  CHECK(wc_status_from_ibv(IBV_WC_LOC_PROT_ERR) == WcStatus::LocProtErr);
  CHECK(wc_status_from_ibv(IBV_WC_WR_FLUSH_ERR) == WcStatus::WrFlushErr);
  CHECK(wc_status_from_ibv(IBV_WC_REM_ACCESS_ERR) == WcStatus::RemAccessErr);
  CHECK(wc_status_from_ibv(IBV_WC_RETRY_EXC_ERR) == WcStatus::RetryExcErr);
  CHECK(wc_status_from_ibv(IBV_WC_RNR_RETRY_EXC_ERR) == WcStatus::RnrRetryExcErr);
  CHECK(wc_status_from_ibv(IBV_WC_GENERAL_ERR) == WcStatus::GeneralErr);
  CHECK(wc_status_from_ibv(IBV_WC_REM_ABORT_ERR) == WcStatus::GeneralErr);
  CHECK(wc_status_from_ibv(IBV_WC_FATAL_ERR) == WcStatus::GeneralErr);
  CHECK(wc_status_from_ibv(IBV_WC_RESP_TIMEOUT_ERR) == WcStatus::GeneralErr);
  // Numbers as printed by ibv_wc_status_str and the port: 5 flush, 12 retry exceeded.
  CHECK(static_cast<int>(wc_status_from_ibv(static_cast<ibv_wc_status>(5))) == 5);
  CHECK(static_cast<int>(wc_status_from_ibv(static_cast<ibv_wc_status>(12))) == 12);
}

TEST_CASE("work completion opcodes") {
  CHECK(wc_opcode_from_ibv(IBV_WC_SEND) == WcOpcode::Send);
  CHECK(wc_opcode_from_ibv(IBV_WC_RDMA_WRITE) == WcOpcode::RdmaWrite);
  CHECK(wc_opcode_from_ibv(IBV_WC_RECV) == WcOpcode::Recv);
  CHECK(wc_opcode_from_ibv(IBV_WC_RECV_RDMA_WITH_IMM) == WcOpcode::RecvRdmaWithImm);
  CHECK_FALSE(wc_opcode_from_ibv(IBV_WC_RDMA_READ).has_value());
  CHECK_FALSE(wc_opcode_from_ibv(IBV_WC_COMP_SWAP).has_value());
}

TEST_CASE("async events: the eight SMC reacts to, the rest dropped") {
  CHECK(async_event_from_ibv(IBV_EVENT_PORT_ACTIVE) == AsyncEventType::PortActive);
  CHECK(async_event_from_ibv(IBV_EVENT_PORT_ERR) == AsyncEventType::PortError);
  CHECK(async_event_from_ibv(IBV_EVENT_GID_CHANGE) == AsyncEventType::GidChange);
  CHECK(async_event_from_ibv(IBV_EVENT_DEVICE_FATAL) == AsyncEventType::DeviceFatal);
  CHECK(async_event_from_ibv(IBV_EVENT_QP_FATAL) == AsyncEventType::QpFatal);
  CHECK(async_event_from_ibv(IBV_EVENT_QP_REQ_ERR) == AsyncEventType::QpReqErr);
  CHECK(async_event_from_ibv(IBV_EVENT_QP_ACCESS_ERR) == AsyncEventType::QpAccessErr);
  CHECK(async_event_from_ibv(IBV_EVENT_CQ_ERR) == AsyncEventType::CqErr);
  CHECK_FALSE(async_event_from_ibv(IBV_EVENT_COMM_EST).has_value());
  CHECK_FALSE(async_event_from_ibv(IBV_EVENT_SQ_DRAINED).has_value());
  CHECK_FALSE(async_event_from_ibv(IBV_EVENT_LID_CHANGE).has_value());
  CHECK_FALSE(async_event_from_ibv(IBV_EVENT_QP_LAST_WQE_REACHED).has_value());
}

TEST_CASE("states, MTUs, opcodes and access bits to verbs") {
  CHECK(to_ibv(QpState::Reset) == IBV_QPS_RESET);
  CHECK(to_ibv(QpState::Init) == IBV_QPS_INIT);
  CHECK(to_ibv(QpState::Rtr) == IBV_QPS_RTR);
  CHECK(to_ibv(QpState::Rts) == IBV_QPS_RTS);
  CHECK(to_ibv(QpState::Err) == IBV_QPS_ERR);
  CHECK(qp_state_from_ibv(IBV_QPS_RTS) == QpState::Rts);
  CHECK(qp_state_from_ibv(IBV_QPS_UNKNOWN) == QpState::Err);
  CHECK(to_ibv(PathMtu::Mtu1024) == IBV_MTU_1024);
  CHECK(to_ibv(PathMtu::Mtu4096) == IBV_MTU_4096);
  CHECK(path_mtu_from_ibv(IBV_MTU_2048) == PathMtu::Mtu2048);
  CHECK(mtu_bytes(path_mtu_from_ibv(IBV_MTU_1024)) == 1024);
  CHECK(to_ibv(SendOpcode::Send) == IBV_WR_SEND);
  CHECK(to_ibv(SendOpcode::SendWithImm) == IBV_WR_SEND_WITH_IMM);
  CHECK(to_ibv(SendOpcode::RdmaWrite) == IBV_WR_RDMA_WRITE);
  CHECK(to_ibv(SendOpcode::RdmaWriteWithImm) == IBV_WR_RDMA_WRITE_WITH_IMM);
  CHECK(access_to_ibv(kAccessLocalWrite | kAccessRemoteWrite) == (IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE));
  CHECK(access_to_ibv(kAccessRemoteRead) == IBV_ACCESS_REMOTE_READ);
  CHECK(port_state_from_ibv(IBV_PORT_ACTIVE) == PortState::Active);
  CHECK(port_state_from_ibv(IBV_PORT_DOWN) == PortState::Down);
  CHECK(gid_type_from_ibv(IBV_GID_TYPE_ROCE_V2) == GidType::RoceV2);
  CHECK(gid_type_from_ibv(IBV_GID_TYPE_ROCE_V1) == GidType::RoceV1);
}

TEST_CASE("device classification: eRDMA by vendor/part, rxe by vendor or name, RoCE Express on s390") {
  CHECK(classify_device({"erdma_0", 0x1ded, 0x107f, false}) == RnicType::Erdma);
  CHECK(classify_device({"rxe0", 0xffffff, 0, false}) == RnicType::Rxe);
  CHECK(classify_device({"rxe_eth1", 0, 0, false}) == RnicType::Rxe);
  CHECK(classify_device({"mlx5_0", 0x15b3, 0x1017, false}) == RnicType::Mlx5);
  CHECK(classify_device({"mlx5_0", 0x15b3, 0x1016, true}) == RnicType::RoceExpress);
  CHECK(classify_device({"bnxt_re0", 0x14e4, 0x16d7, false}) == RnicType::Mlx5);
}

TEST_CASE("type capabilities: rxe RoCEv2 only; eRDMA RoCEv2 only, no IPv6, rendezvous") {
  const auto rxe = type_capabilities(RnicType::Rxe);
  CHECK(rxe.roce_v2_only);
  CHECK(rxe.ipv6);
  CHECK_FALSE(rxe.iwarp_rendezvous);
  const auto erdma = type_capabilities(RnicType::Erdma);
  CHECK(erdma.roce_v2_only);
  CHECK_FALSE(erdma.ipv6);
  CHECK(erdma.iwarp_rendezvous);
  const auto mlx = type_capabilities(RnicType::Mlx5);
  CHECK_FALSE(mlx.roce_v2_only);
  CHECK_FALSE(mlx.iwarp_rendezvous);
}

TEST_CASE("eRDMA reserves 16 OOB ports, 65500-65515 unless the module says otherwise") {
  const auto r = reserved_oob_ports(RnicType::Erdma);
  CHECK(r.first == 65500);
  CHECK(r.count == 16);
  CHECK(r.contains(65500));
  CHECK(r.contains(65515));
  CHECK_FALSE(r.contains(65516));
  CHECK_FALSE(r.contains(65499));
  const auto moved = reserved_oob_ports(RnicType::Erdma, std::uint16_t{0x7790});
  CHECK(moved.first == 0x7790);
  CHECK(moved.contains(0x7790 + 15));
  const auto none = reserved_oob_ports(RnicType::Rxe);
  CHECK(none.count == 0);
  CHECK_FALSE(none.contains(65500));
}

TEST_CASE("sysfs and procfs formats") {
  CHECK(parse_gid_type("RoCE v2\n") == GidType::RoceV2);
  CHECK(parse_gid_type("IB/RoCE v1\n") == GidType::RoceV1);
  CHECK_FALSE(parse_gid_type("").has_value());
  auto mac = parse_mac("02:00:0a:ff:00:01\n");
  REQUIRE(mac.has_value());
  CHECK(*mac == MacAddress{0x02, 0x00, 0x0a, 0xff, 0x00, 0x01});
  CHECK_FALSE(parse_mac("02:00:0a:ff:00").has_value());
  CHECK_FALSE(parse_mac("02-00-0a-ff-00-01").has_value());
  CHECK(parse_vlan_id("eth0.100  VID: 100\t REORDER_HDR: 1  dev->priv_flags: 1021\n") == std::uint16_t{100});
  CHECK_FALSE(parse_vlan_id("no vlan here").has_value());
  CHECK(parse_netns_mode("Y\n") == NetnsMode::Shared);
  CHECK(parse_netns_mode("N\n") == NetnsMode::Exclusive);
  CHECK_FALSE(read_small_file("/nonexistent/smcsim/file").has_value());
}
