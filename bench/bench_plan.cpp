// Plan parsing + derivation on a 10,000-node plan, in the formats users paste most.
#include "analyzer/plan/plan.h"
#include "analyzer/plan/plan_rules.h"

#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <string>

namespace {

using namespace planwise::plan;

// An Append over `groups` hash joins (4 nodes each) with filters and buffers: 4 * groups + 1 nodes.
std::string pgTextPlan(int groups)
{
    std::string s = fmt::format(
        " Append  (cost=0.00..{}.00 rows={} width=16) (actual time=0.010..{}.000 rows={} loops=1)\n",
        groups * 100, groups * 10, groups, groups * 10);
    for (int g = 0; g < groups; ++g) {
        s += fmt::format("   ->  Hash Join  (cost=10.00..100.00 rows=10 width=16) "
                         "(actual time=0.100..0.900 rows=10 loops=1)\n"
                         "         Hash Cond: (a{0}.id = b{0}.a_id)\n"
                         "         Buffers: shared hit=12 read=3\n"
                         "         ->  Seq Scan on part_a_{0} a{0}  (cost=0.00..80.00 rows=100 width=8) "
                         "(actual time=0.010..0.500 rows=100 loops=1)\n"
                         "               Filter: (status = 'open'::text)\n"
                         "               Rows Removed by Filter: 900\n"
                         "               Buffers: shared hit=10 read=3\n"
                         "         ->  Hash  (cost=5.00..5.00 rows=10 width=8) (actual time=0.050..0.050 rows=10 loops=1)\n"
                         "               Buckets: 1024  Batches: 1  Memory Usage: 9kB\n"
                         "               ->  Index Scan using part_b_{0}_idx on part_b_{0} b{0}  "
                         "(cost=0.29..5.00 rows=10 width=8) (actual time=0.005..0.040 rows=10 loops=1)\n"
                         "                     Index Cond: (kind = 3)\n",
                         g);
    }
    s += " Planning Time: 12.000 ms\n Execution Time: 2500.000 ms\n";
    return s;
}

std::string pgJsonNode(int g)
{
    return fmt::format(
        R"J({{"Node Type": "Hash Join", "Join Type": "Inner", "Startup Cost": 10.0, "Total Cost": 100.0,
  "Plan Rows": 10, "Plan Width": 16, "Actual Startup Time": 0.1, "Actual Total Time": 0.9, "Actual Rows": 10,
  "Actual Loops": 1, "Hash Cond": "(a{0}.id = b{0}.a_id)", "Shared Hit Blocks": 12, "Shared Read Blocks": 3,
  "Plans": [
   {{"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "part_a_{0}", "Alias": "a{0}",
    "Plan Rows": 100, "Actual Total Time": 0.5, "Actual Rows": 100, "Actual Loops": 1,
    "Filter": "(status = 'open'::text)", "Rows Removed by Filter": 900}},
   {{"Node Type": "Hash", "Parent Relationship": "Inner", "Plan Rows": 10, "Actual Total Time": 0.05,
    "Actual Rows": 10, "Actual Loops": 1, "Hash Buckets": 1024, "Hash Batches": 1, "Peak Memory Usage": 9,
    "Plans": [{{"Node Type": "Index Scan", "Parent Relationship": "Outer", "Index Name": "part_b_{0}_idx",
     "Relation Name": "part_b_{0}", "Alias": "b{0}", "Plan Rows": 10, "Actual Total Time": 0.04,
     "Actual Rows": 10, "Actual Loops": 1, "Index Cond": "(kind = 3)"}}]}}]}})J",
        g);
}

std::string pgJsonPlan(int groups)
{
    std::string s = R"([{"Plan": {"Node Type": "Append", "Actual Total Time": 2500.0, "Actual Rows": 100, "Actual Loops": 1, "Plans": [)";
    for (int g = 0; g < groups; ++g) {
        if (g)
            s += ",\n";
        s += pgJsonNode(g);
    }
    s += R"(]}, "Planning Time": 12.0, "Execution Time": 2500.0}])";
    return s;
}

std::string mysqlTreePlan(int groups)
{
    std::string s = "-> Append  (cost=1e+06 rows=1e+05) (actual time=0.01..2500 rows=1e+05 loops=1)\n";
    for (int g = 0; g < groups; ++g) {
        s += fmt::format("    -> Nested loop inner join  (cost=100 rows=10) (actual time=0.1..0.9 rows=10 loops=1)\n"
                         "        -> Filter: (a{0}.status = 'open')  (cost=80 rows=100) (actual time=0.01..0.5 rows=100 loops=1)\n"
                         "            -> Table scan on a{0}  (cost=80 rows=1000) (actual time=0.01..0.4 rows=1000 loops=1)\n"
                         "        -> Index lookup on b{0} using idx (a_id=a{0}.id)  (cost=0.25 rows=1) "
                         "(actual time=0.001..0.002 rows=0.1 loops=100)\n",
                         g);
    }
    return s;
}

void runParse(benchmark::State& state, const std::string& text)
{
    size_t nodes = 0;
    for (auto _ : state) {
        ParseResult r = parsePlan(text);
        nodes = r.plan.nodes.size();
        benchmark::DoNotOptimize(r);
    }
    state.counters["nodes"] = static_cast<double>(nodes);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

void BM_ParsePgText10k(benchmark::State& state) { runParse(state, pgTextPlan(2500)); }
void BM_ParsePgJson10k(benchmark::State& state) { runParse(state, pgJsonPlan(2500)); }
void BM_ParseMySqlTree10k(benchmark::State& state) { runParse(state, mysqlTreePlan(2500)); }

void BM_PlanRules10k(benchmark::State& state)
{
    const ParseResult r = parsePlan(pgTextPlan(2500));
    for (auto _ : state) {
        auto findings = checkPlan(r.plan);
        benchmark::DoNotOptimize(findings);
    }
}

} // namespace

BENCHMARK(BM_ParsePgText10k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParsePgJson10k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseMySqlTree10k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanRules10k)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
