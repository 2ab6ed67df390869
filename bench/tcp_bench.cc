// Simulated TCP segments per wall-clock second for a bulk transfer: client and server on
// one switch (10 Gbit/s, 5 us links), 8 MiB from client to server, FIN, and the reader
// draining as data arrives. The counter "segments/s" is the figure to watch: it bounds how
// fast the performance scenarios run.
#include <benchmark/benchmark.h>

#include <memory>

#include "sim/kernel/simulator.h"
#include "sim/net/network.h"
#include "sim/tcp/tcp_stack.h"

namespace {

using namespace smc;
using namespace smc::sim;

void BM_TcpBulkTransfer(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  std::uint64_t segments = 0;
  std::int64_t virtual_ns = 0;
  for (auto _ : state) {
    Simulator sim(Seed(1));
    net::Network network(sim);
    auto& c = network.add_host("client").init();
    auto& s = network.add_host("server").init();
    auto& sw = network.add_switch("sw0");
    net::LinkParams p{10'000'000'000, us(5)};
    network.connect(c.add_interface("eth0"), sw, p);
    network.connect(s.add_interface("eth0"), sw, p);
    c.add_address("eth0", "10.0.0.1/24");
    s.add_address("eth0", "10.0.0.2/24");
    tcp::TcpStack client(c), server(s);

    std::size_t received = 0;
    bool eof = false;
    std::unique_ptr<ports::StreamListener> listener;
    std::unique_ptr<ports::StreamConnection> accepted;
    ports::ListenRequest lr;
    lr.local = ports::Endpoint{*ports::IpAddress::parse("10.0.0.2"), 5001};
    lr.on_acceptable = [&] {
      accepted = listener->accept().value();
      auto* raw = accepted.get();
      ports::StreamEvents ev;
      ev.on_readable = [&, raw] {
        while (auto d = raw->recv(1 << 20)) {
          if (d->empty()) {
            eof = true;
            return;
          }
          received += d->size();
        }
      };
      raw->set_events(std::move(ev));
    };
    listener = server.listen(std::move(lr)).value();

    wire::Bytes data(bytes, 0x5a);
    std::unique_ptr<ports::StreamConnection> conn;
    ports::StreamEvents ev;
    std::size_t sent = 0;
    // Refill the send buffer whenever it drains; FIN once everything is queued.
    auto pump = [&] {
      while (sent < data.size()) {
        auto n = conn->send(wire::ByteView(data).subspan(sent));
        if (!n) return;
        sent += *n;
      }
      (void)conn->shutdown_write();
    };
    ev.on_connected = [&](const ports::TcpOptions&) { pump(); };
    ev.on_writable = [&] { pump(); };
    ports::ConnectRequest cr;
    cr.remote = ports::Endpoint{*ports::IpAddress::parse("10.0.0.2"), 5001};
    conn = client.connect(std::move(cr), std::move(ev)).value();
    if (!sim.run_until([&] { return eof; }, 100'000'000).ok() || received != bytes) {
      state.SkipWithError("transfer did not complete");
      return;
    }
    segments += client.segments_sent() + server.segments_sent();
    virtual_ns = sim.now().ns();
    conn.reset();
    accepted.reset();
    listener.reset();
  }
  state.counters["segments/s"] = benchmark::Counter(static_cast<double>(segments), benchmark::Counter::kIsRate);
  state.counters["virtual_ms"] = static_cast<double>(virtual_ns) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_TcpBulkTransfer)->Arg(8 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
