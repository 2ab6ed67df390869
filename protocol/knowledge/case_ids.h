#pragma once
// The identifiers of the conformance cases that reproduce each cause code, one per
// distinct cause of fallback-causes.md §12's scenario matrix. This is the single list
// the catalogue (written later) is checked against: a catalogue case whose id is not here,
// or an id here without a catalogue case, is a test failure there.
//
// Scheme: <kind>/<code>-<cause>, kind one of
//   success/   the handshake ends in SMC (no code);
//   decline/   a Decline goes on the wire (the peer shows 0x05000000/<code>);
//   fallback/  a local fallback without any CLC message (no Decline);
//   error/     a hard error, no code at all (connect() fails or the server drops);
//   absent/    a code that must never be produced (asserts its absence).
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace smc::knowledge {

struct CaseId {
  std::string_view id;          // "decline/0x03030008-no-ueid"
  std::string_view matrix_row;  // "41" (fallback-causes §12)
  std::uint32_t code;           // the detecting side's code; 0 for success/ and error/
  std::string_view title;
  // Where a case that is not a matrix row comes from (matrix_row empty): "seed document",
  // "kernel-lab.md".
  std::string_view source = {};
};

std::span<const CaseId> all_case_ids();
// Cases whose detecting side shows `code` (for 0x05000000: none; every decline/ case
// shows it on the peer side).
std::vector<CaseId> cases_for_code(std::uint32_t code);
const CaseId* find_case(std::string_view id);

}  // namespace smc::knowledge
