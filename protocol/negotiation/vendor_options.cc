#include "protocol/negotiation/vendor_options.h"

namespace smc::negotiation {

std::uint32_t vendor_word(std::uint32_t sysctl_value) { return kVendorValid | (sysctl_value & kVendorOptionBits); }

std::uint32_t vendor_sysctl(const HostSnapshot& host, const EngineProfile& profile, bool at_check) {
  std::uint32_t built = host.sysctls.vendor_options.value_or(profile.vendor_options_default);
  if (at_check && host.sysctls.vendor_options_at_check) return *host.sysctls.vendor_options_at_check;
  return built;
}

std::uint32_t client_vendor_offer(const HostSnapshot& host, const EngineProfile& profile) {
  if (!profile.vendor_options) return 0;
  return vendor_word(vendor_sysctl(host, profile, false));
}

std::uint32_t server_vendor_answer(std::uint32_t proposal_word, const HostSnapshot& host, const EngineProfile& profile) {
  if (!profile.vendor_options || !(proposal_word & kVendorValid)) return 0;
  return kVendorValid | (proposal_word & vendor_word(vendor_sysctl(host, profile, false)) & kVendorOptionBits);
}

std::optional<clc::DeclineCode> client_check_vendor(std::uint32_t accept_word, const HostSnapshot& host,
                                                    const EngineProfile& profile) {
  // An upstream server answers with no word at all: nothing was negotiated, nothing to check.
  if (!profile.vendor_options || !(accept_word & kVendorValid)) return std::nullopt;
  std::uint32_t mine = vendor_word(vendor_sysctl(host, profile, true));
  if (accept_word & ~mine & kVendorOptionBits) return clc::DeclineCode::VendorOptionsMismatch;
  return std::nullopt;
}

std::optional<clc::DeclineCode> server_check_vendor(std::uint32_t confirm_word, std::uint32_t accept_word,
                                                    const HostSnapshot& host, const EngineProfile& profile) {
  if (!profile.vendor_options || !(accept_word & kVendorValid)) return std::nullopt;
  if (confirm_word != accept_word) return clc::DeclineCode::VendorOptionsMismatch;
  std::uint32_t mine = vendor_word(vendor_sysctl(host, profile, true));
  if (confirm_word & ~mine & kVendorOptionBits) return clc::DeclineCode::VendorOptionsMismatch;
  return std::nullopt;
}

}  // namespace smc::negotiation
