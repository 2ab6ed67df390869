#include "conformance/campaign/invariants.h"

#include <algorithm>

#include <cstdio>

#include "conformance/campaign/oracle.h"

namespace smc::conformance::campaign {

using world::ConnectionOutcome;

const char* to_string(Invariant i) {
  switch (i) {
    case Invariant::Agreement: return "agreement";
    case Invariant::Oracle: return "oracle";
    case Invariant::Data: return "data";
    case Invariant::Resources: return "resources";
    case Invariant::Budget: return "budget";
    case Invariant::Determinism: return "determinism";
  }
  return "?";
}

std::optional<Invariant> invariant_by_name(std::string_view name) {
  for (auto i : kAllInvariants)
    if (name == to_string(i)) return i;
  return std::nullopt;
}

std::string Violation::to_string() const {
  return std::string(campaign::to_string(invariant)) + ": " + (connection.empty() ? "" : connection + ": ") + message;
}

std::string connection_name(const ConnectionOutcome& c) { return c.client_app + "#" + std::to_string(c.index); }

namespace {

constexpr const char* kPeerDeclPrefix = "TCP 0x05000000/";

bool is_smc(const std::string& v) { return v == "SMCR" || v == "SMCD"; }

// "TCP 0x03030000" (this side declined or detected locally): the code, else "".
std::string own_code(const std::string& v) {
  if (v.rfind("TCP 0x", 0) != 0 || v.find('/') != std::string::npos) return {};
  return v.substr(4);
}
// "TCP 0x05000000/0x03030000": the peer's code, else "".
std::string peer_code(const std::string& v) {
  return v.rfind(kPeerDeclPrefix, 0) == 0 ? v.substr(std::string(kPeerDeclPrefix).size()) : std::string{};
}

// Whether the two views can belong to one connection (fallback-causes.md §3.1, §3.3).
bool agree(const std::string& cv, const std::string& sv) {
  if (is_smc(cv) || is_smc(sv)) return cv == sv;
  if (auto p = peer_code(cv); !p.empty()) return sv == "TCP " + p;  // the server declined with p
  if (auto p = peer_code(sv); !p.empty()) return cv == "TCP " + p;  // the client declined with p
  if (auto c = own_code(cv); !c.empty()) {
    // 0x03010000 is detected on each side without a Decline; 0x02010000 may time out on both
    // sides at once (§12 row 5, equal timers). Any other code was sent as a Decline: the server
    // recorded it, or never got it and dropped the connection.
    if (c == "0x03010000") return sv == cv || sv == "-" || sv == "dropped";
    if (c == "0x02010000" && sv == cv) return true;
    // A plain server behind a reflecting middlebox (§12 row 73, N1) reads the Decline as data.
    return sv == "dropped" || sv == "-";
  }
  if (cv == "-") return sv == "-" || sv == "TCP 0x03010000";
  if (cv == "failed" || cv == "pending") return sv == "dropped" || sv == "-" || sv == "pending";
  return false;
}

const scenarios::AppSpec* app_named(const scenarios::Scenario& s, const std::string& name) {
  for (const auto& a : s.apps)
    if (a.name == name) return &a;
  return nullptr;
}

std::string join(const std::set<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : " | ") + x;
  return out;
}

}  // namespace

std::vector<Violation> check_agreement(const std::vector<ConnectionOutcome>& conns, const scenarios::Scenario* s) {
  std::vector<Violation> out;
  for (const auto& c : conns) {
    std::string cv = client_view(c), sv = server_view(c);
    if (s && !agree(cv, sv)) {
      const auto* cli = app_named(*s, c.client_app);
      const auto* srv = app_named(*s, c.server_app);
      if (cli && srv) {
        OracleVerdict v = oracle_for(*s, *cli, *srv);
        if (v.undecidable && (sv == "dropped" || (cv == "failed" && !is_smc(sv)))) continue;
        // A cut path can hold the client's Confirm up until the link group it reused is gone
        // (the client, already SMC-R, then aborts its connection); the late Confirm finds no
        // link and the server declines after it. Linux has the same split (§12 row 6).
        const bool declined_after_confirm =
            !c.wire.empty() && c.wire.back().rfind("D(S->C", 0) == 0 &&
            std::find(c.wire.begin(), c.wire.end(), std::string("C")) != c.wire.end();
        if (v.undecidable && is_smc(cv) && declined_after_confirm && own_code(sv).size()) continue;
        // A server held up behind a hanging first contact (the link-group lock) may decline
        // after the client's CLC timer fired: the oracle then allows the client's failure.
        if (cv == "failed" && v.client.count("failed") && own_code(sv).size()) continue;
      }
    }
    if (!agree(cv, sv))
      out.push_back({Invariant::Agreement, connection_name(c), "client shows '" + cv + "' but server shows '" + sv + "'"});
  }
  return out;
}

std::vector<Violation> check_oracle(const scenarios::Scenario& s, const std::vector<ConnectionOutcome>& conns) {
  std::vector<Violation> out;
  for (const auto& c : conns) {
    const auto* cli = app_named(s, c.client_app);
    const auto* srv = app_named(s, c.server_app);
    if (!cli || !srv) {
      out.push_back({Invariant::Oracle, connection_name(c), "the connection's apps are not in the scenario"});
      continue;
    }
    OracleVerdict v = oracle_for(s, *cli, *srv);
    if (v.undecidable) continue;  // agreement and data still apply
    std::string cv = client_view(c), sv = server_view(c);
    // A side still inside its handshake is the resources checker's finding.
    if (cv != "pending" && !v.client.count(cv))
      out.push_back({Invariant::Oracle, connection_name(c),
                     "client shows '" + cv + "', the reference allows {" + join(v.client) + "} (" + v.rule + ")"});
    if (sv != "pending" && !v.server.count(sv))
      out.push_back({Invariant::Oracle, connection_name(c),
                     "server shows '" + sv + "', the reference allows {" + join(v.server) + "} (" + v.rule + ")"});
  }
  return out;
}

std::vector<Violation> check_data(const scenarios::Scenario& s, const std::vector<ConnectionOutcome>& conns) {
  std::vector<Violation> out;
  for (const auto& c : conns) {
    const auto* cli = app_named(s, c.client_app);
    if (!cli || cli->send_bytes <= 0) continue;
    std::string cv = client_view(c), sv = server_view(c);
    // An error the application sees excuses missing data: connect() failed, a reset, or the
    // server side never got the connection.
    bool error_seen = c.client_errno.has_value() || c.server_reset || cv == "failed" || cv == "pending" ||
                      sv == "dropped" || sv == "pending";
    if (error_seen) continue;
    // Loss the scenario asks for: a middlebox that drops client payload black-holes the bytes
    // (TCP retransmits far beyond the run).
    // Likewise a reflected option in front of a plain server (§12 row 73, N1): the server
    // application reads the client's CLC bytes as data.
    bool drops = false;
    const auto* srv = app_named(s, c.server_app);
    const bool loopback = srv && srv->host == cli->host;  // no middlebox on loopback
    for (const auto& m : s.middleboxes)
      if (!loopback)
      drops = drops || (m.kind == "drop" && m.direction == "client-to-server") || (m.kind == "echo-syn-options" && sv == "-");
    if (drops) continue;
    // Random loss, a partition or a link down may push TCP's backed-off retransmissions past
    // the end of the run (an RTO of 1 s without an RTT sample doubles to 16 s in 4 losses).
    // SMC data travels over RDMA, which packet loss on the IP path does not touch: only a cut
    // (partition, link down: the fabric follows the cables) excuses it there.
    bool cut = false;
    for (const auto& f : s.faults) cut = cut || f.kind == "partition" || f.kind == "link-down";
    if (srv && oracle_for(s, *cli, *srv).undecidable && (!is_smc(cv) || cut)) continue;
    // A plain server application that is neither an echo nor speaks (behaviour "smc" or
    // unset) closes after its first read (docs/scenario-format.md [[app]]): what the client
    // wrote after that first segment is lost with the reset, which the client sees only if it
    // reads again.
    if (sv == "-" && srv && !srv->echo && srv->behaviour != "silent" && srv->behaviour != "own-protocol" &&
        srv->behaviour != "speaks-first")
      continue;
    // §12 row 5: with equal LLC timers both sides decline at once and each application reads
    // the peer's Decline bytes as data (the reference's inferred kernel behaviour).
    bool both_declined = false, c_decl = false, s_decl = false;
    for (const auto& w : c.wire) c_decl = c_decl || w.rfind("D(C->S", 0) == 0, s_decl = s_decl || w.rfind("D(S->C", 0) == 0;
    both_declined = c_decl && s_decl;
    if (both_declined) continue;
    if (!c.data_sent)
      out.push_back({Invariant::Data, connection_name(c),
                     "the client never wrote its " + std::to_string(cli->send_bytes) + " bytes, yet saw no error (" + cv +
                         " / " + sv + ")"});
    else if (!c.data_intact)
      out.push_back({Invariant::Data, connection_name(c),
                     std::to_string(cli->send_bytes) + " bytes written, not received once and in order, and no error seen (" +
                         cv + " / " + sv + ")"});
  }
  return out;
}

std::vector<Violation> check_resources(const scenarios::Scenario& s, const CampaignRun& run) {
  std::vector<Violation> out;
  // Every handshake timer of every profile (6 s CLC + 4 s LLC + 1 s + 2 s Add Link + 1 s) is
  // over well within 20 s; a side that has not finished by then holds a leaked state.
  constexpr std::int64_t kSettleNs = 20'000'000'000LL;
  for (const auto& c : run.run.connections) {
    const auto* cli = app_named(s, c.client_app);
    const auto* srv = app_named(s, c.server_app);
    if (!cli || !srv) continue;
    std::int64_t start = cli->start_ns.value_or(0) + (c.index - 1) * 1'000'000LL;
    if (s.duration_ns - start < kSettleNs) continue;
    OracleVerdict v = oracle_for(s, *cli, *srv);
    std::string cv = client_view(c), sv = server_view(c);
    if (cv == "pending" && !v.client.count("pending"))
      out.push_back({Invariant::Resources, connection_name(c), "the client is still in its handshake when the run ends"});
    if (sv == "pending" && !v.server.count("pending"))
      out.push_back({Invariant::Resources, connection_name(c), "the server is still in its handshake when the run ends"});
  }
  // The link layer and the devices (campaign_world.h: after the settle, after the shutdown).
  if (!run.settle_error.empty())
    out.push_back({Invariant::Resources, "", "the link layer did not settle after the run: " + run.settle_error});
  for (const auto& h : run.hosts) {
    if (h.idle_groups || h.terminated_groups)
      out.push_back({Invariant::Resources, "",
                     h.host + ": " + std::to_string(h.idle_groups) + " link groups without a connection and " +
                         std::to_string(h.terminated_groups) + " terminated ones still there " +
                         std::to_string(kSettleHorizonNs / 1'000'000'000LL) + " s after the run"});
    if (h.group_connections > h.smcr_sides)
      out.push_back({Invariant::Resources, "",
                     h.host + ": " + std::to_string(h.group_connections) +
                         " connections attached to link groups, but only " + std::to_string(h.smcr_sides) +
                         " connection ends on the host are SMC-R"});
    if (h.device_links != h.group_links)
      out.push_back({Invariant::Resources, "",
                     h.host + ": the devices route events to " + std::to_string(h.device_links) +
                         " links, the link groups hold " + std::to_string(h.group_links)});
    for (const auto& d : h.devices)
      if (!d.empty())
        out.push_back({Invariant::Resources, "",
                       h.host + "/" + d.device + ": " + std::to_string(d.pds) + " PDs, " + std::to_string(d.mrs) +
                           " MRs, " + std::to_string(d.cqs) + " CQs, " + std::to_string(d.qps) +
                           " QPs left once every link group was freed"});
  }
  return out;
}

std::vector<Violation> check_budget(const world::WorldRun& run, const InvariantOptions& opt) {
  // Every connection schedules its connect(): a run with connections and no event at all is
  // a simulator that refused to start (a RunError from set-up, e.g. two actors with one name).
  if (run.events == 0 && !run.connections.empty())
    return {{Invariant::Budget, "",
             "no event ran for " + std::to_string(run.connections.size()) +
                 " connections: the simulator refused the run (a set-up RunError, such as a duplicate actor name)"}};
  std::uint64_t budget = opt.budget_base + opt.budget_per_connection * run.connections.size();
  if (run.events <= budget) return {};
  return {{Invariant::Budget, "",
           std::to_string(run.events) + " events for " + std::to_string(run.connections.size()) +
               " connections, over the budget of " + std::to_string(budget)}};
}

std::optional<Violation> check_determinism(const world::WorldSetup& setup, const CampaignRun& first_run) {
  const world::WorldRun& first = first_run.run;
  world::WorldRun again = run_campaign_world(setup, first_run.world_options).run;
  if (again.trace_hash == first.trace_hash && again.trace_records == first.trace_records) return std::nullopt;
  char msg[160];
  std::snprintf(msg, sizeof msg, "seed %llu: trace hash %016llx (%llu records), re-run %016llx (%llu records)",
                static_cast<unsigned long long>(setup.seed), static_cast<unsigned long long>(first.trace_hash),
                static_cast<unsigned long long>(first.trace_records), static_cast<unsigned long long>(again.trace_hash),
                static_cast<unsigned long long>(again.trace_records));
  return Violation{Invariant::Determinism, "", msg};
}

std::vector<Violation> check_run(const scenarios::Scenario& s, const CampaignRun& cr, const InvariantOptions& opt) {
  const world::WorldRun& run = cr.run;
  // A run that never started has nothing else to judge: every side would look "pending".
  if (run.events == 0 && !run.connections.empty()) return check_budget(run, opt);
  std::vector<Violation> out;
  auto add = [&out](std::vector<Violation> v) { out.insert(out.end(), v.begin(), v.end()); };
  add(check_agreement(run.connections, &s));
  add(check_oracle(s, run.connections));
  add(check_data(s, run.connections));
  add(check_resources(s, cr));
  add(check_budget(run, opt));
  return out;
}

}  // namespace smc::conformance::campaign
