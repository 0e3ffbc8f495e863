#include "analyzer/advisor/plan_outline.h"

#include <fmt/format.h>

namespace planwise::advisor {

static void outlineNode(const plan::Plan& plan, int id, int depth, std::string& out)
{
    const plan::PlanNode* node = plan.node(id);
    if (!node)
        return;
    out += std::string(size_t(depth) * 2, ' ') + node->label();
    if (node->totalCost && node->planRows)
        out += fmt::format("  (cost={:.2f} rows={:.0f})", *node->totalCost, *node->planRows);
    else if (node->planRows)
        out += fmt::format("  (rows={:.0f})", *node->planRows);
    out += "\n";
    for (int child : node->children)
        outlineNode(plan, child, depth + 1, out);
}

std::string planOutline(const plan::Plan& plan)
{
    std::string out;
    for (int root : plan.roots)
        outlineNode(plan, root, 0, out);
    if (!out.empty())
        out.pop_back();
    return out;
}

} // namespace planwise::advisor
