#include "sim/pcap/pcap_writer.h"

#include <fstream>

#include "protocol/wire/byte_writer.h"

namespace smc::pcap {

// The file is written little-endian, the byte order of the machines that read pcaps most;
// readers detect the order from the magic.
PcapWriter::PcapWriter() {
  wire::ByteWriter w(24);
  w.u32le(kPcapMagicNano);
  w.u16le(2);  // version 2.4
  w.u16le(4);
  w.u32le(0);  // this zone (always 0)
  w.u32le(0);  // sigfigs
  w.u32le(kPcapSnapLen);
  w.u32le(kLinkTypeEthernet);
  out_ = w.take();
}

void PcapWriter::add(std::uint64_t time_ns, wire::ByteView frame) {
  wire::ByteWriter w(16);
  w.u32le(static_cast<std::uint32_t>(time_ns / 1'000'000'000u));
  w.u32le(static_cast<std::uint32_t>(time_ns % 1'000'000'000u));
  w.u32le(static_cast<std::uint32_t>(frame.size()));
  w.u32le(static_cast<std::uint32_t>(frame.size()));
  out_.insert(out_.end(), w.bytes().begin(), w.bytes().end());
  out_.insert(out_.end(), frame.begin(), frame.end());
  ++frames_;
}

bool PcapWriter::save(const std::string& path, std::string* error) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (f) f.write(reinterpret_cast<const char*>(out_.data()), static_cast<std::streamsize>(out_.size()));
  if (!f) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace smc::pcap
