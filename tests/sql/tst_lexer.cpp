// The SQL lexer: every token kind and each dialect's quoting quirks, the
// options, unterminated input and the unquote helpers.
#include "analyzer/sql/lexer.h"

#include <QTest>

using namespace planwise;
using namespace planwise::sql;

Q_DECLARE_METATYPE(planwise::Dialect)

namespace {

// "Kind text" per token, End excluded.
QStringList describe(std::string_view sql, Dialect dialect, LexerOptions options = {})
{
    QStringList out;
    for (const Token& t : tokenize(sql, dialect, options))
        out << QString::fromStdString(std::string(tokenKindName(t.kind)) + " " + std::string(t.text));
    return out;
}

} // namespace

class TestLexer : public QObject {
    Q_OBJECT

private slots:
    void tokens_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("expected");
        const auto my = Dialect::MySQL;
        const auto pg = Dialect::PostgreSQL;
        const auto lite = Dialect::SQLite;

        // Words, numbers, punctuation (all dialects)
        for (Dialect d : {my, pg, lite}) {
            const QByteArray tag(dialectName(d).data());
            QTest::newRow(tag + ": words and punctuation") << d << "SELECT a.b, c FROM t1 WHERE (x);"
                << QStringList{"Identifier SELECT", "Identifier a", "Punctuation .", "Identifier b", "Punctuation ,",
                               "Identifier c", "Identifier FROM", "Identifier t1", "Identifier WHERE", "Punctuation (",
                               "Identifier x", "Punctuation )", "Punctuation ;"};
            QTest::newRow(tag + ": numbers") << d << "1 42 1.5 .5 1. 1e5 1.5E-3 2e+7"
                << QStringList{"Number 1", "Number 42", "Number 1.5", "Number .5", "Number 1.", "Number 1e5",
                               "Number 1.5E-3", "Number 2e+7"};
            QTest::newRow(tag + ": hex and bits") << d << "0xDEAD X'0A' x'ff' 0b101 B'101'"
                << QStringList{"HexNumber 0xDEAD", "HexNumber X'0A'", "HexNumber x'ff'", "Number 0b101", "Number B'101'"};
            QTest::newRow(tag + ": whitespace skipped") << d << " \t\r\n a \f\v b \n"
                << QStringList{"Identifier a", "Identifier b"};
            QTest::newRow(tag + ": empty") << d << "" << QStringList{};
            QTest::newRow(tag + ": block comment") << d << "a /* c */ b"
                << QStringList{"Identifier a", "Comment /* c */", "Identifier b"};
            QTest::newRow(tag + ": line comment") << d << "a -- c\nb"
                << QStringList{"Identifier a", "Comment -- c", "Identifier b"};
            QTest::newRow(tag + ": hint is a comment") << d << "SELECT /*+ BKA(t) */ 1"
                << QStringList{"Identifier SELECT", "Comment /*+ BKA(t) */", "Number 1"};
            QTest::newRow(tag + ": ? parameter") << d << "a = ?" << QStringList{"Identifier a", "Operator =", "Parameter ?"};
            QTest::newRow(tag + ": :name parameter") << d << "a = :name"
                << QStringList{"Identifier a", "Operator =", "Parameter :name"};
            QTest::newRow(tag + ": comparison operators") << d << "a<=b>=c<>d!=e"
                << QStringList{"Identifier a", "Operator <=", "Identifier b", "Operator >=", "Identifier c", "Operator <>",
                               "Identifier d", "Operator !=", "Identifier e"};
            QTest::newRow(tag + ": concat and json") << d << "a || b -> c ->> d"
                << QStringList{"Identifier a", "Operator ||", "Identifier b", "Operator ->", "Identifier c", "Operator ->>",
                               "Identifier d"};
            QTest::newRow(tag + ": single-char operators") << d << "a+b*c/d%e"
                << QStringList{"Identifier a", "Operator +", "Identifier b", "Operator *", "Identifier c", "Operator /",
                               "Identifier d", "Operator %", "Identifier e"};
            QTest::newRow(tag + ": non-ASCII identifier") << d << "SELECT café FROM tàble"
                << QStringList{"Identifier SELECT", "Identifier café", "Identifier FROM", "Identifier tàble"};
        }

        // MySQL / MariaDB
        QTest::newRow("mysql: backtick identifier") << my << "`order` `a``b` `t 1`"
            << QStringList{"QuotedIdentifier `order`", "QuotedIdentifier `a``b`", "QuotedIdentifier `t 1`"};
        QTest::newRow("mysql: double quotes are a string") << my << "\"x\" \"a\\\"b\" \"a\"\"b\""
            << QStringList{"String \"x\"", "String \"a\\\"b\"", "String \"a\"\"b\""};
        QTest::newRow("mysql: single quotes, doubling and backslash") << my << "'it''s' 'a\\'b' '\\\\' ''"
            << QStringList{"String 'it''s'", "String 'a\\'b'", "String '\\\\'", "String ''"};
        QTest::newRow("mysql: prefixed strings") << my << "N'x' n'y' _utf8'z' _utf8mb4'\\''"
            << QStringList{"String N'x'", "String n'y'", "String _utf8'z'", "String _utf8mb4'\\''"};
        QTest::newRow("mysql: introducer before hex") << my << "_binary 0xFF"
            << QStringList{"Identifier _binary", "HexNumber 0xFF"};
        QTest::newRow("mysql: identifier starting with digits") << my << "SELECT * FROM 2024_sales, 1e, 0xg"
            << QStringList{"Identifier SELECT", "Operator *", "Identifier FROM", "Identifier 2024_sales", "Punctuation ,",
                           "Identifier 1e", "Punctuation ,", "Identifier 0xg"};
        QTest::newRow("mysql: $ in identifiers") << my << "a$b $c"
            << QStringList{"Identifier a$b", "Identifier $c"};
        QTest::newRow("mysql: user variables") << my << "@x @a.b @`x y` @'v' @\"w\" @_1"
            << QStringList{"Variable @x", "Variable @a.b", "Variable @`x y`", "Variable @'v'", "Variable @\"w\"",
                           "Variable @_1"};
        QTest::newRow("mysql: system variables") << my << "@@version @@global.max_connections @@SESSION.sql_mode"
            << QStringList{"Variable @@version", "Variable @@global.max_connections", "Variable @@SESSION.sql_mode"};
        QTest::newRow("mysql: null-safe equal and assignment") << my << "a <=> b, @x := 1"
            << QStringList{"Identifier a", "Operator <=>", "Identifier b", "Punctuation ,", "Variable @x", "Operator :=",
                           "Number 1"};
        QTest::newRow("mysql: logical and shift operators") << my << "a && b || c << 2 >> 1"
            << QStringList{"Identifier a", "Operator &&", "Identifier b", "Operator ||", "Identifier c", "Operator <<",
                           "Number 2", "Operator >>", "Number 1"};
        QTest::newRow("mysql: hash comment") << my << "a # c\nb" << QStringList{"Identifier a", "Comment # c", "Identifier b"};
        QTest::newRow("mysql: -- needs a blank") << my << "a--1" << QStringList{"Identifier a", "Operator -", "Operator -", "Number 1"};
        QTest::newRow("mysql: -- at end of input") << my << "a --" << QStringList{"Identifier a", "Comment --"};
        QTest::newRow("mysql: -- then tab") << my << "a --\tc" << QStringList{"Identifier a", "Comment --\tc"};
        QTest::newRow("mysql: version comment") << my << "CREATE TABLE t (a int) /*!50100 PARTITION BY HASH(a) */"
            << QStringList{"Identifier CREATE", "Identifier TABLE", "Identifier t", "Punctuation (", "Identifier a",
                           "Identifier int", "Punctuation )", "VersionComment /*!50100 PARTITION BY HASH(a) */"};
        QTest::newRow("mysql: MariaDB version comment") << my << "/*M!100100 x */"
            << QStringList{"VersionComment /*M!100100 x */"};
        QTest::newRow("mysql: mysqldump comment") << my << "SELECT /*!40001 SQL_NO_CACHE */ * FROM `t`"
            << QStringList{"Identifier SELECT", "VersionComment /*!40001 SQL_NO_CACHE */", "Operator *", "Identifier FROM",
                           "QuotedIdentifier `t`"};
        QTest::newRow("mysql: qualified name with digit column") << my << "t.5c"
            << QStringList{"Identifier t", "Punctuation .", "Identifier 5c"};
        QTest::newRow("mysql: # is not an operator") << my << "#" << QStringList{"Comment #"};
        QTest::newRow("mysql: index hint and limit") << my << "SELECT * FROM t USE INDEX (i) LIMIT 5,10"
            << QStringList{"Identifier SELECT", "Operator *", "Identifier FROM", "Identifier t", "Identifier USE",
                           "Identifier INDEX", "Punctuation (", "Identifier i", "Punctuation )", "Identifier LIMIT",
                           "Number 5", "Punctuation ,", "Number 10"};

        // PostgreSQL
        QTest::newRow("pg: double quotes are identifiers") << pg << "\"Id\" \"a\"\"b\""
            << QStringList{"QuotedIdentifier \"Id\"", "QuotedIdentifier \"a\"\"b\""};
        QTest::newRow("pg: backslash is not an escape") << pg << "'a\\' 'b'"
            << QStringList{"String 'a\\'", "String 'b'"};
        QTest::newRow("pg: E strings") << pg << "E'a\\'b' e'\\n'"
            << QStringList{"String E'a\\'b'", "String e'\\n'"};
        QTest::newRow("pg: U& strings and identifiers") << pg << "U&'d\\0061t' U&\"d\\0061t\""
            << QStringList{"String U&'d\\0061t'", "QuotedIdentifier U&\"d\\0061t\""};
        QTest::newRow("pg: dollar quoting") << pg << "$$it's$$ $fn$ a $$ b $fn$ $_x$y$_x$"
            << QStringList{"String $$it's$$", "String $fn$ a $$ b $fn$", "String $_x$y$_x$"};
        QTest::newRow("pg: positional parameters") << pg << "a = $1 AND b = $12"
            << QStringList{"Identifier a", "Operator =", "Parameter $1", "Identifier AND", "Identifier b", "Operator =",
                           "Parameter $12"};
        QTest::newRow("pg: casts") << pg << "$1::int, '1'::numeric(10,2)"
            << QStringList{"Parameter $1", "Operator ::", "Identifier int", "Punctuation ,", "String '1'", "Operator ::",
                           "Identifier numeric", "Punctuation (", "Number 10", "Punctuation ,", "Number 2", "Punctuation )"};
        QTest::newRow("pg: jsonb and array operators") << pg << "a @> b <@ c #>> d ?| e ?& f #- g"
            << QStringList{"Identifier a", "Operator @>", "Identifier b", "Operator <@", "Identifier c", "Operator #>>",
                           "Identifier d", "Operator ?|", "Identifier e", "Operator ?&", "Identifier f", "Operator #-",
                           "Identifier g"};
        QTest::newRow("pg: regex operators") << pg << "a ~* b !~ c !~* d ~~ e"
            << QStringList{"Identifier a", "Operator ~*", "Identifier b", "Operator !~", "Identifier c", "Operator !~*",
                           "Identifier d", "Operator ~~", "Identifier e"};
        QTest::newRow("pg: operator cut before a sign") << pg << "x<-1 AND y=-2 AND z@-3"
            << QStringList{"Identifier x", "Operator <", "Operator -", "Number 1", "Identifier AND", "Identifier y",
                           "Operator =", "Operator -", "Number 2", "Identifier AND", "Identifier z", "Operator @-",
                           "Number 3"};
        QTest::newRow("pg: operator cut before a comment") << pg << "a=/* c */b"
            << QStringList{"Identifier a", "Operator =", "Comment /* c */", "Identifier b"};
        QTest::newRow("pg: nested comments") << pg << "a /* x /* y */ z */ b"
            << QStringList{"Identifier a", "Comment /* x /* y */ z */", "Identifier b"};
        QTest::newRow("pg: -- needs no blank") << pg << "a--c" << QStringList{"Identifier a", "Comment --c"};
        QTest::newRow("pg: # and @ are operators") << pg << "a # b @ c"
            << QStringList{"Identifier a", "Operator #", "Identifier b", "Operator @", "Identifier c"};
        QTest::newRow("pg: array subscripts") << pg << "a[1]"
            << QStringList{"Identifier a", "Punctuation [", "Number 1", "Punctuation ]"};
        QTest::newRow("pg: /*! is a plain comment") << pg << "/*!50100 x */"
            << QStringList{"Comment /*!50100 x */"};
        QTest::newRow("pg: $ inside identifiers") << pg << "a$1" << QStringList{"Identifier a$1"};
        QTest::newRow("pg: backtick is not a quote") << pg << "`a`"
            << QStringList{"Operator `", "Identifier a", "Operator `"};

        // SQLite
        QTest::newRow("sqlite: every identifier quote") << lite << "[a b] `c` \"d\""
            << QStringList{"QuotedIdentifier [a b]", "QuotedIdentifier `c`", "QuotedIdentifier \"d\""};
        QTest::newRow("sqlite: parameters") << lite << "?1, ?, :n, @m, $p, $a::b"
            << QStringList{"Parameter ?1", "Punctuation ,", "Parameter ?", "Punctuation ,", "Parameter :n", "Punctuation ,",
                           "Parameter @m", "Punctuation ,", "Parameter $p", "Punctuation ,", "Parameter $a::b"};
        QTest::newRow("sqlite: strings without backslash escapes") << lite << "'a\\' 'it''s'"
            << QStringList{"String 'a\\'", "String 'it''s'"};
        QTest::newRow("sqlite: == operator") << lite << "a == b" << QStringList{"Identifier a", "Operator ==", "Identifier b"};
    }
    void tokens()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, sql);
        QFETCH(QStringList, expected);
        const QByteArray utf8 = sql.toUtf8();
        QCOMPARE(describe(std::string_view(utf8.constData(), size_t(utf8.size())), dialect), expected);
    }

    void unterminated_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("tokensBefore");
        QTest::addColumn<int>("errorOffset");
        const auto my = Dialect::MySQL;
        const auto pg = Dialect::PostgreSQL;
        const auto lite = Dialect::SQLite;
        QTest::newRow("mysql: string") << my << "SELECT 'abc" << 1 << 7;
        QTest::newRow("mysql: escaped quote at end") << my << "SELECT 'abc\\'" << 1 << 7;
        QTest::newRow("mysql: double-quoted string") << my << "SELECT \"abc" << 1 << 7;
        QTest::newRow("mysql: backtick") << my << "SELECT `abc" << 1 << 7;
        QTest::newRow("mysql: block comment") << my << "SELECT 1 /* abc" << 2 << 9;
        QTest::newRow("mysql: version comment") << my << "SELECT 1 /*!50100 abc" << 2 << 9;
        QTest::newRow("mysql: quoted variable") << my << "SET @`x = 1" << 1 << 4;
        QTest::newRow("mysql: prefixed string") << my << "SELECT _utf8'x" << 1 << 7;
        QTest::newRow("mysql: hex string") << my << "SELECT X'0A" << 1 << 7;
        QTest::newRow("pg: quoted identifier") << pg << "SELECT \"abc" << 1 << 7;
        QTest::newRow("pg: dollar string") << pg << "SELECT $$abc$" << 1 << 7;
        QTest::newRow("pg: tagged dollar string") << pg << "SELECT $f$abc$$" << 1 << 7;
        QTest::newRow("pg: nested comment") << pg << "SELECT /* a /* b */" << 1 << 7;
        QTest::newRow("pg: E string") << pg << "SELECT E'a\\'" << 1 << 7;
        QTest::newRow("sqlite: bracket identifier") << lite << "SELECT [abc" << 1 << 7;
        QTest::newRow("sqlite: string") << lite << "SELECT 'it''s" << 1 << 7;
    }
    void unterminated()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, sql);
        QFETCH(int, tokensBefore);
        QFETCH(int, errorOffset);
        const std::string text = sql.toStdString();
        Lexer lexer(text, dialect);
        for (int i = 0; i < tokensBefore; ++i)
            QVERIFY(lexer.next().kind != TokenKind::Error);
        const Token err = lexer.next();
        QCOMPARE(tokenKindName(err.kind), std::string_view("Error"));
        QCOMPARE(int(err.offset), errorOffset);
        QCOMPARE(err.text, std::string_view(text).substr(size_t(errorOffset)));
        // Then End, for ever.
        for (int i = 0; i < 3; ++i) {
            const Token end = lexer.next();
            QVERIFY(end.atEnd());
            QCOMPARE(int(end.offset), int(text.size()));
        }
        const auto all = tokenize(text, dialect);
        QCOMPARE(int(all.size()), tokensBefore + 1);
        QVERIFY(all.back().kind == TokenKind::Error);
    }

    void offsets()
    {
        const std::string_view sql = "SELECT  a ,'x' -- c\n FROM t";
        const auto toks = tokenize(sql, Dialect::MySQL);
        QCOMPARE(int(toks.size()), 7);
        for (const Token& t : toks)
            QCOMPARE(sql.substr(t.offset, t.text.size()), t.text);
        QCOMPARE(int(toks[1].offset), 8);
        QCOMPARE(int(toks[3].offset), 11);
        Lexer lexer(sql, Dialect::MySQL);
        for (size_t i = 0; i < toks.size(); ++i)
            lexer.next();
        QVERIFY(lexer.next().atEnd());
    }

    void ansiQuotes()
    {
        LexerOptions o;
        o.ansiQuotes = true;
        QCOMPARE(describe("\"a\"\"b\" 'c'", Dialect::MySQL, o),
                 (QStringList{"QuotedIdentifier \"a\"\"b\"", "String 'c'"}));
    }

    void noBackslashEscapes()
    {
        LexerOptions o;
        o.noBackslashEscapes = true;
        QCOMPARE(describe("'a\\' 'b'", Dialect::MySQL, o), (QStringList{"String 'a\\'", "String 'b'"}));
        // By default the backslash escapes the quote; then b' opens a bit literal that never ends.
        QCOMPARE(describe("'a\\' 'b'", Dialect::MySQL), (QStringList{"String 'a\\' '", "Error b'"}));
    }

    void skipComments()
    {
        LexerOptions o;
        o.skipComments = true;
        QCOMPARE(describe("a /* x */ -- y\n # z\n /*!50100 v */ b", Dialect::MySQL, o),
                 (QStringList{"Identifier a", "VersionComment /*!50100 v */", "Identifier b"}));
    }

    void enterVersionComments()
    {
        LexerOptions o;
        o.enterVersionComments = true;
        QCOMPARE(describe("CREATE TABLE t (a int) /*!50100 PARTITION BY HASH(a) */ /*M!100100 x*/ ;", Dialect::MySQL, o),
                 (QStringList{"Identifier CREATE", "Identifier TABLE", "Identifier t", "Punctuation (", "Identifier a",
                              "Identifier int", "Punctuation )", "Identifier PARTITION", "Identifier BY", "Identifier HASH",
                              "Punctuation (", "Identifier a", "Punctuation )", "Identifier x", "Punctuation ;"}));
        // A '*' not closing a version comment is an operator.
        QCOMPARE(describe("/*!40001 SELECT 2*3 */", Dialect::MySQL, o),
                 (QStringList{"Identifier SELECT", "Number 2", "Operator *", "Number 3"}));
    }

    void peek()
    {
        Lexer lexer("a b", Dialect::MySQL);
        QCOMPARE(lexer.peek().text, std::string_view("a"));
        QCOMPARE(lexer.peek().text, std::string_view("a"));
        QCOMPARE(lexer.next().text, std::string_view("a"));
        QCOMPARE(lexer.next().text, std::string_view("b"));
        QVERIFY(lexer.peek().atEnd());
        QVERIFY(lexer.next().atEnd());
    }

    void tokenHelpers()
    {
        const auto toks = tokenize("Select ( <=", Dialect::MySQL);
        QVERIFY(toks[0].is("SELECT"));
        QVERIFY(toks[0].isKeyword("select"));
        QVERIFY(!toks[0].is("selec"));
        QVERIFY(toks[1].isPunct('('));
        QVERIFY(!toks[1].isPunct(')'));
        QVERIFY(toks[2].isOperator("<="));
        QVERIFY(!toks[2].isKeyword("<="));
    }

    void unquote_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("value");
        const auto my = Dialect::MySQL;
        const auto pg = Dialect::PostgreSQL;
        QTest::newRow("mysql: doubled quote") << my << "'it''s'" << "it's";
        QTest::newRow("mysql: backslash escapes") << my << "'a\\'b\\n\\tc\\\\'" << "a'b\n\tc\\";
        QTest::newRow("mysql: LIKE escapes kept") << my << "'50\\%'" << "50\\%";
        QTest::newRow("mysql: double-quoted") << my << "\"a\\\"b\"" << "a\"b";
        QTest::newRow("mysql: introducer") << my << "_utf8mb4'x'" << "x";
        QTest::newRow("mysql: national") << my << "N'x'" << "x";
        QTest::newRow("mysql: backtick") << my << "`a``b`" << "a`b";
        QTest::newRow("pg: standard string") << pg << "'a\\n'" << "a\\n";
        QTest::newRow("pg: E string") << pg << "E'a\\nb'" << "a\nb";
        QTest::newRow("pg: dollar string") << pg << "$f$it's$f$" << "it's";
        QTest::newRow("pg: empty dollar string") << pg << "$$$$" << "";
        QTest::newRow("pg: quoted identifier") << pg << "\"My \"\"Table\"\"\"" << "My \"Table\"";
        QTest::newRow("sqlite: bracket identifier") << Dialect::SQLite << "[a b]" << "a b";
        QTest::newRow("bare identifier") << my << "abc" << "abc";
    }
    void unquote()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, sql);
        QFETCH(QString, value);
        const std::string text = sql.toStdString();
        const auto toks = tokenize(text, dialect);
        QCOMPARE(int(toks.size()), 1);
        const std::string got = toks[0].kind == TokenKind::String ? unquoteString(toks[0], dialect)
                                                                  : unquoteIdentifier(toks[0]);
        QCOMPARE(QString::fromStdString(got), value);
    }

    // Normalized text is told apart by its placeholders, not by a '?' or "$1"
    // anywhere in the text (a string, a comment, a dollar quote).
    void placeholders_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("count");
        const int pg = int(planwise::Dialect::PostgreSQL), my = int(planwise::Dialect::MySQL);
        QTest::newRow("pg normalized") << pg << "SELECT * FROM t WHERE a = $1 AND b IN ($2, $10)" << 10;
        QTest::newRow("pg values") << pg << "SELECT * FROM t WHERE a = 1" << 0;
        QTest::newRow("pg $1 in a string") << pg << "SELECT '$1' FROM t" << 0;
        QTest::newRow("pg $1 in a comment") << pg << "SELECT 1 /* $1 */ FROM t" << 0;
        QTest::newRow("pg dollar quote") << pg << "SELECT $$ $1 $$" << 0;
        QTest::newRow("mysql digest") << my << "SELECT `a` FROM `t` WHERE `id` = ? AND `b` IN (...)" << 1;
        QTest::newRow("mysql ? in a string") << my << "SELECT 'what?' FROM t WHERE id = 3" << 0;
        QTest::newRow("mysql two") << my << "UPDATE t SET a = ? WHERE id = ?" << 2;
    }
    void placeholders()
    {
        QFETCH(int, dialect);
        QFETCH(QString, sql);
        QFETCH(int, count);
        QCOMPARE(planwise::sql::placeholderCount(sql.toStdString(), planwise::Dialect(dialect)), count);
    }
};

QTEST_APPLESS_MAIN(TestLexer)
#include "tst_lexer.moc"
