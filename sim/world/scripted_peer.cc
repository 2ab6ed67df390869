#include "sim/world/scripted_peer.h"

#include <cstdlib>

#include "protocol/clc/clc_message.h"
#include "protocol/handshake/clc_adapter.h"

namespace smc::world {

using handshake::ClcKind;

namespace {

std::int64_t to_int(const std::string& v) { return std::strtoll(v.c_str(), nullptr, 0); }
bool to_bool(const std::string& v) { return v == "true" || v == "1" || v == "yes"; }

negotiation::TypeSet to_types(const std::string& v) {
  if (v == "r" || v == "R") return {true, false};
  if (v == "d" || v == "D") return {false, true};
  if (v == "rd" || v == "RD" || v == "b" || v == "B") return {true, true};
  if (v == "n" || v == "N" || v == "none") return {};
  return negotiation::TypeSet::from_wire(static_cast<std::uint8_t>(to_int(v) & 3));
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : v) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

const char* kind_name(std::uint8_t type) {
  switch (type) {
    case 1: return "proposal";
    case 2: return "accept";
    case 3: return "confirm";
    case 4: return "decline";
  }
  return "unknown";
}

negotiation::FirstContactExt& fce_of(negotiation::AcceptConfirmContent& m) {
  if (!m.fce) m.fce = negotiation::FirstContactExt{};
  return *m.fce;
}

void override_proposal(negotiation::ProposalContent& p, const std::string& k, const std::string& v) {
  if (k == "version") p.version = static_cast<std::uint8_t>(to_int(v));
  else if (k == "release") p.release = static_cast<std::uint8_t>(to_int(v));
  else if (k == "max_conns") p.max_conns = static_cast<std::uint8_t>(to_int(v));
  else if (k == "max_links") p.max_links = static_cast<std::uint8_t>(to_int(v));
  else if (k == "feature_mask") p.feature_mask = static_cast<std::uint16_t>(to_int(v));
  else if (k == "typev1") p.v1 = to_types(v);
  else if (k == "typev2") p.v2 = to_types(v);
  else if (k == "v2_ext") p.has_v2_ext = to_bool(v);
  else if (k == "smcd_v2_ext") p.has_smcd_v2_ext = to_bool(v);
  else if (k == "ueids") p.ueids = split_list(v);
  else if (k == "seid") p.seid = v;
}

void override_accept_confirm(negotiation::AcceptConfirmContent& m, const std::string& k, const std::string& v) {
  if (k == "version") m.version = static_cast<std::uint8_t>(to_int(v));
  else if (k == "type") m.type_code = to_types(v).wire() == 2 ? static_cast<std::uint8_t>(to_int(v) & 3) : (to_types(v).d ? 1 : 0);
  else if (k == "first_contact") m.first_contact = to_bool(v);
  else if (k == "release") fce_of(m).release = static_cast<std::uint8_t>(to_int(v));
  else if (k == "max_conns") fce_of(m).max_conns = static_cast<std::uint8_t>(to_int(v));
  else if (k == "max_links") fce_of(m).max_links = static_cast<std::uint8_t>(to_int(v));
  else if (k == "feature_mask") fce_of(m).feature_mask = static_cast<std::uint16_t>(to_int(v));
  else if (k == "os_type") fce_of(m).os_type = static_cast<std::uint8_t>(to_int(v));
  else if (k == "eid") m.eid = v;
  else if (k == "qpn") m.qpn = static_cast<std::uint32_t>(to_int(v));
}

void override_decline(negotiation::DeclineContent& d, const std::string& k, const std::string& v) {
  if (k == "code") d.code = static_cast<clc::DeclineCode>(static_cast<std::uint32_t>(to_int(v)));
  else if (k == "version") d.version = static_cast<std::uint8_t>(to_int(v));
  else if (k == "out_of_sync") d.out_of_sync = to_bool(v);
}

}  // namespace

std::optional<ClcKind> clc_kind_from_string(const std::string& s) {
  if (s == "proposal") return ClcKind::Proposal;
  if (s == "accept") return ClcKind::Accept;
  if (s == "confirm") return ClcKind::Confirm;
  if (s == "decline") return ClcKind::Decline;
  return std::nullopt;
}

ScriptedPeer::ScriptedPeer(ScriptedSide side) : side_(std::move(side)) {
  if (side_.is_client) shadow_client_.emplace(side_.host, side_.conn, side_.profile);
  else shadow_server_.emplace(side_.host, side_.conn, side_.profile);
}

void ScriptedPeer::feed_shadow(const wire::Bytes& message) {
  handshake::Actions acts = shadow_client_ ? shadow_client_->on_bytes(message) : shadow_server_->on_bytes(message);
  // The shadow's link layer is instant: whatever it would send next is the conforming reply.
  for (const auto& a : acts)
    if (const auto* s = std::get_if<handshake::SendClc>(&a)) shadow_sends_[s->kind] = s->bytes;
}

ScriptedPeer::Output ScriptedPeer::start(std::int64_t now_ns, std::int64_t start_ns) {
  start_ns_ = start_ns;
  handshake::Actions acts = shadow_client_ ? shadow_client_->on_established(true) : shadow_server_->on_established(true);
  for (const auto& a : acts)
    if (const auto* s = std::get_if<handshake::SendClc>(&a)) shadow_sends_[s->kind] = s->bytes;
  return run(now_ns);
}

ScriptedPeer::Output ScriptedPeer::on_bytes(wire::ByteView data, std::int64_t now_ns) {
  rx_.insert(rx_.end(), data.begin(), data.end());
  return run(now_ns);
}

ScriptedPeer::Output ScriptedPeer::on_timer(std::int64_t now_ns) { return run(now_ns); }

void ScriptedPeer::on_eof() {
  if (!finished() && side_.steps[pc_].action == ScriptStep::Action::Expect)
    mismatches_.push_back("step " + std::to_string(pc_ + 1) + ": expected " + side_.steps[pc_].message +
                          ", got the end of the connection");
  stopped_ = true;
}

std::optional<wire::Bytes> ScriptedPeer::next_message() {
  auto len = clc::clc_message_length(rx_);
  if (!len) return std::nullopt;
  std::size_t n = *len < 8 ? rx_.size() : *len;  // a broken length takes what is there
  if (rx_.size() < n) return std::nullopt;
  wire::Bytes m(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(n));
  rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(n));
  return m;
}

wire::Bytes ScriptedPeer::build(const ScriptStep& step) {
  auto kind = clc_kind_from_string(step.message);
  auto shadow = kind ? shadow_sends_.find(*kind) : shadow_sends_.end();
  switch (kind.value_or(ClcKind::Decline)) {
    case ClcKind::Proposal: {
      negotiation::ProposalContent p;
      if (shadow != shadow_sends_.end())
        if (auto d = handshake::decode_proposal(shadow->second)) p = *d;
      bool drop_v2_ext = false, drop_d_ext = false;
      for (const auto& [k, v] : step.fields) {
        override_proposal(p, k, v);
        drop_v2_ext = drop_v2_ext || (k == "v2_ext" && !to_bool(v));
        drop_d_ext = drop_d_ext || (k == "smcd_v2_ext" && !to_bool(v));
      }
      // The codec always writes the extensions a type needs; a crafted Proposal without
      // them is encoded without that type and the type bits put back afterwards (byte 7:
      // version << 4 | typev2 << 2 | typev1).
      negotiation::TypeSet wanted = p.v2;
      if (drop_v2_ext) p.v2 = {};
      else if (drop_d_ext && p.v2.d) p.v2 = {true, false};
      wire::Bytes b = handshake::encode_proposal(p);
      if ((drop_v2_ext || drop_d_ext) && b.size() > 7)
        b[7] = static_cast<std::uint8_t>((b[7] & 0xf3) | (wanted.wire() << 2));
      return b;
    }
    case ClcKind::Accept:
    case ClcKind::Confirm: {
      negotiation::AcceptConfirmContent m;
      bool from_shadow = false;
      if (shadow != shadow_sends_.end())
        if (auto d = clc::ClcAcceptConfirm::decode(shadow->second)) {
          m = handshake::from_clc(*d);
          from_shadow = true;
        }
      if (!from_shadow) {
        // Nothing conforming to start from (the shadow would have declined): a plain
        // first-contact SMC-R Accept/Confirm of the Proposal's version.
        std::uint8_t v = last_proposal_ && last_proposal_->version >= 2 ? 2 : 1;
        m.version = v;
        m.first_contact = true;
        m.peer_id = side_.host.system_id;
        if (v >= 2) {
          negotiation::FirstContactExt f;
          if (last_proposal_) {
            f.release = last_proposal_->release;
            f.max_conns = last_proposal_->max_conns;
            f.max_links = last_proposal_->max_links;
            if (!last_proposal_->ueids.empty()) m.eid = last_proposal_->ueids.front();
          }
          f.hostname = side_.host.hostname;
          m.fce = f;
        }
      }
      for (const auto& [k, v] : step.fields) override_accept_confirm(m, k, v);
      return handshake::encode_accept_confirm(m, *kind == ClcKind::Confirm);
    }
    case ClcKind::Decline: {
      negotiation::DeclineContent d;
      d.peer_id = side_.host.system_id;
      d.os_type = 2;
      for (const auto& [k, v] : step.fields) override_decline(d, k, v);
      return handshake::encode_decline(d);
    }
  }
  return {};
}

ScriptedPeer::Output ScriptedPeer::run(std::int64_t now_ns) {
  Output out;
  while (!finished()) {
    const ScriptStep& st = side_.steps[pc_];
    if (st.at_ns && now_ns < start_ns_ + *st.at_ns) {
      out.wake_at_ns = start_ns_ + *st.at_ns;
      return out;
    }
    switch (st.action) {
      case ScriptStep::Action::Expect: {
        auto msg = next_message();
        if (!msg) return out;  // wait for more bytes
        std::uint8_t type = msg->size() > 4 ? (*msg)[4] : 0;
        if (st.message != kind_name(type))
          mismatches_.push_back("step " + std::to_string(pc_ + 1) + ": expected " + st.message + ", got " +
                                kind_name(type));
        if (type == 1)
          if (auto p = handshake::decode_proposal(*msg)) last_proposal_ = *p;
        feed_shadow(*msg);
        break;
      }
      case ScriptStep::Action::Send:
        out.sends.push_back(build(st));
        break;
      case ScriptStep::Action::SendRaw:
        out.sends.push_back(st.raw);
        break;
      case ScriptStep::Action::Silent:
        if (!silent_until_) silent_until_ = now_ns + st.duration_ns;
        if (now_ns < *silent_until_) {
          out.wake_at_ns = *silent_until_;
          return out;
        }
        silent_until_.reset();
        break;
      case ScriptStep::Action::Close:
        out.close = true;
        stopped_ = true;
        break;
      case ScriptStep::Action::Reset:
        out.reset = true;
        stopped_ = true;
        break;
    }
    ++pc_;
  }
  return out;
}

}  // namespace smc::world
