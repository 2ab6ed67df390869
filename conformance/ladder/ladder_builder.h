#pragma once
// From a simulated run to a LadderDiagram: one section per connection, the client's host on
// the left and the server's on the right (names, addresses and profiles from the scenario).
// A connection whose MessageLog is empty (a world that does not record messages yet) is drawn
// from its CLC wire labels ("P", "A", "C", "D(C->S v1 0x03030000)") plus marks for each side's
// final mode and the client's errno, as an untimed section (steps, not times).
#include <string>
#include <vector>

#include "conformance/ladder/ladder_diagram.h"
#include "scenarios/scenario.h"
#include "sim/world/connection_outcome.h"

namespace smc::ladder {

// "decline/0x03030008-no-ueid: peer sent no UEID"
std::string diagram_title(const scenarios::Scenario& s);

// A run of many short-lived connections would make a diagram nobody scrolls: the first
// kMaxLadderSections connections are drawn, and a note says how many were left out.
inline constexpr std::size_t kMaxLadderSections = 50;

LadderDiagram ladder_of_run(const scenarios::Scenario& s, const std::vector<world::ConnectionOutcome>& conns);

LadderSection section_of(const scenarios::Scenario& s, const world::ConnectionOutcome& c);

// The untimed stand-in for an empty MessageLog (see above); `client` / `server` are the names
// the events use.
world::MessageLog messages_from_wire(const world::ConnectionOutcome& c, const std::string& client,
                                     const std::string& server);

}  // namespace smc::ladder
