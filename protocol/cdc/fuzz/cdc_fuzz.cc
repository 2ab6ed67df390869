// Fuzz target: SMC-R CDC messages and SMC-D CDC headers (both byte orders); whatever
// decodes must re-encode to bytes that decode to the same value.
#include <cstdint>
#include <cstdlib>

#include "protocol/cdc/cdc_message.h"
#include "protocol/cdc/smcd_cdc_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smc::cdc;
  const smc::wire::ByteView in(data, size);
  if (auto m = CdcMessage::decode(in)) {
    (void)describe(*m);
    auto m2 = CdcMessage::decode(m->encode());
    if (!m2 || !(*m2 == *m)) std::abort();
  } else if (m.error().field.empty()) {
    std::abort();
  }
  for (auto order : {SmcdByteOrder::Big, SmcdByteOrder::Little}) {
    if (auto h = SmcdCdcHeader::decode(in, order)) {
      (void)describe(*h);
      auto h2 = SmcdCdcHeader::decode(h->encode(order), order);
      if (!h2 || !(*h2 == *h)) std::abort();
    }
  }
  return 0;
}
