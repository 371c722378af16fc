// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What the preview pane shows, read on a job thread. Text decoding and image
// decoding use Qt (QStringDecoder, QImageReader work off the GUI thread);
// the ELF summary comes from core.
#pragma once

#include "common/lazycore.h"
#include "fs/elf.h"
#include "fs/image_tree.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>

namespace sociscope::ui {

struct Preview {
    enum class Kind {
        None,
        Text,    // text: decoded, possibly cut at TextCap
        Hex,     // text: a hex dump of the first HexCap bytes
        Image,   // image: decoded (scaled down when huge)
        Elf,     // elf: the summary; head: the first bytes for a hex view
        Special, // a folder, link, device: text says what it is
        Error,   // error says why
    };
    enum class Mode { Auto, Text, Hex };

    Kind kind = Kind::None;
    QString text;
    QString encoding;     // "UTF-8", "UTF-16LE", "ISO-8859-1"
    QImage image;
    QSize imageSize;      // before scaling
    QByteArray imageFormat;
    fs::ElfSummary elf;
    QByteArray head;      // the first bytes read, for switching to Hex without fetching again
    qint64 fileSize = 0;
    qint64 shown = 0;     // bytes shown
    bool truncated = false;
    QString error;
    bool cancelled = false;
};

class PreviewLoader final {
    Q_DECLARE_TR_FUNCTIONS(PreviewLoader)
public:
    static constexpr qint64 TextCap = 256 * 1024;
    static constexpr qint64 HexCap = 64 * 1024;
    static constexpr qint64 ImageCap = 32ll * 1024 * 1024;

    // Called before a read that fetches: compressed bytes and spans to fetch.
    using Progress = std::function<void(std::uint64_t bytes, int spans)>;

    // Reads the file's first bytes (more for images), works out what it is
    // and prepares it for display. Checks cancel between reads of at most
    // 1 MiB; a cancelled load returns with cancelled set. Call on a job thread.
    static Preview load(lazy::LazyImage& image, const fs::ImageTree& tree, fs::Ino ino, Preview::Mode mode,
                        const std::atomic<bool>& cancel, const Progress& progress);

    // Turns bytes into a preview without any I/O (also used to switch modes).
    static Preview fromBytes(const QByteArray& bytes, qint64 fileSize, Preview::Mode mode);
    // "00000010  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00  |.ELF............|"
    static QString hexDump(const QByteArray& bytes, qint64 baseOffset = 0);
    // The encoding of text, or "" for binary data. BOMs win; then UTF-16 by
    // its zero bytes, UTF-8 if valid, Latin-1 if mostly printable.
    static QString detectEncoding(const QByteArray& bytes, bool truncated);
};

} // namespace sociscope::ui
