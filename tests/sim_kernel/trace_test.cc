#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "sim/kernel/stable_hash.h"
#include "sim/kernel/trace.h"

using namespace smc::sim;
using namespace smc::sim::literals;

namespace {
const SimTime kOneSecond = SimTime::zero() + 1_s;

void syn_exchange(Trace& t, std::uint64_t server_seq = 1) {
  t.record(kOneSecond, "client/eth0", "tcp.tx", {{"seq", 1}, {"len", 0}, {"flags", "S"}});
  t.record(kOneSecond + 500_ms, "server/eth0", "tcp.rx", {{"seq", server_seq}, {"len", 0}, {"flags", "S"}});
}
}  // namespace

TEST_CASE("text lines have the documented shape") {
  Trace t;
  CollectingTraceSink sink;
  t.attach(sink);
  syn_exchange(t);
  t.record(SimTime::zero() + 6_s, "client", "clc.decline",
           {{"peer_diagnosis", TraceValue::hex(0x03030008, 8)},
            {"reason", "peer sent no UEID"},
            {"empty", ""},
            {"ok", false},
            {"wait", 6_s},
            {"delta", -2}});
  REQUIRE(sink.lines().size() == 3);
  CHECK(sink.lines()[0] == "     1.000000000s client/eth0 tcp.tx seq=1 len=0 flags=S");
  CHECK(sink.lines()[1] == "     1.500000000s server/eth0 tcp.rx seq=1 len=0 flags=S");
  CHECK(sink.lines()[2] ==
        "     6.000000000s client clc.decline peer_diagnosis=0x03030008 "
        "reason=\"peer sent no UEID\" empty=\"\" ok=false wait=6.000000000s delta=-2");
}

TEST_CASE("text values that would break a line are quoted and escaped") {
  Trace t;
  CollectingTraceSink sink;
  t.attach(sink);
  t.record(SimTime::zero(), "a", "k", {{"q", "say \"hi\""}, {"eq", "a=b"}, {"nl", "x\ny"}, {"bin", "\x01"}});
  CHECK(sink.lines()[0] ==
        "     0.000000000s a k q=\"say \\\"hi\\\"\" eq=\"a=b\" nl=\"x\\ny\" bin=\"\\x01\"");
}

TEST_CASE("JSON lines keep field order and types") {
  Trace t;
  std::ostringstream out;
  JsonTraceSink sink(out);
  t.attach(sink);
  t.record(kOneSecond, "client/eth0", "tcp.tx",
           {{"seq", 1}, {"flags", "S"}, {"ok", true}, {"code", TraceValue::hex(0x03030008, 8)}});
  CHECK(out.str() ==
        "{\"t\":\"1.000000000s\",\"t_ns\":1000000000,\"actor\":\"client/eth0\",\"kind\":\"tcp.tx\","
        "\"fields\":{\"seq\":1,\"flags\":\"S\",\"ok\":true,\"code\":\"0x03030008\"}}\n");
}

TEST_CASE("text sink writes one line per record") {
  Trace t;
  std::ostringstream out;
  TextTraceSink sink(out);
  t.attach(sink);
  syn_exchange(t);
  CHECK(out.str() ==
        "     1.000000000s client/eth0 tcp.tx seq=1 len=0 flags=S\n"
        "     1.500000000s server/eth0 tcp.rx seq=1 len=0 flags=S\n");
}

// The pinned values are FNV-1a 64 of the two lines above (each with '\n'), computed by
// hand with a separate Python FNV-1a, not by this code.
TEST_CASE("the trace hash is FNV-1a over the canonical text, pinned") {
  Trace one;
  one.record(kOneSecond, "client/eth0", "tcp.tx", {{"seq", 1}, {"len", 0}, {"flags", "S"}});
  CHECK(one.hash() == 0x6e13f537ea587b7bULL);
  CHECK(one.hash_hex() == "6e13f537ea587b7b");

  Trace two;
  syn_exchange(two);
  CHECK(two.hash() == 0xd09f19d0c363d996ULL);
  CHECK(two.records() == 2);
}

TEST_CASE("the hash does not depend on whether a sink listens") {
  Trace silent, heard;
  CollectingTraceSink sink;
  std::ostringstream json;
  JsonTraceSink js(json);
  heard.attach(sink);
  heard.attach(js);
  for (Trace* t : {&silent, &heard}) {
    syn_exchange(*t);
    t->record(SimTime::zero() + 2_s, "x", "y", {{"s", "with space"}, {"h", TraceValue::hex(255, 4)}});
  }
  CHECK(silent.hash() == heard.hash());
  std::string all;
  for (const auto& l : sink.lines()) all += l + "\n";
  CHECK(heard.hash() == fnv1a64(all));
}

TEST_CASE("the hash is stable across runs and sensitive to any change") {
  Trace a, b, changed_field, changed_time, changed_order;
  syn_exchange(a);
  syn_exchange(b);
  CHECK(a.hash() == b.hash());

  syn_exchange(changed_field, 2);
  CHECK(changed_field.hash() != a.hash());

  changed_time.record(kOneSecond + 1_ns, "client/eth0", "tcp.tx", {{"seq", 1}, {"len", 0}, {"flags", "S"}});
  changed_time.record(kOneSecond + 500_ms, "server/eth0", "tcp.rx", {{"seq", 1}, {"len", 0}, {"flags", "S"}});
  CHECK(changed_time.hash() != a.hash());

  changed_order.record(kOneSecond, "client/eth0", "tcp.tx", {{"len", 0}, {"seq", 1}, {"flags", "S"}});
  changed_order.record(kOneSecond + 500_ms, "server/eth0", "tcp.rx", {{"seq", 1}, {"len", 0}, {"flags", "S"}});
  CHECK(changed_order.hash() != a.hash());
}

TEST_CASE("a detached sink hears nothing more") {
  Trace t;
  CollectingTraceSink sink;
  t.attach(sink);
  t.attach(sink);  // attaching twice does not duplicate lines
  t.record(SimTime::zero(), "a", "one");
  t.detach(sink);
  t.record(SimTime::zero(), "a", "two");
  CHECK(sink.lines().size() == 1);
  CHECK_FALSE(t.has_sinks());
  CHECK(t.records() == 2);
}
