// Query shapes for PostgreSQL, MySQL/MariaDB and SQLite, table-driven.
//
// Each row gives the statement and the expected shape as "key=value;key=value".
// The main keys (kind, tables, preds, joins, order, group, flags, read, written,
// subs, skipped) are always compared: a key left out must render empty. The
// detail keys (values, fn, inlist, text, error, conflict, ctes, out, and
// subN.<key> for nested shapes) are compared only when a row gives them.
// Set PW_SHAPE_DUMP=1 to print what each row renders.
#include "analyzer/sql/query_shape.h"
#include "analyzer/sql/shape_json.h"

#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTest>

#include <cstdio>

using namespace planwise;
using namespace planwise::sql;

namespace {

const QStringList kMainKeys{"kind", "tables", "preds", "joins", "order", "group", "flags",
                            "read", "written", "subs", "skipped"};

QString col(const ColumnRef& c)
{
    return QString::fromStdString(c.table.empty() ? c.column : c.table + "." + c.column);
}

QString cols(const std::vector<ColumnRef>& refs)
{
    QStringList out;
    for (const ColumnRef& c : refs)
        out << col(c);
    return out.join(',');
}

QString shortOp(PredicateOp op)
{
    switch (op) {
    case PredicateOp::Equality: return "eq";
    case PredicateOp::In: return "in";
    case PredicateOp::Range: return "range";
    case PredicateOp::LikePrefix: return "prefix";
    case PredicateOp::LikeWildcard: return "wildcard";
    case PredicateOp::IsNull: return "null";
    case PredicateOp::FunctionWrapped: return "func";
    case PredicateOp::ImplicitCast: return "cast";
    case PredicateOp::NotEqual: return "ne";
    case PredicateOp::Other: return "other";
    }
    return "?";
}

void render(const QueryShape& s, const QString& prefix, QMap<QString, QString>& out)
{
    out[prefix + "kind"] = QString::fromUtf8(statementKindName(s.kind).data(), int(statementKindName(s.kind).size()));
    QStringList tables, hints;
    for (const TableRef& t : s.tables) {
        QString name = QString::fromStdString(t.schema.empty() ? t.name : t.schema + "." + t.name);
        if (!t.alias.empty() && t.alias != t.name)
            name += " " + QString::fromStdString(t.alias);
        if (t.kind != TableKind::BaseTable)
            name += ":" + QString::fromUtf8(tableKindName(t.kind).data());
        tables << name;
        for (const std::string& h : t.indexHints)
            hints << QString::fromStdString(h);
    }
    out[prefix + "tables"] = tables.join(',');
    out[prefix + "hints"] = hints.join(',');

    QStringList preds, values, fns, inlists, texts;
    for (const Predicate& p : s.predicates) {
        QString line = col(p.column) + " " + shortOp(p.op);
        if (p.negated)
            line += " not";
        if (p.underOr)
            line += " or";
        if (p.clause == "on")
            line += " on";
        preds << line;
        values << QString::fromUtf8(valueKindName(p.value).data());
        fns << QString::fromStdString(p.function);
        inlists << QString::number(p.inListSize);
        texts << QString::fromStdString(p.text);
    }
    out[prefix + "preds"] = preds.join(',');
    out[prefix + "values"] = values.join(',');
    out[prefix + "fn"] = fns.join(',');
    out[prefix + "inlist"] = inlists.join(',');
    out[prefix + "text"] = texts.join('|');

    QStringList joins;
    for (const JoinCondition& j : s.joins)
        joins << col(j.left) + "=" + col(j.right) + "/" + QString::fromStdString(j.joinType);
    out[prefix + "joins"] = joins.join(',');

    QStringList order;
    for (const OrderItem& o : s.orderBy)
        order << (o.column.column.empty() ? "expr:" + QString::fromStdString(o.expression) : col(o.column))
                + (o.descending ? " desc" : "");
    out[prefix + "order"] = order.join(',');
    out[prefix + "group"] = cols(s.groupBy);

    QStringList flags;
    if (s.distinct) flags << "distinct";
    if (s.selectStar) flags << "star";
    if (s.limit) flags << QString("limit=%1").arg(*s.limit);
    if (s.limitIsParameter) flags << "limit=param";
    if (s.offset) flags << QString("offset=%1").arg(*s.offset);
    if (s.hasAggregates) flags << "agg";
    if (s.hasWindowFunctions) flags << "window";
    if (s.upsert) flags << "upsert";
    if (s.forUpdate) flags << "forupdate";
    if (!s.setOperation.empty()) flags << "set=" + QString::fromStdString(s.setOperation);
    out[prefix + "flags"] = flags.join(' ');

    out[prefix + "read"] = cols(s.columnsRead);
    out[prefix + "written"] = cols(s.columnsWritten);
    out[prefix + "conflict"] = cols(s.conflictTarget);
    QStringList ctes;
    for (const std::string& c : s.cteNames)
        ctes << QString::fromStdString(c);
    out[prefix + "ctes"] = ctes.join(',');
    QStringList outputs;
    for (const std::string& c : s.outputColumns)
        outputs << QString::fromStdString(c);
    out[prefix + "out"] = outputs.join(',');
    QStringList skipped;
    for (const std::string& why : s.skipped)
        skipped << QString::fromStdString(why);
    out[prefix + "skipped"] = skipped.join('|');
    out[prefix + "error"] = QString::fromStdString(s.error);

    QStringList subs;
    for (size_t i = 0; i < s.subqueries.size(); ++i) {
        const QueryShape& sub = s.subqueries[i];
        QStringList subTables;
        for (const TableRef& t : sub.tables)
            subTables << QString::fromStdString(t.name);
        subs << QString::fromUtf8(subqueryRoleName(sub.role).data())
                + (sub.name.empty() ? QString() : " " + QString::fromStdString(sub.name)) + "(" + subTables.join(' ')
                + ")";
        render(sub, prefix + QString("sub%1.").arg(i), out);
    }
    out[prefix + "subs"] = subs.join(',');
}

QMap<QString, QString> parseExpect(const QString& expect)
{
    QMap<QString, QString> out;
    for (const QString& part : expect.split(';', Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            continue;
        out[part.left(eq).trimmed()] = part.mid(eq + 1).trimmed();
    }
    return out;
}

catalog::Catalog shopCatalog(Dialect dialect)
{
    catalog::Catalog c;
    c.dialect = dialect;
    auto table = [&](const char* name, std::vector<std::pair<const char*, const char*>> columns) {
        catalog::Table t;
        t.name = name;
        for (auto [n, type] : columns)
            t.columns.push_back(catalog::Column{n, type, true, {}});
        c.tables.push_back(t);
    };
    table("customers", {{"id", "integer"}, {"email", "varchar(200)"}, {"name", "text"}, {"country", "char(2)"}});
    table("orders", {{"id", "bigint"}, {"customer_id", "integer"}, {"status", "varchar(20)"}, {"total", "numeric(10,2)"},
                     {"created_at", "timestamp"}, {"phone", "varchar(20)"}});
    table("items", {{"id", "bigint"}, {"order_id", "bigint"}, {"sku", "text"}, {"qty", "integer"}});
    return c;
}

} // namespace

class TestShape : public QObject {
    Q_OBJECT

private:
    static void row(const char* name, Dialect d, const char* sql, const char* expect)
    {
        QTest::newRow(name) << int(d) << QString::fromUtf8(sql) << QString::fromUtf8(expect) << false;
    }
    static void rowSchema(const char* name, Dialect d, const char* sql, const char* expect)
    {
        QTest::newRow(name) << int(d) << QString::fromUtf8(sql) << QString::fromUtf8(expect) << true;
    }

private slots:
    void shape_data();
    void shape();
    void jsonHasEveryField();
    void predicatesOnUsesResolvedNames();
    void allShapesVisitsEveryNestedShape();
    void garbageNeverHangs_data();
    void garbageNeverHangs();
    void everyTruncationIsHandled();
    void hugeStatementsStayFlat();
};

void TestShape::shape()
{
    QFETCH(int, dialect);
    QFETCH(QString, sql);
    QFETCH(QString, expect);
    QFETCH(bool, withSchema);

    const Dialect d = Dialect(dialect);
    const catalog::Catalog schema = shopCatalog(d);
    const QueryShape s = parseShape(sql.toStdString(), d, withSchema ? &schema : nullptr);
    QMap<QString, QString> actual;
    render(s, QString(), actual);

    if (qEnvironmentVariableIntValue("PW_SHAPE_DUMP") == 1) {
        QStringList parts;
        for (const QString& key : kMainKeys)
            if (!actual.value(key).isEmpty())
                parts << key + "=" + actual.value(key);
        if (!actual.value("preds").isEmpty())
            parts << "values=" + actual.value("values");
        if (!QString(actual.value("fn")).remove(',').isEmpty())
            parts << "fn=" + actual.value("fn");
        if (!actual.value("error").isEmpty())
            parts << "error=" + actual.value("error");
        std::printf("%s\n    %s\n", QTest::currentDataTag(), qPrintable(parts.join(';')));
    }

    const QMap<QString, QString> expected = parseExpect(expect);
    for (const QString& key : kMainKeys) {
        if (key == "skipped" && expected.contains(key)) {
            const QStringList want = expected.value(key).split('|');
            const QStringList got = actual.value(key).split('|', Qt::SkipEmptyParts);
            QCOMPARE(got.size(), want.size());
            for (qsizetype i = 0; i < want.size(); ++i)
                QVERIFY2(got[i].contains(want[i], Qt::CaseInsensitive), qPrintable(got[i] + " lacks " + want[i]));
            continue;
        }
        QCOMPARE(actual.value(key) + " <" + key + ">", expected.value(key) + " <" + key + ">");
    }
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (kMainKeys.contains(it.key()))
            continue;
        QVERIFY2(actual.contains(it.key()), qPrintable("no such key: " + it.key()));
        if (it.key().endsWith("error") || it.key().endsWith("skipped"))
            QVERIFY2(actual.value(it.key()).contains(it.value(), Qt::CaseInsensitive),
                     qPrintable(actual.value(it.key()) + " lacks " + it.value()));
        else
            QCOMPARE(actual.value(it.key()) + " <" + it.key() + ">", it.value() + " <" + it.key() + ">");
    }
}

void TestShape::jsonHasEveryField()
{
    const QueryShape s = parseShape("WITH c AS (SELECT id FROM t) SELECT * FROM c JOIN u ON u.id = c.id "
                                    "WHERE u.x IN (1, 2) ORDER BY u.y DESC LIMIT 3",
                                    Dialect::PostgreSQL);
    const nlohmann::json j = shapeToJson(s);
    for (const char* key : {"kind", "dialect", "role", "name", "error", "tables", "predicates", "joins", "orderBy",
                            "groupBy", "distinct", "limit", "offset", "limitIsParameter", "columnsRead", "selectStar",
                            "columnsWritten", "conflictTarget", "upsert", "forUpdate", "hasAggregates",
                            "hasWindowFunctions", "hasParameters", "setOperation", "outputColumns", "cteNames",
                            "subqueries", "skipped"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["kind"].get<std::string>(), std::string("select"));
    QCOMPARE(j["dialect"].get<std::string>(), std::string("postgresql"));
    QCOMPARE(j["limit"].get<int64_t>(), int64_t(3));
    QVERIFY(j["offset"].is_null());
    QCOMPARE(j["predicates"][0]["op"].get<std::string>(), std::string("in"));
    QCOMPARE(j["predicates"][0]["inListSize"].get<int>(), 2);
    QCOMPARE(j["predicates"][0]["column"]["table"].get<std::string>(), std::string("u"));
    QCOMPARE(j["joins"][0]["type"].get<std::string>(), std::string("inner"));
    QCOMPARE(j["orderBy"][0]["descending"].get<bool>(), true);
    QCOMPARE(j["subqueries"][0]["role"].get<std::string>(), std::string("cte"));
    QCOMPARE(j["subqueries"][0]["name"].get<std::string>(), std::string("c"));
    QCOMPARE(j["tables"][0]["kind"].get<std::string>(), std::string("cte"));
    const std::string text = shapeToText(s);
    QVERIFY(text.find("u.x in") != std::string::npos);
    QVERIFY(text.find("order by: u.y DESC") != std::string::npos);
}

void TestShape::predicatesOnUsesResolvedNames()
{
    const QueryShape s = parseShape("SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id "
                                    "WHERE o.status = 'paid' AND c.country = 'FR' AND O.total > 10",
                                    Dialect::MySQL);
    QCOMPARE(s.predicatesOn("orders").size(), size_t(2));
    QCOMPARE(s.predicatesOn("ORDERS").size(), size_t(2));
    QCOMPARE(s.predicatesOn("customers").size(), size_t(1));
    QCOMPARE(s.predicatesOn("o").size(), size_t(0));
}

void TestShape::allShapesVisitsEveryNestedShape()
{
    const QueryShape s = parseShape("WITH c AS (SELECT id FROM a WHERE x = 1) SELECT * FROM c WHERE c.id IN "
                                    "(SELECT aid FROM b WHERE y = 2 UNION ALL SELECT aid FROM d WHERE z = 3)",
                                    Dialect::PostgreSQL);
    const std::vector<const QueryShape*> all = s.allShapes();
    QStringList order;
    for (const QueryShape* sub : all)
        order << QString::fromUtf8(subqueryRoleName(sub->role).data())
                + (sub->tables.empty() ? QString() : ":" + QString::fromStdString(sub->tables.front().name));
    QCOMPARE(order.join(' '), QString("top:c cte:a predicate set-operand:b set-operand:d"));
    QCOMPARE(all[3]->predicatesOn("b").size(), size_t(1));
    QCOMPARE(all[4]->predicatesOn("d").front()->column.column, std::string("z"));
}

void TestShape::garbageNeverHangs_data()
{
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("sql");
    const char* inputs[] = {"SELECT (((((((((", "SELECT * FROM t WHERE a IN (", "UPDATE SET WHERE", "SELECT 'unterminated",
                            ")))))) SELECT", "SELECT * FROM (SELECT * FROM (SELECT", "INSERT INTO", "DELETE",
                            "SELECT a FROM t ORDER BY", "SELECT CASE WHEN", "WITH x AS (", "SELECT * FROM t LIMIT ,",
                            "SELECT a b c d e f FROM g h i j k", "SELECT * FROM t WHERE NOT NOT NOT", "\x01\x02\xff"};
    for (Dialect d : {Dialect::MySQL, Dialect::SQLite, Dialect::PostgreSQL})
        for (const char* in : inputs)
            QTest::newRow(qPrintable(QString::fromUtf8(dialectName(d).data()) + ": " + QString::fromLatin1(in)))
                << int(d) << QString::fromLatin1(in);
}

void TestShape::garbageNeverHangs()
{
    QFETCH(int, dialect);
    QFETCH(QString, sql);
    const QueryShape s = parseShape(sql.toLatin1().toStdString(), Dialect(dialect));
    // Either rejected with a reason, or described with what was skipped said.
    if (s.kind == StatementKind::Unknown)
        QVERIFY(!s.error.empty());
    else
        QVERIFY2(!s.skipped.empty() || !s.tables.empty() || s.kind != StatementKind::Select,
                 qPrintable(QString::fromStdString(shapeToText(s))));
}

// A log line cut anywhere must give a shape or a reason, never a crash or a hang.
void TestShape::everyTruncationIsHandled()
{
    const char* statements[] = {
        "WITH r AS (SELECT o.id, o.customer_id FROM orders o WHERE o.created_at > $1) SELECT c.name, count(*) FROM r "
        "JOIN customers c ON c.id = r.customer_id LEFT JOIN items i USING (id) WHERE c.email LIKE 'a%' AND i.qty IN "
        "(1, 2) AND EXISTS (SELECT 1 FROM x WHERE x.id = c.id) GROUP BY c.name HAVING count(*) > 1 ORDER BY 2 DESC "
        "LIMIT 10 OFFSET 5",
        "SELECT STRAIGHT_JOIN `a`.`x`, (SELECT MAX(y) FROM b WHERE b.aid = a.id) AS m FROM a FORCE INDEX (i1) "
        "INNER JOIN c ON c.aid = a.id WHERE a.s = 'it''s' AND a.t BETWEEN ? AND ? AND a.u IS NOT NULL "
        "ORDER BY a.x DESC LIMIT 5, 10 FOR UPDATE",
        "INSERT INTO t (a, b) SELECT x, y FROM u WHERE z = 1 ON DUPLICATE KEY UPDATE b = VALUES(b)",
        "UPDATE o JOIN c ON c.id = o.cid SET o.f = CASE WHEN c.v > 1 THEN 'x' ELSE 'y' END WHERE c.k IN (SELECT k FROM z)",
        "DELETE FROM t USING t INNER JOIN u ON u.tid = t.id WHERE u.flag = 1 /* done */",
    };
    int described = 0, rejected = 0;
    for (Dialect d : {Dialect::PostgreSQL, Dialect::MySQL, Dialect::SQLite}) {
        for (const char* full : statements) {
            const std::string text(full);
            for (size_t n = 0; n <= text.size(); ++n) {
                const QueryShape s = parseShape(std::string_view(text).substr(0, n), d);
                if (s.kind == StatementKind::Unknown) {
                    QVERIFY2(!s.error.empty(), qPrintable(QString::fromStdString(text.substr(0, n))));
                    ++rejected;
                } else {
                    QVERIFY(s.error.empty());
                    ++described;
                }
            }
        }
    }
    // The token parser describes most prefixes; libpg_query rejects most of them.
    QVERIFY(described > 0);
    QVERIFY(rejected > 0);
}

// Generated SQL reaches sizes no person writes: it must neither overflow the
// stack nor take quadratic time.
void TestShape::hugeStatementsStayFlat()
{
    std::string ors = "SELECT * FROM t WHERE ";
    for (int i = 0; i < 20000; ++i)
        ors += (i ? " OR a" : "a") + std::to_string(i) + " = " + std::to_string(i);
    for (Dialect d : {Dialect::MySQL, Dialect::PostgreSQL}) {
        const QueryShape s = parseShape(ors, d);
        QCOMPARE(s.predicates.size(), size_t(20000));
        QVERIFY(s.predicates.back().underOr);
        QCOMPARE(s.predicates.back().column.column, std::string("a19999"));
        QCOMPARE(s.columnsRead.size(), size_t(20000));
    }

    std::string signs = "SELECT ";
    for (int i = 0; i < 100000; ++i)
        signs += "- ";
    const QueryShape negated = parseShape(signs + "1 FROM t", Dialect::MySQL);
    QCOMPARE(negated.tables.size(), size_t(1));

    std::string nots = "SELECT * FROM t WHERE ";
    for (int i = 0; i < 100001; ++i)
        nots += "NOT ";
    const QueryShape notShape = parseShape(nots + "a = 1", Dialect::SQLite);
    QCOMPARE(notShape.predicates.size(), size_t(1));
    QCOMPARE(notShape.predicates.front().op, PredicateOp::NotEqual);

    std::string sum = "SELECT * FROM t WHERE x = ";
    for (int i = 0; i < 20000; ++i)
        sum += (i ? " + b" : "b") + std::to_string(i);
    const QueryShape sumShape = parseShape(sum, Dialect::MySQL);
    QCOMPARE(sumShape.predicates.size(), size_t(1));
    QCOMPARE(sumShape.predicates.front().value, ValueKind::Expression);
    QCOMPARE(sumShape.columnsRead.size(), size_t(20001));
}

void TestShape::shape_data()
{
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<bool>("withSchema");
    const Dialect PG = Dialect::PostgreSQL, MY = Dialect::MySQL, LITE = Dialect::SQLite;
    (void)PG;
    (void)MY;
    (void)LITE;
    // ROWS
    row("pg simple eq", PG, "SELECT id, name FROM customers WHERE email = 'a@b.c'",
        "kind=select;tables=customers;preds=customers.email eq;read=customers.id,customers.name,customers.email;values=literal");
    row("pg param eq", PG, "SELECT * FROM orders WHERE customer_id = $1 AND status = $2",
        "kind=select;tables=orders;preds=orders.customer_id eq,orders.status eq;flags=star;read=orders.customer_id,orders.status;values=parameter,parameter");
    row("pg alias resolves", PG, "SELECT o.id FROM orders AS o WHERE o.status = 'paid'",
        "kind=select;tables=orders o;preds=orders.status eq;read=orders.id,orders.status;values=literal");
    row("pg schema qualified", PG, "SELECT s.x FROM shop.sales s WHERE shop.sales.y > 3",
        "kind=select;tables=shop.sales s;preds=sales.y range;read=sales.x,sales.y;values=literal");
    row("pg in list", PG, "SELECT * FROM t WHERE a IN (1, 2, 3)",
        "kind=select;tables=t;preds=t.a in;flags=star;read=t.a;values=literal;inlist=3;text=a IN (1, 2, 3)");
    row("pg not in", PG, "SELECT * FROM t WHERE a NOT IN (1, 2)",
        "kind=select;tables=t;preds=t.a ne not;flags=star;read=t.a;values=literal");
    row("pg any param", PG, "SELECT * FROM t WHERE id = ANY($1)",
        "kind=select;tables=t;preds=t.id in;flags=star;read=t.id;values=parameter;inlist=-1;text=id = ANY($1)");
    row("pg any array", PG, "SELECT * FROM t WHERE id = ANY(ARRAY[1,2,3,4])",
        "kind=select;tables=t;preds=t.id in;flags=star;read=t.id;values=literal;inlist=4");
    row("pg all ne", PG, "SELECT * FROM t WHERE id <> ALL($1::int[])",
        "kind=select;tables=t;preds=t.id ne;flags=star;read=t.id;values=parameter");
    row("pg range ops", PG, "SELECT * FROM t WHERE a < 5 AND b <= 6 AND c > 7 AND d >= 8",
        "kind=select;tables=t;preds=t.a range,t.b range,t.c range,t.d range;flags=star;read=t.a,t.b,t.c,t.d;values=literal,literal,literal,literal");
    row("pg reversed operands", PG, "SELECT * FROM t WHERE 10 < a AND 'x' = b",
        "kind=select;tables=t;preds=t.a range,t.b eq;flags=star;read=t.a,t.b;values=literal,literal");
    row("pg between", PG, "SELECT * FROM t WHERE created BETWEEN '2024-01-01' AND '2024-02-01'",
        "kind=select;tables=t;preds=t.created range;flags=star;read=t.created;values=literal;text=created BETWEEN '2024-01-01' AND '2024-02-01'");
    row("pg not between", PG, "SELECT * FROM t WHERE x NOT BETWEEN 1 AND 9",
        "kind=select;tables=t;preds=t.x range not;flags=star;read=t.x;values=literal");
    row("pg like prefix", PG, "SELECT * FROM t WHERE name LIKE 'abc%'",
        "kind=select;tables=t;preds=t.name prefix;flags=star;read=t.name;values=literal");
    row("pg like wildcard", PG, "SELECT * FROM t WHERE name LIKE '%abc'",
        "kind=select;tables=t;preds=t.name wildcard;flags=star;read=t.name;values=literal");
    row("pg ilike", PG, "SELECT * FROM t WHERE name ILIKE '_bc%'",
        "kind=select;tables=t;preds=t.name wildcard;flags=star;read=t.name;values=literal");
    row("pg not like", PG, "SELECT * FROM t WHERE name NOT LIKE 'a%'",
        "kind=select;tables=t;preds=t.name other not;flags=star;read=t.name;values=literal");
    row("pg like param", PG, "SELECT * FROM t WHERE name LIKE $1",
        "kind=select;tables=t;preds=t.name other;flags=star;read=t.name;values=parameter");
    row("pg is null", PG, "SELECT * FROM t WHERE deleted_at IS NULL",
        "kind=select;tables=t;preds=t.deleted_at null;flags=star;read=t.deleted_at;values=none");
    row("pg is not null", PG, "SELECT * FROM t WHERE deleted_at IS NOT NULL",
        "kind=select;tables=t;preds=t.deleted_at null not;flags=star;read=t.deleted_at;values=none;text=deleted_at IS NOT NULL");
    row("pg function wrapped", PG, "SELECT * FROM users WHERE lower(email) = 'x@y.z'",
        "kind=select;tables=users;preds=users.email func;flags=star;read=users.email;values=literal;fn=lower;text=lower(email) = 'x@y.z'");
    row("pg cast on column", PG, "SELECT * FROM t WHERE id::text = '42'",
        "kind=select;tables=t;preds=t.id func;flags=star;read=t.id;values=literal;fn=::text");
    rowSchema("pg cast same type with schema", PG, "SELECT * FROM customers WHERE name::text = 'x'",
        "kind=select;tables=customers;preds=customers.name eq;flags=star;read=customers.name;values=literal");
    rowSchema("pg cast other type with schema", PG, "SELECT * FROM customers WHERE id::text = '7'",
        "kind=select;tables=customers;preds=customers.id func;flags=star;read=customers.id;values=literal;fn=::text");
    rowSchema("pg cast value implicit", PG, "SELECT * FROM orders WHERE customer_id = 5::numeric",
        "kind=select;tables=orders;preds=orders.customer_id cast;flags=star;read=orders.customer_id;values=literal");
    row("pg arithmetic on column", PG, "SELECT * FROM t WHERE a + 1 = 10",
        "kind=select;tables=t;preds=t.a func;flags=star;read=t.a;values=literal;fn=+");
    row("pg date trunc", PG, "SELECT * FROM events WHERE date_trunc('day', created_at) = '2024-01-01'",
        "kind=select;tables=events;preds=events.created_at func;flags=star;read=events.created_at;values=literal;fn=date_trunc");
    row("pg now expression", PG, "SELECT * FROM events WHERE created_at > now() - interval '1 day'",
        "kind=select;tables=events;preds=events.created_at range;flags=star;read=events.created_at;values=expression");
    row("pg or predicates", PG, "SELECT * FROM t WHERE a = 1 OR b = 2",
        "kind=select;tables=t;preds=t.a eq or,t.b eq or;flags=star;read=t.a,t.b;values=literal,literal");
    row("pg and or mix", PG, "SELECT * FROM t WHERE a = 1 AND (b = 2 OR c = 3)",
        "kind=select;tables=t;preds=t.a eq,t.b eq or,t.c eq or;flags=star;read=t.a,t.b,t.c;values=literal,literal,literal");
    row("pg not eq", PG, "SELECT * FROM t WHERE NOT (a = 1)",
        "kind=select;tables=t;preds=t.a ne not;flags=star;read=t.a;values=literal");
    row("pg is distinct", PG, "SELECT * FROM t WHERE a IS DISTINCT FROM 3",
        "kind=select;tables=t;preds=t.a ne;flags=star;read=t.a;values=literal");
    row("pg boolean column", PG, "SELECT * FROM t WHERE active",
        "kind=select;tables=t;preds=t.active eq;flags=star;read=t.active;values=literal");
    row("pg inner join on", PG, "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'FR'",
        "kind=select;tables=orders o,customers c;preds=customers.country eq;joins=customers.id=orders.customer_id/inner;read=customers.id,orders.customer_id,orders.id,customers.name,customers.country;values=literal");
    row("pg left join", PG, "SELECT * FROM a LEFT JOIN b ON b.a_id = a.id",
        "kind=select;tables=a,b;joins=b.a_id=a.id/left;flags=star;read=b.a_id,a.id");
    row("pg right join", PG, "SELECT * FROM a RIGHT OUTER JOIN b ON b.a_id = a.id",
        "kind=select;tables=a,b;joins=b.a_id=a.id/right;flags=star;read=b.a_id,a.id");
    row("pg full join", PG, "SELECT * FROM a FULL JOIN b ON b.a_id = a.id AND b.kind = 'x'",
        "kind=select;tables=a,b;preds=b.kind eq on;joins=b.a_id=a.id/full;flags=star;read=b.a_id,a.id,b.kind;values=literal");
    row("pg cross join", PG, "SELECT * FROM a CROSS JOIN b",
        "kind=select;tables=a,b;flags=star");
    row("pg using join", PG, "SELECT * FROM a JOIN b USING (id, tenant)",
        "kind=select;tables=a,b;joins=a.id=b.id/inner,a.tenant=b.tenant/inner;flags=star;read=a.id,b.id,a.tenant,b.tenant");
    row("pg natural join no schema", PG, "SELECT * FROM a NATURAL JOIN b",
        "kind=select;tables=a,b;flags=star;skipped=NATURAL JOIN: the joined columns need the schema (--schema)");
    rowSchema("pg natural join schema", PG, "SELECT * FROM orders NATURAL JOIN items",
        "kind=select;tables=orders,items;joins=orders.id=items.id/inner;flags=star;read=orders.id,items.id");
    row("pg comma join where", PG, "SELECT * FROM a, b WHERE a.id = b.a_id AND b.x = 1",
        "kind=select;tables=a,b;preds=b.x eq;joins=a.id=b.a_id/inner;flags=star;read=a.id,b.a_id,b.x;values=literal");
    row("pg self join", PG, "SELECT e.name, m.name FROM emp e JOIN emp m ON m.id = e.manager_id",
        "kind=select;tables=emp e,emp m;joins=emp.id=emp.manager_id/inner;read=emp.id,emp.manager_id,emp.name");
    row("pg same table column compare", PG, "SELECT * FROM t WHERE t.a = t.b",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a,t.b;values=column");
    row("pg three joins", PG, "SELECT * FROM a JOIN b ON b.aid = a.id LEFT JOIN c ON c.bid = b.id JOIN d ON d.cid = c.id",
        "kind=select;tables=a,b,c,d;joins=b.aid=a.id/inner,c.bid=b.id/left,d.cid=c.id/inner;flags=star;read=b.aid,a.id,c.bid,b.id,d.cid,c.id");
    row("pg unqualified single", PG, "SELECT a, b FROM t WHERE c = 1 ORDER BY d",
        "kind=select;tables=t;preds=t.c eq;order=t.d;read=t.a,t.b,t.c,t.d;values=literal");
    row("pg unqualified ambiguous", PG, "SELECT name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE status = 'x'",
        "kind=select;tables=orders o,customers c;preds=status eq;joins=customers.id=orders.customer_id/inner;read=customers.id,orders.customer_id,name,status;values=literal");
    rowSchema("pg unqualified schema", PG, "SELECT name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE status = 'x'",
        "kind=select;tables=orders o,customers c;preds=orders.status eq;joins=customers.id=orders.customer_id/inner;read=customers.id,orders.customer_id,customers.name,orders.status;values=literal");
    row("pg order desc", PG, "SELECT * FROM t ORDER BY a DESC, b ASC, c",
        "kind=select;tables=t;order=t.a desc,t.b,t.c;flags=star;read=t.a,t.b,t.c");
    row("pg order position", PG, "SELECT a, b FROM t ORDER BY 2 DESC, 1",
        "kind=select;tables=t;order=t.b desc,t.a;read=t.a,t.b");
    row("pg order alias", PG, "SELECT a AS x, b + c AS y FROM t ORDER BY x, y DESC",
        "kind=select;tables=t;order=t.a,expr:b + c desc;read=t.a,t.b,t.c");
    row("pg order expression", PG, "SELECT * FROM t ORDER BY lower(name)",
        "kind=select;tables=t;order=expr:lower(name);flags=star;read=t.name");
    row("pg group by", PG, "SELECT status, count(*) FROM orders GROUP BY status HAVING count(*) > 5",
        "kind=select;tables=orders;group=orders.status;flags=agg;read=orders.status");
    row("pg group position", PG, "SELECT customer_id, sum(total) FROM orders GROUP BY 1",
        "kind=select;tables=orders;group=orders.customer_id;flags=agg;read=orders.customer_id,orders.total");
    row("pg distinct", PG, "SELECT DISTINCT country FROM customers",
        "kind=select;tables=customers;flags=distinct;read=customers.country");
    row("pg distinct on", PG, "SELECT DISTINCT ON (customer_id) customer_id, created_at FROM orders ORDER BY customer_id, created_at DESC",
        "kind=select;tables=orders;order=orders.customer_id,orders.created_at desc;flags=distinct;read=orders.customer_id,orders.created_at");
    row("pg limit offset", PG, "SELECT * FROM t LIMIT 10 OFFSET 20",
        "kind=select;tables=t;flags=star limit=10 offset=20");
    row("pg limit param", PG, "SELECT * FROM t LIMIT $1",
        "kind=select;tables=t;flags=star limit=param");
    row("pg limit all", PG, "SELECT * FROM t LIMIT ALL",
        "kind=select;tables=t;flags=star");
    row("pg fetch first", PG, "SELECT * FROM t ORDER BY id FETCH FIRST 5 ROWS ONLY",
        "kind=select;tables=t;order=t.id;flags=star limit=5;read=t.id");
    row("pg limit expression", PG, "SELECT * FROM t LIMIT 2 * 5",
        "kind=select;tables=t;flags=star;skipped=LIMIT 2 * 5 is not a constant");
    row("pg for update", PG, "SELECT * FROM jobs WHERE state = 'ready' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
        "kind=select;tables=jobs;preds=jobs.state eq;order=jobs.id;flags=star limit=1 forupdate;read=jobs.state,jobs.id;values=literal");
    row("pg window", PG, "SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY created_at) FROM orders",
        "kind=select;tables=orders;flags=window;read=orders.id,orders.created_at,orders.customer_id");
    row("pg cte", PG, "WITH recent AS (SELECT * FROM orders WHERE created_at > $1) SELECT r.id FROM recent r WHERE r.status = 'x'",
        "kind=select;tables=recent r:cte;preds=recent.status eq;read=recent.id,recent.status;subs=cte recent(orders);values=literal;ctes=recent;sub0.preds=orders.created_at range;sub0.values=parameter");
    row("pg cte columns", PG, "WITH c(x, y) AS (SELECT a, b FROM t) SELECT x FROM c",
        "kind=select;tables=c:cte;read=c.x;subs=cte c(t);sub0.out=x,y");
    row("pg recursive cte", PG, "WITH RECURSIVE tree AS (SELECT id, parent_id FROM nodes WHERE id = 1 UNION ALL SELECT n.id, n.parent_id FROM nodes n JOIN tree t ON n.parent_id = t.id) SELECT * FROM tree",
        "kind=select;tables=tree:cte;flags=star;subs=cte tree();ctes=tree;sub0.flags=set=union all;sub0.sub1.tables=nodes n,tree t:cte;sub0.sub1.joins=nodes.parent_id=tree.id/inner");
    row("pg two ctes", PG, "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b",
        "kind=select;tables=b:cte;flags=star;subs=cte a(),cte b(a);ctes=a,b;sub1.tables=a:cte");
    row("pg exists correlated", PG, "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > 100)",
        "kind=select;tables=customers c;flags=star;subs=predicate(orders);sub0.preds=orders.total range;sub0.joins=orders.customer_id=customers.id/inner;sub0.read=orders.customer_id,customers.id,orders.total");
    row("pg not exists", PG, "SELECT * FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.aid = a.id)",
        "kind=select;tables=a;flags=star;subs=predicate(b);sub0.joins=b.aid=a.id/inner");
    row("pg in subquery", PG, "SELECT * FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE status = 'x')",
        "kind=select;tables=customers;preds=customers.id in;flags=star;read=customers.id;subs=predicate(orders);values=subquery;sub0.preds=orders.status eq;sub0.read=orders.customer_id,orders.status");
    row("pg not in subquery", PG, "SELECT * FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)",
        "kind=select;tables=customers;preds=customers.id ne not;flags=star;read=customers.id;subs=predicate(orders);values=subquery");
    row("pg scalar subquery", PG, "SELECT c.id, (SELECT max(o.total) FROM orders o WHERE o.customer_id = c.id) FROM customers c",
        "kind=select;tables=customers c;read=customers.id;subs=scalar(orders);sub0.joins=orders.customer_id=customers.id/inner;sub0.flags=agg");
    row("pg derived table", PG, "SELECT d.cid FROM (SELECT customer_id AS cid, count(*) AS n FROM orders GROUP BY customer_id) d WHERE d.n > 5",
        "kind=select;tables=d:derived;preds=d.n range;read=d.cid,d.n;subs=derived d(orders);values=literal;sub0.group=orders.customer_id;sub0.out=cid,n;sub0.flags=agg");
    row("pg lateral", PG, "SELECT * FROM customers c, LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 3) last3",
        "kind=select;tables=customers c,last3:derived;flags=star;subs=derived last3(orders);sub0.joins=orders.customer_id=customers.id/inner;sub0.order=orders.created_at desc;sub0.flags=star limit=3");
    row("pg union all", PG, "SELECT id FROM a WHERE x = 1 UNION ALL SELECT id FROM b WHERE y = 2",
        "kind=select;flags=set=union all;subs=set-operand(a),set-operand(b);sub0.preds=a.x eq;sub1.preds=b.y eq");
    row("pg union order limit", PG, "SELECT id FROM a UNION SELECT id FROM b ORDER BY id LIMIT 5",
        "kind=select;order=id;flags=limit=5 set=union;read=id;subs=set-operand(a),set-operand(b)");
    row("pg intersect", PG, "SELECT id FROM a INTERSECT SELECT id FROM b",
        "kind=select;flags=set=intersect;subs=set-operand(a),set-operand(b)");
    row("pg except", PG, "SELECT id FROM a EXCEPT SELECT id FROM b",
        "kind=select;flags=set=except;subs=set-operand(a),set-operand(b)");
    row("pg values", PG, "VALUES (1, 'a'), (2, 'b')",
        "kind=select");
    row("pg function in from", PG, "SELECT * FROM generate_series(1, 10) g",
        "kind=select;tables=generate_series g:function;flags=star");
    row("pg insert values", PG, "INSERT INTO t (a, b) VALUES (1, 2)",
        "kind=insert;tables=t;written=t.a,t.b");
    rowSchema("pg insert no columns schema", PG, "INSERT INTO items VALUES (1, 2, 'x', 3)",
        "kind=insert;tables=items;written=items.id,items.order_id,items.sku,items.qty");
    row("pg insert select", PG, "INSERT INTO archive (id, total) SELECT id, total FROM orders WHERE created_at < $1",
        "kind=insert;tables=archive;written=archive.id,archive.total;subs=source(orders)");
    row("pg insert on conflict", PG, "INSERT INTO counters (k, v) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = counters.v + excluded.v",
        "kind=insert;tables=counters;flags=upsert;read=counters.v;written=counters.k,counters.v;conflict=counters.k");
    row("pg insert on conflict nothing", PG, "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING",
        "kind=insert;tables=t;flags=upsert;written=t.a");
    row("pg insert returning", PG, "INSERT INTO t (a) VALUES ($1) RETURNING id, created_at",
        "kind=insert;tables=t;read=t.id,t.created_at;written=t.a");
    row("pg update simple", PG, "UPDATE orders SET status = 'shipped', updated_at = now() WHERE id = $1",
        "kind=update;tables=orders;preds=orders.id eq;read=orders.id;written=orders.status,orders.updated_at;values=parameter");
    row("pg update from", PG, "UPDATE orders o SET total = i.sum FROM order_totals i WHERE i.order_id = o.id AND o.status = 'open'",
        "kind=update;tables=orders o,order_totals i;preds=orders.status eq;joins=order_totals.order_id=orders.id/inner;read=order_totals.sum,order_totals.order_id,orders.id,orders.status;written=orders.total;values=literal");
    row("pg update subquery", PG, "UPDATE t SET x = (SELECT max(y) FROM u WHERE u.tid = t.id)",
        "kind=update;tables=t;written=t.x;subs=scalar(u)");
    row("pg delete simple", PG, "DELETE FROM sessions WHERE expires_at < now()",
        "kind=delete;tables=sessions;preds=sessions.expires_at range;read=sessions.expires_at;values=expression");
    row("pg delete using", PG, "DELETE FROM orders o USING customers c WHERE c.id = o.customer_id AND c.banned",
        "kind=delete;tables=orders o,customers c;preds=customers.banned eq;joins=customers.id=orders.customer_id/inner;read=customers.id,orders.customer_id,customers.banned;values=literal");
    row("pg merge", PG, "MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty WHEN NOT MATCHED THEN INSERT (item, qty) VALUES (d.item, d.qty)",
        "kind=merge;tables=stock s,deliveries d;joins=stock.item=deliveries.item/inner;read=stock.item,deliveries.item,stock.qty,deliveries.qty;written=stock.qty,stock.item;joins=stock.item=deliveries.item/inner");
    row("pg explain", PG, "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM t WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("pg create table as", PG, "CREATE TABLE x AS SELECT a FROM t WHERE b = 1",
        "kind=other;subs=source(t)");
    row("pg ddl", PG, "CREATE INDEX ON t (a)",
        "kind=other");
    row("pg set", PG, "SET statement_timeout = 0",
        "kind=other");
    row("pg quoted identifiers", PG, "SELECT \"Order\".\"Total\" FROM \"Order\" WHERE \"Order\".\"Status\" = 'x'",
        "kind=select;tables=Order;preds=Order.Status eq;read=Order.Total,Order.Status;values=literal");
    row("pg comments", PG, "SELECT /* hint */ a FROM t -- trailing\nWHERE b = 1",
        "kind=select;tables=t;preds=t.b eq;read=t.a,t.b;values=literal");
    row("pg dollar string", PG, "SELECT * FROM t WHERE body LIKE $$50%$$",
        "kind=select;tables=t;preds=t.body prefix;flags=star;read=t.body;values=literal");
    row("pg multiple statements", PG, "SELECT a FROM t; SELECT b FROM u",
        "kind=select;tables=t;read=t.a;skipped=1 more statement(s) after the first are not described");
    row("pg empty", PG, "",
        "kind=unknown;error=empty statement: no SQL to describe");
    row("pg only comment", PG, "-- nothing here",
        "kind=unknown;error=empty statement: no SQL to describe");
    row("pg syntax error", PG, "SELECT FROM WHERE",
        "kind=unknown;error=not valid PostgreSQL: syntax error at or near \"WHERE\" (at character 13)");
    row("pg mysql syntax rejected", PG, "SELECT * FROM `t` LIMIT 1, 2",
        "kind=unknown;error=not valid PostgreSQL: syntax error at or near \"`\" (at character 15)");
    row("pg garbage", PG, "hello world",
        "kind=unknown;error=not valid PostgreSQL: syntax error at or near \"hello\" (at character 1)");
    row("pg aggregate filter", PG, "SELECT count(*) FILTER (WHERE status = 'x') FROM orders",
        "kind=select;tables=orders;flags=agg;read=orders.status");
    row("pg coalesce wrapped", PG, "SELECT * FROM t WHERE coalesce(a, 0) = 1",
        "kind=select;tables=t;preds=t.a func;flags=star;read=t.a;values=literal;fn=coalesce");
    row("pg json operator", PG, "SELECT * FROM docs WHERE data->>'kind' = 'x'",
        "kind=select;tables=docs;preds=docs.data func;flags=star;read=docs.data;values=literal;fn=->>");
    row("pg containment", PG, "SELECT * FROM docs WHERE tags @> ARRAY['a']",
        "kind=select;tables=docs;preds=docs.tags other;flags=star;read=docs.tags;values=literal");
    row("pg correlated scalar in where", PG, "SELECT * FROM orders o WHERE o.total > (SELECT avg(total) FROM orders)",
        "kind=select;tables=orders o;preds=orders.total range;flags=star;read=orders.total;subs=predicate(orders);values=subquery");
    row("pg group by rollup", PG, "SELECT a, b, count(*) FROM t GROUP BY ROLLUP (a, b)",
        "kind=select;tables=t;group=t.a,t.b;flags=agg;read=t.a,t.b");
    row("pg insert multi values", PG, "INSERT INTO t (a, b) VALUES (1, 2), (3, (SELECT max(x) FROM u))",
        "kind=insert;tables=t;written=t.a,t.b;subs=scalar(u)");
    row("my simple", MY, "SELECT id FROM users WHERE email = 'x@y.z'",
        "kind=select;tables=users;preds=users.email eq;read=users.id,users.email;values=literal");
    row("my backticks", MY, "SELECT `u`.`id` FROM `shop`.`users` AS `u` WHERE `u`.`status` = 1",
        "kind=select;tables=shop.users u;preds=users.status eq;read=users.id,users.status;values=literal;text=`u`.`status` = 1");
    row("my limit comma", MY, "SELECT * FROM t LIMIT 10, 20",
        "kind=select;tables=t;flags=star limit=20 offset=10");
    row("my limit offset", MY, "SELECT * FROM t ORDER BY id LIMIT 5 OFFSET 15",
        "kind=select;tables=t;order=t.id;flags=star limit=5 offset=15;read=t.id");
    row("my limit param", MY, "SELECT * FROM t WHERE a = ? LIMIT ?",
        "kind=select;tables=t;preds=t.a eq;flags=star limit=param;read=t.a;values=parameter");
    row("my straight join keyword", MY, "SELECT * FROM a STRAIGHT_JOIN b ON b.aid = a.id",
        "kind=select;tables=a,b;joins=b.aid=a.id/straight;flags=star;read=b.aid,a.id");
    row("my select straight join", MY, "SELECT STRAIGHT_JOIN * FROM a JOIN b ON b.aid = a.id",
        "kind=select;tables=a,b;joins=b.aid=a.id/straight;flags=star;read=b.aid,a.id");
    row("my force index", MY, "SELECT * FROM orders FORCE INDEX (idx_created) WHERE created_at > '2024-01-01'",
        "kind=select;tables=orders;preds=orders.created_at range;flags=star;read=orders.created_at;values=literal;hints=FORCE INDEX (idx_created)");
    row("my use index for join", MY, "SELECT * FROM orders o USE INDEX FOR JOIN (idx_c) IGNORE KEY (idx_d) JOIN c ON c.id = o.cid",
        "kind=select;tables=orders o,c;joins=c.id=orders.cid/inner;flags=star;read=c.id,orders.cid;hints=USE INDEX FOR JOIN (idx_c),IGNORE KEY (idx_d)");
    row("my null safe", MY, "SELECT * FROM t WHERE a <=> NULL",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("my user variable", MY, "SELECT * FROM t WHERE a = @x AND b > @@max_len",
        "kind=select;tables=t;preds=t.a eq,t.b range;flags=star;read=t.a,t.b;values=parameter,parameter");
    row("my set variable", MY, "SELECT @rank := @rank + 1, id FROM t",
        "kind=select;tables=t;read=t.id");
    row("my in list", MY, "SELECT * FROM t WHERE id IN (1,2,3,4,5)",
        "kind=select;tables=t;preds=t.id in;flags=star;read=t.id;values=literal;inlist=5;text=id IN (1,2,3,4,5)");
    row("my in params", MY, "SELECT * FROM t WHERE id IN (?, ?)",
        "kind=select;tables=t;preds=t.id in;flags=star;read=t.id;values=parameter");
    row("my not in", MY, "SELECT * FROM t WHERE id NOT IN (1)",
        "kind=select;tables=t;preds=t.id ne not;flags=star;read=t.id;values=literal");
    row("my between", MY, "SELECT * FROM t WHERE d BETWEEN '2024-01-01' AND '2024-12-31' AND x = 1",
        "kind=select;tables=t;preds=t.d range,t.x eq;flags=star;read=t.d,t.x;values=literal,literal");
    row("my like", MY, "SELECT * FROM t WHERE a LIKE 'x%' AND b LIKE '%y' AND c NOT LIKE 'z%'",
        "kind=select;tables=t;preds=t.a prefix,t.b wildcard,t.c other not;flags=star;read=t.a,t.b,t.c;values=literal,literal,literal");
    row("my is null", MY, "SELECT * FROM t WHERE a IS NULL AND b IS NOT NULL",
        "kind=select;tables=t;preds=t.a null,t.b null not;flags=star;read=t.a,t.b;values=none,none");
    row("my function", MY, "SELECT * FROM t WHERE DATE(created_at) = '2024-01-01' AND UPPER(name) = 'X'",
        "kind=select;tables=t;preds=t.created_at func,t.name func;flags=star;read=t.created_at,t.name;values=literal,literal;fn=date,upper");
    row("my cast function", MY, "SELECT * FROM t WHERE CAST(code AS CHAR) = '12'",
        "kind=select;tables=t;preds=t.code func;flags=star;read=t.code;values=literal;fn=cast as char");
    rowSchema("my implicit cast schema", MY, "SELECT * FROM orders WHERE phone = 5551234",
        "kind=select;tables=orders;preds=orders.phone cast;flags=star;read=orders.phone;values=literal");
    rowSchema("my string compare schema", MY, "SELECT * FROM orders WHERE phone = '5551234'",
        "kind=select;tables=orders;preds=orders.phone eq;flags=star;read=orders.phone;values=literal");
    row("my or", MY, "SELECT * FROM t WHERE a = 1 OR b = 2",
        "kind=select;tables=t;preds=t.a eq or,t.b eq or;flags=star;read=t.a,t.b;values=literal,literal");
    row("my pipes or", MY, "SELECT * FROM t WHERE a = 1 || b = 2",
        "kind=select;tables=t;preds=t.a eq or,t.b eq or;flags=star;read=t.a,t.b;values=literal,literal");
    row("my and symbols", MY, "SELECT * FROM t WHERE a = 1 && b = 2",
        "kind=select;tables=t;preds=t.a eq,t.b eq;flags=star;read=t.a,t.b;values=literal,literal");
    row("my not equal", MY, "SELECT * FROM t WHERE a != 1 AND b <> 2",
        "kind=select;tables=t;preds=t.a ne,t.b ne;flags=star;read=t.a,t.b;values=literal,literal");
    row("my inner join", MY, "SELECT o.id FROM orders o INNER JOIN customers c ON o.customer_id = c.id WHERE c.country = 'DE'",
        "kind=select;tables=orders o,customers c;preds=customers.country eq;joins=orders.customer_id=customers.id/inner;read=orders.id,orders.customer_id,customers.id,customers.country;values=literal");
    row("my left join", MY, "SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.aid AND b.deleted = 0",
        "kind=select;tables=a,b;preds=b.deleted eq on;joins=a.id=b.aid/left;flags=star;read=a.id,b.aid,b.deleted;values=literal");
    row("my right join", MY, "SELECT * FROM a RIGHT JOIN b ON a.id = b.aid",
        "kind=select;tables=a,b;joins=a.id=b.aid/right;flags=star;read=a.id,b.aid");
    row("my cross join", MY, "SELECT * FROM a CROSS JOIN b",
        "kind=select;tables=a,b;flags=star");
    row("my join using", MY, "SELECT * FROM a JOIN b USING (id)",
        "kind=select;tables=a,b;joins=a.id=b.id/inner;flags=star;read=a.id,b.id");
    row("my natural join", MY, "SELECT * FROM a NATURAL JOIN b",
        "kind=select;tables=a,b;flags=star;skipped=NATURAL JOIN: the joined columns need the schema (--schema)");
    row("my comma join", MY, "SELECT * FROM a, b WHERE a.id = b.aid",
        "kind=select;tables=a,b;joins=a.id=b.aid/inner;flags=star;read=a.id,b.aid");
    row("my nested joins", MY, "SELECT * FROM a JOIN b JOIN c ON c.bid = b.id ON b.aid = a.id",
        "kind=select;tables=a,b,c;joins=c.bid=b.id/inner,b.aid=a.id/inner;flags=star;read=c.bid,b.id,b.aid,a.id");
    row("my parenthesized joins", MY, "SELECT * FROM (a JOIN b ON b.aid = a.id) LEFT JOIN c ON c.aid = a.id",
        "kind=select;tables=a,b,c;joins=b.aid=a.id/inner,c.aid=a.id/left;flags=star;read=b.aid,a.id,c.aid");
    row("my derived", MY, "SELECT t.n FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) AS t WHERE t.n > 3",
        "kind=select;tables=t:derived;preds=t.n range;read=t.n;subs=derived t(orders);values=literal;sub0.group=orders.customer_id;sub0.out=customer_id,n");
    row("my exists", MY, "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)",
        "kind=select;tables=customers c;flags=star;subs=predicate(orders);sub0.joins=orders.customer_id=customers.id/inner");
    row("my in subquery", MY, "SELECT * FROM a WHERE id IN (SELECT aid FROM b WHERE flag = 1)",
        "kind=select;tables=a;preds=a.id in;flags=star;read=a.id;subs=predicate(b);values=subquery");
    row("my scalar subquery", MY, "SELECT (SELECT COUNT(*) FROM b WHERE b.aid = a.id) AS n FROM a",
        "kind=select;tables=a;subs=scalar(b);out=n;sub0.joins=b.aid=a.id/inner;sub0.flags=agg");
    row("my any subquery", MY, "SELECT * FROM a WHERE x > ANY (SELECT y FROM b)",
        "kind=select;tables=a;preds=a.x range;flags=star;read=a.x;subs=predicate(b);values=subquery;sub0.read=b.y");
    row("my union", MY, "SELECT id FROM a UNION SELECT id FROM b",
        "kind=select;flags=set=union;subs=set-operand(a),set-operand(b)");
    row("my union all order", MY, "(SELECT id FROM a WHERE x = 1) UNION ALL (SELECT id FROM b) ORDER BY id DESC LIMIT 10",
        "kind=select;order=id desc;flags=limit=10 set=union all;read=id;subs=set-operand(a),set-operand(b);sub0.preds=a.x eq");
    row("my cte", MY, "WITH t AS (SELECT id FROM a WHERE x = 1) SELECT * FROM t JOIN b ON b.id = t.id",
        "kind=select;tables=t:cte,b;joins=b.id=t.id/inner;flags=star;read=b.id,t.id;subs=cte t(a);ctes=t;sub0.preds=a.x eq");
    row("my recursive cte", MY, "WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 10) SELECT n FROM seq",
        "kind=select;tables=seq:cte;read=seq.n;subs=cte seq();ctes=seq;sub0.flags=set=union all;sub0.sub1.tables=seq:cte;sub0.sub1.preds=seq.n range");
    row("my window", MY, "SELECT id, SUM(total) OVER (PARTITION BY customer_id ORDER BY created_at) AS running FROM orders",
        "kind=select;tables=orders;flags=window;read=orders.id,orders.customer_id,orders.created_at,orders.total");
    row("my named window", MY, "SELECT RANK() OVER w FROM t WINDOW w AS (ORDER BY score DESC)",
        "kind=select;tables=t;flags=window;read=t.score");
    row("my group by having", MY, "SELECT status, COUNT(*) FROM orders GROUP BY status WITH ROLLUP HAVING COUNT(*) > 1",
        "kind=select;tables=orders;group=orders.status;flags=agg;read=orders.status");
    row("my group alias", MY, "SELECT customer_id AS cid, SUM(total) AS s FROM orders GROUP BY cid ORDER BY s DESC",
        "kind=select;tables=orders;order=expr:SUM(total) desc;group=orders.customer_id;flags=agg;read=orders.customer_id,orders.total");
    row("my order position", MY, "SELECT a, b FROM t ORDER BY 2 DESC",
        "kind=select;tables=t;order=t.b desc;read=t.a,t.b");
    row("my distinct", MY, "SELECT DISTINCT country FROM customers",
        "kind=select;tables=customers;flags=distinct;read=customers.country");
    row("my distinctrow", MY, "SELECT DISTINCTROW a FROM t",
        "kind=select;tables=t;flags=distinct;read=t.a");
    row("my sql modifiers", MY, "SELECT SQL_NO_CACHE SQL_CALC_FOUND_ROWS HIGH_PRIORITY * FROM t",
        "kind=select;tables=t;flags=star");
    row("my for update", MY, "SELECT * FROM t WHERE id = 1 FOR UPDATE",
        "kind=select;tables=t;preds=t.id eq;flags=star forupdate;read=t.id;values=literal");
    row("my lock share", MY, "SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE",
        "kind=select;tables=t;preds=t.id eq;flags=star forupdate;read=t.id;values=literal");
    row("my group concat", MY, "SELECT GROUP_CONCAT(DISTINCT name ORDER BY name SEPARATOR ',') FROM t",
        "kind=select;tables=t;flags=agg;read=t.name");
    row("my match against", MY, "SELECT * FROM posts WHERE MATCH (title, body) AGAINST ('sql' IN BOOLEAN MODE)",
        "kind=select;tables=posts;flags=star;read=posts.title,posts.body");
    row("my interval", MY, "SELECT * FROM t WHERE created_at > NOW() - INTERVAL 1 DAY",
        "kind=select;tables=t;preds=t.created_at range;flags=star;read=t.created_at;values=expression");
    row("my case", MY, "SELECT CASE WHEN a > 1 THEN b ELSE c END FROM t",
        "kind=select;tables=t;read=t.a,t.b,t.c");
    row("my version comment", MY, "SELECT /*!40001 SQL_NO_CACHE */ * FROM t WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("my hash comment", MY, "SELECT a FROM t # why not\nWHERE b = 2",
        "kind=select;tables=t;preds=t.b eq;read=t.a,t.b;values=literal");
    row("my dash comment", MY, "SELECT a -- note\nFROM t WHERE c = 3",
        "kind=select;tables=t;preds=t.c eq;read=t.a,t.c;values=literal");
    row("my double quoted string", MY, "SELECT * FROM t WHERE name = \"bob\"",
        "kind=select;tables=t;preds=t.name eq;flags=star;read=t.name;values=literal");
    row("my string escapes", MY, "SELECT * FROM t WHERE name LIKE 'it\\'s%'",
        "kind=select;tables=t;preds=t.name prefix;flags=star;read=t.name;values=literal");
    row("my db table column", MY, "SELECT shop.orders.id FROM shop.orders WHERE shop.orders.status = 'x'",
        "kind=select;tables=shop.orders;preds=orders.status eq;read=orders.id,orders.status;values=literal");
    row("my digit identifier", MY, "SELECT * FROM 2024_sales WHERE amount > 10",
        "kind=select;tables=2024_sales;preds=2024_sales.amount range;flags=star;read=2024_sales.amount;values=literal");
    row("my dual", MY, "SELECT 1 FROM DUAL",
        "kind=select");
    row("my select no from", MY, "SELECT NOW(), 1 + 1",
        "kind=select");
    row("my insert values", MY, "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')",
        "kind=insert;tables=t;written=t.a,t.b");
    row("my insert ignore", MY, "INSERT IGNORE INTO t (a) VALUES (1)",
        "kind=insert;tables=t;written=t.a");
    row("my insert set", MY, "INSERT INTO t SET a = 1, b = 2",
        "kind=insert;tables=t;written=t.a,t.b");
    row("my insert select", MY, "INSERT INTO archive (id, total) SELECT id, total FROM orders WHERE created_at < '2020-01-01'",
        "kind=insert;tables=archive;written=archive.id,archive.total;subs=source(orders);sub0.preds=orders.created_at range");
    row("my insert on duplicate", MY, "INSERT INTO counters (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE v = v + VALUES(v)",
        "kind=insert;tables=counters;flags=upsert;read=counters.v;written=counters.k,counters.v");
    rowSchema("my insert no columns schema", MY, "INSERT INTO customers VALUES (1, 'a@b', 'A', 'FR')",
        "kind=insert;tables=customers;written=customers.id,customers.email,customers.name,customers.country");
    row("my replace", MY, "REPLACE INTO t (id, v) VALUES (1, 2)",
        "kind=replace;tables=t;written=t.id,t.v");
    row("my replace select", MY, "REPLACE INTO t SELECT * FROM u",
        "kind=replace;tables=t;subs=source(u)");
    row("my update", MY, "UPDATE orders SET status = 'x' WHERE id = 5 ORDER BY id LIMIT 1",
        "kind=update;tables=orders;preds=orders.id eq;order=orders.id;flags=limit=1;read=orders.id;written=orders.status;values=literal");
    row("my update multi", MY, "UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.flag = 1, c.seen = NOW() WHERE c.country = 'FR'",
        "kind=update;tables=orders o,customers c;preds=customers.country eq;joins=customers.id=orders.customer_id/inner;read=customers.id,orders.customer_id,customers.country;written=orders.flag,customers.seen;values=literal");
    row("my update comma", MY, "UPDATE a, b SET a.x = b.y WHERE a.id = b.aid",
        "kind=update;tables=a,b;joins=a.id=b.aid/inner;read=b.y,a.id,b.aid;written=a.x");
    row("my update low priority", MY, "UPDATE LOW_PRIORITY IGNORE t SET a = a + 1 WHERE b IN (1, 2)",
        "kind=update;tables=t;preds=t.b in;read=t.a,t.b;written=t.a;values=literal");
    row("my delete", MY, "DELETE FROM t WHERE a < 5 LIMIT 100",
        "kind=delete;tables=t;preds=t.a range;flags=limit=100;read=t.a;values=literal");
    row("my delete multi", MY, "DELETE o, i FROM orders o JOIN items i ON i.order_id = o.id WHERE o.status = 'void'",
        "kind=delete;tables=orders o,items i;preds=orders.status eq;joins=items.order_id=orders.id/inner;read=items.order_id,orders.id,orders.status;values=literal");
    row("my delete using", MY, "DELETE FROM o USING orders AS o LEFT JOIN items i ON i.order_id = o.id WHERE i.id IS NULL",
        "kind=delete;tables=orders o,items i;preds=items.id null;joins=items.order_id=orders.id/left;read=items.order_id,orders.id,items.id;values=none");
    row("my delete quick", MY, "DELETE QUICK IGNORE FROM t WHERE a = 1",
        "kind=delete;tables=t;preds=t.a eq;read=t.a;values=literal");
    row("my explain", MY, "EXPLAIN FORMAT=JSON SELECT * FROM t WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("my show", MY, "SHOW FULL PROCESSLIST",
        "kind=other");
    row("my use", MY, "USE shop",
        "kind=other");
    row("my call", MY, "CALL do_things(1, 2)",
        "kind=other");
    row("my set names", MY, "SET NAMES utf8mb4",
        "kind=other");
    row("my empty", MY, "",
        "kind=unknown;error=empty statement: no SQL to describe");
    row("my whitespace", MY, "   ;",
        "kind=unknown;error=empty statement: no SQL to describe");
    row("my comment only", MY, "/* nothing */",
        "kind=unknown;error=empty statement: no SQL to describe");
    row("my garbage", MY, "this is not sql",
        "kind=unknown;error=not a SQL statement: it starts with 'this'");
    row("my unterminated string", MY, "SELECT * FROM t WHERE a = 'oops",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;skipped=unterminated quote or comment at offset 26: the rest of the statement is not described;values=expression");
    row("my unparseable tail", MY, "SELECT a FROM t WHERE b = 1 PROCEDURE ANALYSE()",
        "kind=select;tables=t;preds=t.b eq;read=t.a,t.b;skipped=not understood: 'PROCEDURE ANALYSE()' at offset 28;values=literal");
    row("my bad table ref", MY, "SELECT a FROM WHERE b = 1",
        "kind=select;preds=b eq;read=a,b;skipped=a table name is missing at offset 14;values=literal");
    rowSchema("my unqualified with schema", MY, "SELECT email, status FROM customers c JOIN orders o ON o.customer_id = c.id WHERE total > 10",
        "kind=select;tables=customers c,orders o;preds=orders.total range;joins=orders.customer_id=customers.id/inner;read=customers.email,orders.status,orders.customer_id,customers.id,orders.total;values=literal");
    row("my partition", MY, "SELECT * FROM t PARTITION (p0, p1) WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("my json arrow", MY, "SELECT * FROM t WHERE doc->>'$.kind' = 'x'",
        "kind=select;tables=t;preds=t.doc func;flags=star;read=t.doc;values=literal;fn=->>");
    row("my regexp", MY, "SELECT * FROM t WHERE name REGEXP '^a'",
        "kind=select;tables=t;preds=t.name other;flags=star;read=t.name;values=literal");
    row("my collate", MY, "SELECT * FROM t WHERE name COLLATE utf8mb4_bin = 'x'",
        "kind=select;tables=t;preds=t.name func;flags=star;read=t.name;values=literal;fn=collate");
    row("my binary", MY, "SELECT * FROM t WHERE BINARY name = 'x'",
        "kind=select;tables=t;preds=t.name func;flags=star;read=t.name;values=literal;fn=binary");
    row("my nested subquery", MY, "SELECT * FROM a WHERE id IN (SELECT aid FROM b WHERE bid IN (SELECT id FROM c WHERE z = 1))",
        "kind=select;tables=a;preds=a.id in;flags=star;read=a.id;subs=predicate(b);values=subquery;sub0.preds=b.bid in;sub0.sub0.preds=c.z eq");
    row("my lateral derived", MY, "SELECT * FROM a, LATERAL (SELECT b.x FROM b WHERE b.aid = a.id LIMIT 1) AS l",
        "kind=select;tables=a,l:derived;flags=star;subs=derived l(b);sub0.joins=b.aid=a.id/inner;sub0.flags=limit=1");
    row("my table statement", MY, "TABLE t",
        "kind=select;tables=t;flags=star");
    row("my multiple statements", MY, "SELECT 1; SELECT 2",
        "kind=select;skipped=more statements after offset 10 are not described");
    row("lite simple", LITE, "SELECT id FROM users WHERE email = ?1",
        "kind=select;tables=users;preds=users.email eq;read=users.id,users.email;values=parameter");
    row("lite named param", LITE, "SELECT * FROM t WHERE a = :a AND b = @b AND c = $c",
        "kind=select;tables=t;preds=t.a eq,t.b eq,t.c eq;flags=star;read=t.a,t.b,t.c;values=parameter,parameter,parameter");
    row("lite brackets", LITE, "SELECT [t].[a] FROM [my table] AS [t] WHERE [t].[b] = 2",
        "kind=select;tables=my table t;preds=my table.b eq;read=my table.a,my table.b;values=literal");
    row("lite backticks", LITE, "SELECT `a` FROM `t` WHERE `b` = 1",
        "kind=select;tables=t;preds=t.b eq;read=t.a,t.b;values=literal");
    row("lite double quotes", LITE, "SELECT \"a\" FROM \"t\" WHERE \"b\" = 'x'",
        "kind=select;tables=t;preds=t.b eq;read=t.a,t.b;values=literal");
    row("lite glob", LITE, "SELECT * FROM files WHERE path GLOB 'src/*' AND name GLOB '*.c'",
        "kind=select;tables=files;preds=files.path prefix,files.name wildcard;flags=star;read=files.path,files.name;values=literal,literal");
    row("lite like", LITE, "SELECT * FROM t WHERE a LIKE 'x%' ESCAPE '\\'",
        "kind=select;tables=t;preds=t.a prefix;flags=star;read=t.a;values=literal");
    row("lite limit offset", LITE, "SELECT * FROM t LIMIT 10 OFFSET 5",
        "kind=select;tables=t;flags=star limit=10 offset=5");
    row("lite limit comma", LITE, "SELECT * FROM t LIMIT 5, 10",
        "kind=select;tables=t;flags=star limit=10 offset=5");
    row("lite indexed by", LITE, "SELECT * FROM t INDEXED BY idx_a WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal;hints=INDEXED BY idx_a");
    row("lite not indexed", LITE, "SELECT * FROM t NOT INDEXED WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal;hints=NOT INDEXED");
    row("lite isnull", LITE, "SELECT * FROM t WHERE a ISNULL AND b NOTNULL",
        "kind=select;tables=t;preds=t.a null,t.b null not;flags=star;read=t.a,t.b;values=none,none");
    row("lite is", LITE, "SELECT * FROM t WHERE a IS 5",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("lite concat", LITE, "SELECT a || b FROM t WHERE c || d = 'xy'",
        "kind=select;tables=t;read=t.a,t.b,t.c,t.d");
    row("lite json each", LITE, "SELECT j.value FROM t, json_each(t.doc) AS j WHERE j.key = 'a'",
        "kind=select;tables=t,json_each j:function;preds=json_each.key eq;read=json_each.value,t.doc,json_each.key;values=literal");
    row("lite join", LITE, "SELECT * FROM a LEFT JOIN b ON b.aid = a.id WHERE b.id IS NULL",
        "kind=select;tables=a,b;preds=b.id null;joins=b.aid=a.id/left;flags=star;read=b.aid,a.id,b.id;values=none");
    row("lite cte", LITE, "WITH x AS (SELECT a FROM t) SELECT a FROM x WHERE a > 1",
        "kind=select;tables=x:cte;preds=x.a range;read=x.a;subs=cte x(t);values=literal;ctes=x");
    row("lite union", LITE, "SELECT a FROM t UNION SELECT a FROM u ORDER BY 1",
        "kind=select;order=a;flags=set=union;subs=set-operand(t),set-operand(u)");
    row("lite window", LITE, "SELECT a, lag(a) OVER (ORDER BY b) FROM t",
        "kind=select;tables=t;flags=window;read=t.a,t.b");
    row("lite insert or replace", LITE, "INSERT OR REPLACE INTO kv (k, v) VALUES ('a', 'b')",
        "kind=insert;tables=kv;flags=upsert;written=kv.k,kv.v");
    row("lite upsert", LITE, "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
        "kind=insert;tables=kv;flags=upsert;read=kv.v;written=kv.k,kv.v;conflict=kv.k");
    row("lite insert default", LITE, "INSERT INTO t DEFAULT VALUES",
        "kind=insert;tables=t");
    row("lite insert returning", LITE, "INSERT INTO t (a) VALUES (1) RETURNING id",
        "kind=insert;tables=t;read=t.id;written=t.a");
    row("lite update or ignore", LITE, "UPDATE OR IGNORE t SET a = 1 WHERE b = 2",
        "kind=update;tables=t;preds=t.b eq;read=t.b;written=t.a;values=literal");
    row("lite update from", LITE, "UPDATE inventory SET qty = qty - d.n FROM (SELECT item, count(*) AS n FROM sales GROUP BY item) AS d WHERE inventory.item = d.item",
        "kind=update;tables=inventory,d:derived;joins=inventory.item=d.item/inner;read=inventory.qty,d.n,inventory.item,d.item;written=inventory.qty;subs=derived d(sales);sub0.group=sales.item");
    row("lite delete", LITE, "DELETE FROM t WHERE a IN (SELECT a FROM u)",
        "kind=delete;tables=t;preds=t.a in;read=t.a;subs=predicate(u);values=subquery");
    row("lite replace", LITE, "REPLACE INTO t (a) VALUES (1)",
        "kind=replace;tables=t;written=t.a");
    row("lite pragma", LITE, "PRAGMA table_info(t)",
        "kind=other");
    row("lite explain query plan", LITE, "EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 1",
        "kind=select;tables=t;preds=t.a eq;flags=star;read=t.a;values=literal");
    row("lite empty", LITE, "",
        "kind=unknown;error=empty statement: no SQL to describe");
    row("lite garbage", LITE, "}{ nonsense",
        "kind=unknown;error=not a SQL statement: it starts with '}'");
    row("lite values", LITE, "VALUES (1), (2)",
        "kind=select");
    row("lite group having", LITE, "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 ORDER BY count(*) DESC",
        "kind=select;tables=t;order=expr:count(*) desc;group=t.a;flags=agg;read=t.a");
    row("lite between params", LITE, "SELECT * FROM t WHERE a BETWEEN ? AND ?",
        "kind=select;tables=t;preds=t.a range;flags=star;read=t.a;values=parameter");
    row("lite case insensitive keywords", LITE, "select A from T where B = 1 order by A desc",
        "kind=select;tables=T;preds=T.B eq;order=T.A desc;read=T.A,T.B;values=literal");
    row("lite subquery from", LITE, "SELECT s.a FROM (SELECT a FROM t WHERE b = 1) s",
        "kind=select;tables=s:derived;read=s.a;subs=derived s(t)");
    row("lite unterminated comment", LITE, "SELECT a FROM t /* never closed",
        "kind=select;tables=t;read=t.a;skipped=unterminated quote or comment at offset 16: the rest of the statement is not described");
    row("my with update", MY, "WITH old AS (SELECT id FROM orders WHERE created_at < '2020-01-01') UPDATE orders o JOIN old ON old.id = o.id SET o.archived = 1",
        "kind=update;tables=orders o,old:cte;joins=old.id=orders.id/inner;read=old.id,orders.id;written=orders.archived;subs=cte old(orders);ctes=old;sub0.preds=orders.created_at range");
    row("lite with delete", LITE, "WITH gone AS (SELECT id FROM users WHERE banned = 1) DELETE FROM sessions WHERE user_id IN (SELECT id FROM gone)",
        "kind=delete;tables=sessions;preds=sessions.user_id in;read=sessions.user_id;subs=cte gone(users),predicate(gone);values=subquery;sub1.tables=gone:cte");
    row("pg with delete returning", PG, "WITH moved AS (DELETE FROM queue WHERE id = $1 RETURNING *) INSERT INTO done SELECT * FROM moved",
        "kind=insert;tables=done;subs=cte moved(queue),source(moved);sub0.kind=delete;sub0.preds=queue.id eq;sub0.flags=star;sub1.tables=moved:cte");
    row("my insert select union", MY, "INSERT INTO t (a) SELECT a FROM u UNION SELECT a FROM v",
        "kind=insert;tables=t;written=t.a;subs=source();sub0.flags=set=union;sub0.sub1.tables=v");
    row("my update order limit param", MY, "UPDATE jobs SET state = 'taken' WHERE state = 'ready' ORDER BY priority DESC LIMIT ?",
        "kind=update;tables=jobs;preds=jobs.state eq;order=jobs.priority desc;flags=limit=param;read=jobs.state,jobs.priority;written=jobs.state;values=literal");
    row("my truncated", MY, "SELECT a, FROM t WHERE",
        "kind=select;tables=t;read=t.a;skipped=an expression is missing at the end (offset 22)");
    row("pg window named", PG, "SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY y ORDER BY z DESC)",
        "kind=select;tables=t;flags=window;read=t.x,t.z,t.y");
    row("my select into var", MY, "SELECT a INTO @v FROM t WHERE id = 1",
        "kind=select;tables=t;preds=t.id eq;read=t.a,t.id;skipped=SELECT ... INTO is not described: 'INTO @v' at offset 9;values=literal");
    row("pg order position expression", PG, "SELECT b, count(*) FROM t WHERE b < 10 GROUP BY b ORDER BY 2 DESC",
        "kind=select;tables=t;preds=t.b range;order=expr:count(*) desc;group=t.b;flags=agg;read=t.b;values=literal");
    row("my order position expression", MY, "SELECT b, COUNT(*) AS n FROM t GROUP BY 1 ORDER BY 2 DESC",
        "kind=select;tables=t;order=expr:COUNT(*) desc;group=t.b;flags=agg;read=t.b;out=b,n");
    row("pg row equality", PG, "SELECT * FROM t WHERE (a, b) = (1, $1)",
        "kind=select;tables=t;preds=t.a eq,t.b eq;flags=star;read=t.a,t.b;values=literal,parameter");
    row("pg row in", PG, "SELECT * FROM t WHERE (c, d) IN ((1, 2), (3, 4), (5, 6))",
        "kind=select;tables=t;preds=t.c in,t.d in;flags=star;read=t.c,t.d;values=literal,literal;inlist=3,3");
    row("my row equality", MY, "SELECT * FROM t WHERE (a, b) = (1, ?)",
        "kind=select;tables=t;preds=t.a eq,t.b eq;flags=star;read=t.a,t.b;values=literal,parameter");
    row("my row in", MY, "SELECT * FROM t WHERE (c, d) IN ((1, 2), (3, ?))",
        "kind=select;tables=t;preds=t.c in,t.d in;flags=star;read=t.c,t.d;values=literal,parameter;inlist=2,2");
    row("my insert row alias", MY, "INSERT INTO t (a, b) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE b = new.b",
        "kind=insert;tables=t new;flags=upsert;read=t.b;written=t.a,t.b");
    row("pg ilike prefix", PG, "SELECT * FROM t WHERE name ILIKE 'abc%'",
        "kind=select;tables=t;preds=t.name func;flags=star;read=t.name;values=literal;fn=ilike");
    rowSchema("pg correlated unqualified schema", PG, "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders WHERE customer_id = id AND phone = email)",
        "kind=select;tables=customers c;flags=star;subs=predicate(orders);sub0.preds=orders.customer_id eq;sub0.values=column;sub0.joins=orders.phone=customers.email/inner;sub0.read=orders.customer_id,orders.id,orders.phone,customers.email");
    rowSchema("my correlated unqualified schema", MY, "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE phone = country)",
        "kind=select;tables=customers;preds=customers.id in;read=customers.name,customers.id;subs=predicate(orders);values=subquery;sub0.joins=orders.phone=customers.country/inner;sub0.read=orders.customer_id,orders.phone,customers.country");
    rowSchema("lite unknown table resolves by elimination", LITE, "SELECT sku, note FROM items i JOIN notes n ON n.item_id = i.id",
        "kind=select;tables=items i,notes n;joins=notes.item_id=items.id/inner;read=items.sku,notes.note,notes.item_id,items.id");
    row("my nested left join", MY, "SELECT * FROM a LEFT JOIN b JOIN c ON c.bid = b.id ON b.aid = a.id",
        "kind=select;tables=a,b,c;joins=c.bid=b.id/inner,b.aid=a.id/left;flags=star;read=c.bid,b.id,b.aid,a.id");
    // END ROWS
}

QTEST_GUILESS_MAIN(TestShape)
#include "tst_shape.moc"
