#include "protocol/handshake/server_handshake.h"

#include "protocol/clc/clc_message.h"
#include "protocol/handshake/clc_adapter.h"
#include "protocol/handshake/clc_receiver.h"
#include "protocol/negotiation/accept_checks.h"
#include "protocol/negotiation/server_version_check.h"
#include "protocol/negotiation/vendor_options.h"

namespace smc::handshake {

using clc::DeclineCode;

ServerHandshake::ServerHandshake(negotiation::HostSnapshot host, negotiation::ConnectionContext conn,
                                 negotiation::EngineProfile profile, LinkLayer* link,
                                 negotiation::PathSetupOutcomes setup)
    : host_(std::move(host)),
      conn_(std::move(conn)),
      profile_(std::move(profile)),
      link_(link ? link : &null_link_),
      setup_(setup) {}

void ServerHandshake::release_link() {
  if (!link_prepared_) return;
  link_prepared_ = false;
  link_->abandon();
}

Actions ServerHandshake::fall_back(DeclineCode local, bool send_decline, Actions out) {
  release_link();
  if (send_decline) {
    negotiation::DeclineContent d;
    d.version = proposal_version_;
    d.code = local;
    d.out_of_sync = local == DeclineCode::SyncError;
    d.peer_id = negotiation::is_smcd(path_.kind) ? negotiation::SystemId{} : host_.system_id;
    d.os_type = proposal_version_ >= 2 ? 2 : 0;
    out.push_back(SendClc{ClcKind::Decline, encode_decline(d)});
  }
  record_.switch_to_fallback(local);
  record_.set_state(socket::SocketState::Active);
  out.push_back(FallBack{local, std::nullopt});
  state_ = State::Done;
  return out;
}

Actions ServerHandshake::peer_declined(const wire::Bytes& msg, Actions out) {
  release_link();
  auto d = clc::ClcDecline::decode(msg);
  if (!d) return drop(std::move(out));
  // Raw: a peer may send a code this build does not name, and smcss still shows it.
  auto peer = static_cast<DeclineCode>(d->peer_diagnosis);
  record_.record_peer_decline(peer);
  record_.set_state(socket::SocketState::Active);
  out.push_back(FallBack{DeclineCode::PeerDeclined, peer});
  state_ = State::Done;
  return out;
}

// §3.3: the child is closed; closing a TCP socket with unread bytes sends RST.
Actions ServerHandshake::drop(Actions out) {
  release_link();
  record_.set_state(socket::SocketState::Closed);
  out.push_back(DropConnection{!rx_.empty()});
  dropped_ = true;
  state_ = State::Done;
  return out;
}

Actions ServerHandshake::on_established(bool child_syn_smc) {
  if (state_ != State::WaitEstablished) return {};
  if (!child_syn_smc) return fall_back(DeclineCode::PeerNoSmc, false);  // S2
  state_ = State::WaitProposal;
  return actions_of(ArmTimer{TimerName::ClcWait, profile_.clc_wait});
}

Actions ServerHandshake::on_bytes(wire::ByteView data) {
  rx_.insert(rx_.end(), data.begin(), data.end());
  switch (state_) {
    case State::WaitProposal: return process_proposal();
    case State::WaitConfirm: return process_confirm();
    case State::WaitDeclineAfterLink: return check_decline_buffer({});
    default: return {};
  }
}

Actions ServerHandshake::process_proposal() {
  Framed f = take_clc_message(rx_, clc::ClcType::Proposal);
  if (f.status == FrameStatus::NeedMore) return {};
  Actions out = actions_of(CancelTimer{TimerName::ClcWait});
  if (f.status == FrameStatus::ProtocolError) return drop(std::move(out));
  if (f.type == clc::ClcType::Decline) return peer_declined(f.message, std::move(out));
  auto p = decode_proposal(f.message);
  if (!p || !negotiation::proposal_is_valid(*p, profile_)) return drop(std::move(out));  // S4
  proposal_version_ = p->version >= 2 ? 2 : 1;
  if (conn_.ipsec_policy) return fall_back(DeclineCode::Ipsec, true, std::move(out));  // S5
  auto plan = negotiation::server_version_check(*p, host_, profile_);             // S7, S8
  if (!plan) return fall_back(plan.error(), true, std::move(out));
  auto choice = negotiation::server_device_search(*p, *plan, host_, conn_, profile_, setup_);  // S9
  if (!choice) return fall_back(choice.error(), true, std::move(out));
  path_ = choice->path;
  // Anolis: the options both sides enable go back in the Accept's FCE (§5 0x0303000c).
  // Only a v2 first-contact FCE carries it, and an SMC-D release-0 FCE ends before the word.
  bool fce_has_word = negotiation::is_v2(path_.kind) && path_.first_contact &&
                      !(negotiation::is_smcd(path_.kind) && path_.release == 0);
  path_.vendor_options = fce_has_word ? negotiation::server_vendor_answer(p->vendor_options, host_, profile_) : 0;

  negotiation::AcceptConfirmContent a;
  bool v2 = negotiation::is_v2(path_.kind);
  a.version = v2 ? 2 : 1;
  a.type_code = negotiation::is_smcd(path_.kind) ? 1 : 0;
  a.first_contact = path_.first_contact;
  a.peer_id = host_.system_id;
  a.gid = path_.local_gid;
  a.ism_gid = path_.local_ism_gid;
  a.chid = path_.chid;
  a.eid = path_.eid;
  if (a.type_code == 0) {
    // The link layer creates or reuses the link group, link and RMB now: the Accept
    // carries their QP number, PSN, MTU, rkey, address, size and alert token.
    SmcrLinkFields hello;
    hello.peer_id = p->system_id;
    hello.mac = p->mac;
    link_prepared_ = true;
    auto fields = link_->prepare_accept(path_, hello);
    if (!fields) return fall_back(fields.error(), true, std::move(out));
    fields->fill(a);
  }
  if (v2 && path_.first_contact) {
    negotiation::FirstContactExt fce;
    fce.v2_direct = path_.v2_direct;
    fce.release = path_.release;
    fce.hostname = host_.hostname;
    if (path_.release >= 1 && a.type_code == 0) {
      fce.max_conns = path_.max_conns;
      fce.max_links = path_.max_links;
    }
    fce.feature_mask = path_.feature_mask;
    fce.vendor_options = path_.vendor_options;
    a.fce = fce;
  }
  if (a.type_code == 0 && link_->accept_pending()) {
    held_accept_ = encode_accept_confirm(a, false);
    state_ = State::WaitAcceptReady;
    return out;
  }
  out.push_back(SendClc{ClcKind::Accept, encode_accept_confirm(a, false)});
  out.push_back(ArmTimer{TimerName::ClcWait, profile_.clc_wait});
  state_ = State::WaitConfirm;
  return out;
}

Actions ServerHandshake::on_accept_ready(std::optional<DeclineCode> failure) {
  if (state_ != State::WaitAcceptReady || !held_accept_) return {};
  wire::Bytes accept = std::move(*held_accept_);
  held_accept_.reset();
  if (failure) return fall_back(*failure, true);
  state_ = State::WaitConfirm;
  Actions out;
  out.push_back(SendClc{ClcKind::Accept, std::move(accept)});
  out.push_back(ArmTimer{TimerName::ClcWait, profile_.clc_wait});
  return out;
}

Actions ServerHandshake::process_confirm() {
  Framed f = take_clc_message(rx_, clc::ClcType::Confirm);
  if (f.status == FrameStatus::NeedMore) return {};
  Actions out = actions_of(CancelTimer{TimerName::ClcWait});
  if (f.status == FrameStatus::ProtocolError) return drop(std::move(out));
  if (f.type == clc::ClcType::Decline) return peer_declined(f.message, std::move(out));
  auto c = clc::ClcAcceptConfirm::decode(f.message, clc::ClcType::Confirm);
  if (!c) return drop(std::move(out));
  negotiation::AcceptConfirmContent confirm = from_clc(*c);
  if (auto e = negotiation::server_check_confirm(path_, confirm))  // S12
    return fall_back(*e, true, std::move(out));
  if (path_.first_contact && negotiation::is_v2(path_.kind) && confirm.fce)  // S12, Anolis
    if (auto e = negotiation::server_check_vendor(confirm.fce->vendor_options, path_.vendor_options, host_, profile_))
      return fall_back(*e, true, std::move(out));
  if (!negotiation::is_smcd(path_.kind)) {
    link_prepared_ = true;
    if (auto e = link_->prepare_server_with(path_, SmcrLinkFields::from(from_clc(*c))))
      return fall_back(*e, true, std::move(out));
    if (path_.first_contact) {
      state_ = State::WaitLink;
      out.push_back(StartLinkSetup{path_});
      out.push_back(ArmTimer{TimerName::FirstConfirmLink, profile_.server_confirm_link});
      return out;
    }
  }
  return established(std::move(out));
}

Actions ServerHandshake::established(Actions out) {
  record_.set_smc_mode(negotiation::is_smcd(path_.kind));
  record_.set_state(socket::SocketState::Active);
  out.push_back(SmcEstablished{path_});
  state_ = State::Done;
  return out;
}

Actions ServerHandshake::check_decline_buffer(Actions out) {
  Framed f = take_clc_message(rx_, clc::ClcType::Decline);
  if (f.status == FrameStatus::NeedMore) return out;
  out.push_back(CancelTimer{TimerName::DeclineWait});
  if (f.status == FrameStatus::ProtocolError) return drop(std::move(out));
  return peer_declined(f.message, std::move(out));
}

Actions ServerHandshake::on_timer(TimerName name) {
  if ((state_ == State::WaitProposal || state_ == State::WaitConfirm) && name == TimerName::ClcWait) return drop();
  if (state_ == State::WaitLink && name == TimerName::FirstConfirmLink) {
    state_ = State::WaitDeclineAfterLink;
    return check_decline_buffer(actions_of(ArmTimer{TimerName::DeclineWait, profile_.clc_short_wait}));
  }
  if (state_ == State::WaitDeclineAfterLink && name == TimerName::DeclineWait)
    return fall_back(DeclineCode::TimeoutConfirmLink, true);
  return {};
}

Actions ServerHandshake::on_eof() {
  if (state_ == State::WaitProposal || state_ == State::WaitConfirm) return drop(actions_of(CancelTimer{TimerName::ClcWait}));
  return {};
}

Actions ServerHandshake::on_reset() { return on_eof(); }

Actions ServerHandshake::on_link_confirmed() {
  if (state_ != State::WaitLink) return {};
  return established(actions_of(CancelTimer{TimerName::FirstConfirmLink}));
}

Actions ServerHandshake::on_link_failed(DeclineCode code) {
  if (state_ != State::WaitLink) return {};
  return fall_back(code, true, actions_of(CancelTimer{TimerName::FirstConfirmLink}));
}

}  // namespace smc::handshake
