// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/previewloader.h"

#include "common/qtformat.h"

#include <QBuffer>
#include <QImageReader>
#include <QStringDecoder>

#include <algorithm>

namespace sociscope::ui {

namespace {

constexpr std::size_t Chunk = 1u << 20;

// Bytes [0, length) of a file, in chunks, announcing what each chunk fetches.
Result<QByteArray> readFront(lazy::LazyImage& image, const fs::ImageTree& tree, fs::Ino ino, qint64 length,
                             const std::atomic<bool>& cancel, const PreviewLoader::Progress& progress)
{
    const fs::Inode& n = tree.inode(ino);
    length = std::min<qint64>(length, n.size);
    QByteArray out;
    if (length <= 0)
        return out;
    // The cost of the whole range, said once before fetching.
    if (auto l = image.layer(static_cast<std::size_t>(n.layer)); l) {
        if (const auto e = tree.entry(ino)) {
            const std::uint64_t bytes = (*l)->costOf(e->uncompressedOffset, length);
            int spans = 0;
            if (const auto r = (*l)->spans().spansFor(e->uncompressedOffset, length); r && !(*l)->isLocal())
                for (int s = r->first; s <= r->second; ++s)
                    spans += (*l)->spanAvailable(s) ? 0 : 1;
            if (bytes > 0 && progress)
                progress(bytes, spans);
        }
    } else {
        return l.error();
    }
    out.reserve(static_cast<qsizetype>(length));
    for (qint64 off = 0; off < length; off += static_cast<qint64>(Chunk)) {
        if (cancel.load())
            return makeError(ErrorCode::Cancelled, "cancelled");
        auto part = image.read(tree, ino, off, static_cast<std::size_t>(std::min<qint64>(Chunk, length - off)));
        if (!part)
            return part.error();
        out.append(part->data(), static_cast<qsizetype>(part->size()));
    }
    return out;
}

bool isTextControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b; }

} // namespace

QString PreviewLoader::hexDump(const QByteArray& bytes, qint64 baseOffset)
{
    static const char* const digits = "0123456789abcdef";
    QString out;
    out.reserve(bytes.size() / 16 * 78 + 80);
    for (qsizetype line = 0; line < bytes.size(); line += 16) {
        out += QStringLiteral("%1  ").arg(baseOffset + line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (line + i < bytes.size()) {
                const auto c = static_cast<unsigned char>(bytes[line + i]);
                out += QLatin1Char(digits[c >> 4]);
                out += QLatin1Char(digits[c & 15]);
                out += QLatin1Char(' ');
                ascii += c >= 0x20 && c < 0x7f ? QLatin1Char(static_cast<char>(c)) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    return out;
}

QString PreviewLoader::detectEncoding(const QByteArray& bytes, bool truncated)
{
    if (bytes.isEmpty())
        return QStringLiteral("UTF-8");
    if (const auto bom = QStringConverter::encodingForData(bytes))
        return QString::fromLatin1(QStringConverter::nameForEncoding(*bom));
    const qsizetype sample = std::min<qsizetype>(bytes.size(), 8192);
    int zeroEven = 0, zeroOdd = 0, control = 0;
    for (qsizetype i = 0; i < sample; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0)
            ++((i % 2) ? zeroOdd : zeroEven);
        else if (isTextControl(c))
            ++control;
    }
    // UTF-16 without a BOM: ASCII text leaves every other byte zero.
    if (sample >= 4 && zeroOdd > sample / 4 && zeroEven <= sample / 64)
        return QStringLiteral("UTF-16LE");
    if (sample >= 4 && zeroEven > sample / 4 && zeroOdd <= sample / 64)
        return QStringLiteral("UTF-16BE");
    if (zeroEven + zeroOdd > 0 || control > sample / 20)
        return {};
    QByteArray check = bytes;
    if (truncated) {
        // A cut may split the last UTF-8 sequence: drop its start bytes.
        int drop = 0;
        while (drop < 3 && drop < check.size() && (static_cast<unsigned char>(check[check.size() - 1 - drop]) & 0xc0) == 0x80)
            ++drop;
        if (drop < check.size() && (static_cast<unsigned char>(check[check.size() - 1 - drop]) & 0xc0) == 0xc0)
            check.chop(drop + 1);
    }
    QStringDecoder utf8(QStringConverter::Utf8);
    const QString decoded = utf8.decode(check); // decoding happens on conversion
    Q_UNUSED(decoded);
    if (!utf8.hasError())
        return QStringLiteral("UTF-8");
    int high = 0;
    for (qsizetype i = 0; i < sample; ++i)
        if (static_cast<unsigned char>(bytes[i]) >= 0x80)
            ++high;
    return high < sample / 3 ? QStringLiteral("ISO-8859-1") : QString();
}

Preview PreviewLoader::fromBytes(const QByteArray& bytes, qint64 fileSize, Preview::Mode mode)
{
    Preview p;
    p.fileSize = fileSize;
    p.head = bytes.left(HexCap);
    const bool cut = bytes.size() < fileSize;
    if (mode != Preview::Mode::Hex && fs::looksLikeElf(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size()))) &&
        mode == Preview::Mode::Auto) {
        // The caller fills in the summary (it needs more reads).
        p.kind = Preview::Kind::Elf;
        return p;
    }
    if (mode != Preview::Mode::Hex) {
        const QString encoding = detectEncoding(bytes, cut);
        if (!encoding.isEmpty() || mode == Preview::Mode::Text) {
            const auto enc = QStringConverter::encodingForName(encoding.isEmpty() ? "ISO-8859-1" : encoding.toLatin1().constData());
            QStringDecoder decoder(enc.value_or(QStringConverter::Latin1), QStringConverter::Flag::Stateless);
            p.kind = Preview::Kind::Text;
            const QByteArray text = bytes.left(TextCap);
            p.text = decoder.decode(text);
            if (p.text.startsWith(QChar(0xfeff)))
                p.text.remove(0, 1);
            p.encoding = encoding.isEmpty() ? QStringLiteral("ISO-8859-1") : encoding;
            p.shown = text.size();
            p.truncated = text.size() < fileSize;
            return p;
        }
    }
    p.kind = Preview::Kind::Hex;
    const QByteArray part = bytes.left(HexCap);
    p.text = hexDump(part);
    p.shown = part.size();
    p.truncated = part.size() < fileSize;
    return p;
}

Preview PreviewLoader::load(lazy::LazyImage& image, const fs::ImageTree& tree, fs::Ino ino, Preview::Mode mode,
                            const std::atomic<bool>& cancel, const Progress& progress)
{
    Preview p;
    const fs::Inode& n = tree.inode(ino);
    p.fileSize = n.size;
    const auto fail = [&](const Error& e) {
        Preview f;
        f.fileSize = n.size;
        f.cancelled = e.code == ErrorCode::Cancelled;
        f.kind = Preview::Kind::Error;
        f.error = qs(e.message);
        return f;
    };
    if (n.type != fs::FileType::Regular || n.whiteout) {
        p.kind = Preview::Kind::Special;
        return p;
    }
    const qint64 first = mode == Preview::Mode::Hex ? HexCap : TextCap;
    auto head = readFront(image, tree, ino, first, cancel, progress);
    if (!head)
        return fail(head.error());

    if (mode == Preview::Mode::Auto) {
        // An image? Its format shows in the first bytes.
        QBuffer probe(&*head);
        probe.open(QIODevice::ReadOnly);
        const QByteArray format = QImageReader::imageFormat(&probe);
        if (!format.isEmpty()) {
            if (n.size > ImageCap) {
                p = fromBytes(*head, n.size, Preview::Mode::Hex);
                p.error = tr("An image of %1, too large to preview; extract it instead.").arg(Format::bytes(n.size));
                return p;
            }
            auto all = n.size > head->size() ? readFront(image, tree, ino, n.size, cancel, progress) : head;
            if (!all)
                return fail(all.error());
            QBuffer buffer(&*all);
            buffer.open(QIODevice::ReadOnly);
            QImageReader reader(&buffer, format);
            reader.setAutoTransform(true);
            const QSize size = reader.size();
            if (size.isValid() && (size.width() > 4096 || size.height() > 4096))
                reader.setScaledSize(size.scaled(4096, 4096, Qt::KeepAspectRatio));
            QImage img = reader.read();
            if (!img.isNull()) {
                p.kind = Preview::Kind::Image;
                p.image = std::move(img);
                p.imageSize = size.isValid() ? size : p.image.size();
                p.imageFormat = format;
                p.head = all->left(HexCap);
                p.shown = n.size;
                return p;
            }
            // Not decodable after all: show it as data.
        }
    }
    p = fromBytes(*head, n.size, mode);
    if (p.kind == Preview::Kind::Elf) {
        const QByteArray& h = *head;
        const fs::ElfByteReader reader = [&](std::uint64_t off, std::size_t len) -> Result<std::string> {
            if (cancel.load())
                return makeError(ErrorCode::Cancelled, "cancelled");
            if (off + len <= static_cast<std::uint64_t>(h.size()))
                return std::string(h.constData() + off, len);
            return image.read(tree, ino, static_cast<std::int64_t>(off), len);
        };
        auto elf = fs::readElfSummary(reader, static_cast<std::uint64_t>(n.size));
        if (!elf) {
            if (elf.error().code == ErrorCode::Cancelled)
                return fail(elf.error());
            p = fromBytes(*head, n.size, Preview::Mode::Hex);
            p.error = tr("Looks like an ELF file but could not be read: %1").arg(qs(elf.error().message));
            return p;
        }
        p.elf = std::move(*elf);
        p.shown = p.head.size();
    }
    return p;
}

} // namespace sociscope::ui
