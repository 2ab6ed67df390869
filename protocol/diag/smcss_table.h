#pragma once
// An `smcss`-style table (smc-tools, fallback-causes.md §1.3). Rules that matter for
// conformance: without `all` INIT and LISTEN sockets are not listed; with it INIT shows
// only State, UID and Inode, LISTEN adds the local address, and neither shows a Mode;
// CLOSED and later states show both addresses, Intf and Mode.
#include <string>
#include <vector>

#include "protocol/diag/socket_diag.h"

namespace smc::diag {

struct SmcssOptions {
  bool all = false;        // -a
  bool listening = false;  // -l: LISTEN sockets only
  bool details = false;    // -d / -e: shutdown, token, buffers, cursors (SMC sockets only)
  bool smcr = false;       // -R: link group columns; lists SMC-R sockets only
  bool smcd = false;       // -D: DMB columns; lists SMC-D sockets only
  bool wide = false;       // -W: do not shorten addresses
};

std::string smcss_header(const SmcssOptions& opt);
// One row, without the newline; empty when the options hide the socket.
std::string smcss_row(const SocketDiag& s, const SmcssOptions& opt);
// Header plus every listed row, each line ending in '\n'.
std::string format_smcss(const std::vector<SocketDiag>& sockets, const SmcssOptions& opt);
// "192.168.99.21:60188", shortened to 23 columns with ".." unless wide.
std::string smcss_address(const Endpoint& e, bool wide);

}  // namespace smc::diag
