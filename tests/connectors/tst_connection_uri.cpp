// Connection strings as DBAs write them: which engine, which fields, what is
// refused and how passwords are hidden.
#include "connectors/common/connection_uri.h"
#include "connectors/common/connector_error.h"

#include <QTest>

using namespace planwise::connectors;

Q_DECLARE_METATYPE(planwise::connectors::Engine)

class TstConnectionUri : public QObject {
    Q_OBJECT

private slots:
    void engineDetection_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Engine>("engine");
        QTest::newRow("postgresql uri") << "postgresql://u@h/db" << Engine::PostgreSQL;
        QTest::newRow("postgres uri") << "postgres://h" << Engine::PostgreSQL;
        QTest::newRow("upper-case scheme") << "PostgreSQL://h/db" << Engine::PostgreSQL;
        QTest::newRow("conninfo") << "host=localhost dbname=app" << Engine::PostgreSQL;
        QTest::newRow("conninfo spaces around =") << "host = localhost port= 5433" << Engine::PostgreSQL;
        QTest::newRow("service") << "service=prod" << Engine::PostgreSQL;
        QTest::newRow("mysql") << "mysql://root@127.0.0.1/shop" << Engine::MySQL;
        QTest::newRow("mariadb") << "mariadb://h:3307" << Engine::MySQL;
        QTest::newRow("sqlite:path") << "sqlite:demo.sqlite" << Engine::SQLite;
        QTest::newRow("sqlite:///abs") << "sqlite:///var/db/x.db" << Engine::SQLite;
        QTest::newRow("bare .db") << "shop.db" << Engine::SQLite;
        QTest::newRow("bare abs .sqlite3") << "/tmp/a b/x.SQLITE3" << Engine::SQLite;
        QTest::newRow("padded") << "  mysql://h/db \n" << Engine::MySQL;
    }
    void engineDetection()
    {
        QFETCH(QString, text);
        QFETCH(Engine, engine);
        QCOMPARE(parseConnectionTarget(text.toStdString()).engine, engine);
    }

    void postgresPassesThroughUnchanged()
    {
        const std::string uri = "postgresql://planwise:s%40cret@127.0.0.1:55432/planwise_test?sslmode=prefer";
        const auto t = parseConnectionTarget(uri);
        QCOMPARE(t.conninfo, uri);
        QVERIFY(t.conninfoIsUri);
        QCOMPARE(t.user, std::string("planwise"));
        QCOMPARE(t.password.value_or(""), std::string("s@cret"));
        QCOMPARE(t.host, std::string("127.0.0.1"));
        QCOMPARE(t.port.value_or(0), 55432);
        QCOMPARE(t.database, std::string("planwise_test"));

        const auto c = parseConnectionTarget("host=db1 port=6432 dbname='my db' user=dba password='it\\'s'");
        QVERIFY(!c.conninfoIsUri);
        QCOMPARE(c.host, std::string("db1"));
        QCOMPARE(c.port.value_or(0), 6432);
        QCOMPARE(c.database, std::string("my db"));
        QCOMPARE(c.password.value_or(""), std::string("it's"));
    }

    void postgresMultiHostKeptAsWritten()
    {
        const auto t = parseConnectionTarget("postgresql://h1:5432,h2:5433/app?target_session_attrs=read-write");
        QCOMPARE(t.host, std::string("h1:5432,h2:5433"));
        QVERIFY(!t.port);
        QCOMPARE(t.database, std::string("app"));
    }

    void mysqlFields()
    {
        const auto t = parseConnectionTarget(
            "mariadb://dba:p%40ss:w@db.example.com:3307/shop?socket=%2Frun%2Fmysqld%2Fmysqld.sock&ssl_mode=verify-ca&ssl-ca=/etc/ca.pem");
        QVERIFY(t.mariadbScheme);
        QCOMPARE(t.user, std::string("dba"));
        QCOMPARE(t.password.value_or(""), std::string("p@ss:w"));
        QCOMPARE(t.host, std::string("db.example.com"));
        QCOMPARE(t.port.value_or(0), 3307);
        QCOMPARE(t.database, std::string("shop"));
        QCOMPARE(t.socket, std::string("/run/mysqld/mysqld.sock"));
        QCOMPARE(t.sslMode, std::string("VERIFY_CA"));
        QCOMPARE(t.options.at("ssl-ca"), std::string("/etc/ca.pem"));
    }

    void mysqlDefaultsAndSocketHost()
    {
        const auto bare = parseConnectionTarget("mysql://");
        QVERIFY(bare.user.empty());
        QVERIFY(!bare.password);
        QVERIFY(bare.host.empty());
        QVERIFY(!bare.port);

        const auto noPassword = parseConnectionTarget("mysql://app@h/db");
        QCOMPARE(noPassword.user, std::string("app"));
        QVERIFY(!noPassword.password);   // ~/.my.cnf may supply it

        const auto emptyPassword = parseConnectionTarget("mysql://app:@h/db");
        QCOMPARE(emptyPassword.password.value_or("x"), std::string());

        const auto sock = parseConnectionTarget("mysql://root@%2Ftmp%2Fmy.sock/db");
        QVERIFY(sock.host.empty());
        QCOMPARE(sock.socket, std::string("/tmp/my.sock"));

        const auto v6 = parseConnectionTarget("mysql://u@[::1]:3306/db");
        QCOMPARE(v6.host, std::string("::1"));
        QCOMPARE(v6.port.value_or(0), 3306);
    }

    void sqlitePaths_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::newRow("relative") << "sqlite:demo.sqlite" << "demo.sqlite";
        QTest::newRow("absolute") << "sqlite:/var/x.db" << "/var/x.db";
        QTest::newRow("triple slash") << "sqlite:///var/x.db" << "/var/x.db";
        QTest::newRow("double slash relative") << "sqlite://rel/x.db" << "rel/x.db";
        QTest::newRow("memory") << "sqlite::memory:" << ":memory:";
        QTest::newRow("bare") << "./data/shop.db" << "./data/shop.db";
        QTest::newRow("no extension with scheme") << "sqlite:/tmp/snapshot" << "/tmp/snapshot";
    }
    void sqlitePaths()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        QCOMPARE(QString::fromStdString(parseConnectionTarget(text.toStdString()).path), path);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");   // the message must say what is wrong
        QTest::newRow("empty") << "   " << "empty";
        QTest::newRow("unknown scheme") << "oracle://h/db" << "oracle";
        QTest::newRow("no slashes") << "mysql:h/db" << "//";
        QTest::newRow("bad port") << "mysql://h:99999/db" << "99999";
        QTest::newRow("non-numeric port") << "postgresql://h:abc/db" << "abc";
        QTest::newRow("bad percent") << "mysql://u:%zz@h/db" << "percent";
        QTest::newRow("unknown option") << "mysql://h/db?colour=blue" << "colour";
        QTest::newRow("bad ssl-mode") << "mysql://h/db?ssl-mode=sometimes" << "SOMETIMES";
        QTest::newRow("slash in db") << "mysql://h/a/b" << "a/b";
        QTest::newRow("conninfo without =") << "host=h dbname" << "dbname";
        QTest::newRow("unterminated quote") << "host=h password='abc" << "password";
        QTest::newRow("plain word") << "production" << "production";
        QTest::newRow("path without extension") << "/tmp/file" << "/tmp/file";
        QTest::newRow("sqlite nothing") << "sqlite:" << "sqlite";
        QTest::newRow("several mysql hosts") << "mysql://a,b/db" << "one host";
    }
    void badInput()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        try {
            parseConnectionTarget(text.toStdString());
            QFAIL("accepted");
        } catch (const ConnectorError& e) {
            QCOMPARE(e.kind(), ErrorKind::BadUri);
            QVERIFY2(QString::fromUtf8(e.what()).contains(mentions), e.what());
            QVERIFY(e.isConnectionFailure());
        }
    }

    void redaction_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pg uri") << "postgresql://u:secret@h:5432/db" << "postgresql://u:***@h:5432/db";
        QTest::newRow("pg uri no password") << "postgresql://u@h/db" << "postgresql://u@h/db";
        QTest::newRow("pg uri query password") << "postgres://h/db?sslmode=require&password=secret&x=1"
                                               << "postgres://h/db?sslmode=require&password=***&x=1";
        QTest::newRow("pg uri both") << "postgresql://u:secret@h/db?password=secret2" << "postgresql://u:***@h/db?password=***";
        QTest::newRow("pg uri @ in password") << "postgresql://u:se@cret@h/db" << "postgresql://u:***@h/db";
        QTest::newRow("conninfo") << "host=h password=secret dbname=d" << "host=h password=*** dbname=d";
        QTest::newRow("conninfo quoted") << "password = 'sec ret' host=h" << "password = *** host=h";
        QTest::newRow("mysql") << "mysql://u:secret@h:3306/db?ssl-mode=required" << "mysql://u:***@h:3306/db?ssl-mode=REQUIRED";
        QTest::newRow("mysql query password") << "mariadb://u@h/db?password=secret" << "mariadb://u@h/db?password=***";
        QTest::newRow("sqlite") << "sqlite:///x.db" << "sqlite:/x.db";
    }
    void redaction()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const std::string shown = parseConnectionTarget(text.toStdString()).redacted();
        QCOMPARE(QString::fromStdString(shown), expected);
        QVERIFY(shown.find("secret") == std::string::npos);
    }

    void pgParameterAddedOnlyWhenAbsent()
    {
        QCOMPARE(withPgParameter("postgresql://h/db", "fallback_application_name", "planwise"),
                 std::string("postgresql://h/db?fallback_application_name=planwise"));
        QCOMPARE(withPgParameter("postgresql://h/db?sslmode=require", "connect_timeout", "10"),
                 std::string("postgresql://h/db?sslmode=require&connect_timeout=10"));
        QCOMPARE(withPgParameter("postgresql://h/db?connect_timeout=3", "connect_timeout", "10"),
                 std::string("postgresql://h/db?connect_timeout=3"));
        QCOMPARE(withPgParameter("host=h", "application_name", "it's me"), std::string("host=h application_name='it\\'s me'"));
        QCOMPARE(withPgParameter("host=h application_name=x", "application_name", "planwise"),
                 std::string("host=h application_name=x"));
        QCOMPARE(withPgParameter("postgresql://h/db", "application_name", "a b"),
                 std::string("postgresql://h/db?application_name=a%20b"));
    }
};

QTEST_GUILESS_MAIN(TstConnectionUri)
#include "tst_connection_uri.moc"
