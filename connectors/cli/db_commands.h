#pragma once
// The planwise-cli commands that talk to a live database, as a module the
// CLI loads only when one of them runs: digest, plan, shape and rules then
// start without libpq, Connector/C++ and their TLS and Kerberos libraries
// (a third of the start-up time, which shows on a short log or in a loop).
//
// Plain C entry points, looked up by name with dlsym; the option structs are
// the ones of the connector commands (header-only, shared by both sides).
#include "connectors/advise_command.h"
#include "connectors/explain_command.h"

#include <iosfwd>

// File name of the module: next to planwise-cli in the build tree, in
// <libdir>/planwise once installed.
#define PLANWISE_DB_COMMANDS_MODULE "planwise-db-commands.so"

extern "C" {
using PlanwiseRunAdvise = int (*)(const planwise::connectors::AdviseCommandOptions*, std::ostream*, std::ostream*);
using PlanwiseRunExplain = int (*)(const planwise::connectors::ExplainCommandOptions*, std::istream*, std::ostream*,
                                   std::ostream*);

int planwise_run_advise(const planwise::connectors::AdviseCommandOptions* options, std::ostream* out, std::ostream* err);
int planwise_run_explain(const planwise::connectors::ExplainCommandOptions* options, std::istream* in, std::ostream* out,
                         std::ostream* err);
}
