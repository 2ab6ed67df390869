// `smcsim decode`: SMC messages from hex text, a raw file or a capture, printed as a tree
// or as JSON lines. Exit codes (cli/command.h): 0 every message decoded; 1 a message is
// malformed (its typed error is printed with the offset); 2 bad arguments, bad hex text,
// or a file that cannot be read / is not a capture.
#include <fmt/core.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/field_list.h"
#include "sim/pcap/capture_reader.h"
#include "sim/pcap/smc_extractor.h"
#include "sim/pcap/smc_message_decoder.h"

namespace smc::cli {

namespace {

struct DecodeOptions {
  std::string hex;
  std::string file;
  std::string pcap;
  std::string format = "tree";
  std::string kind = "auto";
};

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += static_cast<char>(c);
    else if (c < 0x20 || c >= 0x7f) o += fmt::format("\\u{:04x}", c);
    else o += static_cast<char>(c);
  }
  return o + '"';
}

std::string error_json(const wire::DecodeError& e) {
  return fmt::format("{{\"kind\":{},\"field\":{},\"offset\":{},\"detail\":{},\"message\":{}}}",
                     json_string(wire::to_string(e.kind)), json_string(e.field), e.offset, json_string(e.detail),
                     json_string(e.message()));
}

using Extra = std::vector<std::pair<std::string, std::string>>;

// Prints one decoded (or failed) message; returns false if it was malformed.
bool print_message(const pcap::DecodedMessage& m, bool json, const Extra& extra, const std::string& heading) {
  if (json) {
    if (m.ok()) {
      fmt::print("{}\n", wire::render_json(*m.description, extra));
    } else {
      std::string o = "{";
      for (const auto& [k, v] : extra) o += json_string(k) + ":" + v + ",";
      o += fmt::format("\"type\":\"malformed\",\"kind\":{},\"length\":{},\"error\":{}}}",
                       json_string(pcap::to_string(m.kind)), m.bytes.size(), error_json(*m.error));
      fmt::print("{}\n", o);
    }
    return m.ok();
  }
  if (!heading.empty()) fmt::print("{}\n", heading);
  if (m.ok()) {
    fmt::print("{}", wire::render_tree(*m.description, heading.empty() ? 0 : 2));
  } else {
    fmt::print("{}malformed {} message ({} bytes): {}\n", heading.empty() ? "" : "  ", pcap::to_string(m.kind),
               m.bytes.size(), m.error->message());
  }
  return m.ok();
}

wire::Bytes read_file_or_throw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("decode: cannot open " + path);
  wire::Bytes b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw UsageError("decode: cannot read " + path);
  return b;
}

int decode_raw(const DecodeOptions& o, pcap::MessageKind kind, bool json) {
  wire::Bytes bytes;
  if (!o.hex.empty()) {
    std::string err;
    if (!wire::parse_hex(o.hex, bytes, &err)) throw UsageError("decode: bad hex text: " + err);
  } else {
    bytes = read_file_or_throw(o.file);
  }
  if (bytes.empty()) throw UsageError("decode: no bytes to decode");
  auto messages = pcap::decode_concatenated(kind, bytes);
  bool all_ok = true;
  bool several = messages.size() > 1 || messages.front().bytes.size() < bytes.size();
  for (const auto& m : messages) {
    Extra extra{{"offset", std::to_string(m.offset)}};
    std::string heading = several ? fmt::format("at offset {}:", m.offset) : "";
    all_ok = print_message(m, json, several || json ? extra : Extra{}, heading) && all_ok;
  }
  if (!all_ok && !json) {
    const auto& bad = messages.back();
    fmt::print("error: message at input offset {} is malformed: {} (input offset {})\n", bad.offset,
               bad.error->message(), bad.offset + bad.error->offset);
  }
  return all_ok ? kExitOk : kExitFailed;
}

int decode_pcap(const DecodeOptions& o, bool json) {
  auto cap = pcap::read_capture_file(o.pcap);
  if (!cap) throw UsageError("decode: " + o.pcap + ": " + cap.error().message());
  auto x = pcap::extract_smc(*cap);
  bool all_ok = true;
  for (const auto& m : x.messages) {
    auto d = pcap::decode_extracted(m);
    Extra extra{{"frame", std::to_string(m.frame)},
                {"time_ns", std::to_string(m.time_ns)},
                {"src", json_string(m.src.to_string())},
                {"dst", json_string(m.dst.to_string())}};
    if (m.kind == pcap::CarrierKind::RoceSend || m.kind == pcap::CarrierKind::RdmaWrite)
      extra.push_back({"dest_qp", std::to_string(m.dest_qp)});
    std::string heading = fmt::format("frame {}  {}.{:09d}  {}{}", m.frame, m.time_ns / 1'000'000'000u,
                                      m.time_ns % 1'000'000'000u, m.direction(),
                                      m.kind == pcap::CarrierKind::RoceSend || m.kind == pcap::CarrierKind::RdmaWrite
                                          ? fmt::format("  QP {:#08x}", m.dest_qp)
                                          : "");
    all_ok = print_message(d, json, extra, heading) && all_ok;
  }
  if (!json)
    for (const auto& n : x.notes) fmt::print("frame {}: note: {}\n", n.frame, n.text);
  if (!json && x.messages.empty()) fmt::print("no SMC messages in {} frames\n", cap->frames.size());
  return all_ok ? kExitOk : kExitFailed;
}

}  // namespace

void add_decode_command(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<DecodeOptions>();
  auto* cmd = app.add_subcommand("decode", "decode SMC messages from hex, a raw file or a pcap");
  auto* hex = cmd->add_option("--hex", opts->hex, "message bytes as hex text (\"e2 d4 c3 d9 ...\", hexdump form allowed)");
  auto* file = cmd->add_option("--file", opts->file, "file holding the raw bytes of one or more messages back to back");
  auto* pcap = cmd->add_option("--pcap", opts->pcap, "pcap or pcapng capture (Ethernet): every SMC message in it");
  hex->excludes(file)->excludes(pcap);
  file->excludes(pcap);
  cmd->add_option("--format", opts->format, "tree (default) or json (one object per message per line)")
      ->check(CLI::IsMember({"tree", "json"}));
  cmd->add_option("--kind", opts->kind,
                  "auto (CLC by eyecatcher, 0xFE -> CDC, else LLC), clc, llc, cdc, smcd-cdc or tcp-options")
      ->check(CLI::IsMember({"auto", "clc", "llc", "cdc", "smcd-cdc", "tcp-options"}));
  cmd->callback([opts, hex, file, pcap, &ctx] {
    if (hex->count() + file->count() + pcap->count() != 1)
      throw UsageError("decode: give exactly one of --hex, --file or --pcap");
    auto kind = pcap::parse_message_kind(opts->kind);
    if (!kind) throw UsageError("decode: unknown --kind " + opts->kind);
    if (pcap->count() && *kind != pcap::MessageKind::Auto)
      throw UsageError("decode: --kind does not apply to --pcap (messages are found by their carrier)");
    bool json = opts->format == "json";
    if (hex->count() && opts->hex.empty()) throw UsageError("decode: --hex needs bytes");
    ctx.exit_code = pcap->count() ? decode_pcap(*opts, json) : decode_raw(*opts, *kind, json);
  });
}

}  // namespace smc::cli
