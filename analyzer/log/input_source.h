#pragma once
// Where log bytes come from: a plain file mapped in memory, or a stream
// (stdin, gzip, bzip2, xz, zstd) decompressed in-process block by block.
#include "analyzer/core/diagnostic.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace planwise::log {

enum class Compression { None, Gzip, Bzip2, Xz, Zstd };

std::string_view compressionName(Compression c);

// Recognises the compressed formats by their magic bytes.
Compression detectCompression(std::string_view firstBytes);

class InputSource {
public:
    virtual ~InputSource() = default;

    // Opens `path` ("-" is stdin). On failure returns null and sets `error`.
    static std::unique_ptr<InputSource> open(const std::string& path, std::string& error,
                                             const DiagnosticSink& onDiagnostic = {});

    // The whole content when it is a plain file mapped in memory; empty for streams.
    virtual std::string_view mapped() const { return {}; }

    // Streams: appends up to `maxBytes` decompressed bytes to `out`; returns how
    // many, 0 at the end. A truncated or corrupt stream ends with a warning.
    virtual size_t read(std::string& out, size_t maxBytes) = 0;

    virtual uint64_t totalBytes() const = 0;      // size on disk (0 when unknown: stdin)
    virtual uint64_t consumedBytes() const = 0;   // of the on-disk bytes
    virtual Compression compression() const { return Compression::None; }
    const std::string& path() const { return m_path; }

protected:
    std::string m_path;
};

// Tells the kernel that text[begin, end) of a mapped file will not be read
// again, so resident memory follows the work in flight, not the file size.
// Reading it again later is still correct (the pages come back from the file).
void releaseMappedRange(std::string_view mapped, size_t begin, size_t end);

} // namespace planwise::log
