// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/ztoc.h"
#include "util/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sociscope::soci {

// Turns an uncompressed tar stream, fed in pieces of any size, into zTOC entries the
// way upstream's Go archive/tar reader sees it (section 4.1): ustar/PAX/GNU/V7 headers,
// checksums, base-256 numbers, GNU long name 'L' / long link 'K', PAX 'x' records (all
// kept as xattrs), the legacy '\0' typeflag. Data bytes are skipped, never copied.
// Refuses (Unsupported) PAX global headers 'g', GNU sparse 'S' (and PAX sparse records),
// contiguous files '7' and any other typeflag SOCI cannot index, naming the entry.
class TarTocBuilder final {
public:
    // Consumes the next size bytes of the stream. After the first error every call
    // returns it again.
    Status feed(const std::uint8_t* data, std::size_t size);
    // Ends the stream: Malformed if it stopped inside a header or an entry's data.
    Status finish();

    // True once the end-of-archive marker was read; later bytes are ignored.
    [[nodiscard]] bool ended() const { return m_state == State::Ended; }
    // Entries so far, in archive order.
    [[nodiscard]] const TocEntries& entries() const { return m_entries; }
    TocEntries takeEntries()
    {
        m_entries.releaseIndex(); // only adding needs it
        return std::move(m_entries);
    }
    // U: the position after the first two zero blocks (or the end of the stream, for a
    // tar that has fewer). Valid after a successful finish().
    [[nodiscard]] std::int64_t archiveSize() const { return m_archiveSize; }

private:
    enum class State { Header, SecondZero, Special, Skip, Padding, Ended };

    Status onHeader(const std::uint8_t* block);
    Status onSpecialComplete();
    Status emitEntry(const std::uint8_t* block, char typeflag, int headerFormat);
    Status fail(Error error);
    void startData(std::int64_t size, bool keep);

    State m_state = State::Header;
    std::int64_t m_pos = 0; // stream position of the next byte fed
    std::array<std::uint8_t, 512> m_block {};
    std::size_t m_blockFill = 0;
    std::int64_t m_remaining = 0; // data (Special/Skip) or padding bytes left
    std::int64_t m_padding = 0; // padding after the current data
    std::string m_special; // PAX or GNU long-name data being collected
    char m_specialType = 0;
    std::map<std::string, std::string> m_pax;
    std::string m_longName;
    std::string m_longLink;
    TocEntries m_entries;
    std::int64_t m_archiveSize = 0;
    Error m_error;
    bool m_failed = false;
};

} // namespace sociscope::soci
