#include "hw/lab/agent/guest_case.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "hw/lab/agent/smc_netlink.h"

#ifndef AF_SMC
#define AF_SMC 43
#endif
#ifndef IPPROTO_SMC
#define IPPROTO_SMC 256
#endif
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

namespace smc::lab::agent {
namespace {

constexpr int kSmcProtoSmc = 0;   // linux/smc.h's SMCPROTO_SMC: the AF_SMC protocol for IPv4
constexpr int kSmcProtoSmc6 = 1;  // SMCPROTO_SMC6
constexpr int kIoTimeoutS = 10;   // one read or write of the client's echo
constexpr int kServerGraceMs = 3000;  // after the client is done, before the server is killed
// The UEID swap (kernel-lab.md): client→server delayed 2 s; the client builds its Proposal
// when the SYN-ACK arrives (~2 s after connect), the server reads it ~2 s later; the swap
// falls in between.
constexpr const char* kDelayOn = "/usr/sbin/tc qdisc add dev veth0 root netem delay 2000ms";
constexpr const char* kDelayOff = "/usr/sbin/tc qdisc del dev veth0 root 2>/dev/null";
constexpr int kSwapAfterMs = 3000;

std::int64_t now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) {
      o += ' ';
      continue;
    }
    o += ch;
  }
  return o;
}

std::string hex32(std::uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08x", v);
  return b;
}

struct Endpoint {
  const char* netns;  // nullptr: the initial namespace
  const char* v4;
  const char* v6;
};

Endpoint client_end(LabTopology t) {
  switch (t) {
    case LabTopology::Rdma: return {nullptr, "10.0.0.1", "fd00::1"};
    case LabTopology::NoDevice: return {"nodev", "10.0.1.1", "fd00:1::1"};
    case LabTopology::RxeNetns: return {"rc", "10.0.2.1", "fd00:2::1"};
  }
  return {nullptr, "", ""};
}

Endpoint server_end(LabTopology t) {
  switch (t) {
    case LabTopology::Rdma: return {nullptr, "10.0.0.2", "fd00::2"};
    case LabTopology::NoDevice: return {nullptr, "10.0.1.2", "fd00:1::2"};
    case LabTopology::RxeNetns: return {"rs", "10.0.2.2", "fd00:2::2"};
  }
  return {nullptr, "", ""};
}

bool enter_netns(const char* name) {
  if (!name) return true;
  std::string path = std::string("/run/netns/") + name;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = setns(fd, CLONE_NEWNET) == 0;
  close(fd);
  return ok;
}

int open_socket(LabSocket kind, bool ipv6) {
  int family = ipv6 ? AF_INET6 : AF_INET;
  switch (kind) {
    case LabSocket::AfSmc: return socket(AF_SMC, SOCK_STREAM, ipv6 ? kSmcProtoSmc6 : kSmcProtoSmc);
    case LabSocket::IpprotoSmc: return socket(family, SOCK_STREAM, IPPROTO_SMC);
    case LabSocket::Tcp: return socket(family, SOCK_STREAM, 0);
  }
  return -1;
}

// The address of `ip` for a socket of the given family (an IPv6 socket reaches an IPv4
// address through its v4-mapped form).
socklen_t make_addr(sockaddr_storage& ss, bool ipv6, const char* ip, int port) {
  std::memset(&ss, 0, sizeof ss);
  if (!ipv6) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<std::uint16_t>(port));
    if (ip) inet_pton(AF_INET, ip, &a->sin_addr);
    return sizeof *a;
  }
  auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
  a->sin6_family = AF_INET6;
  a->sin6_port = htons(static_cast<std::uint16_t>(port));
  if (ip) {
    std::string text = std::strchr(ip, ':') ? ip : std::string("::ffff:") + ip;
    inet_pton(AF_INET6, text.c_str(), &a->sin6_addr);
  }
  return sizeof *a;
}

std::uint64_t inode_of(int fd) {
  struct stat st{};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

// One socket's JSON object: what the application saw and, for an SMC socket, raw diag.
std::string socket_json(const char* role, int conn, LabSocket kind, int fd, int err, const char* data) {
  std::string j = std::string("{\"role\":\"") + role + "\",\"conn\":" + std::to_string(conn);
  if (kind == LabSocket::Tcp) {
    j += ",\"kind\":\"plain\"";
  } else {
    j += ",\"kind\":\"smc\"";
    std::string why;
    auto d = fd >= 0 ? smc_diag_lookup(inode_of(fd), &why) : std::nullopt;
    if (d) {
      j += ",\"diag\":true,\"state\":" + std::to_string(d->state) + ",\"mode\":" + std::to_string(d->mode);
      j += ",\"reason\":\"" + hex32(d->reason) + "\",\"peer\":\"" + hex32(d->peer) + "\"";
      j += ",\"sndbuf\":" + std::to_string(d->sndbuf) + ",\"rmbe\":" + std::to_string(d->rmbe) +
           ",\"peer_rmbe\":" + std::to_string(d->peer_rmbe);
    } else {
      j += ",\"diag\":false,\"diag_error\":\"" + json_escape(why) + "\"";
    }
  }
  if (err) j += std::string(",\"errno\":\"") + strerrorname_np(err) + "\"";
  j += std::string(",\"data\":\"") + data + "\"}";
  return j;
}

void emit(int out, const std::string& line) {
  std::string l = line + "\n";
  if (write(out, l.data(), l.size()) < 0) _exit(3);
}

unsigned char pattern(int conn, std::int64_t off) {
  return static_cast<unsigned char>((conn * 131 + off * 7 + (off >> 8)) & 0xff);
}

bool write_all(int fd, const unsigned char* p, std::size_t n, int& err) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

void apply_opts(int fd, const std::vector<LabSockopt>& opts) {
  for (const auto& o : opts) setsockopt(fd, o.level, o.name, &o.value, sizeof o.value);
}

// Echo server child for one accepted connection: report the socket at once (the mode is
// settled when accept returns), then echo until EOF.
void serve_connection(int fd, int conn, const LabCase& c, int out) {
  emit(out, socket_json("server", conn, c.server_socket, fd, 0, "echo"));
  std::vector<unsigned char> buf(65536);
  int err = 0;
  for (;;) {
    ssize_t n = read(fd, buf.data(), buf.size());
    if (n <= 0) break;
    if (!write_all(fd, buf.data(), static_cast<std::size_t>(n), err)) break;
  }
  close(fd);
}

[[noreturn]] void server_main(const LabCase& c, int out, int ready) {
  Endpoint e = server_end(c.topology);
  if (!enter_netns(e.netns)) {
    emit(out, "{\"role\":\"server\",\"conn\":0,\"kind\":\"setup\",\"errno\":\"netns\",\"data\":\"none\"}");
    _exit(2);
  }
  int ls = open_socket(c.server_socket, c.server_ipv6);
  int err = ls < 0 ? errno : 0;
  if (ls >= 0) {
    apply_opts(ls, c.server_opts);
    sockaddr_storage ss;
    // An IPv6 server binds "::" so that it takes v4-mapped connections too.
    socklen_t len = make_addr(ss, c.server_ipv6, c.server_ipv6 ? "::" : "0.0.0.0", c.port);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, reinterpret_cast<sockaddr*>(&ss), len) < 0 || listen(ls, 128) < 0) err = errno;
  }
  char r = err ? 'E' : 'R';
  if (write(ready, &r, 1) < 0) _exit(3);
  if (err) {
    emit(out, std::string("{\"role\":\"server\",\"conn\":0,\"kind\":\"setup\",\"errno\":\"") +
                  strerrorname_np(err) + "\",\"data\":\"none\"}");
    _exit(2);
  }
  // A connection the application never gets within the accept window is "dropped".
  int accept_window_ms = std::max(2000, c.timeout_s * 1000 / 2);
  std::int64_t deadline = now_ms() + accept_window_ms;
  int accepted = 0;
  while (accepted < c.connections) {
    pollfd p{ls, POLLIN, 0};
    int left = static_cast<int>(deadline - now_ms());
    if (left <= 0 || poll(&p, 1, left) <= 0) break;
    int fd = accept(ls, nullptr, nullptr);
    if (fd < 0) continue;
    ++accepted;
    deadline = now_ms() + accept_window_ms;
    pid_t child = fork();
    if (child == 0) {
      close(ls);
      serve_connection(fd, accepted, c, out);
      _exit(0);
    }
    close(fd);
  }
  for (int k = accepted + 1; k <= c.connections; ++k)
    emit(out, "{\"role\":\"server\",\"conn\":" + std::to_string(k) + ",\"kind\":\"dropped\",\"data\":\"none\"}");
  close(ls);
  while (wait(nullptr) > 0) {
  }
  _exit(0);
}

struct ClientConn {
  int fd = -1;
  int index = 0;
  int err = 0;
  const char* data = "none";
};

// Connects (or sends the first chunk with MSG_FASTOPEN); the echo comes later.
void client_open(const LabCase& c, const Endpoint& srv, ClientConn& k, std::vector<unsigned char>& first) {
  k.fd = open_socket(c.client_socket, c.client_ipv6);
  if (k.fd < 0) {
    k.err = errno;
    return;
  }
  apply_opts(k.fd, c.client_opts);
  sockaddr_storage ss;
  const char* ip = c.client_ipv6 && !c.mapped ? srv.v6 : srv.v4;
  socklen_t len = make_addr(ss, c.client_ipv6, ip, c.port);
  if (c.fastopen) {
    std::size_t n = static_cast<std::size_t>(std::min(c.bytes, c.chunk));
    first.resize(n);
    for (std::size_t i = 0; i < n; ++i) first[i] = pattern(k.index, static_cast<std::int64_t>(i));
    if (sendto(k.fd, first.data(), n, MSG_FASTOPEN, reinterpret_cast<sockaddr*>(&ss), len) < 0) k.err = errno;
  } else if (connect(k.fd, reinterpret_cast<sockaddr*>(&ss), len) < 0) {
    k.err = errno;
  }
}

bool read_exact(int fd, unsigned char* p, std::size_t n, int& err) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      err = r < 0 ? errno : 0;
      return false;
    }
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

// Request/response echo, one chunk at a time (kernel-lab.md's workload).
void client_echo(const LabCase& c, ClientConn& k, bool first_sent) {
  if (k.err || c.bytes == 0) return;
  // A kernel that never delivers (kernel-lab.md: TCP_CORK, a listener that fell back before
  // listen()) shows as a read that times out, and the case still reports every socket.
  timeval tv{kIoTimeoutS, 0};
  setsockopt(k.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(k.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  std::vector<unsigned char> out(static_cast<std::size_t>(c.chunk)), in(out.size());
  std::int64_t off = 0;
  while (off < c.bytes) {
    std::size_t n = static_cast<std::size_t>(std::min(c.chunk, c.bytes - off));
    for (std::size_t i = 0; i < n; ++i) out[i] = pattern(k.index, off + static_cast<std::int64_t>(i));
    if (!(first_sent && off == 0) && !write_all(k.fd, out.data(), n, k.err)) {
      k.data = "write-failed";
      return;
    }
    if (!read_exact(k.fd, in.data(), n, k.err)) {
      k.data = k.err == EAGAIN ? "read-timeout" : k.err ? "read-failed" : "eof";
      return;
    }
    if (std::memcmp(in.data(), out.data(), n) != 0) {
      k.data = "corrupt";
      return;
    }
    off += static_cast<std::int64_t>(n);
  }
  k.data = "ok";
}

[[noreturn]] void client_main(const LabCase& c, int out) {
  Endpoint e = client_end(c.topology);
  Endpoint srv = server_end(c.topology);
  if (!enter_netns(e.netns)) {
    emit(out, "{\"role\":\"client\",\"conn\":0,\"kind\":\"setup\",\"errno\":\"netns\",\"data\":\"none\"}");
    _exit(2);
  }
  int index = 0;
  while (index < c.connections) {
    std::vector<ClientConn> batch;
    for (int i = 0; i < c.concurrency && index < c.connections; ++i) batch.push_back(ClientConn{-1, ++index, 0, "none"});
    std::vector<std::vector<unsigned char>> first(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) client_open(c, srv, batch[i], first[i]);
    // The handshake is over: the data need not crawl through the delay.
    if (c.server_ueids && std::system(kDelayOff) != 0) {
    }
    for (auto& k : batch) client_echo(c, k, c.fastopen);
    for (auto& k : batch) {
      if (k.err && k.fd >= 0 && std::strcmp(k.data, "none") == 0 && c.bytes > 0) k.data = "connect-failed";
      emit(out, socket_json("client", k.index, c.client_socket, k.fd, k.err, k.data));
    }
    for (auto& k : batch)
      if (k.fd >= 0) close(k.fd);
  }
  _exit(0);
}

// Writes the net.smc sysctls and returns the old values to restore.
std::vector<std::pair<std::string, std::string>> apply_sysctls(const LabCase& c, std::string& error) {
  std::vector<std::pair<std::string, std::string>> old;
  for (const auto& [k, v] : c.sysctls) {
    std::string path = "/proc/sys/net/smc/" + k;
    std::ifstream in(path);
    std::string prev;
    std::getline(in, prev);
    std::ofstream o(path);
    o << v << "\n";
    o.flush();
    if (!in || !o) error += "sysctl " + k + " ";
    else old.emplace_back(k, prev);
  }
  return old;
}

// The case body, in its own process group: server, then client, then collect.
[[noreturn]] void case_main(const LabCase& c, int out) {
  int ready[2];
  if (pipe(ready) < 0) _exit(2);
  pid_t srv = fork();
  if (srv == 0) {
    close(ready[0]);
    server_main(c, out, ready[1]);
  }
  close(ready[1]);
  char r = 0;
  if (read(ready[0], &r, 1) != 1 || r != 'R') _exit(2);
  pid_t swapper = -1;
  if (c.server_ueids) {
    if (std::system(kDelayOn) != 0) emit(out, "{\"role\":\"setup\",\"conn\":0,\"kind\":\"setup\",\"errno\":\"netem\",\"data\":\"none\"}");
    swapper = fork();
    if (swapper == 0) {
      usleep(kSwapAfterMs * 1000);
      std::string err = set_ueid_table(*c.server_ueids);
      _exit(err.empty() ? 0 : 1);
    }
  }
  pid_t cli = fork();
  if (cli == 0) client_main(c, out);
  waitpid(cli, nullptr, 0);
  if (swapper > 0) waitpid(swapper, nullptr, 0);
  if (c.server_ueids && std::system(kDelayOff) != 0) {
  }
  // A server whose reader is never woken (kernel-lab.md's listener fallback) must not hold
  // the case: it has reported its sockets at accept time; the caller kills what is left.
  for (std::int64_t end = now_ms() + kServerGraceMs; now_ms() < end;) {
    if (waitpid(srv, nullptr, WNOHANG) == srv) break;
    usleep(20000);
  }
  _exit(0);
}

}  // namespace

std::string run_guest_case(const LabCase& c) {
  std::int64_t t0 = now_ms();
  std::string detail = set_ueid_table(c.ueids);
  std::string sysctl_error;
  auto old = apply_sysctls(c, sysctl_error);
  detail += sysctl_error;

  int p[2];
  if (pipe(p) < 0) return "{\"id\":\"" + json_escape(c.id) + "\",\"status\":\"error\",\"detail\":\"pipe\",\"sockets\":[]}";
  pid_t child = fork();
  if (child == 0) {
    setpgid(0, 0);
    close(p[0]);
    case_main(c, p[1]);
  }
  setpgid(child, child);
  close(p[1]);
  fcntl(p[0], F_SETFL, O_NONBLOCK);

  std::string text;
  std::int64_t deadline = t0 + static_cast<std::int64_t>(c.timeout_s) * 1000;
  bool done = false, hung = false;
  char buf[4096];
  while (!done) {
    for (;;) {
      ssize_t n = read(p[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) {
      done = true;
      break;
    }
    if (now_ms() > deadline) {
      // Tasks in D state ignore the kill; the case is recorded and the guest moves on.
      kill(-child, SIGKILL);
      hung = true;
      break;
    }
    pollfd pf{p[0], POLLIN, 0};
    poll(&pf, 1, 50);
  }
  for (;;) {
    ssize_t n = read(p[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  close(p[0]);
  if (!hung) {
    // The server's per-connection children may outlive the case process: reap what is left.
    kill(-child, SIGKILL);
  }
  for (const auto& [k, v] : old) {
    std::ofstream o("/proc/sys/net/smc/" + k);
    o << v << "\n";
  }

  std::string sockets;
  std::string::size_type start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) break;
    std::string line = text.substr(start, nl - start);
    if (!line.empty()) sockets += (sockets.empty() ? "" : ",") + line;
    start = nl + 1;
  }
  std::string j = "{\"id\":\"" + json_escape(c.id) + "\",\"status\":\"" + (hung ? "hung" : "ok") + "\"";
  j += ",\"detail\":\"" + json_escape(detail) + "\",\"elapsed_ms\":" + std::to_string(now_ms() - t0);
  j += ",\"sockets\":[" + sockets + "]}";
  return j;
}

}  // namespace smc::lab::agent
