#pragma once
// A two-host world for the TCP tests: client 10.0.0.1/24 and server 10.0.0.2/24 (plus
// fd00::1/64, fd00::2/64) on one switch, each with a TCP stack.
#include <memory>

#include "sim/kernel/simulator.h"
#include "sim/net/network.h"
#include "sim/tcp/tcp_stack.h"

namespace smc::sim::test {

struct TcpWorld {
  explicit TcpWorld(std::uint64_t seed = 1, net::LinkParams params = {})
      : sim(Seed(seed)), network(sim) {
    client_host = &network.add_host("client");
    server_host = &network.add_host("server");
    sw = &network.add_switch("sw0");
    auto& c_eth = client_host->init().add_interface("eth0");
    auto& s_eth = server_host->init().add_interface("eth0");
    client_host->init().add_address("eth0", "10.0.0.1/24");
    server_host->init().add_address("eth0", "10.0.0.2/24");
    client_host->init().add_address("eth0", "fd00::1/64");
    server_host->init().add_address("eth0", "fd00::2/64");
    client_link = &network.connect(c_eth, *sw, params);
    server_link = &network.connect(s_eth, *sw, params);
    client = std::make_unique<tcp::TcpStack>(client_host->init());
    server = std::make_unique<tcp::TcpStack>(server_host->init());
  }

  static ports::Endpoint ep(const char* addr, std::uint16_t port) {
    return ports::Endpoint{*ports::IpAddress::parse(addr), port};
  }

  Simulator sim;
  net::Network network;
  net::Host* client_host = nullptr;
  net::Host* server_host = nullptr;
  net::Switch* sw = nullptr;
  net::Link* client_link = nullptr;
  net::Link* server_link = nullptr;
  std::unique_ptr<tcp::TcpStack> client;
  std::unique_ptr<tcp::TcpStack> server;
};

inline ports::ConnectRequest connect_req(ports::Endpoint remote, ports::TcpOptions syn_options = {},
                                         std::optional<wire::Bytes> fast_open_data = std::nullopt) {
  ports::ConnectRequest r;
  r.remote = remote;
  r.syn_options = std::move(syn_options);
  r.fast_open_data = std::move(fast_open_data);
  return r;
}
inline ports::ListenRequest listen_req(ports::Endpoint local) {
  ports::ListenRequest r;
  r.local = local;
  return r;
}

// The SMC option (wire-format.md §1): kind 254, ExID E2 D4 C3 D9.
inline ports::TcpOption smc_option() { return ports::TcpOption{254, {0xE2, 0xD4, 0xC3, 0xD9}}; }

}  // namespace smc::sim::test
