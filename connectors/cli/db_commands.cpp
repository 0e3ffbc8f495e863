#include "connectors/cli/db_commands.h"

#include "connectors/mysql/mysql_session.h"

extern "C" {

int planwise_run_advise(const planwise::connectors::AdviseCommandOptions* options, std::ostream* out, std::ostream* err)
{
    planwise::mysql::initDriver();   // Connector/C++: once, on the calling (main) thread, before any worker
    return planwise::connectors::runAdviseCommand(*options, *out, *err);
}

int planwise_run_explain(const planwise::connectors::ExplainCommandOptions* options, std::istream* in, std::ostream* out,
                         std::ostream* err)
{
    planwise::mysql::initDriver();
    return planwise::connectors::runExplainCommand(*options, *in, *out, *err);
}
}
