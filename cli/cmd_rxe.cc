// smcsim rxe: the engine end to end on two real RDMA devices of this machine (soft-RoCE in
// the kernel lab's guest): SMC-R first contact over real QPs, `--bytes` each way through
// RDMA WRITE + CDC, verified, then close. Prints both ends' smcss-style view; exit 0 when
// everything passed, 1 when the run failed, 2 for bad arguments, a missing device or a
// build without libibverbs. See hw/engine/engine_pair.h and docs/hw-backend.md.
#include <cstdio>
#include <string>

#include "cli/command.h"
#include "hw/engine/engine_pair.h"
#include "hw/loop/event_loop.h"
#if defined(SMC_HAVE_IBVERBS)
#include "hw/verbs/verbs_device.h"
#endif

namespace smc::cli {

namespace {

struct RxeArgs {
  std::string client_dev = "rxe0";
  std::string server_dev = "rxe1";
  std::uint64_t bytes = 1 << 20;
  unsigned timeout_s = 180;
  std::vector<std::string> ueids;
  unsigned max_links = 2;
  bool verbose = false;
};

#if defined(SMC_HAVE_IBVERBS)
int run_rxe(const RxeArgs& a) {
  auto loop = hw::EventLoop::create();
  if (!loop) throw UsageError("cannot create the event loop (errno " + std::to_string(loop.error()) + ")");
  auto cdev = hw::VerbsDevice::open(**loop, a.client_dev);
  if (!cdev) throw UsageError("cannot open RDMA device " + a.client_dev + ": " + std::string(ports::to_string(cdev.error())));
  auto sdev = hw::VerbsDevice::open(**loop, a.server_dev);
  if (!sdev) throw UsageError("cannot open RDMA device " + a.server_dev + ": " + std::string(ports::to_string(sdev.error())));
  hw::EnginePairConfig config;
  config.bytes = a.bytes;
  config.timeout = static_cast<ports::Nanos>(a.timeout_s) * ports::kSecond;
  if (!a.ueids.empty()) config.ueids = a.ueids;
  config.max_links_per_lgr = static_cast<std::uint8_t>(a.max_links);
  hw::EnginePairReport r = hw::run_engine_pair(**loop, **cdev, **sdev, config);
  if (a.verbose || !r.ok)
    for (bool c : {true, false})
      for (const auto& e : (c ? r.client : r.server).events) std::printf("%s: %s\n", c ? "client" : "server", e.c_str());
  std::fputs(hw::format_engine_pair_report(r, a.bytes).c_str(), stdout);
  std::fflush(stdout);
  return r.ok ? kExitOk : kExitFailed;
}
#else
int run_rxe(const RxeArgs&) {
  throw UsageError("this smcsim was built without libibverbs: `rxe` needs rdma-core (libibverbs-dev)");
}
#endif

}  // namespace

void add_rxe_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "rxe", "run the engine end to end over two real RDMA devices (soft-RoCE): handshake, data both ways, close");
  auto a = std::make_shared<RxeArgs>();
  cmd->add_option("--client-dev", a->client_dev, "RDMA device of the client engine")->capture_default_str();
  cmd->add_option("--server-dev", a->server_dev, "RDMA device of the server engine")->capture_default_str();
  cmd->add_option("--bytes", a->bytes, "bytes each way, verified")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--timeout", a->timeout_s, "seconds for the whole run")->capture_default_str()->check(CLI::Range(1, 3600));
  cmd->add_option("--ueid", a->ueids, "UEID of both engines (SMC-Rv2 needs one; default SMCSIM-RXE-UEID)");
  cmd->add_option("--max-links", a->max_links, "smcr_max_links_per_lgr of both engines")->capture_default_str()->check(CLI::Range(1, 2));
  cmd->add_flag("-v,--verbose", a->verbose, "print each end's events");
  cmd->callback([a, &ctx] { ctx.exit_code = run_rxe(*a); });
}

}  // namespace smc::cli
