#include "conformance/perf/packet_model.h"

#include <algorithm>

#include "sim/pcap/roce.h"

namespace smc::perf {

namespace {

constexpr std::size_t kTcpFrameOverhead = kEthernetHeader + kIpv4Header + kTcpHeader + kTcpTimestampOption;
constexpr std::size_t kRoceOverhead = kEthernetHeader + kIpv4Header + kUdpHeader + pcap::kBthLength + pcap::kIcrcLength;

std::size_t pad4(std::size_t n) { return (n + 3) / 4 * 4; }

}  // namespace

std::size_t tcp_segment_payload(std::size_t mtu) {
  const std::size_t headers = kIpv4Header + kTcpHeader + kTcpTimestampOption;
  return mtu > headers ? mtu - headers : 1;
}

std::size_t tcp_segments(std::size_t bytes, std::size_t mtu) {
  const std::size_t per = tcp_segment_payload(mtu);
  return std::max<std::size_t>(1, (bytes + per - 1) / per);
}

std::vector<std::size_t> tcp_data_frames(std::size_t bytes, std::size_t mtu) {
  const std::size_t per = tcp_segment_payload(mtu);
  std::vector<std::size_t> out;
  std::size_t left = bytes;
  do {
    std::size_t n = std::min(left, per);
    out.push_back(kTcpFrameOverhead + n);
    left -= n;
  } while (left > 0);
  return out;
}

std::size_t tcp_control_frame() { return kTcpFrameOverhead; }

std::size_t tcp_syn_frame(bool smc_option) {
  // A SYN carries its own option block instead of the timestamp-only one.
  return kEthernetHeader + kIpv4Header + kTcpHeader + kTcpSynOptions + (smc_option ? kSmcSynOption : 0);
}

std::size_t tcp_payload_frame(std::size_t payload) { return kTcpFrameOverhead + payload; }

std::size_t roce_path_mtu(std::size_t netdev_mtu) {
  const std::size_t headers = kIpv4Header + kUdpHeader + pcap::kBthLength + pcap::kRethLength + pcap::kIcrcLength;
  std::size_t best = 256;
  for (std::size_t m = 256; m <= 4096; m *= 2)
    if (m + headers <= netdev_mtu) best = m;
  return best;
}

std::vector<RoceFrame> rdma_write_frames(std::size_t bytes, std::size_t path_mtu) {
  std::vector<RoceFrame> out;
  std::size_t left = bytes;
  bool first = true;
  do {
    std::size_t n = std::min(left, path_mtu);
    left -= n;
    RoceFrame f;
    f.bytes = kRoceOverhead + (first ? pcap::kRethLength : 0) + pad4(n);
    f.ack_request = left == 0;  // only the last packet of the request asks for an ACK
    out.push_back(f);
    first = false;
  } while (left > 0);
  return out;
}

RoceFrame roce_send_frame(std::size_t payload) { return RoceFrame{kRoceOverhead + pad4(payload), true}; }

std::size_t rc_ack_frame() { return kRoceOverhead + kAethLength; }

}  // namespace smc::perf
