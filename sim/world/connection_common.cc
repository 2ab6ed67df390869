#include "sim/world/connection_common.h"

#include <algorithm>
#include <cstdio>

#include "protocol/clc/clc_decline.h"

namespace smc::world {

std::string wire_label(const wire::Bytes& b, bool from_client) {
  if (b.size() < 8) return "?";
  switch (b[4]) {
    case 1: return "P";
    case 2: return "A";
    case 3: return "C";
    case 4: {
      auto d = clc::ClcDecline::decode(b);
      char buf[64];
      std::snprintf(buf, sizeof buf, "D(%s v%u 0x%08x%s)", from_client ? "C->S" : "S->C", d ? d->version : 0,
                    d ? d->peer_diagnosis : 0, d && d->out_of_sync ? " oos" : "");
      return buf;
    }
  }
  return "?";
}

bool is_clc(const wire::Bytes& b) {
  return b.size() >= 8 && b[0] == 0xe2 && b[1] == 0xd4 && b[2] == 0xc3 && (b[3] == 0xd9 || b[3] == 0xc4);
}

std::string client_actor_name(const ConnectionSetup& s) {
  return "client/" + s.client_app + "/conn" + std::to_string(s.index);
}

std::string server_actor_name(const ConnectionSetup& s) {
  return "server/" + s.server_app + "/" + s.client_app + "/conn" + std::to_string(s.index);
}

wire::Bytes application_payload(const ConnectionSetup& s) {
  wire::Bytes p(static_cast<std::size_t>(std::max<std::int64_t>(s.send_bytes, 0)));
  for (std::size_t i = 0; i < p.size(); ++i)
    p[i] = static_cast<std::uint8_t>((i * 131 + static_cast<std::size_t>(s.index) * 7 + i / 251) & 0xff);
  return p;
}

wire::Bytes as_delivered_in_smc_mode(const ConnectionSetup& s, const wire::Bytes& payload) {
  wire::Bytes sent = payload;
  if (has_mutation(s.mutations, WorldMutation::CorruptSmcData) && !sent.empty()) sent[sent.size() / 2] ^= 0x5a;
  if (has_mutation(s.mutations, WorldMutation::DuplicateSmcData) && !sent.empty())
    sent.insert(sent.begin(), payload.begin(),
                payload.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(payload.size(), 64)));
  return sent;
}

ConnectionOutcome assemble_outcome(ConnectionOutcome o, const ConnectionSetup& s, const handshake::ClientHandshake* client,
                                   const handshake::ServerHandshake* server, const ScriptedPeer* script,
                                   const wire::Bytes& payload, const wire::Bytes& server_read,
                                   const wire::Bytes& client_read) {
  if (client) o.client = client->record();
  else if (s.client_early_record) o.client = s.client_early_record;
  if (script) o.script_mismatches = script->mismatches();
  if (server && !server->dropped()) o.server = server->record();
  if (has_mutation(s.mutations, WorldMutation::ServerForgetsFallback) && o.server && o.server->use_fallback()) {
    socket::SmcSocketRecord smc;
    smc.set_smc_mode(false);
    smc.set_state(socket::SocketState::Active);
    o.server = smc;
  }
  o.data_intact = o.data_sent && server_read == payload && (!s.server_echo || client_read == payload);
  return o;
}

}  // namespace smc::world
