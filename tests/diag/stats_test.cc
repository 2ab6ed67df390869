// smcr stats counters: fallbacks per side and reason, handshake errors apart (§1.4).
#include <doctest/doctest.h>

#include "protocol/diag/smc_stats.h"

using namespace smc::diag;

TEST_CASE("fallbacks and handshake errors are counted apart, per side") {
  SmcStats st;
  st.count_fallback(StatsSide::Server, 0x03030000);
  st.count_fallback(StatsSide::Server, 0x03030000);
  st.count_fallback(StatsSide::Client, 0x05000000);
  st.count_fallback(StatsSide::Client, 0x03060000);  // a listener's 0x03060000 counts as client [lab 6.12]
  st.count_handshake_error(StatsSide::Server);
  st.count_success(StatsSide::Client, false, 2);
  CHECK(st.fallbacks(StatsSide::Server) == 2);
  CHECK(st.fallbacks(StatsSide::Server, 0x03030000) == 2);
  CHECK(st.fallbacks(StatsSide::Client) == 2);
  CHECK(st.fallbacks(StatsSide::Client, 0x03030000) == 0);
  CHECK(st.handshake_errors(StatsSide::Server) == 1);
  CHECK(st.handshake_errors(StatsSide::Client) == 0);
  CHECK(st.successes(false) == 1);
  const auto text = st.format(false);
  CHECK(text.find("SMC-R Connections Summary") == 0);
  CHECK(text.find("Total connections handled             6") != std::string::npos);
  CHECK(text.find("Handshake errors                      1 (client 0, server 1)") != std::string::npos);
  CHECK(text.find("TCP fallback                          4 (client 2, server 2)") != std::string::npos);
  CHECK(text.find("0x03030000 NOSMCDEV") != std::string::npos);
  CHECK(text.find("    Server\n") < text.find("    Client\n"));
}

TEST_CASE("the reason table has a fixed size; totals keep counting") {
  SmcStats st;
  for (std::uint32_t i = 0; i < SmcStats::kMaxReasons + 5; ++i) st.count_fallback(StatsSide::Client, 0x03030000 + i);
  CHECK(st.fallbacks(StatsSide::Client) == SmcStats::kMaxReasons + 5);
  CHECK(st.fallbacks(StatsSide::Client, 0x03030000 + SmcStats::kMaxReasons + 1) == 0);
}
