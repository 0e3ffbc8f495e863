// PostgreSQL's XML EXPLAIN, read with QXmlStreamReader into the JSON shape
// planFromPgJson reads (element names like "Actual-Total-Time" normalize to
// the same keys as JSON's "Actual Total Time").
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <QXmlStreamReader>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

// Elements whose children are a list of the same element.
bool isListElement(const QStringView name)
{
    return name == u"Plans" || name == u"Sort-Key" || name == u"Group-Key" || name == u"Output" || name == u"Workers"
           || name == u"Triggers" || name == u"explain" || name == u"Presorted-Key" || name == u"Hash-Key"
           || name == u"Grouping-Sets" || name == u"Group-Keys" || name == u"Cache-Key";
}

json scalar(const QString& text)
{
    const std::string s = text.trimmed().toStdString();
    if (s == "true")
        return true;
    if (s == "false")
        return false;
    if (auto n = parseNumber(s))
        return *n;
    return s;
}

// Reads the element the reader is positioned on (after its StartElement) up to its end.
json readElement(QXmlStreamReader& xml, int depth)
{
    const QString name = xml.name().toString();
    const bool list = isListElement(name);
    json obj = list ? json::array() : json::object();
    QString text;
    bool hasChildren = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            hasChildren = true;
            if (depth > 4 * kMaxPlanDepth) {
                xml.raiseError(QStringLiteral("plan nested too deeply"));
                break;
            }
            const std::string childName = xml.name().toString().toStdString();
            json child = readElement(xml, depth + 1);
            if (list)
                obj.push_back(std::move(child));
            else
                obj[childName] = std::move(child);
        } else if (token == QXmlStreamReader::Characters) {
            text += xml.text();
        } else if (token == QXmlStreamReader::EndElement) {
            break;
        }
    }
    if (!hasChildren && !list)
        return scalar(text);
    return obj;
}

} // namespace

void parsePgXml(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    const std::string text = joinLines(lines);
    QXmlStreamReader xml(QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size())));
    json doc;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            doc = readElement(xml, 0);
            break;
        }
    }
    if (xml.hasError() && xml.error() != QXmlStreamReader::NoError) {
        const int64_t line = xml.lineNumber() > 0 && static_cast<size_t>(xml.lineNumber()) <= lines.size()
                                 ? lines[static_cast<size_t>(xml.lineNumber() - 1)].line
                                 : 0;
        ctx.error(line, fmt::format("XML plan is malformed or truncated (column {}): {}", xml.columnNumber(),
                                    xml.errorString().toStdString()));
    }
    if (doc.is_null())
        return;
    // <explain><Query><Plan>..</Plan><Planning-Time>..</Query></explain>
    planFromPgJson(doc, ctx);
}

} // namespace planwise::plan::detail
