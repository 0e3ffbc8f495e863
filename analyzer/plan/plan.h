#pragma once
// One plan model for every EXPLAIN format Planwise reads (PostgreSQL, MySQL,
// MariaDB, SQLite). Views, plan rules and the advisor all read this; parsers
// only fill it. A figure the source format does not give stays std::nullopt:
// "unknown" must never look like 0.
#include "analyzer/core/diagnostic.h"
#include "analyzer/core/dialect.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planwise::plan {

enum class PlanFormat {
    PostgresJson,
    PostgresText,
    PostgresYaml,
    PostgresXml,
    MySqlJson,      // EXPLAIN FORMAT=JSON v1 (query_block), MySQL 5.6-8.x
    MySqlJsonV2,    // explain_json_format_version=2 (8.3+): operation/inputs tree
    MySqlTree,      // FORMAT=TREE and EXPLAIN ANALYZE
    MySqlTable,     // traditional tabular EXPLAIN (ASCII table or TSV), MariaDB ANALYZE too
    MariaDbJson,    // MariaDB EXPLAIN/ANALYZE FORMAT=JSON
    SqliteEqp,      // EXPLAIN QUERY PLAN
};

// Stable lower-case names ("pg-json", "pg-text", "mysql-tree", ...) used by --format and JSON.
std::string_view planFormatName(PlanFormat f);
// Accepts the names above plus a few aliases ("json" is not one: it is ambiguous).
std::optional<PlanFormat> parsePlanFormat(std::string_view name);
std::vector<PlanFormat> allPlanFormats();

// What a node does to reach its rows, so consumers need not string-match
// operation names across dialects.
enum class AccessKind {
    Other,          // anything not listed below (Limit, Result, Gather, Append, ...)
    FullScan,       // every row of a table: Seq Scan, MySQL ALL, SQLite "SCAN t"
    IndexFullScan,  // a whole index in index order: MySQL type=index, SQLite "SCAN t USING INDEX i"
    IndexScan,      // index search + table row fetch: Index Scan, ref/eq_ref, SQLite "SEARCH t USING INDEX"
    IndexOnlyScan,  // covering index, no table fetch: Index Only Scan, "Using index", "COVERING INDEX"
    IndexRangeScan, // range of an index: MySQL range, "Index range scan"
    RowIdLookup,    // primary key / rowid lookup: SQLite INTEGER PRIMARY KEY, MySQL const/system
    BitmapScan,     // Bitmap Heap/Index Scan, index_merge
    Join,           // Nested Loop, Hash Join, Merge Join, MySQL nested loop / hash join
    Sort,           // Sort, Incremental Sort, filesort, temp B-tree
    Aggregate,      // Aggregate, HashAggregate, GroupAggregate, Group
    Materialize,    // Materialize, Memoize, CTE/derived materialization, temporary table
    Subquery,       // SubPlan/InitPlan roots, dependent subqueries, CTE Scan, Subquery Scan
};
std::string_view accessKindName(AccessKind k);
bool readsTable(AccessKind k);   // one of the scan/lookup kinds
bool usesIndex(AccessKind k);

enum class EstimateDirection { Unknown, Exact, Under, Over };  // Under: actual rows > estimated rows

struct Buffers {
    std::optional<double> sharedHit, sharedRead, sharedDirtied, sharedWritten;
    std::optional<double> localHit, localRead, localDirtied, localWritten;
    std::optional<double> tempRead, tempWritten;
    bool empty() const;
};

struct IoTiming {
    std::optional<double> readMs, writeMs;            // shared/local (PG "I/O Timings: shared read=")
    std::optional<double> tempReadMs, tempWriteMs;
    bool empty() const { return !readMs && !writeMs && !tempReadMs && !tempWriteMs; }
};

struct SortInfo {
    std::string method;                  // "quicksort", "external merge", "top-N heapsort", "filesort"
    std::string spaceType;               // "Memory" or "Disk"
    std::optional<double> spaceUsedKb;
    std::optional<double> peakMemoryKb;  // Incremental Sort, MySQL/MariaDB r_buffer_size
    bool spilled() const;                // spaceType Disk or external method
};

struct HashInfo {
    std::optional<double> buckets, originalBuckets, batches, originalBatches;
    std::optional<double> peakMemoryKb;
    std::optional<double> diskUsageKb;       // HashAggregate "Disk Usage"
    std::optional<double> plannedPartitions; // HashAggregate
    bool spilled() const;                    // more than one batch, or disk used
};

struct WorkerFigures {
    int number = -1;
    std::optional<double> actualStartupMs, actualTotalMs, actualRows, loops;
    Buffers buffers;
    SortInfo sort;
};

// Figures computed by derivePlan() from the raw ones.
struct DerivedFigures {
    std::optional<double> rowsTotal;      // actual rows over all loops
    std::optional<double> inclusiveMs;    // time of the node and its inputs over all loops (per worker for parallel nodes)
    std::optional<double> exclusiveMs;    // inclusiveMs minus the children's, CTE/InitPlan time not double counted
    std::optional<double> sharePct;       // exclusiveMs / plan total * 100
    std::optional<double> estimateFactor; // >= 1: max(actual, est) / min(actual, est), rows per loop
    EstimateDirection estimateDirection = EstimateDirection::Unknown;
    std::optional<double> readEfficiency; // rows kept / rows read (0..1), when rows were removed or examined
};

struct PlanNode {
    int id = -1;                  // index in Plan::nodes
    int parentId = -1;
    std::vector<int> children;    // ids, in source order
    std::string parentRelationship; // Outer, Inner, InitPlan, SubPlan, Member, ... (as the source says)
    std::string subplanName;      // "CTE x" (a CTE definition), "InitPlan 1 (returns $0)", "SubPlan 2", "Select #2"

    std::string operation;        // as the source names it: "Seq Scan", "Hash Join", "Table scan", "SCAN"
    AccessKind access = AccessKind::Other;
    std::string relation, alias, schema, index;
    std::string joinType;         // Inner, Left, Semi, Anti, ... (PG); MySQL access type stays in accessType
    std::string accessType;       // raw MySQL/MariaDB access type: ALL, ref, range, index, eq_ref, const
    std::string strategy;         // PG Aggregate/SetOp strategy: Plain, Sorted, Hashed, Mixed
    std::string scanDirection;    // Forward, Backward
    std::string cteName;          // for a CTE Scan: the CTE it reads
    int cteNodeId = -1;           // node id of that CTE's definition, when it is in the plan
    bool parallelAware = false;
    bool neverExecuted = false;

    // Conditions.
    std::string filter, indexCond, joinFilter, recheckCond, hashCond, mergeCond;
    std::vector<std::string> sortKeys, groupKeys, output;

    // Estimates.
    std::optional<double> startupCost, totalCost, planRows, planWidth; // planRows: rows out per loop
    std::optional<double> planRowsExamined; // estimated rows read per loop before filtering (MySQL "rows")
    // Actuals, per loop as the servers print them (MariaDB's totals are divided by r_loops).
    // actualRows is rows out of the node (MySQL/MariaDB tables: r_rows * r_filtered / 100);
    // actualTotalMs includes the inputs' time (MariaDB's per-operation times are made inclusive).
    std::optional<double> actualStartupMs, actualTotalMs, actualRows, loops;
    std::optional<double> rowsRemovedByFilter, rowsRemovedByJoinFilter, rowsRemovedByIndexRecheck; // per loop
    std::optional<double> rowsExamined;   // per loop rows read before filtering (MySQL/MariaDB r_rows before r_filtered)
    std::optional<double> filteredPct;    // MySQL/MariaDB filtered / r_filtered (0..100)
    std::optional<double> heapFetches, exactHeapBlocks, lossyHeapBlocks;
    Buffers buffers;
    IoTiming io;
    std::optional<int> workersPlanned, workersLaunched;
    std::vector<WorkerFigures> workers;
    SortInfo sort;
    HashInfo hash;

    // MySQL/MariaDB markers, set by the parsers from Extra / JSON wrappers.
    std::string selectType;       // SIMPLE, DERIVED, DEPENDENT SUBQUERY, ...
    std::vector<std::string> possibleKeys;
    std::vector<std::string> extraNotes; // MySQL "Extra" items verbatim
    bool usingFilesort = false, usingTemporary = false, usingIndexCondition = false;
    bool dependentSubquery = false, rangeCheckedForEachRecord = false;
    std::string joinBuffer;       // "Block Nested Loop", "hash join", "BNL", "BNLH" ... empty when none

    std::map<std::string, std::string> extra; // every other raw property, key as the source names it

    DerivedFigures derived;

    std::optional<double> rowsTotal() const;   // actualRows * loops
    std::string label() const;                 // "Seq Scan on orders o" / "Index Scan using i on t"
};

struct Jit {
    std::optional<double> functions;
    std::optional<double> generationMs, inliningMs, optimizationMs, emissionMs, totalMs;
    std::map<std::string, std::string> options;
};

struct Trigger {
    std::string name, relation;
    std::optional<double> timeMs, calls;
};

struct Plan {
    PlanFormat format = PlanFormat::PostgresText;
    Dialect dialect = Dialect::PostgreSQL;
    bool mariadb = false;           // MySQL dialect, produced by MariaDB
    bool analyzed = false;          // has actual (executed) figures
    std::vector<PlanNode> nodes;    // nodes[i].id == i; parents before children
    std::vector<int> roots;         // usually one; several when the input holds several statements
    std::optional<double> planningMs, executionMs;
    Buffers planningBuffers;
    std::optional<Jit> jit;
    std::vector<Trigger> triggers;
    std::map<std::string, std::string> settings;
    std::string queryText;

    const PlanNode* node(int id) const;
    // Execution time when printed, else the roots' inclusive time; the base of sharePct.
    std::optional<double> totalMs() const;
    // Appends a node under parentId (-1: a new root) and returns its id.
    int addNode(PlanNode node, int parentId);
};

// Fills PlanNode::derived for every node and Plan::analyzed. Parsers call it;
// call it again after editing a plan by hand.
void derivePlan(Plan& plan);

struct ParseResult {
    Plan plan;
    std::vector<Diagnostic> diagnostics;
    bool partial = false;          // some of the input could not be read; the plan holds what could
    bool ok() const;               // at least one node and no Error diagnostic
};

// Guesses the format from the text (psql borders and headers are tolerated).
std::optional<PlanFormat> detectPlanFormat(std::string_view text);

// Parses any supported EXPLAIN output; `format` forces the format, `fileName`
// only labels diagnostics. Never throws on bad input: errors are diagnostics
// with a line or byte offset.
ParseResult parsePlan(std::string_view text, std::optional<PlanFormat> format = {},
                      const std::string& fileName = {});

// SQLite EXPLAIN QUERY PLAN rows (id, parent, detail), as sqlite3 returns them.
struct SqliteEqpRow {
    int id = 0;
    int parent = 0;
    std::string detail;
};

// Understands the tree form (3.24+: "SCAN orders", "SEARCH orders USING INDEX
// idx (customer_id=?)", "USING COVERING INDEX", "USE TEMP B-TREE FOR ORDER BY")
// and the old flat form ("SCAN TABLE orders", "SEARCH TABLE t USING INTEGER
// PRIMARY KEY (rowid=?)").
Plan planFromSqliteEqp(const std::vector<SqliteEqpRow>& rows);

} // namespace planwise::plan
