#include "sim/world/message_event.h"

namespace smc::world {

const char* to_string(MessageLayer l) {
  switch (l) {
    case MessageLayer::Tcp: return "tcp";
    case MessageLayer::Clc: return "clc";
    case MessageLayer::Llc: return "llc";
    case MessageLayer::Cdc: return "cdc";
    case MessageLayer::Rdma: return "rdma";
    case MessageLayer::App: return "app";
    case MessageLayer::Mark: return "mark";
  }
  return "?";
}

}  // namespace smc::world
