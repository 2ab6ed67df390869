#pragma once
// What the two ways of running a scenario connection share (HandshakeConnection: the
// handshake slice on an ideal pipe, kept for fast fuzz campaigns; TcpConnectionRun: real
// simulated TCP and RDMA): the wire labels a conformance case compares, the actors' names,
// the application's payload, the deliberate data mutations, and how an outcome is assembled.
#include <string>

#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"
#include "sim/world/connection_outcome.h"
#include "sim/world/scripted_peer.h"
#include "sim/world/world_setup.h"

namespace smc::world {

// The wire column of a conformance case: "P", "A", "C", "D(C->S v1 0x03030000)", "?".
std::string wire_label(const wire::Bytes& clc_message, bool from_client);
// Does it open with the CLC eyecatcher ('SMC-R' / 'SMC-D' in EBCDIC)?
bool is_clc(const wire::Bytes& b);
// "client/<app>/conn<N>"; the server side is named after the client app too
// ("server/<srv>/<cli>/conn<N>"): two client apps' first connections are two children.
std::string client_actor_name(const ConnectionSetup& s);
std::string server_actor_name(const ConnectionSetup& s);

// The bytes the client application sends: a fixed pattern that depends on the connection
// number, so a misplaced or repeated chunk shows as a mismatch and nothing random reaches
// the trace.
wire::Bytes application_payload(const ConnectionSetup& s);
// The payload as the SMC data path delivers it under a test-only WorldMutation (corrupted
// or with its start duplicated); the payload itself otherwise.
wire::Bytes as_delivered_in_smc_mode(const ConnectionSetup& s, const wire::Bytes& payload);

// A connection's outcome from what the run recorded: the socket records (or the early
// fallback record, or the scripted peer's mismatches), the test-only ServerForgetsFallback
// mutation, and whether the application's bytes came through intact.
ConnectionOutcome assemble_outcome(ConnectionOutcome recorded, const ConnectionSetup& s,
                                   const handshake::ClientHandshake* client, const handshake::ServerHandshake* server,
                                   const ScriptedPeer* script, const wire::Bytes& payload,
                                   const wire::Bytes& server_read, const wire::Bytes& client_read);

}  // namespace smc::world
