#include "conformance/scenario_link_faults.h"

#include <array>
#include <utility>

namespace smc::conformance {

namespace {

// "server" or "server/roce0": the host part.
std::string host_of(const std::string& target) { return target.substr(0, target.find('/')); }

struct LlcName {
  const char* name;
  llc::LlcType type;
};
constexpr std::array<LlcName, 9> kLlcNames{{
    {"confirm-link", llc::LlcType::ConfirmLink},
    {"add-link", llc::LlcType::AddLink},
    {"add-link-cont", llc::LlcType::AddLinkContinuation},
    {"delete-link", llc::LlcType::DeleteLink},
    {"request-add-link", llc::LlcType::RequestAddLink},
    {"confirm-rkey", llc::LlcType::ConfirmRkey},
    {"delete-rkey", llc::LlcType::DeleteRkey},
    {"test-link", llc::LlcType::TestLink},
    {"announce-credits", llc::LlcType::AnnounceCredits},
}};

// "confirm-rkey" (requests and responses), "confirm-rkey-request", "confirm-rkey-response".
std::optional<world::LlcFault> parse_message(const std::string& m) {
  world::LlcFault f;
  std::string base = m;
  auto ends = [&](const std::string& suffix) {
    return base.size() > suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends("-response")) {
    f.response = true;
    base.resize(base.size() - 9);
  } else if (ends("-request")) {
    f.response = false;
    base.resize(base.size() - 8);
  }
  for (const auto& n : kLlcNames)
    if (base == n.name) {
      f.type = n.type;
      return f;
    }
  return std::nullopt;
}

}  // namespace

bool is_link_fault(const std::string& kind) {
  return kind == "llc-drop" || kind == "llc-fail" || kind == "crafted-confirm-link" || kind == "drop-lgr-silently" ||
         kind == "rtoken-fill" || kind == "lgr-link-race";
}

std::optional<std::string> apply_link_fault(const scenarios::FaultSpec& f, world::ConnectionSetup& cs) {
  const std::string host = host_of(f.target);
  if (host != cs.client_host && host != cs.server_host) return std::nullopt;
  world::InjectedLinkFailures& lf = cs.link_failures;
  if (f.kind == "llc-drop" || f.kind == "llc-fail") {
    auto m = parse_message(f.message);
    if (!m) return std::string("fault '" + f.kind + "': unknown LLC message '" + f.message + "'");
    m->host = host;
    m->action = f.kind == "llc-drop" ? world::LlcFaultAction::Drop : world::LlcFaultAction::Fail;
    lf.llc.push_back(*m);
  } else if (f.kind == "crafted-confirm-link") {
    world::LlcFault m;
    m.host = host;
    m.type = llc::LlcType::ConfirmLink;
    m.response = false;
    m.action = world::LlcFaultAction::ClearNoEyecatcher;
    lf.llc.push_back(m);
  } else if (f.kind == "drop-lgr-silently" || f.kind == "rtoken-fill") {
    if (!f.at_ns) return std::string("fault '" + f.kind + "' needs 'at'");
    lf.events.push_back(world::HostLinkEvent{host, f.kind == "rtoken-fill" ? "rtoken-fill" : "lgr-forget", *f.at_ns});
  } else if (f.kind == "lgr-link-race") {
    lf.reuse_race_hosts.push_back(host);
  }
  return std::nullopt;
}

}  // namespace smc::conformance
