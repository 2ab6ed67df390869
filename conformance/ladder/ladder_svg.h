#pragma once
// Renders a LadderDiagram as one standalone SVG 1.1 document (xmlns, version, viewBox, sized
// to fit its content). Sections (connections) are stacked top to bottom. The output depends
// only on the diagram: same diagram, same bytes (integer layout, no clock, no hashing of
// pointers), so a diagram can be diffed and attached to a ticket.
//
// Conventions (also in docs/cli.md, "Ladder diagrams"):
// - one column per host, headed by a box with its name, role, address and kernel profile;
// - time flows down; the left gutter prints the simulated time of every time point, and a
//   gap of 1 ms or more is annotated "+6 s" (the axis is compressed, see time_axis.h);
// - a message is an arrow from the sender's column at the time it was sent to the receiver's
//   column at the time it arrived (so it slants), coloured by layer, with its label above and
//   its key fields below; a lost message is dashed and ends in an x part of the way across;
// - a mark is a box on one column: red for a fallback point or an error, green for an
//   established SMC connection, amber for a timer, grey otherwise.
// Every arrow is a <g class="msg msg-LAYER"> and every mark a <g class="mark mark-KIND">,
// each with a <title> tooltip holding its full text.
#include <string>

#include "conformance/ladder/ladder_diagram.h"

namespace smc::ladder {

std::string render_svg(const LadderDiagram& d);

}  // namespace smc::ladder
