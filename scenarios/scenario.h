#pragma once
// A scenario as written in a scenario file: the customer's (or a matrix row's) setup, what
// the applications do, the faults, and what must be observed. Plain values; the runner
// builds a world from them. Every entity keeps its source line so that a problem found
// later (a missing reference, an impossible topology) is still reported as file:line.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace smc::scenarios {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// The line of `key` in the entity's table, or the table's own line when the key was not written.
template <typename Spec>
unsigned line_of(const Spec& spec, const std::string& key) {
  auto it = spec.key_lines.find(key);
  return it == spec.key_lines.end() ? spec.line : it->second;
}

struct InterfaceSpec {
  std::string name;                    // "eth0", "eth0.100"
  std::string segment;                 // the L2 segment it is plugged into ("" for lo/dummy)
  std::optional<std::string> mac;      // default: derived from host and interface index
  std::int64_t mtu = 1500;
  std::vector<std::string> addresses;  // "10.0.0.1/24", "fd00::1/64"
  std::int64_t vlan = 0;               // VLAN id of a sub-interface (0: none)
  std::string lower;                   // the lower device of a VLAN sub-interface
  std::string pnetid;
  std::string netns = "init";
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct RouteSpec {
  std::string to;      // "10.0.1.0/24", "default", "fd00:1::/64"
  std::string via;     // gateway address ("" = on-link)
  std::string dev;     // outgoing interface ("" = derive)
  bool unreachable = false;
  std::string netns = "init";
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct RnicSpec {
  std::string name;                 // "rxe0", "erdma_0", "mlx5_0"
  std::string kind = "rxe";         // rxe | erdma | roce-express | mlx5
  std::string netdev;               // the netdev its port serves
  std::string pnetid;
  std::vector<std::string> gid_types;  // "roce-v1", "roce-v2" (default by kind)
  bool port_up = true;
  std::string netns = "init";
  std::string netns_mode = "shared";   // shared | exclusive
  KeyValues limits;                 // max_qp, max_mr, max_cq, max_mr_size ...
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct IsmSpec {
  std::string name;
  std::string kind = "ism";         // ism | loopback-ism
  std::int64_t version = 2;         // 1 or 2
  std::int64_t chid = 0;
  std::optional<std::int64_t> gid;
  std::string pnetid;
  std::int64_t vlan_slots = 64;
  std::int64_t dmb_slots = 1920;
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct PnetEntrySpec {
  std::string pnetid;
  std::string netdev;   // one of netdev / device
  std::string device;
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct HostSpec {
  std::string name;
  std::string profile;              // kernel profile; default: the scenario's
  bool smc_module = true;
  std::string arch = "x86_64";      // s390x enables SEID by default
  KeyValues sysctls;                // "net.smc.limit_smc_hs" = 1
  std::vector<std::string> ueids;
  std::optional<std::string> seid;
  bool forwarding = false;          // a router
  bool syncookies = false;
  bool ipsec_global = false;        // a system-wide xfrm policy (`ip xfrm policy`): SMC ignores it
  std::vector<PnetEntrySpec> pnet;
  std::vector<InterfaceSpec> interfaces;
  std::vector<RouteSpec> routes;
  std::vector<RnicSpec> rnics;
  std::vector<IsmSpec> isms;
  KeyValues bpf_policy;             // 6.18 hs_ctrl: syn_option, synack_option
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct SegmentSpec {
  std::string name;
  std::optional<std::int64_t> bandwidth_bps;
  std::int64_t delay_ns = 10000;    // one-way propagation
  std::optional<std::int64_t> pps;  // packets-per-second cap per NIC
  std::int64_t mtu = 9000;          // the segment's largest frame payload
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct MiddleboxSpec {
  std::string kind;                 // echo-syn-options | strip-smc-option | drop-smc-syn | ...
  std::string direction = "both";   // syn | syn-ack | both | client-to-server | server-to-client
  std::string on;                   // segment or host the personality applies to
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct FaultSpec {
  std::optional<std::int64_t> at_ns;   // fixed time; or
  std::optional<double> probability;   // seeded probability per packet / operation
  std::string kind;                    // loss-mask | loss | delay | partition | heal | link-down |
                                       // link-up | rdma-blackhole | qp-create-fail | ...
  std::string target;                  // "client/eth0", "lan0", "server/rxe0"
  std::vector<std::int64_t> packets;   // loss-mask: 1-based packet numbers to drop
  std::string direction = "both";
  std::optional<std::int64_t> delay_ns;
  std::optional<std::int64_t> count;   // how many operations fail
  std::string sysctl;                  // sysctl-change: the net.smc sysctl ("vendor_exp_options")
  std::optional<std::int64_t> value;   // sysctl-change: its new value
  std::string message;                 // llc-drop / llc-fail: the LLC message ("confirm-rkey-response")
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct SockoptSpec {
  std::string level;    // SOL_SOCKET | SOL_TCP | SOL_IP | SOL_IPV6 | SOL_SMC
  std::string name;     // TCP_FASTOPEN_CONNECT, SO_RCVBUF, or a number
  std::int64_t value = 1;
  std::string when = "before-connect";   // before-connect | before-listen | after-connect
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct AppSpec {
  std::string name;                 // unique; expectations refer to it
  std::string host;
  std::string role;                 // server | client
  std::string socket = "af_smc";    // af_smc | ipproto_smc | smc_run | tcp2smc | tcp
  std::string binary = "dynamic";   // dynamic | static (matters for smc_run)
  std::string family = "ipv4";      // ipv4 | ipv6
  std::string bind;                 // local address
  std::int64_t port = 0;
  std::string connect;              // "server:5000" or "10.0.0.2:5000" or "[::ffff:10.0.0.2]:5000"
  std::optional<std::int64_t> start_ns;
  std::int64_t connections = 1;     // many short-lived connections
  std::int64_t concurrency = 1;
  std::int64_t send_bytes = 0;
  std::int64_t chunk_bytes = 16384;
  bool echo = false;                // server: echo what it reads; client: expect it back
  bool fastopen = false;            // sendto(MSG_FASTOPEN) instead of connect
  std::string behaviour = "smc";    // non-SMC server personalities: speaks-first | own-protocol | silent
  std::vector<SockoptSpec> sockopts;
  std::string close = "after-data"; // after-data | never | abort | shutdown-write | after-eof
  std::optional<std::int64_t> close_at_ns;  // close (or shut down, or abort) at this time instead
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct ScriptStepSpec {
  std::optional<std::int64_t> at_ns;
  std::string action;      // expect | send | send-raw | silent | close | reset
  std::string message;     // expect/send: proposal | accept | confirm | decline | confirm-link ...
  KeyValues fields;        // send: fields overridden in the engine-built message
  std::string hex;         // send-raw
  std::optional<std::int64_t> duration_ns;  // silent
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct ScriptedPeerSpec {
  std::string name;
  std::string host;
  std::string role;        // server | client
  std::int64_t port = 0;
  std::string connect;
  std::vector<ScriptStepSpec> steps;
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct ExpectSpec {
  std::string app;                  // app (or scripted peer) the expectation is about
  std::optional<std::int64_t> connection;  // 1-based; default: every connection of the app
  std::string mode;                 // SMCR | SMCD | TCP | plain | dropped | failed | INIT
  std::optional<std::uint32_t> local_code;
  std::optional<std::uint32_t> peer_code;
  std::string error;                // errno the application must see: ETIMEDOUT, EPROTO ...
  bool data_intact = false;
  std::vector<std::string> wire;    // CLC messages in order: P, A, C, D(C->S) ...
  KeyValues counters;               // "fallback.client.0x03030000" = 1
  std::optional<std::int64_t> link_groups;
  std::string state;                // smcss State of the app's SMC socket at the end: CLOSED, ACTIVE ...
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

// [perf]: a performance case (docs/performance-model.md). The same workload runs over TCP and
// over SMC-R in the performance model; `expect` says which must be faster by more than
// `tolerance` (a fraction: 0.05 = 5 %), or that neither is.
struct PerfSpec {
  std::string client;               // the client app whose connection is measured (default: the first)
  std::string workload = "request-response";  // request-response | bulk | short-lived
  std::int64_t requests = 1000;
  std::int64_t request_bytes = 64;
  std::int64_t response_bytes = 64;
  std::int64_t concurrency = 1;
  std::int64_t compute_ns = 0;      // server work per request
  std::int64_t bytes = 0;           // bulk
  std::int64_t chunk_bytes = 65536; // bulk: one send() each
  std::int64_t connections = 0;     // short-lived: one request each
  std::string metric;               // qps | throughput | latency ("" = qps, bulk: throughput)
  std::string expect;               // smc-faster | tcp-faster | same
  double tolerance = 0.05;
  KeyValues model;                  // overrides of the model's CPU parameters
  unsigned line = 0;
  std::map<std::string, unsigned> key_lines;  // where each key was written
};

struct Scenario {
  std::string file;
  std::string id;
  std::string title;
  std::string reference;            // the reference section it checks
  std::string description;
  std::uint64_t seed = 1;
  std::int64_t duration_ns = 30'000'000'000LL;
  std::string profile = "linux-6.18";
  std::string deviation;            // non-empty: deviation-expected, with the reason
  std::vector<std::string> backends;   // where it can run: sim, kernel-lab, rxe
  std::vector<HostSpec> hosts;
  std::vector<SegmentSpec> segments;
  std::vector<MiddleboxSpec> middleboxes;
  std::vector<FaultSpec> faults;
  std::vector<AppSpec> apps;
  std::vector<ScriptedPeerSpec> scripted_peers;
  std::vector<ExpectSpec> expectations;
  std::optional<PerfSpec> perf;       // [perf]: a performance case
};

}  // namespace smc::scenarios
