#include "protocol/handshake/client_handshake.h"

#include <cerrno>

#include "protocol/clc/clc_message.h"
#include "protocol/handshake/clc_adapter.h"
#include "protocol/handshake/clc_receiver.h"
#include "protocol/negotiation/accept_checks.h"

namespace smc::handshake {

using clc::DeclineCode;

ClientHandshake::ClientHandshake(negotiation::HostSnapshot host, negotiation::ConnectionContext conn,
                                 negotiation::EngineProfile profile, LinkLayer* link)
    : host_(std::move(host)), conn_(std::move(conn)), profile_(std::move(profile)), link_(link ? link : &null_link_) {
  record_.set_state(socket::SocketState::Init);
}

void ClientHandshake::release_link() {
  if (!link_prepared_) return;
  link_prepared_ = false;
  link_->abandon();
}

Actions ClientHandshake::fall_back(DeclineCode local, std::uint8_t decline_version, Actions out) {
  release_link();
  // §3.1: a positive local code is declined to the peer; PEERDECL and pre-CLC codes are not.
  if (decline_version) {
    negotiation::DeclineContent d;
    d.version = decline_version;
    d.code = local;
    d.out_of_sync = local == DeclineCode::SyncError;
    d.peer_id = host_.system_id;
    d.os_type = decline_version >= 2 ? 2 : 0;
    out.push_back(SendClc{ClcKind::Decline, encode_decline(d)});
  }
  record_.switch_to_fallback(local);
  record_.set_state(socket::SocketState::Active);
  out.push_back(FallBack{local, std::nullopt});
  state_ = State::Done;
  return out;
}

Actions ClientHandshake::peer_declined(const wire::Bytes& msg, Actions out) {
  release_link();
  auto d = clc::ClcDecline::decode(msg);
  if (!d) return hard_error(EPROTO, std::move(out));
  // Raw: a peer may send a code this build does not name, and smcss still shows it.
  auto peer = static_cast<DeclineCode>(d->peer_diagnosis);
  record_.record_peer_decline(peer);
  record_.set_state(socket::SocketState::Active);
  out.push_back(FallBack{DeclineCode::PeerDeclined, peer});
  state_ = State::Done;
  return out;
}

Actions ClientHandshake::hard_error(int err, Actions out) {
  release_link();
  record_.set_state(socket::SocketState::Closed);
  out.push_back(HardError{err});
  state_ = State::Done;
  return out;
}

Actions ClientHandshake::on_established(bool synack_had_option) {
  if (state_ != State::WaitEstablished) return {};
  if (!synack_had_option) return fall_back(DeclineCode::PeerNoSmc, 0);  // C2
  std::uint8_t early = negotiation::client_early_decline_version(host_, profile_);
  if (conn_.ipsec_policy) return fall_back(DeclineCode::Ipsec, early);  // C3
  auto offer = negotiation::build_client_offer(host_, conn_, profile_);  // C5–C8
  if (!offer) return fall_back(offer.error(), early);
  offer_ = std::move(*offer);
  state_ = State::WaitAccept;
  return actions_of(SendClc{ClcKind::Proposal, encode_proposal(offer_.proposal)},
                    ArmTimer{TimerName::ClcWait, profile_.clc_wait});
}

Actions ClientHandshake::on_bytes(wire::ByteView data) {
  rx_.insert(rx_.end(), data.begin(), data.end());
  switch (state_) {
    case State::WaitAccept: return process_accept();
    case State::WaitDeclineAfterLink:
    case State::WaitDeclineAfterAddLink: return check_decline_buffer({});
    default: return {};  // the LLC waits do not read TCP; bytes stay queued
  }
}

Actions ClientHandshake::process_accept() {
  Framed f = take_clc_message(rx_, clc::ClcType::Accept);
  if (f.status == FrameStatus::NeedMore) return {};
  Actions out = actions_of(CancelTimer{TimerName::ClcWait});
  if (f.status == FrameStatus::ProtocolError) return hard_error(EPROTO, std::move(out));
  if (f.type == clc::ClcType::Decline) return peer_declined(f.message, std::move(out));
  auto acc = clc::ClcAcceptConfirm::decode(f.message, clc::ClcType::Accept);
  if (!acc) return hard_error(EPROTO, std::move(out));
  negotiation::AcceptConfirmContent a = from_clc(*acc);
  accept_version_ = a.version >= 2 ? 2 : 1;
  auto checked = negotiation::client_check_accept(offer_, a, host_, conn_, profile_);
  if (!checked) {
    if (checked.error().protocol_error || !checked.error().code) return hard_error(EPROTO, std::move(out));
    return fall_back(*checked.error().code, accept_version_, std::move(out));
  }
  path_ = *checked;
  link_prepared_ = true;
  auto fields = link_->prepare_confirm(path_, SmcrLinkFields::from(a));
  if (!fields) return fall_back(fields.error(), accept_version_, std::move(out));

  negotiation::AcceptConfirmContent conf;
  conf.version = a.version;
  conf.type_code = a.type_code;
  conf.first_contact = a.first_contact;
  conf.peer_id = host_.system_id;
  conf.gid = path_.local_gid;
  conf.ism_gid = path_.local_ism_gid;
  conf.chid = path_.chid;
  conf.eid = a.eid;
  if (a.type_code == 0) fields->fill(conf);
  if (a.version >= 2 && a.first_contact && a.fce) {
    negotiation::FirstContactExt fce = *a.fce;
    fce.release = path_.release;
    fce.hostname = host_.hostname;
    fce.feature_mask = path_.feature_mask;
    conf.fce = fce;
    if (a.type_code == 0) conf.gid_list.push_back(path_.local_gid);
  }
  out.push_back(SendClc{ClcKind::Confirm, encode_accept_confirm(conf, true)});
  if (path_.kind == negotiation::PathKind::SmcRv1 || path_.kind == negotiation::PathKind::SmcRv2) {
    if (path_.first_contact) {
      state_ = State::WaitLink;
      out.push_back(StartLinkSetup{path_});
      out.push_back(ArmTimer{TimerName::FirstConfirmLink, profile_.client_first_confirm_link});
      return out;
    }
  }
  return established(std::move(out));
}

Actions ClientHandshake::established(Actions out) {
  record_.set_smc_mode(negotiation::is_smcd(path_.kind));
  record_.set_state(socket::SocketState::Active);
  out.push_back(SmcEstablished{path_});
  state_ = State::Done;
  return out;
}

// In the short waits after an LLC timeout only a Decline explains the failure.
Actions ClientHandshake::check_decline_buffer(Actions out) {
  Framed f = take_clc_message(rx_, clc::ClcType::Decline);
  if (f.status == FrameStatus::NeedMore) return out;
  out.push_back(CancelTimer{TimerName::DeclineWait});
  if (f.status == FrameStatus::ProtocolError) return hard_error(EPROTO, std::move(out));
  return peer_declined(f.message, std::move(out));
}

Actions ClientHandshake::on_timer(TimerName name) {
  switch (state_) {
    case State::WaitAccept:
      if (name == TimerName::ClcWait) return hard_error(profile_.clc_timeout_errno);
      break;
    case State::WaitLink:
      if (name == TimerName::FirstConfirmLink) {
        state_ = State::WaitDeclineAfterLink;
        return check_decline_buffer(actions_of(ArmTimer{TimerName::DeclineWait, profile_.clc_short_wait}));
      }
      break;
    case State::WaitDeclineAfterLink:
      if (name == TimerName::DeclineWait) return fall_back(DeclineCode::TimeoutConfirmLink, accept_version_);
      break;
    case State::WaitAddLink:
      if (name == TimerName::AddLinkWait) {
        state_ = State::WaitDeclineAfterAddLink;
        return check_decline_buffer(actions_of(ArmTimer{TimerName::DeclineWait, profile_.clc_short_wait}));
      }
      break;
    case State::WaitDeclineAfterAddLink:
      // No Add Link and no Decline: carry on with one link (0x02020000 is never produced).
      if (name == TimerName::DeclineWait) return established({});
      break;
    default: break;
  }
  return {};
}

Actions ClientHandshake::on_eof() {
  if (state_ == State::WaitAccept) return hard_error(ECONNRESET, actions_of(CancelTimer{TimerName::ClcWait}));
  return {};
}

Actions ClientHandshake::on_reset() { return on_eof(); }

Actions ClientHandshake::on_link_confirmed() {
  if (state_ != State::WaitLink) return {};
  Actions out = actions_of(CancelTimer{TimerName::FirstConfirmLink});
  if (path_.max_links > 1) {
    state_ = State::WaitAddLink;
    out.push_back(ArmTimer{TimerName::AddLinkWait, profile_.add_link_wait});
    return out;
  }
  return established(std::move(out));
}

Actions ClientHandshake::on_link_failed(DeclineCode code) {
  if (state_ != State::WaitLink) return {};
  return fall_back(code, accept_version_, actions_of(CancelTimer{TimerName::FirstConfirmLink}));
}

Actions ClientHandshake::on_add_link_done() {
  if (state_ != State::WaitAddLink) return {};
  return established(actions_of(CancelTimer{TimerName::AddLinkWait}));
}

}  // namespace smc::handshake
