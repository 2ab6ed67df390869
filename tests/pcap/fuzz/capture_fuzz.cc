// Any bytes as a capture file: the reader, the frame parser, the extractor and the codecs
// behind decode_extracted must return values or typed errors, never read out of bounds.
// Seeded with the real captures (tests/data/captures).
#include <cstddef>
#include <cstdint>

#include "sim/pcap/capture_reader.h"
#include "sim/pcap/smc_extractor.h"
#include "sim/pcap/smc_message_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto cap = smc::pcap::read_capture(smc::wire::ByteView(data, size));
  if (!cap) return 0;
  auto x = smc::pcap::extract_smc(*cap);
  for (const auto& m : x.messages) (void)smc::pcap::decode_extracted(m);
  return 0;
}
