// Fuzz target: any bytes into decode_clc; whatever decodes must re-encode to bytes that
// decode to the same value (the encoder and decoder agree on every accepted input).
#include <cstdint>
#include <cstdlib>

#include "protocol/clc/clc_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  smc::wire::ByteView in(data, size);
  (void)smc::clc::clc_message_length(in);
  auto m = smc::clc::decode_clc(in);
  if (!m) {
    if (m.error().field.empty()) std::abort();  // every error names its field
    return 0;
  }
  smc::wire::Bytes again = smc::clc::encode(*m);
  auto m2 = smc::clc::decode_clc(again);
  if (!m2 || !(*m2 == *m)) std::abort();
  if (smc::clc::encode(*m2) != again) std::abort();
  (void)smc::clc::describe(*m);
  return 0;
}
