#pragma once
// LinkDevice: the link layer's handle on one RNIC (the kernel's smc_ib_device). It is the
// device's RnicEventHandler and routes completions (by CQ) and async events (by QP, port, or
// the whole device) to the SmcLinks living on it. Links are kept in maps keyed by handle
// number, so fan-out (a port going down) visits them in a stable order.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "protocol/ports/rnic.h"

namespace smc::link {

class SmcLink;

class LinkDevice final : public ports::RnicEventHandler {
 public:
  // Installs itself as `rnic`'s event handler; the destructor removes it.
  explicit LinkDevice(ports::RnicDevice& rnic);
  ~LinkDevice() override;
  LinkDevice(const LinkDevice&) = delete;
  LinkDevice& operator=(const LinkDevice&) = delete;

  ports::RnicDevice& rnic() const { return rnic_; }
  const std::string& name() const { return rnic_.attributes().name; }

  void attach(SmcLink& link);
  void detach(SmcLink& link);
  std::size_t link_count() const { return by_qp_.size(); }

  // The GID table index of `gid` on `port`, preferring an entry of `type` (RoCEv1 for
  // SMC-Rv1, RoCEv2 for SMC-Rv2) when the address appears as both.
  std::optional<std::uint32_t> gid_index(std::uint8_t port, const ports::Gid& gid, ports::GidType type) const;

  void on_completion(ports::CqHandle cq) override;
  void on_async_event(const ports::AsyncEvent& event) override;

 private:
  ports::RnicDevice& rnic_;
  std::map<std::uint32_t, SmcLink*> by_cq_;
  std::map<std::uint32_t, SmcLink*> by_qp_;
};

}  // namespace smc::link
