#pragma once
// A pass-through ports::RnicDevice that counts the objects alive on the device below, so a
// test can say "nothing leaked": every PD, MR, CQ and QP the link layer created is gone.
#include <cstdint>
#include <optional>

#include "protocol/ports/rnic.h"

namespace smc::link::testing {

struct LiveObjects {
  int pds = 0, mrs = 0, cqs = 0, qps = 0;
  int total() const { return pds + mrs + cqs + qps; }
};

class CountingRnic final : public ports::RnicDevice {
 public:
  explicit CountingRnic(ports::RnicDevice& inner) : inner_(inner) {}

  const LiveObjects& live() const { return live_; }
  // Remote-writable registrations (RMBs) larger than this fail with ENOMEM, as when pinning
  // that much memory fails.
  std::optional<std::size_t> refuse_rmb_above;

  const ports::RnicAttributes& attributes() const override { return inner_.attributes(); }
  ports::VerbsResult<ports::PortAttributes> query_port(std::uint8_t port) const override {
    return inner_.query_port(port);
  }
  void set_event_handler(ports::RnicEventHandler* handler) override { inner_.set_event_handler(handler); }
  ports::VerbsResult<ports::PdHandle> alloc_pd() override { return count(inner_.alloc_pd(), live_.pds); }
  ports::VerbsStatus dealloc_pd(ports::PdHandle pd) override { return uncount(inner_.dealloc_pd(pd), live_.pds); }
  ports::VerbsResult<ports::MemoryRegion> reg_mr(ports::PdHandle pd, std::span<std::uint8_t> memory,
                                                 std::uint32_t access) override {
    if (refuse_rmb_above && (access & ports::kAccessRemoteWrite) && memory.size() > *refuse_rmb_above)
      return smc::unexpected(ports::VerbsError::NoMemory);
    return count(inner_.reg_mr(pd, memory, access), live_.mrs);
  }
  ports::VerbsStatus dereg_mr(ports::MrHandle mr) override { return uncount(inner_.dereg_mr(mr), live_.mrs); }
  ports::VerbsResult<ports::CqHandle> create_cq(std::uint32_t cqe) override {
    return count(inner_.create_cq(cqe), live_.cqs);
  }
  ports::VerbsStatus destroy_cq(ports::CqHandle cq) override { return uncount(inner_.destroy_cq(cq), live_.cqs); }
  ports::VerbsResult<std::size_t> poll_cq(ports::CqHandle cq, std::span<ports::WorkCompletion> out) override {
    return inner_.poll_cq(cq, out);
  }
  ports::VerbsResult<ports::CreatedQp> create_qp(const ports::QpCreate& attr) override {
    return count(inner_.create_qp(attr), live_.qps);
  }
  ports::VerbsStatus modify_qp(ports::QpHandle qp, const ports::QpModify& attr) override {
    return inner_.modify_qp(qp, attr);
  }
  ports::VerbsResult<ports::QpAttributes> query_qp(ports::QpHandle qp) const override { return inner_.query_qp(qp); }
  ports::VerbsStatus destroy_qp(ports::QpHandle qp) override { return uncount(inner_.destroy_qp(qp), live_.qps); }
  ports::VerbsStatus post_send(ports::QpHandle qp, const ports::SendWr& wr) override {
    return inner_.post_send(qp, wr);
  }
  ports::VerbsStatus post_recv(ports::QpHandle qp, const ports::RecvWr& wr) override {
    return inner_.post_recv(qp, wr);
  }

 private:
  template <typename R>
  static R count(R r, int& n) {
    if (r) ++n;
    return r;
  }
  template <typename R>
  static R uncount(R r, int& n) {
    if (r) --n;
    return r;
  }

  ports::RnicDevice& inner_;
  LiveObjects live_;
};

}  // namespace smc::link::testing
