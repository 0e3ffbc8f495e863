#pragma once
// A small SQLite file the SQLite tests build themselves: every catalog feature
// the connector reads (rowid and WITHOUT ROWID keys, composite, DESC,
// expression, partial and unique indexes, foreign keys), optionally analyzed.
#include "connectors/sqlite/sqlite_handles.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <stdexcept>
#include <string>

namespace planwise::testdb {

inline void exec(sqlite3* db, const std::string& sql)
{
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error(msg + " in: " + sql);
    }
}

// Writes the library database to `path`; 50 authors, 2000 books, tags.
inline void createLibrary(const QString& path, bool analyze)
{
    sqlite3* raw = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    sqlite::DbHandle db(raw);
    exec(db.get(), R"sql(
        CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
        CREATE TABLE books (
            id INTEGER PRIMARY KEY,
            author_id INTEGER NOT NULL REFERENCES authors (id),
            title TEXT NOT NULL,
            isbn TEXT UNIQUE,
            published TEXT,
            price REAL);
        CREATE INDEX books_author ON books (author_id, published DESC);
        CREATE INDEX books_title_lower ON books (lower(title) COLLATE NOCASE);
        CREATE INDEX books_cheap ON books (price) WHERE price < 10;
        CREATE TABLE tags (
            book_id INTEGER NOT NULL REFERENCES books,
            tag TEXT NOT NULL,
            PRIMARY KEY (book_id, tag)) WITHOUT ROWID;
        BEGIN;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
            INSERT INTO authors SELECT i, 'Author ' || i, 'author' || i || '@example.com' FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO books SELECT i, 1 + i % 50, 'Title ' || i, 'ISBN-' || i,
                                     date('2020-01-01', '+' || (i % 700) || ' days'), (i % 40) + 0.99 FROM n;
        INSERT INTO tags SELECT id, 'fiction' FROM books WHERE id % 2 = 0;
        INSERT INTO tags SELECT id, 'classic' FROM books WHERE id % 7 = 0;
        COMMIT;
    )sql");
    if (analyze)
        exec(db.get(), "ANALYZE");
}

struct FileState {
    QByteArray sha256;
    QDateTime modified;
    qint64 size = 0;
    bool operator==(const FileState&) const = default;
};

inline FileState fileState(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    const QFileInfo info(path);
    return {h.result(), info.lastModified(), info.size()};
}

} // namespace planwise::testdb
