#pragma once
// How each layer and each kind of mark looks. One place, so the legend, the arrows and the
// documentation (docs/cli.md, "Ladder diagrams") agree.
#include <string>

#include "sim/world/message_event.h"

namespace smc::ladder {

struct LayerStyle {
  const char* name;    // legend text
  const char* colour;  // stroke and label colour
};
LayerStyle style_of(world::MessageLayer layer);

// Marks are classified by their words, since a MessageEvent carries no mark kind:
//   Alert:       fallback, decline, error, fail, reset, RST (a word), abort, drop, refused,
//                E* errno names (ETIMEDOUT, ECONNRESET)
//   Timer:       timer, timeout, expir, retransmit (when not an alert)
//   Established: established, SMC-R, SMC-D, SMCR, SMCD, first contact (when none of the above)
//   Note:        anything else
enum class MarkKind { Alert, Timer, Established, Note };
MarkKind mark_kind(const std::string& label, const std::string& detail);

struct MarkStyle {
  const char* fill;
  const char* stroke;
  const char* text;
};
MarkStyle style_of(MarkKind kind);

}  // namespace smc::ladder
