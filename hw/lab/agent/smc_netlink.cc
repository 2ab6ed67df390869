#include "hw/lab/agent/smc_netlink.h"

#include <linux/genetlink.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/smc.h>
#include <linux/smc_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifndef AF_SMC
#define AF_SMC 43
#endif

namespace smc::lab::agent {
namespace {

constexpr std::size_t kAlign = 4;
std::size_t align(std::size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// A netlink socket that closes itself.
class NlSocket {
 public:
  explicit NlSocket(int protocol) : fd_(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)) {}
  ~NlSocket() {
    if (fd_ >= 0) close(fd_);
  }
  NlSocket(const NlSocket&) = delete;
  NlSocket& operator=(const NlSocket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// A request: header, fixed payload, then attributes; the header's length is kept current.
class NlRequest {
 public:
  NlRequest(std::uint16_t type, std::uint16_t flags) : buf_(NLMSG_HDRLEN, 0) {
    auto* h = header();
    h->nlmsg_type = type;
    h->nlmsg_flags = flags;
    h->nlmsg_seq = 1;
    h->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
  }
  void put(const void* data, std::size_t n) {
    std::size_t at = buf_.size();
    buf_.resize(align(at + n), 0);
    std::memcpy(buf_.data() + at, data, n);
    header()->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
  }
  void put_attr(std::uint16_t type, const void* data, std::size_t n) {
    nlattr a{};
    a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + n);
    a.nla_type = type;
    std::size_t at = buf_.size();
    buf_.resize(align(at + NLA_HDRLEN + n), 0);
    std::memcpy(buf_.data() + at, &a, sizeof a);
    std::memcpy(buf_.data() + at + NLA_HDRLEN, data, n);
    header()->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
  }
  const std::vector<char>& bytes() const { return buf_; }

 private:
  nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
  std::vector<char> buf_;
};

bool send_request(int fd, const NlRequest& r) {
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  return sendto(fd, r.bytes().data(), r.bytes().size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) ==
         static_cast<ssize_t>(r.bytes().size());
}

// Reads replies until NLMSG_DONE (dumps) or the first ACK/error (requests); calls `each` for
// every data message. Returns 0 or a negative errno.
template <typename Each>
int receive(int fd, bool dump, Each each) {
  std::vector<char> buf(65536);
  for (;;) {
    ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    auto len = static_cast<std::size_t>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) return 0;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* e = reinterpret_cast<const nlmsgerr*>(NLMSG_DATA(h));
        if (e->error != 0 || !dump) return e->error;
        continue;
      }
      each(h);
      if (!dump) return 0;
    }
  }
}

// Walks the attributes in [data, data+len).
template <typename Each>
void for_each_attr(const char* data, std::size_t len, Each each) {
  while (len >= NLA_HDRLEN) {
    nlattr a;
    std::memcpy(&a, data, sizeof a);
    if (a.nla_len < NLA_HDRLEN || a.nla_len > len) return;
    each(a.nla_type & NLA_TYPE_MASK, data + NLA_HDRLEN, a.nla_len - NLA_HDRLEN);
    std::size_t step = align(a.nla_len);
    if (step >= len) return;
    data += step;
    len -= step;
  }
}

int genl_family_id(int fd, const char* name) {
  NlRequest r(GENL_ID_CTRL, NLM_F_REQUEST);
  genlmsghdr g{};
  g.cmd = CTRL_CMD_GETFAMILY;
  g.version = 1;
  r.put(&g, sizeof g);
  r.put_attr(CTRL_ATTR_FAMILY_NAME, name, std::strlen(name) + 1);
  if (!send_request(fd, r)) return -errno;
  int id = -ENOENT;
  int rc = receive(fd, false, [&](const nlmsghdr* h) {
    const char* p = reinterpret_cast<const char*>(NLMSG_DATA(h)) + GENL_HDRLEN;
    std::size_t n = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
    for_each_attr(p, n, [&](int type, const char* v, std::size_t vlen) {
      if (type == CTRL_ATTR_FAMILY_ID && vlen >= 2) {
        std::uint16_t fid;
        std::memcpy(&fid, v, 2);
        id = fid;
      }
    });
  });
  return rc < 0 ? rc : id;
}

int genl_command(int fd, int family, std::uint8_t cmd, const std::string* ueid) {
  NlRequest r(static_cast<std::uint16_t>(family), NLM_F_REQUEST | NLM_F_ACK);
  genlmsghdr g{};
  g.cmd = cmd;
  g.version = SMC_GENL_FAMILY_VERSION;
  r.put(&g, sizeof g);
  if (ueid) {
    // The kernel takes exactly SMC_MAX_EID_LEN + 1 bytes: the EID blank-padded, then NUL.
    char eid[SMC_MAX_EID_LEN + 1];
    std::memset(eid, ' ', SMC_MAX_EID_LEN);
    std::memcpy(eid, ueid->data(), std::min<std::size_t>(ueid->size(), SMC_MAX_EID_LEN));
    eid[SMC_MAX_EID_LEN] = '\0';
    r.put_attr(SMC_NLA_EID_TABLE_ENTRY, eid, sizeof eid);
  }
  if (!send_request(fd, r)) return -errno;
  return receive(fd, false, [](const nlmsghdr*) {});
}

}  // namespace

std::string set_ueid_table(const std::vector<std::string>& ueids) {
  NlSocket s(NETLINK_GENERIC);
  if (s.fd() < 0) return std::string("netlink socket: ") + std::strerror(errno);
  int family = genl_family_id(s.fd(), SMC_GENL_FAMILY_NAME);
  if (family < 0) return std::string("SMC_GEN_NETLINK: ") + std::strerror(-family);
  // Flushing an empty table reports ENOENT: not an error here.
  int rc = genl_command(s.fd(), family, SMC_NETLINK_FLUSH_UEID, nullptr);
  if (rc < 0 && rc != -ENOENT) return std::string("flush UEID: ") + std::strerror(-rc);
  for (const auto& u : ueids) {
    rc = genl_command(s.fd(), family, SMC_NETLINK_ADD_UEID, &u);
    if (rc < 0) return "add UEID " + u + ": " + std::strerror(-rc);
  }
  return "";
}

std::optional<SmcDiagInfo> smc_diag_lookup(std::uint64_t inode, std::string* error) {
  NlSocket s(NETLINK_SOCK_DIAG);
  if (s.fd() < 0) {
    if (error) *error = std::string("sock_diag socket: ") + std::strerror(errno);
    return std::nullopt;
  }
  NlRequest r(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
  smc_diag_req req{};
  req.diag_family = AF_SMC;
  req.diag_ext = 1 << (SMC_DIAG_CONNINFO - 1);
  r.put(&req, sizeof req);
  if (!send_request(s.fd(), r)) {
    if (error) *error = std::string("sock_diag send: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::optional<SmcDiagInfo> found;
  int rc = receive(s.fd(), true, [&](const nlmsghdr* h) {
    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(smc_diag_msg))) return;
    smc_diag_msg m;
    std::memcpy(&m, NLMSG_DATA(h), sizeof m);
    if (m.diag_inode != inode) return;
    SmcDiagInfo d;
    d.state = m.diag_state;
    d.mode = m.diag_mode;
    const char* attrs = reinterpret_cast<const char*>(NLMSG_DATA(h)) + NLMSG_ALIGN(sizeof m);
    std::size_t n = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof m));
    for_each_attr(attrs, n, [&](int type, const char* v, std::size_t vlen) {
      if (type == SMC_DIAG_FALLBACK && vlen >= sizeof(smc_diag_fallback)) {
        smc_diag_fallback f;
        std::memcpy(&f, v, sizeof f);
        d.reason = f.reason;
        d.peer = f.peer_diagnosis;
      } else if (type == SMC_DIAG_CONNINFO && vlen >= sizeof(smc_diag_conninfo)) {
        smc_diag_conninfo ci;
        std::memcpy(&ci, v, sizeof ci);
        d.sndbuf = ci.sndbuf_size;
        d.rmbe = ci.rmbe_size;
        d.peer_rmbe = ci.peer_rmbe_size;
      }
    });
    found = d;
  });
  if (rc < 0 && error) *error = std::string("sock_diag: ") + std::strerror(-rc);
  return found;
}

}  // namespace smc::lab::agent
