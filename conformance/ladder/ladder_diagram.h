#pragma once
// What a ladder (sequence) diagram shows, independent of how it is drawn: hosts as columns
// and, per connection, the messages and marks of sim/world's MessageLog. Several connections
// of one run are several sections of one diagram, stacked top to bottom, each with its own
// host columns and its own time axis (a run's connections rarely share hosts and times in a
// way that one axis would make clearer).
#include <string>
#include <vector>

#include "sim/world/message_event.h"

namespace smc::ladder {

struct LadderHost {
  std::string name;                  // the column's title: the host's name in the scenario
  std::string address;               // "10.0.0.1" (empty: unknown)
  std::string profile;               // kernel profile, "linux-6.18" (empty: unknown)
  std::string role;                  // "client app cli" (empty: none)
  std::vector<std::string> aliases;  // other names a MessageEvent may use for this host
  bool matches(const std::string& who) const;
};

struct LadderSection {
  std::string title;                 // "connection 1: cli -> srv"
  std::string subtitle;              // "client SMCR, server SMCR"
  std::vector<LadderHost> hosts;     // columns, left to right; unknown senders are appended
  world::MessageLog messages;        // in the order they happened
  // false: the times are only an order (a run that recorded CLC labels but no times); the
  // axis then numbers the steps instead of printing times.
  bool timed = true;
};

struct LadderDiagram {
  std::string title;                 // "decline/0x03030008-no-ueid: peer sent no UEID"
  std::vector<LadderSection> sections;
  std::string note;                  // drawn under the sections, or alone when there is none
};

}  // namespace smc::ladder
