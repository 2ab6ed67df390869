#include "protocol/ports/host_config.h"

namespace smc::ports {

const char* to_string(RouteError e) {
  switch (e) {
    case RouteError::NoRoute: return "no route (ENETUNREACH)";
    case RouteError::Unreachable: return "unreachable route (EHOSTUNREACH)";
    case RouteError::Blackhole: return "blackhole route";
    case RouteError::NoSourceAddress: return "no source address on the outgoing device";
  }
  return "?";
}

}  // namespace smc::ports
