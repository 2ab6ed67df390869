// The independent check with tshark (wire-format.md §10): smcsim encodes one message of
// every variant the reference documents give (the vectors of wire-format.md §9, the raw
// messages of shared/captures/README.md, v1 LLC forms derived from them), writes them
// into a pcap with the frame builders (SYN / SYN-ACK with the SMC option, CLC over TCP,
// LLC / CDC as RoCEv2 SEND Only, an RDMA WRITE), and asks tshark to decode the file.
// Checked: every SMC frame is recognised as SMC; no Malformed and no expert warning or
// error (IP/TCP/UDP checksums validated too) except the forms §10 names; every field that
// tshark and smcsim both name equals the value of smcsim's decoded message object (as its
// description gives it). Skipped, with a message, only when tshark is not installed.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "sim/pcap/pcap_writer.h"
#include "sim/pcap/roce.h"
#include "sim/pcap/smc_message_decoder.h"
#include "sim/pcap/tcp_flow_writer.h"

using namespace smc::pcap;
using smc::wire::Bytes;
using smc::wire::Field;

namespace {

namespace fs = std::filesystem;

struct Vector {
  std::string title;
  Bytes bytes;
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

// "### Title  (N bytes)" or "#### Title" followed by a ``` block of hexdump lines.
std::vector<Vector> read_vectors(const std::string& path, const std::string& heading, const std::string& from,
                                 const std::string& to) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot read ", path);
  std::vector<Vector> out;
  std::string line, title, hex;
  bool active = from.empty(), in_block = false;
  while (std::getline(in, line)) {
    if (!from.empty() && line.rfind(from, 0) == 0) active = true;
    if (!to.empty() && line.rfind(to, 0) == 0) active = false;
    if (!active) continue;
    if (line.rfind(heading + " ", 0) == 0) title = line.substr(heading.size() + 1);
    else if (line.rfind("```", 0) == 0 && !title.empty()) {
      if (in_block) {
        Vector v{title, {}};
        REQUIRE_MESSAGE(smc::wire::parse_hex(hex, v.bytes), title);
        out.push_back(std::move(v));
        title.clear();
        hex.clear();
      }
      in_block = !in_block;
    } else if (in_block) {
      hex += line + "\n";
    }
  }
  return out;
}

struct Expect {
  std::size_t frame;
  std::string title;
  DecodedMessage decoded;
  bool tshark_decodes = true;  // false: a v2 LLC type tshark 4.0 does not know (§10)
  bool may_be_malformed = false;  // the two forms of §10
};

struct PdmlField {
  std::string name, show;
};
struct PdmlPacket {
  std::vector<PdmlField> fields;
  bool has_smc = false;
};

std::string attr(const std::string& line, const std::string& key) {
  auto p = line.find(" " + key + "=\"");
  if (p == std::string::npos) return {};
  p += key.size() + 3;
  return line.substr(p, line.find('"', p) - p);
}

std::vector<PdmlPacket> run_tshark(const std::string& pcap) {
  std::string out = pcap + ".pdml";
  std::string cmd = "tshark -r '" + pcap +
                    "' -T pdml -O smc --disable-protocol rpcordma -o tcp.check_checksum:TRUE"
                    " -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE > '" + out + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream in(out);
  std::vector<PdmlPacket> packets;
  for (std::string line; std::getline(in, line);) {
    if (line.find("<packet>") != std::string::npos) packets.emplace_back();
    if (packets.empty()) continue;
    if (line.find("<proto name=\"smc\"") != std::string::npos) packets.back().has_smc = true;
    auto name = attr(line, "name");
    if (!name.empty()) packets.back().fields.push_back({name, attr(line, "show")});
  }
  fs::remove(out);
  return packets;
}

const Field* find_field(const std::vector<Field>& fields, const std::string& name) {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
    if (auto* c = find_field(f.children, name)) return c;
  }
  return nullptr;
}

std::optional<unsigned long long> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  try {
    bool hex = s.rfind("0x", 0) == 0;
    std::string digits = hex ? s.substr(2) : s;
    std::size_t used = 0;
    unsigned long long v = std::stoull(digits, &used, hex ? 16 : 10);
    if (used != digits.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

// tshark field-name suffix -> smcsim description field(s), by occurrence within one
// message (Wireshark reuses some names: the CDC consumer cursor fields carry the
// producer cursor's names).
const std::vector<std::pair<std::string, std::vector<std::string>>> kFieldMap = {
    {"smc.length", {"length"}},
    {".smc.version", {"version"}},
    {".first.contact", {"first_contact"}},
    {".peer.id", {"peer_id"}},
    {".qp.number", {"qp_number"}},
    {".rmb.rkey", {"rmb_rkey"}},
    {".tcp.conn.index", {"rmbe_index"}},
    {".rmb.element.alert.token", {"rmbe_alert_token"}},
    {".rmb.buffer.size", {"rmbe_size"}},
    {".qp.mtu.value", {"qp_mtu"}},
    {".rmb.virtual.address", {"rmb_address"}},
    {".initial.psn", {"initial_psn"}},
    {".os.type", {"os_type"}},
    {".v2_lg.type", {"v2_direct"}},
    {"smc.peer.diag.info", {"peer_diagnosis"}},
    {"smc.decline.osync", {"out_of_sync"}},
    {"smc.proposal.eid.count", {"eid_count"}},
    {"smc.proposal.ismv2_gid_count", {"ism_gid_count"}},
    {"smc.proposal.smcv2_ext_offset", {"v2_extension_offset"}},
    {"smc.proposal.smcdv2_ext_offset", {"smcd_v2_extension_offset"}},
    {"smc.proposal.smc.type", {"typev1"}},
    {"smc.proposal.smcv2.type", {"typev2"}},
    {"smc.proposal.ipv4.prefix.length", {"ipv4_prefix_length"}},
    {"smc.proposal.ipv6.prefix.count", {"ipv6_prefix_count"}},
    {"smc.rmbe.ctrl.seqno", {"seqno"}},
    {"smc.rmbe.ctrl.alert.token", {"token"}},
    {"smc.rmbe.ctrl.prod.wrap.seq", {"producer_wrap", "consumer_wrap"}},
    {"smc.rmbe.ctrl.peer.prod.curs", {"producer_count", "consumer_count"}},
    {"smc.rmbe.ctrl.write.blocked", {"write_blocked"}},
    {"smc.rmbe.ctrl.urgent.pending", {"urgent_pending"}},
    {"smc.rmbe.ctrl.urgent.present", {"urgent_present"}},
    {"smc.rmbe.ctrl.cons.update.requested", {"cons_update_requested"}},
    {"smc.rmbe.ctrl.failover.validation", {"failover_validation"}},
    {"smc.rmbe.ctrl.peer.sending.done", {"peer_done_writing"}},
    {"smc.rmbe.ctrl.peer.closed.conn", {"peer_conn_closed"}},
    {"smc.rmbe.ctrl.peer.abnormal.close", {"peer_abnormal_close"}},
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("tshark decodes every message smcsim encodes, with the same field values") {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) {
    MESSAGE("tshark not installed (scripts/deps.sh installs it): tshark check skipped");
    return;
  }
  std::string shared = env_or("SMC_SHARED_DIR", env_or("SMC_SOURCE_DIR", ".") + "/../shared");
  auto vectors = read_vectors(shared + "/reference/wire-format.md", "###", "## 9.", "## 10.");
  auto captured = read_vectors(shared + "/captures/README.md", "####", "## Raw message bytes", "## SHA-256");
  REQUIRE(vectors.size() >= 15);
  REQUIRE(captured.size() >= 20);
  vectors.insert(vectors.end(), captured.begin(), captured.end());
  // v1 (version nibble 0) forms of LLC types the documents only show in v2: same body,
  // one-byte length 44 (wire-format.md §3.1).
  for (const auto& v : captured) {
    if (v.bytes.size() < 44 || (v.bytes[0] >> 4) != 2) continue;
    std::uint8_t t = v.bytes[0] & 0x0f;
    if (t != 0x02 && t != 0x06) continue;
    Vector v1{v.title + " [v1 form]", Bytes(v.bytes.begin(), v.bytes.begin() + 44)};
    v1.bytes[0] = t;
    v1.bytes[1] = 44;
    v1.bytes[2] = 0;
    if (t == 0x02) std::fill(v1.bytes.begin() + 36, v1.bytes.end(), 0);
    vectors.push_back(v1);
  }

  PcapWriter w;
  std::vector<Expect> expects;
  std::uint64_t t = 1'000'000'000;
  std::uint16_t port = 40001;
  RoceQpPath qp;
  qp.addressing.src_mac = {0x02, 0, 0, 0, 0, 1};
  qp.addressing.dst_mac = {0x02, 0, 0, 0, 0, 2};
  qp.addressing.src_ip = IpAddress::v4(10, 0, 0, 1);
  qp.addressing.dst_ip = IpAddress::v4(10, 0, 0, 2);
  qp.addressing.hop_limit = 1;
  qp.udp_src_port = 0xc121;
  qp.dest_qp = 0x11;
  std::uint32_t psn = 100;
  std::size_t syn_frames = 0;
  for (const auto& v : vectors) {
    DecodedMessage d = decode_message(MessageKind::Auto, v.bytes);
    if (d.kind == MessageKind::Cdc && v.bytes.size() == 32) continue;  // SMC-D CDC lives in a DMB, never in a frame
    INFO(v.title);
    REQUIRE_MESSAGE(d.ok(), (d.error ? d.error->message() : ""));
    REQUIRE(d.reencoded == v.bytes);  // what goes on the wire is smcsim's encoding
    Expect e{0, v.title, d};
    if (d.kind == MessageKind::Clc) {
      TcpFlowConfig c;
      c.client_to_server = qp.addressing;
      c.client_to_server.hop_limit = 64;
      c.client_port = static_cast<std::uint16_t>(port + 10000);
      c.server_port = port++;
      c.client_isn = 1000u * port;
      c.server_isn = 7000u * port;
      TcpFlowWriter f(w, c);
      f.syn(t += 1000);
      f.syn_ack(t += 1000);
      f.ack(TcpSide::Client, t += 1000);
      syn_frames += 2;
      bool from_server = d.description->type == "clc_accept";
      f.send(from_server ? TcpSide::Server : TcpSide::Client, t += 1000, d.reencoded);
      e.may_be_malformed = v.bytes.size() == 52 || (v.bytes.size() == 114 && d.description->type == "clc_accept");
    } else {
      w.add(t += 1000, build_roce_send(qp, psn++, d.reencoded));
      e.tshark_decodes = (v.bytes[0] >> 4) != 2;  // v2 LLC types: not known to tshark 4.0
    }
    e.frame = w.frame_count();
    expects.push_back(std::move(e));
  }
  // One RDMA WRITE of 4096 bytes at MTU 1024 and one WRITE Only.
  Bytes data(4096);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  for (const auto& f : build_rdma_write(qp, psn, Reth{0xff20a170c4870000ull, 0x3f1, 0}, data, 1024)) w.add(t += 1000, f);
  std::size_t write_first = w.frame_count() - 3;
  w.add(t += 1000, build_rdma_write(qp, psn + 4, Reth{0x1000, 0x3f1, 0}, Bytes(100, 1), 1024)[0]);

  fs::path file = fs::temp_directory_path() / ("smcsim_tshark_check_" + std::to_string(getpid()) + ".pcap");
  REQUIRE(w.save(file.string()));
  auto packets = run_tshark(file.string());
  fs::remove(file);
  REQUIRE(packets.size() == w.frame_count());

  std::set<std::size_t> exempt;
  for (const auto& e : expects)
    if (e.may_be_malformed) exempt.insert(e.frame);
  // No Malformed, no expert warning or error, in any frame but the §10 exemptions.
  constexpr long kWarn = 6291456;  // _ws.expert.severity values: Chat 2097152, Note 4194304, Warn, Error 8388608
  std::size_t smc_options = 0;
  std::set<std::size_t> malformed_exempt;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    std::size_t frame = i + 1;
    for (const auto& f : packets[i].fields) {
      if (f.name == "tcp.options.experimental.exid" && f.show == "0xe2d4") ++smc_options;
      if (exempt.count(frame)) {
        if (f.name.rfind("_ws.malformed", 0) == 0) malformed_exempt.insert(frame);
        continue;
      }
      CHECK_MESSAGE(f.name.rfind("_ws.malformed", 0) != 0, "frame ", frame, " malformed");
      if (f.name == "_ws.expert.severity") CHECK_MESSAGE(std::stol(f.show) < kWarn, "frame ", frame, " expert");
    }
  }
  // §10: tshark 4.0.17 flags exactly these two forms (which also shows the Malformed
  // detection above works). A newer tshark that decodes them makes this fail: then drop
  // the exemption.
  CHECK(exempt.size() == 2);
  CHECK(malformed_exempt == exempt);
  CHECK(smc_options == syn_frames);  // every SYN / SYN-ACK shows the SMC experimental option
  // The RDMA WRITE packets: opcodes and RETH as tshark reads them.
  auto field_of = [&](std::size_t frame, const std::string& name) {
    for (const auto& f : packets[frame - 1].fields)
      if (f.name == name) return f.show;
    return std::string();
  };
  CHECK(field_of(write_first, "infiniband.bth.opcode") == "6");
  CHECK(field_of(write_first + 1, "infiniband.bth.opcode") == "7");
  CHECK(field_of(write_first + 3, "infiniband.bth.opcode") == "8");
  CHECK(field_of(write_first + 4, "infiniband.bth.opcode") == "10");
  CHECK(field_of(write_first, "infiniband.reth.va") == "0xff20a170c4870000");
  CHECK(number(field_of(write_first, "infiniband.reth.r_key")) == 0x3f1u);
  CHECK(field_of(write_first, "infiniband.reth.dmalen") == "4096");

  std::size_t compared = 0;
  std::map<std::string, std::size_t> per_type;
  for (const auto& e : expects) {
    INFO(e.title, " (frame ", e.frame, ")");
    const auto& p = packets[e.frame - 1];
    if (!e.tshark_decodes) {
      CHECK(!p.has_smc);  // if tshark learns the v2 LLC types, extend the field map
      continue;
    }
    CHECK(p.has_smc);
    std::map<std::string, std::size_t> occurrence;
    for (const auto& f : p.fields) {
      for (const auto& entry : kFieldMap) {  // no structured binding: clang 14 lambdas cannot capture one
        const auto& suffix = entry.first;
        const auto& ours = entry.second;
        if (!ends_with(f.name, suffix)) continue;
        std::size_t n = occurrence[suffix]++;
        if (n >= ours.size()) break;
        const Field* mine = find_field(e.decoded.description->fields, ours[n]);
        if (!mine) break;  // a field smcsim describes under another name or not at all
        auto a = number(f.show), b = number(mine->value);
        if (!a || !b) break;
        CHECK_MESSAGE(*a == *b, f.name, " tshark ", f.show, " smcsim ", ours[n], " ", mine->value);
        ++compared;
        ++per_type[e.decoded.description->type];
        break;
      }
    }
  }
  MESSAGE("compared ", compared, " field values over ", expects.size(), " messages");
  CHECK(compared > 150);
  for (const char* type : {"clc_proposal", "clc_accept", "clc_confirm", "clc_decline", "cdc"})
    CHECK_MESSAGE(per_type[type] >= 3, type);
}
