#pragma once
// Locating and loading the real captures of tests/data/captures from a test binary:
// ctest runs tests with SMC_SOURCE_DIR set (cmake/SmcTest.cmake).
#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

#include "sim/pcap/capture_reader.h"

namespace smc::pcap::testing {

inline std::string source_dir() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return d ? d : ".";
}

inline std::string capture_path(const std::string& name) {
  return source_dir() + "/tests/data/captures/" + name;
}

inline const char* const kFirstContact = "linux-6.12-rxe-smcr-v2-first-contact.pcap";
inline const char* const kLgrReuse = "linux-6.12-rxe-smcr-v2-lgr-reuse.pcap";
inline const char* const kDeclineNoUeid = "linux-6.12-rxe-smcr-v2-decline-no-ueid.pcap";
inline const char* const kLgrFreeDeleteLink = "linux-6.12-rxe-smcr-v2-lgr-free-delete-link.pcap";
inline const char* const kAllCaptures[] = {kFirstContact, kLgrReuse, kDeclineNoUeid, kLgrFreeDeleteLink};

inline Capture load_capture(const std::string& name) {
  auto cap = read_capture_file(capture_path(name));
  if (!cap) FAIL("cannot read ", name, ": ", cap.error().message());
  return std::move(cap).value();
}

}  // namespace smc::pcap::testing
