// planwise-gen-demo OUTDIR: writes OUTDIR/demo.sqlite and OUTDIR/demo-slow.log.
// Run at build time; the same program always writes the same bytes.
#include "demo_shop.h"
#include "demo_slowlog.h"

#include "connectors/sqlite/sqlite_handles.h"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace planwise;

namespace {

constexpr uint64_t kSeed = 0x5EED'D3E0'2026'0001ull;

void generate(const fs::path& dir)
{
    fs::create_directories(dir);
    // Written under temporary names and renamed at the end, so an interrupted
    // build never leaves a half-written file that looks finished.
    const fs::path dbTmp = dir / "demo.sqlite.tmp";
    const fs::path logTmp = dir / "demo-slow.log.tmp";
    fs::remove(dbTmp);

    demo::SplitMix64 rng(kSeed);
    const demo::ShopSize shop;
    {
        sqlite3* raw = nullptr;
        const int rc = sqlite3_open_v2(dbTmp.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        sqlite::DbHandle db(raw);
        if (rc != SQLITE_OK)
            throw std::runtime_error("cannot create " + dbTmp.string() + ": " + sqlite3_errmsg(raw));
        // No journal and no fsync: the file is scratch until renamed. The page
        // cache holds the whole database so the workload's scans stay in memory
        // (the counters the log is built from do not depend on it).
        demo::exec(db.get(), "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;"
                             "PRAGMA cache_size = -65536;");
        demo::buildShop(db.get(), rng, shop);

        std::ofstream log(logTmp, std::ios::binary | std::ios::trunc);
        demo::writeSlowLog(db.get(), log, rng, shop, demo::WorkloadSize{});
        log.close();
        if (!log)
            throw std::runtime_error("cannot write " + logTmp.string());
    }
    fs::rename(dbTmp, dir / "demo.sqlite");
    fs::rename(logTmp, dir / "demo-slow.log");
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " OUTDIR\n";
        return 2;
    }
    try {
        generate(argv[1]);
    } catch (const std::exception& e) {
        std::cerr << argv[0] << ": " << e.what() << '\n';
        return 1;
    }
    return 0;
}
