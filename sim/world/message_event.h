#pragma once
// One arrow of a connection's ladder diagram: a message that left one host for the other
// (TCP segment, CLC, LLC, CDC, application bytes) or a mark on one host's column (the
// fallback point with its code, an error, a timer expiry). Recorded by the world as the run
// happens, in simulated-time order, so a report can draw the run without parsing the trace.
#include <cstdint>
#include <string>
#include <vector>

namespace smc::world {

enum class MessageLayer : std::uint8_t { Tcp, Clc, Llc, Cdc, Rdma, App, Mark };
const char* to_string(MessageLayer l);

struct MessageEvent {
  std::int64_t sent_ns = 0;
  std::int64_t arrived_ns = -1;  // -1: lost (dropped by a middlebox or fault) or a Mark
  std::string from;              // host name ("client", "server", or a scenario's host)
  std::string to;                // equal to `from` for a Mark
  MessageLayer layer = MessageLayer::Tcp;
  std::string label;             // "SYN", "CLC Proposal", "LLC Confirm Link", "fallback 0x03030000"
  std::string detail;            // key fields: "opt=SMC", "v2 R+D ueids=1", "len=4096"
  bool lost() const { return layer != MessageLayer::Mark && arrived_ns < 0; }
};

using MessageLog = std::vector<MessageEvent>;

}  // namespace smc::world
