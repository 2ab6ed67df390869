#pragma once
// A scripted peer, packetdrill-style: one end of a connection that does not follow the
// protocol but a list of steps (expect a CLC message of a type, send one built from the
// engine's own codecs with named fields overridden, send raw bytes, stay silent, close,
// reset), each no earlier than its virtual time. The other end is the engine under test.
//
// Messages are built realistically: a shadow ClientHandshake / ServerHandshake on the
// peer's host sees everything the peer receives and proposes what a conforming peer would
// send; a `send` step takes that message (or a minimal one when the shadow would not send
// it) and overrides the fields the step names. Sans-I/O: events in, Output out.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"

namespace smc::world {

struct ScriptStep {
  enum class Action : std::uint8_t { Expect, Send, SendRaw, Silent, Close, Reset };
  Action action = Action::Expect;
  std::optional<std::int64_t> at_ns;  // not before this time (from the connection's start)
  std::string message;                // proposal | accept | confirm | decline
  std::vector<std::pair<std::string, std::string>> fields;  // overrides for Send
  wire::Bytes raw;                    // SendRaw
  std::int64_t duration_ns = 0;       // Silent
};

struct ScriptedSide {
  bool is_client = false;  // the script plays the client (else the server)
  std::string name;        // the [[peer]]'s name
  std::vector<ScriptStep> steps;
  negotiation::HostSnapshot host;
  negotiation::ConnectionContext conn;
  negotiation::EngineProfile profile;
};

class ScriptedPeer {
 public:
  struct Output {
    std::vector<wire::Bytes> sends;
    bool close = false;
    bool reset = false;
    std::optional<std::int64_t> wake_at_ns;  // call on_timer() then
  };

  explicit ScriptedPeer(ScriptedSide side);

  // The TCP connection is up (the script's clock starts at `start_ns`).
  Output start(std::int64_t now_ns, std::int64_t start_ns);
  Output on_bytes(wire::ByteView data, std::int64_t now_ns);
  Output on_timer(std::int64_t now_ns);
  void on_eof();

  bool finished() const { return pc_ >= side_.steps.size() || stopped_; }
  // Script mismatches ("step 2: expected accept, got decline"): a scenario error, not the
  // engine's: the runner reports them with the case.
  const std::vector<std::string>& mismatches() const { return mismatches_; }

 private:
  Output run(std::int64_t now_ns);
  std::optional<wire::Bytes> next_message();
  wire::Bytes build(const ScriptStep& step);
  void feed_shadow(const wire::Bytes& message);

  ScriptedSide side_;
  std::size_t pc_ = 0;
  std::int64_t start_ns_ = 0;
  std::optional<std::int64_t> silent_until_;
  bool stopped_ = false;
  wire::Bytes rx_;
  std::optional<handshake::ClientHandshake> shadow_client_;
  std::optional<handshake::ServerHandshake> shadow_server_;
  std::map<handshake::ClcKind, wire::Bytes> shadow_sends_;  // the last of each kind
  std::optional<negotiation::ProposalContent> last_proposal_;
  std::vector<std::string> mismatches_;
};

// "proposal" -> Proposal ...; nullopt for an unknown name.
std::optional<handshake::ClcKind> clc_kind_from_string(const std::string& s);

}  // namespace smc::world
