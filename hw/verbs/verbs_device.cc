// VerbsDevice: opening, describing the device, and turning its completion channel and
// async fd into RnicEventHandler calls. Verbs on objects are in verbs_resources.cc.
#include "hw/verbs/verbs_device.h"

#include <fcntl.h>
#include <net/if.h>

#include <cerrno>
#include <set>
#include <vector>

#include "hw/verbs/verbs_mapping.h"

namespace smc::hw {

using namespace ports;

namespace {

bool set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

std::string sysfs_port_dir(const std::string& dev, std::uint8_t port) {
  return "/sys/class/infiniband/" + dev + "/ports/" + std::to_string(port);
}

std::optional<std::uint16_t> erdma_reserved_base() {
  auto text = read_small_file("/sys/module/erdma/parameters/reserve_ports_base");
  if (!text) return std::nullopt;
  unsigned long v = std::strtoul(text->c_str(), nullptr, 0);
  if (v == 0 || v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

}  // namespace

VerbsResult<std::unique_ptr<VerbsDevice>> VerbsDevice::open(EventLoop& loop, const std::string& name) {
  int count = 0;
  ibv_device** list = ::ibv_get_device_list(&count);
  if (!list) return smc::unexpected(VerbsError::NoDevice);  // no RDMA subsystem on this host
  ibv_context* context = nullptr;
  bool found = false;
  int err = 0;
  for (int i = 0; i < count; ++i) {
    if (name != ::ibv_get_device_name(list[i])) continue;
    found = true;
    context = ::ibv_open_device(list[i]);
    err = errno;
    break;
  }
  ::ibv_free_device_list(list);
  if (!found) return smc::unexpected(VerbsError::NoDevice);
  if (!context) return smc::unexpected(verbs_error_from_errno(err));
  std::unique_ptr<VerbsDevice> dev(new VerbsDevice(loop, context));
  if (auto st = dev->load_attributes(); !st) return smc::unexpected(st.error());

  dev->channel_ = ::ibv_create_comp_channel(context);
  if (!dev->channel_) return smc::unexpected(verbs_error_from_errno(errno));
  if (!set_nonblocking(dev->channel_->fd) || !set_nonblocking(context->async_fd))
    return smc::unexpected(verbs_error_from_errno(errno));
  VerbsDevice* raw = dev.get();
  if (!loop.watch(dev->channel_->fd, readiness::kReadable, false, [raw](std::uint32_t) { raw->on_completion_channel(); }))
    return smc::unexpected(VerbsError::IoError);
  if (!loop.watch(context->async_fd, readiness::kReadable, false, [raw](std::uint32_t) { raw->on_async_fd(); }))
    return smc::unexpected(VerbsError::IoError);
  dev->probe_cur_qp_state();
  return dev;
}

VerbsDevice::VerbsDevice(EventLoop& loop, ibv_context* context) : loop_(loop), context_(context) {}

VerbsDevice::~VerbsDevice() {
  *alive_ = false;
  // Children before parents, as the verbs require (a PD with MRs on it is EBUSY).
  for (auto& [id, qp] : qps_) ::ibv_destroy_qp(qp.qp);
  for (auto& [id, cq] : cqs_) ::ibv_destroy_cq(cq);
  for (auto& [id, mr] : mrs_) ::ibv_dereg_mr(mr);
  for (auto& [id, pd] : pds_) ::ibv_dealloc_pd(pd);
  if (channel_) {
    loop_.unwatch(channel_->fd);
    ::ibv_destroy_comp_channel(channel_);
  }
  if (context_) {
    loop_.unwatch(context_->async_fd);
    ::ibv_close_device(context_);
  }
}

VerbsStatus VerbsDevice::load_attributes() {
  ibv_device_attr da{};
  if (const int rc = ::ibv_query_device(context_, &da); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  attrs_.name = ::ibv_get_device_name(context_->device);
  attrs_.vendor_id = da.vendor_id;
  attrs_.vendor_part_id = da.vendor_part_id;
#if defined(__s390x__)
  const bool s390 = true;
#else
  const bool s390 = false;
#endif
  attrs_.type = classify_device(DeviceIdentity{attrs_.name, da.vendor_id, da.vendor_part_id, s390});
  attrs_.caps = type_capabilities(attrs_.type);
  oob_ports_ = hw::reserved_oob_ports(attrs_.type, erdma_reserved_base());
  if (auto mode = read_small_file("/sys/module/ib_core/parameters/netns_mode")) attrs_.netns_mode = parse_netns_mode(*mode);
  attrs_.limits.max_pd = static_cast<std::uint32_t>(da.max_pd);
  attrs_.limits.max_qp = static_cast<std::uint32_t>(da.max_qp);
  attrs_.limits.max_qp_wr = static_cast<std::uint32_t>(da.max_qp_wr);
  attrs_.limits.max_sge = static_cast<std::uint32_t>(da.max_sge);
  attrs_.limits.max_cq = static_cast<std::uint32_t>(da.max_cq);
  attrs_.limits.max_cqe = static_cast<std::uint32_t>(da.max_cqe);
  attrs_.limits.max_mr = static_cast<std::uint32_t>(da.max_mr);
  attrs_.limits.max_mr_size = da.max_mr_size;
  attrs_.ports.clear();
  for (std::uint8_t p = 1; p <= da.phys_port_cnt; ++p) {
    ibv_port_attr pa{};
    if (const int rc = ::ibv_query_port(context_, p, &pa); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
    auto port = read_port(p, pa);
    if (!port) return smc::unexpected(port.error());
    attrs_.ports.push_back(std::move(port.value()));
  }
  return Ok{};
}

VerbsResult<PortAttributes> VerbsDevice::read_port(std::uint8_t port_num, const ibv_port_attr& pa) const {
  PortAttributes p;
  p.port_num = port_num;
  p.state = port_state_from_ibv(pa.state);
  p.active_mtu = path_mtu_from_ibv(pa.active_mtu);
  p.max_mtu = path_mtu_from_ibv(pa.max_mtu);
  const std::string dir = sysfs_port_dir(attrs_.name, port_num);
  auto describe = [&](GidEntry& e, unsigned ifindex) {
    char ifname[IF_NAMESIZE] = {};
    if (ifindex && ::if_indextoname(ifindex, ifname)) e.netdev = ifname;
    if (e.netdev.empty())
      if (auto nd = read_small_file(dir + "/gid_attrs/ndevs/" + std::to_string(e.index))) {
        while (!nd->empty() && nd->back() == '\n') nd->pop_back();
        e.netdev = *nd;
      }
    if (!e.netdev.empty())
      if (auto vlan = read_small_file("/proc/net/vlan/" + e.netdev)) e.vlan_id = parse_vlan_id(*vlan);
  };
  for (int i = 0; i < pa.gid_tbl_len; ++i) {
    ibv_gid_entry ge{};
    GidEntry e;
    e.index = static_cast<std::uint32_t>(i);
    const int rc = ::ibv_query_gid_ex(context_, port_num, e.index, &ge, 0);
    if (rc == 0) {
      std::copy(std::begin(ge.gid.raw), std::end(ge.gid.raw), e.gid.begin());
      e.type = gid_type_from_ibv(static_cast<ibv_gid_type>(ge.gid_type));
      describe(e, ge.ndev_ifindex);
    } else if (rc == EOPNOTSUPP || rc == ENOSYS) {
      // A kernel without the GID query ioctl: ibv_query_gid plus sysfs' gid_attrs.
      ibv_gid g{};
      if (::ibv_query_gid(context_, port_num, i, &g) != 0) continue;
      std::copy(std::begin(g.raw), std::end(g.raw), e.gid.begin());
      if (e.gid == Gid{}) continue;
      auto type_text = read_small_file(dir + "/gid_attrs/types/" + std::to_string(i));
      auto type = type_text ? parse_gid_type(*type_text) : std::nullopt;
      if (!type) continue;
      e.type = *type;
      describe(e, 0);
    } else {
      continue;  // an empty table slot (ENODATA) or one being changed
    }
    p.gids.push_back(std::move(e));
  }
  for (const auto& g : p.gids)
    if (!g.netdev.empty()) {
      // The port's netdev is the real device under any VLAN (SMC's pnet lookup uses it).
      p.netdev = g.vlan_id ? g.netdev.substr(0, g.netdev.find('.')) : g.netdev;
      break;
    }
  if (!p.netdev.empty())
    if (auto mac = read_small_file("/sys/class/net/" + p.netdev + "/address"))
      if (auto parsed = parse_mac(*mac)) p.mac = *parsed;
  return p;
}

VerbsResult<PortAttributes> VerbsDevice::query_port(std::uint8_t port) const {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  ibv_port_attr pa{};
  if (const int rc = ::ibv_query_port(context_, port, &pa); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  return read_port(port, pa);
}

void VerbsDevice::probe_cur_qp_state() {
  // 6.1's rxe leaves cur_qp_state at RESET in query_qp (kernel-lab.md): find out by
  // asking a throw-away QP in INIT what state it is in.
  ibv_pd* pd = ::ibv_alloc_pd(context_);
  ibv_cq* cq = pd ? ::ibv_create_cq(context_, 1, nullptr, nullptr, 0) : nullptr;
  ibv_qp* qp = nullptr;
  if (cq) {
    ibv_qp_init_attr init{};
    init.send_cq = init.recv_cq = cq;
    init.qp_type = IBV_QPT_RC;
    init.cap.max_send_wr = init.cap.max_recv_wr = 1;
    init.cap.max_send_sge = init.cap.max_recv_sge = 1;
    qp = ::ibv_create_qp(pd, &init);
  }
  if (qp) {
    ibv_qp_attr a{};
    a.qp_state = IBV_QPS_INIT;
    a.port_num = 1;
    a.qp_access_flags = IBV_ACCESS_LOCAL_WRITE;
    if (::ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS) == 0) {
      ibv_qp_attr q{};
      ibv_qp_init_attr qi{};
      if (::ibv_query_qp(qp, &q, IBV_QP_STATE | IBV_QP_CUR_STATE, &qi) == 0)
        attrs_.caps.reports_cur_qp_state = q.cur_qp_state == IBV_QPS_INIT;
    }
    ::ibv_destroy_qp(qp);
  }
  if (cq) ::ibv_destroy_cq(cq);
  if (pd) ::ibv_dealloc_pd(pd);
}

void VerbsDevice::on_completion_channel() {
  const std::shared_ptr<bool> alive = alive_;
  std::set<std::uint32_t> ready;  // ordered: handlers see CQs in handle order
  for (;;) {
    ibv_cq* cq = nullptr;
    void* cq_context = nullptr;
    if (::ibv_get_cq_event(channel_, &cq, &cq_context) != 0) break;  // EAGAIN: drained
    ::ibv_ack_cq_events(cq, 1);
    // Re-armed before the engine polls: a completion landing after its last poll still
    // raises an event.
    ::ibv_req_notify_cq(cq, 0);
    ready.insert(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(cq_context)));
  }
  for (std::uint32_t id : ready) {
    if (!handler_) return;
    if (cqs_.count(id)) handler_->on_completion(CqHandle{id});
    if (!*alive) return;
  }
}

void VerbsDevice::on_async_fd() {
  const std::shared_ptr<bool> alive = alive_;
  std::vector<AsyncEvent> events;
  for (;;) {
    ibv_async_event ev{};
    if (::ibv_get_async_event(context_, &ev) != 0) break;
    if (auto type = async_event_from_ibv(ev.event_type)) {
      AsyncEvent out;
      out.type = *type;
      switch (*type) {
        case AsyncEventType::PortActive:
        case AsyncEventType::PortError:
        case AsyncEventType::GidChange:
          out.port_num = static_cast<std::uint8_t>(ev.element.port_num);
          // attributes() must describe the port as it is now when the engine looks.
          for (auto& port : attrs_.ports)
            if (port.port_num == out.port_num)
              if (auto fresh = query_port(out.port_num)) port = std::move(fresh.value());
          break;
        case AsyncEventType::QpFatal:
        case AsyncEventType::QpReqErr:
        case AsyncEventType::QpAccessErr:
          if (auto it = qp_ids_by_num_.find(ev.element.qp->qp_num); it != qp_ids_by_num_.end()) out.qp = QpHandle{it->second};
          break;
        case AsyncEventType::CqErr:
          out.cq = CqHandle{static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(ev.element.cq->cq_context))};
          break;
        case AsyncEventType::DeviceFatal: removed_ = true; break;
      }
      events.push_back(out);
    }
    ::ibv_ack_async_event(&ev);
  }
  for (const auto& e : events) {
    if (!handler_) return;
    handler_->on_async_event(e);
    if (!*alive) return;
  }
}

}  // namespace smc::hw
