#include "analyzer/log/input_source.h"

#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace planwise::log {

namespace {

constexpr size_t kInputBlock = 1u << 20;
// Decoders write into `out` grown by what they may produce; asked for a huge
// block at once, that growth (zero-filled) would cost more than the inflating.
constexpr size_t kDecodeStep = 1u << 20;

class Fd {
public:
    explicit Fd(int fd = -1, bool owned = true) : m_fd(fd), m_owned(owned) {}
    ~Fd()
    {
        if (m_fd >= 0 && m_owned)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
    bool m_owned;
};

class Mapping {
public:
    Mapping(void* addr, size_t size) : m_addr(addr), m_size(size) {}
    ~Mapping()
    {
        if (m_addr && m_addr != MAP_FAILED)
            ::munmap(m_addr, m_size);
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    std::string_view view() const { return {static_cast<const char*>(m_addr), m_size}; }

private:
    void* m_addr;
    size_t m_size;
};

class MappedSource final : public InputSource {
public:
    MappedSource(std::string path, std::unique_ptr<Mapping> map) : m_map(std::move(map)) { m_path = std::move(path); }
    std::string_view mapped() const override { return m_map->view(); }
    size_t read(std::string&, size_t) override { return 0; }
    uint64_t totalBytes() const override { return m_map->view().size(); }
    uint64_t consumedBytes() const override { return m_map->view().size(); }

private:
    std::unique_ptr<Mapping> m_map;
};

// One decompressor: consumes input, produces output, says when its stream ended.
class Decoder {
public:
    virtual ~Decoder() = default;
    enum class Result { Ok, StreamEnd, Error };
    // Decodes from in[0..inLen) into out (appending at most maxOut bytes); advances `consumed`.
    virtual Result decode(const char* in, size_t inLen, size_t& consumed, std::string& out, size_t maxOut,
                          std::string& error) = 0;
    virtual void reset() = 0;   // a new member/frame follows (concatenated .gz, .bz2)
};

class GzipDecoder final : public Decoder {
public:
    GzipDecoder()
    {
        std::memset(&m_z, 0, sizeof m_z);
        m_ok = inflateInit2(&m_z, 15 + 32) == Z_OK;   // 32: accept gzip and zlib headers
    }
    ~GzipDecoder() override
    {
        if (m_ok)
            inflateEnd(&m_z);
    }
    Result decode(const char* in, size_t inLen, size_t& consumed, std::string& out, size_t maxOut,
                  std::string& error) override
    {
        if (!m_ok) {
            error = "zlib could not be initialised";
            return Result::Error;
        }
        const size_t old = out.size();
        out.resize(old + maxOut);
        m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
        m_z.avail_in = uInt(inLen);
        m_z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
        m_z.avail_out = uInt(maxOut);
        const int rc = inflate(&m_z, Z_NO_FLUSH);
        consumed = inLen - m_z.avail_in;
        out.resize(old + (maxOut - m_z.avail_out));
        if (rc == Z_STREAM_END)
            return Result::StreamEnd;
        if (rc == Z_OK || rc == Z_BUF_ERROR)
            return Result::Ok;
        error = m_z.msg ? m_z.msg : fmt::format("zlib error {}", rc);
        return Result::Error;
    }
    void reset() override { inflateReset(&m_z); }

private:
    z_stream m_z;
    bool m_ok = false;
};

class Bzip2Decoder final : public Decoder {
public:
    Bzip2Decoder()
    {
        std::memset(&m_s, 0, sizeof m_s);
        m_ok = BZ2_bzDecompressInit(&m_s, 0, 0) == BZ_OK;
    }
    ~Bzip2Decoder() override
    {
        if (m_ok)
            BZ2_bzDecompressEnd(&m_s);
    }
    Result decode(const char* in, size_t inLen, size_t& consumed, std::string& out, size_t maxOut,
                  std::string& error) override
    {
        if (!m_ok) {
            error = "bzip2 could not be initialised";
            return Result::Error;
        }
        const size_t old = out.size();
        out.resize(old + maxOut);
        m_s.next_in = const_cast<char*>(in);
        m_s.avail_in = unsigned(inLen);
        m_s.next_out = out.data() + old;
        m_s.avail_out = unsigned(maxOut);
        const int rc = BZ2_bzDecompress(&m_s);
        consumed = inLen - m_s.avail_in;
        out.resize(old + (maxOut - m_s.avail_out));
        if (rc == BZ_STREAM_END)
            return Result::StreamEnd;
        if (rc == BZ_OK)
            return Result::Ok;
        error = fmt::format("bzip2 error {}", rc);
        return Result::Error;
    }
    void reset() override
    {
        BZ2_bzDecompressEnd(&m_s);
        std::memset(&m_s, 0, sizeof m_s);
        m_ok = BZ2_bzDecompressInit(&m_s, 0, 0) == BZ_OK;
    }

private:
    bz_stream m_s;
    bool m_ok = false;
};

class XzDecoder final : public Decoder {
public:
    XzDecoder() { m_ok = lzma_stream_decoder(&m_s, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK; }
    ~XzDecoder() override { lzma_end(&m_s); }
    Result decode(const char* in, size_t inLen, size_t& consumed, std::string& out, size_t maxOut,
                  std::string& error) override
    {
        if (!m_ok) {
            error = "liblzma could not be initialised";
            return Result::Error;
        }
        const size_t old = out.size();
        out.resize(old + maxOut);
        m_s.next_in = reinterpret_cast<const uint8_t*>(in);
        m_s.avail_in = inLen;
        m_s.next_out = reinterpret_cast<uint8_t*>(out.data() + old);
        m_s.avail_out = maxOut;
        // LZMA_CONCATENATED needs LZMA_FINISH to know the input ended.
        const lzma_ret rc = lzma_code(&m_s, inLen == 0 ? LZMA_FINISH : LZMA_RUN);
        consumed = inLen - m_s.avail_in;
        out.resize(old + (maxOut - m_s.avail_out));
        if (rc == LZMA_STREAM_END)
            return Result::StreamEnd;
        if (rc == LZMA_OK || rc == LZMA_BUF_ERROR)
            return inLen == 0 && rc == LZMA_BUF_ERROR ? (error = "truncated xz stream", Result::Error) : Result::Ok;
        error = fmt::format("xz error {}", int(rc));
        return Result::Error;
    }
    void reset() override {}

private:
    lzma_stream m_s = LZMA_STREAM_INIT;
    bool m_ok = false;
};

class ZstdDecoder final : public Decoder {
public:
    ZstdDecoder() : m_ctx(ZSTD_createDCtx()) {}
    ~ZstdDecoder() override { ZSTD_freeDCtx(m_ctx); }
    Result decode(const char* in, size_t inLen, size_t& consumed, std::string& out, size_t maxOut,
                  std::string& error) override
    {
        if (!m_ctx) {
            error = "zstd could not be initialised";
            return Result::Error;
        }
        const size_t old = out.size();
        out.resize(old + maxOut);
        ZSTD_inBuffer input{in, inLen, 0};
        ZSTD_outBuffer output{out.data() + old, maxOut, 0};
        const size_t rc = ZSTD_decompressStream(m_ctx, &output, &input);
        consumed = input.pos;
        out.resize(old + output.pos);
        if (ZSTD_isError(rc)) {
            error = ZSTD_getErrorName(rc);
            return Result::Error;
        }
        m_frameOpen = rc != 0;
        return rc == 0 ? Result::StreamEnd : Result::Ok;
    }
    void reset() override {}

private:
    ZSTD_DCtx* m_ctx;
    bool m_frameOpen = false;
};

std::unique_ptr<Decoder> makeDecoder(Compression c)
{
    switch (c) {
    case Compression::Gzip: return std::make_unique<GzipDecoder>();
    case Compression::Bzip2: return std::make_unique<Bzip2Decoder>();
    case Compression::Xz: return std::make_unique<XzDecoder>();
    case Compression::Zstd: return std::make_unique<ZstdDecoder>();
    case Compression::None: break;
    }
    return nullptr;
}

class StreamSource final : public InputSource {
public:
    StreamSource(std::string path, std::unique_ptr<Fd> fd, uint64_t total, DiagnosticSink onDiagnostic)
        : m_fd(std::move(fd)), m_total(total), m_onDiagnostic(std::move(onDiagnostic))
    {
        m_path = std::move(path);
    }

    // Reads the first bytes to recognise a compressed stream; they are kept for read().
    bool start(std::string& error)
    {
        if (!fill(error))
            return false;
        m_compression = detectCompression(std::string_view(m_in).substr(m_inPos));
        m_decoder = makeDecoder(m_compression);
        return true;
    }

    Compression compression() const override { return m_compression; }
    uint64_t totalBytes() const override { return m_total; }
    uint64_t consumedBytes() const override { return m_consumed; }

    size_t read(std::string& out, size_t maxBytes) override
    {
        size_t produced = 0;
        std::string error;
        while (produced < maxBytes && !m_done) {
            if (m_inPos >= m_in.size() && !m_eof && !fill(error)) {
                warn(error);
                m_done = true;
                break;
            }
            const size_t avail = m_in.size() - m_inPos;
            if (!m_decoder) {
                const size_t n = std::min(avail, maxBytes - produced);
                out.append(m_in, m_inPos, n);
                m_inPos += n;
                m_consumed += n;
                produced += n;
                if (avail == 0 && m_eof)
                    m_done = true;
                continue;
            }
            if (avail == 0 && m_eof) {
                if (m_memberOpen) {
                    // Let the decoder flush what it can (xz needs LZMA_FINISH), then report.
                    size_t used = 0;
                    const size_t before = out.size();
                    const auto r = m_decoder->decode(m_in.data(), 0, used, out, std::min(maxBytes - produced, kDecodeStep), error);
                    produced += out.size() - before;
                    if (r == Decoder::Result::StreamEnd)
                        m_memberOpen = false;
                    else if (out.size() > before && r == Decoder::Result::Ok)
                        continue;
                    if (m_memberOpen)
                        warn(fmt::format("truncated {} stream: input ends at byte {} in the middle of compressed data; "
                                         "what came before was read",
                                         compressionName(m_compression), m_consumed));
                }
                m_done = true;
                break;
            }
            size_t used = 0;
            const size_t before = out.size();
            const auto r = m_decoder->decode(m_in.data() + m_inPos, avail, used, out,
                                             std::min(maxBytes - produced, kDecodeStep), error);
            m_inPos += used;
            m_consumed += used;
            produced += out.size() - before;
            m_memberOpen = true;
            if (r == Decoder::Result::Error) {
                warn(fmt::format("corrupt {} data near compressed byte {}: {}; the rest of the file is skipped",
                                 compressionName(m_compression), m_consumed, error));
                m_done = true;
            } else if (r == Decoder::Result::StreamEnd) {
                m_memberOpen = false;
                // Concatenated members (cat a.gz b.gz) continue; trailing zero padding is ignored.
                if (m_inPos >= m_in.size() && !m_eof && !fill(error)) {
                    m_done = true;
                } else if (m_inPos < m_in.size()) {
                    m_decoder->reset();
                } else {
                    m_done = m_eof;
                }
            }
        }
        return produced;
    }

private:
    bool fill(std::string& error)
    {
        if (m_inPos > 0) {
            m_in.erase(0, m_inPos);
            m_inPos = 0;
        }
        const size_t old = m_in.size();
        m_in.resize(old + kInputBlock);
        ssize_t n;
        do {
            n = ::read(m_fd->get(), m_in.data() + old, kInputBlock);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            m_in.resize(old);
            error = fmt::format("read error: {}", std::strerror(errno));
            m_eof = true;
            return false;
        }
        m_in.resize(old + size_t(n));
        if (n == 0)
            m_eof = true;
        return true;
    }

    void warn(const std::string& message)
    {
        if (!m_onDiagnostic)
            return;
        Diagnostic d;
        d.file = m_path;
        d.byteOffset = int64_t(m_consumed);
        d.message = message;
        m_onDiagnostic(d);
    }

    std::unique_ptr<Fd> m_fd;
    uint64_t m_total;
    DiagnosticSink m_onDiagnostic;
    Compression m_compression = Compression::None;
    std::unique_ptr<Decoder> m_decoder;
    std::string m_in;
    size_t m_inPos = 0;
    uint64_t m_consumed = 0;
    bool m_eof = false, m_done = false, m_memberOpen = false;
};

} // namespace

void releaseMappedRange(std::string_view mapped, size_t begin, size_t end)
{
    static const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t base = reinterpret_cast<uintptr_t>(mapped.data());
    uintptr_t from = base + begin;
    uintptr_t to = base + std::min(end, mapped.size());
    from = (from + page - 1) / page * page;
    to = to / page * page;
    if (to > from)
        ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

std::string_view compressionName(Compression c)
{
    switch (c) {
    case Compression::None: return "plain";
    case Compression::Gzip: return "gzip";
    case Compression::Bzip2: return "bzip2";
    case Compression::Xz: return "xz";
    case Compression::Zstd: return "zstd";
    }
    return "plain";
}

Compression detectCompression(std::string_view b)
{
    auto starts = [&b](std::initializer_list<unsigned char> magic) {
        if (b.size() < magic.size())
            return false;
        size_t i = 0;
        for (unsigned char m : magic)
            if (static_cast<unsigned char>(b[i++]) != m)
                return false;
        return true;
    };
    if (starts({0x1f, 0x8b}))
        return Compression::Gzip;
    if (starts({'B', 'Z', 'h'}) && b.size() > 3 && b[3] >= '1' && b[3] <= '9')
        return Compression::Bzip2;
    if (starts({0xfd, '7', 'z', 'X', 'Z', 0x00}))
        return Compression::Xz;
    if (starts({0x28, 0xb5, 0x2f, 0xfd}))
        return Compression::Zstd;
    return Compression::None;
}

std::unique_ptr<InputSource> InputSource::open(const std::string& path, std::string& error,
                                               const DiagnosticSink& onDiagnostic)
{
    if (path == "-") {
        auto src = std::make_unique<StreamSource>(path, std::make_unique<Fd>(0, false), 0, onDiagnostic);
        if (!src->start(error))
            return nullptr;
        return src;
    }
    const int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw < 0) {
        error = fmt::format("cannot open: {}", std::strerror(errno));
        return nullptr;
    }
    auto fd = std::make_unique<Fd>(raw);
    struct stat st {};
    if (::fstat(raw, &st) != 0) {
        error = fmt::format("cannot stat: {}", std::strerror(errno));
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        error = "is a directory";
        return nullptr;
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        unsigned char magic[6] = {};
        const ssize_t n = ::pread(raw, magic, sizeof magic, 0);
        const Compression c = detectCompression(std::string_view(reinterpret_cast<char*>(magic), n > 0 ? size_t(n) : 0));
        if (c == Compression::None) {
            void* addr = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, raw, 0);
            if (addr != MAP_FAILED) {
                ::madvise(addr, size_t(st.st_size), MADV_SEQUENTIAL);
                return std::make_unique<MappedSource>(path, std::make_unique<Mapping>(addr, size_t(st.st_size)));
            }
        }
    }
    const uint64_t total = S_ISREG(st.st_mode) ? uint64_t(st.st_size) : 0;
    auto src = std::make_unique<StreamSource>(path, std::move(fd), total, onDiagnostic);
    if (!src->start(error))
        return nullptr;
    return src;
}

} // namespace planwise::log
