// Every SMC message of the four real captures decodes with the codecs and re-encodes to
// exactly the captured bytes. The per-type counts come from shared/captures/README.md's
// frame lists (and wire-format.md §11.1), not from this code's output.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "sim/pcap/smc_extractor.h"
#include "sim/pcap/smc_message_decoder.h"
#include "tests/pcap/capture_files.h"

using namespace smc::pcap;
using namespace smc::pcap::testing;

namespace {

using Counts = std::map<std::string, int>;

Counts roundtrip(const char* name) {
  auto x = extract_smc(load_capture(name));
  Counts counts;
  for (const auto& m : x.messages) {
    if (m.kind == CarrierKind::RdmaWrite) continue;  // application data, not an SMC message
    auto d = decode_extracted(m);
    INFO(name, " frame ", m.frame, " (", to_string(m.kind), ")");
    REQUIRE_MESSAGE(d.ok(), (d.error ? d.error->message() : std::string("?")));
    CHECK(d.reencoded == m.bytes);
    CHECK(d.description->length == m.bytes.size());
    ++counts[d.description->type];
  }
  return counts;
}

}  // namespace

TEST_CASE("first contact: 36 messages decode and re-encode byte for byte") {
  Counts want{{"tcp_options", 2},      {"clc_proposal", 1},    {"clc_accept", 1}, {"clc_confirm", 1},
              {"llc_confirm_link", 4}, {"llc_add_link", 2},    {"cdc", 5},        {"llc_delete_rkey", 4},
              {"llc_test_link", 16}};
  CHECK(roundtrip(kFirstContact) == want);
}

TEST_CASE("lgr reuse: 44 messages decode and re-encode byte for byte") {
  Counts want{{"tcp_options", 4}, {"clc_proposal", 2},     {"clc_accept", 2}, {"clc_confirm", 2},
              {"llc_test_link", 8}, {"llc_confirm_rkey", 8}, {"cdc", 10},     {"llc_delete_rkey", 8}};
  CHECK(roundtrip(kLgrReuse) == want);
}

TEST_CASE("decline: 11 messages decode and re-encode byte for byte") {
  Counts want{{"tcp_options", 2}, {"clc_decline", 1}, {"llc_test_link", 8}};
  CHECK(roundtrip(kDeclineNoUeid) == want);
}

TEST_CASE("lgr free: the two Delete Link messages decode and re-encode byte for byte") {
  Counts want{{"llc_delete_link", 2}};
  CHECK(roundtrip(kLgrFreeDeleteLink) == want);
}
