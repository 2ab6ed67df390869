#pragma once
// Runs one lab case inside the guest: kernel-global state, a server and a client process
// (each in its topology's namespace), the echo, and one JSON object per socket. The whole
// case runs in a child under a watchdog, so a hang in the kernel becomes a "hung" result.
#include <string>

#include "hw/lab/lab_case.h"

namespace smc::lab::agent {

// {"id":..,"status":"ok"|"hung"|"error","detail":..,"elapsed_ms":..,"sockets":[..]}
std::string run_guest_case(const LabCase& c);

}  // namespace smc::lab::agent
