// Fuzz target: any bytes through decode_llc under every codec option; whatever decodes
// must re-encode to bytes that decode to the same message.
#include <cstdint>
#include <cstdlib>

#include "protocol/llc/llc_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smc::llc;
  const smc::wire::ByteView in(data, size);
  for (auto order : {LlcByteOrder::Little, LlcByteOrder::Big}) {
    for (bool anolis : {false, true}) {
      const LlcCodecOptions opt{order, anolis};
      auto m = decode_llc(in, opt);
      if (!m) {
        if (m.error().field.empty()) std::abort();  // every error names its field
        continue;
      }
      (void)describe(*m);
      const auto again = encode_llc(*m, opt);
      auto m2 = decode_llc(again, opt);
      if (!m2 || !(*m2 == *m)) std::abort();
      if (encode_llc(*m2, opt) != again) std::abort();
    }
  }
  return 0;
}
