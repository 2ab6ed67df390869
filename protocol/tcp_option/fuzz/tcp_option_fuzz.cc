// Fuzz target: TCP option lists. Decoding keeps what Linux would skip, so a decoded list
// must re-encode to exactly the input and decode again to the same list.
#include <cstdint>
#include <cstdlib>

#include "protocol/tcp_option/smc_tcp_option.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smc::tcp_option;
  const smc::wire::ByteView in(data, size);
  auto l = TcpOptionList::decode(in);
  if (!l) {
    if (size <= kMaxTcpOptionSpace) std::abort();  // only over-long lists are errors
    return 0;
  }
  (void)describe(*l);
  (void)smc_option_accepted(*l, true);
  (void)l->mss();
  (void)l->timestamps();
  const auto again = l->encode();
  if (again != smc::wire::Bytes(in.begin(), in.end())) std::abort();
  auto l2 = TcpOptionList::decode(again);
  if (!l2 || !(*l2 == *l)) std::abort();
  return 0;
}
