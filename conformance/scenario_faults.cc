#include "conformance/scenario_faults.h"

#include "conformance/scenario_engine_faults.h"
#include "conformance/scenario_lifecycle.h"
#include "conformance/scenario_link_faults.h"
#include "conformance/scenario_network.h"

namespace smc::conformance {

using namespace smc::negotiation;

namespace {

// A fault aimed at a host ("server") or at something on it ("server/rxe0").
bool on_host(const scenarios::FaultSpec& f, const std::string& host) {
  return f.target == host || f.target.rfind(host + "/", 0) == 0;
}

}  // namespace

std::optional<std::string> apply_connection_faults(const scenarios::Scenario& s, const scenarios::HostSpec& client,
                                                   const scenarios::HostSpec& server, world::ConnectionSetup& cs) {
  // Engine-decided socket and host settings (TCP-AO, handshake limitation, concurrency).
  if (auto err = apply_engine_effects(s, client, server, cs)) return err;
  // RDMA resource limits of 0 and resource faults: where the kernel meets them decides
  // the code and who declines (§12 rows 1–3, 66, 67, 69, 70).
  for (const auto& dev : server.rnics)
    for (const auto& [k, v] : dev.limits) {
      if ((k == "max_qp" || k == "max_cq") && v == "0") cs.server_setup.rdma_v1 = cs.server_setup.rdma_v2 = DeclineCode::InternalError;
      if ((k == "max_mr" || k == "max_mr_size") && v == "0") cs.server_setup.rdma_v1 = cs.server_setup.rdma_v2 = DeclineCode::Mem;
    }
  // A full DMB table: the server's SMC-D buffer creation finds no slot (0x030d0000, row 62).
  for (const auto& m : server.isms)
    if (m.dmb_slots == 0) cs.server_setup.ism_v1 = cs.server_setup.ism_v2 = DeclineCode::MaxDmb;
  for (const auto& dev : client.rnics)
    for (const auto& [k, v] : dev.limits) {
      if ((k == "max_qp" || k == "max_cq") && v == "0") cs.link_failures.client_confirm = DeclineCode::InternalError;
      if ((k == "max_mr" || k == "max_mr_size") && v == "0") cs.link_failures.client_confirm = DeclineCode::Mem;
    }
  // rxe sends and routes only in the initial network namespace (kernel-lab.md, 6.1 and
  // 6.12): an rxe device moved into another namespace is found and chosen, but nothing
  // it sends arrives, so the first-contact LLC exchange is lost.
  for (const scenarios::HostSpec* h : {&client, &server})
    for (const auto& dev : h->rnics)
      if (dev.kind == "rxe" && dev.netns != "init") cs.rdma_works = false;
  for (const auto& f : s.faults) {
    if (is_network_fault(f)) continue;  // world-level: conformance/scenario_network.cc
    if (f.kind == "alloc-fail" || f.kind == "qp-create-fail" || f.kind == "qp-modify-fail" || f.kind == "mr-reg-fail") {
      DeclineCode code = f.kind == "alloc-fail" ? DeclineCode::Mem
                         : f.kind == "qp-create-fail"  ? DeclineCode::InternalError
                         : f.kind == "qp-modify-fail"  ? DeclineCode::ReadyLinkError
                                                       : DeclineCode::RegisterBufferError;
      if (on_host(f, cs.client_host)) {
        if (f.kind == "mr-reg-fail") return std::string("fault 'mr-reg-fail' on the client");
        cs.link_failures.client_confirm = code;
        cs.link_failures.client_smcd_too = f.kind == "alloc-fail";
      }
      if (on_host(f, cs.server_host)) {  // both, on a host the two ends share
        // The server allocates buffers and creates its QP while it looks for a device
        // (S9, before the Accept); it registers the RMB after the Confirm (S13).
        if (f.kind == "mr-reg-fail" || f.kind == "qp-modify-fail") cs.link_failures.server_confirm = code;
        else cs.server_setup.rdma_v1 = cs.server_setup.rdma_v2 = code;
        // Buffers fail for SMC-D as well (§5 0x01010000, server trigger 2).
        if (f.kind == "alloc-fail") cs.server_setup.ism_v1 = cs.server_setup.ism_v2 = code;
      }
      continue;
    }
    if (f.kind == "rdma-blackhole") cs.rdma_works = false;
    else if (f.kind == "port-down" || f.kind == "qp-error") {  // lifecycle: scenario_lifecycle.cc
      if (auto err = add_timed_rdma_fault(f, cs)) return err;
    }
    else if (f.kind == "sysctl-change") {  // engine: conformance/scenario_engine_faults.cc
      if (auto err = apply_sysctl_change(f, cs)) return err;
    }
    else if (is_link_fault(f.kind)) {  // link layer: conformance/scenario_link_faults.cc
      if (auto err = apply_link_fault(f, cs)) return err;
    }
    else if (f.kind == "route-vanish") {
      // On a host both ends share, the route vanishes for both sockets.
      if (on_host(f, cs.server_host)) cs.server_conn.vlan_lookup_fails = true;
      if (on_host(f, cs.client_host)) cs.client_conn.vlan_lookup_fails = true;
    }
    else return std::string("fault '" + f.kind + "'");
  }
  return std::nullopt;
}

}  // namespace smc::conformance
