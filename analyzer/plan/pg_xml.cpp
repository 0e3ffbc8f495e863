// PostgreSQL's XML EXPLAIN, read with expat into the JSON shape planFromPgJson
// reads (element names like "Actual-Total-Time" normalize to the same keys as
// JSON's "Actual Total Time").
#include "analyzer/core/text.h"
#include "analyzer/plan/plan_parsers.h"

#include <expat.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

namespace planwise::plan::detail {

namespace {

using json = nlohmann::json;

// Elements whose children are a list of the same element.
bool isListElement(std::string_view name)
{
    return name == "Plans" || name == "Sort-Key" || name == "Group-Key" || name == "Output" ||
           name == "Workers" || name == "Triggers" || name == "explain" || name == "Presorted-Key" ||
           name == "Hash-Key" || name == "Grouping-Sets" || name == "Group-Keys" || name == "Cache-Key";
}

json scalar(std::string_view text)
{
    const std::string s(trim(text));
    if (s == "true")
        return true;
    if (s == "false")
        return false;
    if (auto n = parseNumber(s))
        return *n;
    return s;
}

// Names arrive as "namespace-URI\x01local-name" (or just the local name):
// EXPLAIN's elements are in PostgreSQL's namespace, matched by local name.
constexpr char kNamespaceSeparator = '\x01';
std::string_view localName(const XML_Char* name)
{
    const std::string_view n(name);
    const size_t sep = n.rfind(kNamespaceSeparator);
    return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

// The tree being read: one open element per level. An element without child
// elements becomes a scalar of its text; a list element an array of its children.
class TreeBuilder {
public:
    explicit TreeBuilder(XML_Parser parser) : m_parser(parser) {}

    void start(std::string_view name)
    {
        if (m_open.size() > size_t(4 * kMaxPlanDepth)) {
            m_error = "plan nested too deeply";
            XML_StopParser(m_parser, XML_FALSE);
            return;
        }
        if (!m_open.empty())
            m_open.back().hasChildren = true;
        Open e;
        e.name.assign(name);
        e.list = isListElement(name);
        e.value = e.list ? json::array() : json::object();
        m_open.push_back(std::move(e));
    }

    void text(std::string_view s)
    {
        if (!m_open.empty())
            m_open.back().text.append(s);
    }

    // The end of an element. The document element's ends the read: what
    // follows it is not looked at.
    void end()
    {
        if (close()) {
            m_done = true;
            XML_StopParser(m_parser, XML_FALSE);
        }
    }

    // A truncated document: the elements still open are closed where they stand.
    json finish()
    {
        bool closedDocument = false;
        while (!m_open.empty() && !closedDocument)
            closedDocument = close();
        return std::move(m_doc);
    }

    bool done() const { return m_done; }
    const std::string& error() const { return m_error; }

private:
    // Closes the innermost element into its parent; true when that was the document element.
    bool close()
    {
        if (m_open.empty())
            return false;
        Open e = std::move(m_open.back());
        m_open.pop_back();
        json value = (!e.hasChildren && !e.list) ? scalar(e.text) : std::move(e.value);
        if (m_open.empty()) {
            m_doc = std::move(value);
            return true;
        }
        Open& parent = m_open.back();
        if (parent.list)
            parent.value.push_back(std::move(value));
        else
            parent.value[e.name] = std::move(value);
        return false;
    }

    struct Open {
        std::string name;
        bool list = false;
        bool hasChildren = false;
        json value;
        std::string text;
    };
    XML_Parser m_parser;
    std::vector<Open> m_open;
    json m_doc;
    bool m_done = false;
    std::string m_error;
};

struct ParserDeleter {
    void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

} // namespace

void parsePgXml(const std::vector<InputLine>& lines, ParseContext& ctx)
{
    const std::string text = joinLines(lines);
    const std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(
        XML_ParserCreateNS("UTF-8", kNamespaceSeparator));
    if (!parser) {
        ctx.error(0, "XML plan: out of memory");
        return;
    }
    TreeBuilder tree(parser.get());
    XML_SetUserData(parser.get(), &tree);
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const XML_Char* name, const XML_Char**) {
            static_cast<TreeBuilder*>(data)->start(localName(name));
        },
        [](void* data, const XML_Char*) { static_cast<TreeBuilder*>(data)->end(); });
    XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* s, int len) {
        static_cast<TreeBuilder*>(data)->text(std::string_view(s, size_t(len)));
    });

    // XML_Parse takes an int length: feed a huge text in pieces.
    constexpr size_t kPiece = size_t(1) << 30;
    XML_Status status = XML_STATUS_OK;
    for (size_t at = 0; status == XML_STATUS_OK;) {
        const size_t n = std::min(kPiece, text.size() - at);
        const bool last = at + n == text.size();
        status = XML_Parse(parser.get(), text.data() + at, int(n), last ? XML_TRUE : XML_FALSE);
        at += n;
        if (last)
            break;
    }
    // Stopping at the end of the document element is how a read ends well.
    const XML_Error code = XML_GetErrorCode(parser.get());
    const bool failed =
        !tree.error().empty() || (status == XML_STATUS_ERROR && !(code == XML_ERROR_ABORTED && tree.done()));
    if (failed) {
        const auto xmlLine = int64_t(XML_GetCurrentLineNumber(parser.get()));
        // A document cut short fails past its last line: report that line.
        const int64_t line = lines.empty() || xmlLine <= 0     ? 0
                             : size_t(xmlLine) <= lines.size() ? lines[size_t(xmlLine - 1)].line
                                                               : lines.back().line;
        const std::string why = !tree.error().empty() ? tree.error() : std::string(XML_ErrorString(code));
        ctx.error(line, fmt::format("XML plan is malformed or truncated (column {}): {}",
                                    XML_GetCurrentColumnNumber(parser.get()), why));
    }
    json doc = tree.finish();
    if (doc.is_null())
        return;
    // <explain><Query><Plan>..</Plan><Planning-Time>..</Query></explain>
    planFromPgJson(doc, ctx);
}

} // namespace planwise::plan::detail
