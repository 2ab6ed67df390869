#include "protocol/datapath/connection_link.h"

namespace smc::datapath {

const char* to_string(LinkError e) {
  switch (e) {
    case LinkError::NoBuffers: return "no-buffers";
    case LinkError::LinkDown: return "link-down";
    case LinkError::Rejected: return "rejected";
  }
  return "?";
}

}  // namespace smc::datapath
