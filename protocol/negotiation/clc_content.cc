#include "protocol/negotiation/clc_content.h"

namespace smc::negotiation {

const char* to_string(PathKind k) {
  switch (k) {
    case PathKind::SmcRv1: return "SMC-Rv1";
    case PathKind::SmcRv2: return "SMC-Rv2";
    case PathKind::SmcDv1: return "SMC-Dv1";
    case PathKind::SmcDv2: return "SMC-Dv2";
  }
  return "?";
}

}  // namespace smc::negotiation
