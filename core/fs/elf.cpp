// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/elf.h"

#include <algorithm>
#include <map>
#include <optional>

namespace sociscope::fs {

namespace {

constexpr std::uint32_t PtLoad = 1, PtDynamic = 2, PtInterp = 3;
constexpr std::int64_t DtNull = 0, DtNeeded = 1, DtStrtab = 5, DtStrsz = 10, DtSoname = 14, DtRpath = 15,
                       DtRunpath = 29, DtFlags1 = 0x6ffffffb;
constexpr std::uint64_t Df1Pie = 0x08000000;
constexpr std::size_t Block = 64 * 1024;
constexpr std::uint64_t MaxTable = 4u << 20; // program headers, dynamic section, string table

const char* machineName(std::uint16_t m)
{
    switch (m) {
    case 2: return "SPARC";
    case 3: return "x86";
    case 8: return "MIPS";
    case 20: return "PowerPC";
    case 21: return "PowerPC64";
    case 22: return "IBM S/390";
    case 40: return "ARM";
    case 43: return "SPARC V9";
    case 50: return "IA-64";
    case 62: return "x86-64";
    case 183: return "AArch64";
    case 190: return "NVIDIA CUDA";
    case 243: return "RISC-V";
    case 247: return "BPF";
    case 258: return "LoongArch";
    default: return nullptr;
    }
}

const char* osAbiName(std::uint8_t a)
{
    switch (a) {
    case 0: return "System V";
    case 3: return "GNU/Linux";
    case 6: return "Solaris";
    case 9: return "FreeBSD";
    case 12: return "OpenBSD";
    case 97: return "ARM";
    case 255: return "standalone";
    default: return nullptr;
    }
}

// Reads through `read` in 64 KiB blocks, each fetched once.
class Cursor final {
public:
    Cursor(const ElfByteReader& read, std::uint64_t size, bool little) : m_read(read), m_size(size), m_little(little) {}

    void setLittle(bool little) { m_little = little; }
    [[nodiscard]] std::uint64_t asked() const { return m_asked; }

    // Exactly n bytes at off, or Malformed when they lie outside the file.
    Result<std::string> bytes(std::uint64_t off, std::uint64_t n, const char* what)
    {
        if (off > m_size || n > m_size - off)
            return makeError(ErrorCode::Malformed, std::string(what) + " lies outside the file");
        std::string out;
        out.reserve(n);
        while (n > 0) {
            const std::uint64_t block = off / Block;
            auto b = load(block);
            if (!b)
                return b.error();
            const std::string& data = **b;
            const std::uint64_t at = off - block * Block;
            if (at >= data.size())
                return makeError(ErrorCode::Malformed, std::string(what) + ": the file is shorter than it says");
            const std::uint64_t take = std::min<std::uint64_t>(n, data.size() - at);
            out.append(data, at, take);
            off += take;
            n -= take;
        }
        return out;
    }

    [[nodiscard]] std::uint64_t u(std::string_view b, std::size_t at, int width) const
    {
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            const auto byte = static_cast<std::uint8_t>(b[at + static_cast<std::size_t>(m_little ? width - 1 - i : i)]);
            v = (v << 8) | byte;
        }
        return v;
    }

private:
    Result<const std::string*> load(std::uint64_t block)
    {
        if (auto it = m_blocks.find(block); it != m_blocks.end())
            return &it->second;
        const std::uint64_t start = block * Block;
        const std::size_t len = static_cast<std::size_t>(std::min<std::uint64_t>(Block, m_size - start));
        auto r = m_read(start, len);
        if (!r)
            return r.error();
        m_asked += len;
        return &m_blocks.emplace(block, std::move(*r)).first->second;
    }

    const ElfByteReader& m_read;
    std::uint64_t m_size;
    bool m_little;
    std::uint64_t m_asked = 0;
    std::map<std::uint64_t, std::string> m_blocks;
};

struct Segment {
    std::uint32_t type = 0;
    std::uint64_t offset = 0, vaddr = 0, filesz = 0;
};

// The file offset of a virtual address, through the PT_LOAD segments.
std::optional<std::uint64_t> fileOffset(const std::vector<Segment>& segs, std::uint64_t addr)
{
    for (const auto& s : segs)
        if (s.type == PtLoad && addr >= s.vaddr && addr - s.vaddr < s.filesz)
            return s.offset + (addr - s.vaddr);
    return std::nullopt;
}

std::string stringAt(const std::string& table, std::uint64_t off)
{
    if (off >= table.size())
        return {};
    const auto end = table.find('\0', static_cast<std::size_t>(off));
    return table.substr(static_cast<std::size_t>(off), end == std::string::npos ? std::string::npos : end - off);
}

} // namespace

bool looksLikeElf(std::string_view head) { return head.size() >= 4 && head.substr(0, 4) == std::string_view("\x7f" "ELF", 4); }

Result<ElfSummary> readElfSummary(const ElfByteReader& read, std::uint64_t fileSize, std::uint64_t* bytesRead)
{
    Cursor c(read, fileSize, true);
    const auto done = [&](Result<ElfSummary> r) {
        if (bytesRead)
            *bytesRead = c.asked();
        return r;
    };
    auto ident = c.bytes(0, 16, "the ELF header");
    if (!ident)
        return done(ident.error().code == ErrorCode::Malformed ? makeError(ErrorCode::Malformed, "too short for an ELF file")
                                                               : ident.error());
    if (!looksLikeElf(*ident))
        return done(makeError(ErrorCode::Malformed, "not an ELF file"));
    ElfSummary s;
    const auto cls = static_cast<std::uint8_t>((*ident)[4]);
    const auto data = static_cast<std::uint8_t>((*ident)[5]);
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2))
        return done(makeError(ErrorCode::Malformed, "unknown ELF class or byte order"));
    s.bits = cls == 1 ? 32 : 64;
    s.littleEndian = data == 1;
    c.setLittle(s.littleEndian);
    s.osAbiCode = static_cast<std::uint8_t>((*ident)[7]);
    const bool b64 = s.bits == 64;
    const std::uint64_t headerSize = b64 ? 64 : 52;
    auto h = c.bytes(0, headerSize, "the ELF header");
    if (!h)
        return done(h.error());
    s.typeCode = static_cast<std::uint16_t>(c.u(*h, 16, 2));
    s.machineCode = static_cast<std::uint16_t>(c.u(*h, 18, 2));
    s.entry = b64 ? c.u(*h, 24, 8) : c.u(*h, 24, 4);
    const std::uint64_t phoff = b64 ? c.u(*h, 32, 8) : c.u(*h, 28, 4);
    const std::uint64_t phentsize = c.u(*h, b64 ? 54 : 42, 2);
    const std::uint64_t phnum = c.u(*h, b64 ? 56 : 44, 2);
    if (const char* m = machineName(s.machineCode))
        s.machine = m;
    else
        s.machine = "machine " + std::to_string(s.machineCode);
    if (const char* a = osAbiName(s.osAbiCode))
        s.osAbi = a;
    else
        s.osAbi = "OS/ABI " + std::to_string(s.osAbiCode);

    std::vector<Segment> segs;
    const std::uint64_t minEnt = b64 ? 56 : 32;
    if (phnum > 0 && phoff > 0) {
        if (phentsize < minEnt || phnum == 0xffff || phnum * phentsize > MaxTable)
            return done(makeError(ErrorCode::Malformed, "the program header table has an impossible size"));
        auto ph = c.bytes(phoff, phnum * phentsize, "the program header table");
        if (!ph)
            return done(ph.error());
        for (std::uint64_t i = 0; i < phnum; ++i) {
            const std::size_t at = static_cast<std::size_t>(i * phentsize);
            Segment g;
            g.type = static_cast<std::uint32_t>(c.u(*ph, at, 4));
            if (b64) {
                g.offset = c.u(*ph, at + 8, 8);
                g.vaddr = c.u(*ph, at + 16, 8);
                g.filesz = c.u(*ph, at + 32, 8);
            } else {
                g.offset = c.u(*ph, at + 4, 4);
                g.vaddr = c.u(*ph, at + 8, 4);
                g.filesz = c.u(*ph, at + 16, 4);
            }
            segs.push_back(g);
        }
    }

    bool pieFlag = false;
    for (const auto& g : segs) {
        if (g.type == PtInterp) {
            auto interp = c.bytes(g.offset, std::min<std::uint64_t>(g.filesz, 4096), "the interpreter name");
            if (interp)
                s.interpreter = interp->substr(0, interp->find('\0'));
            else
                s.warnings.push_back(interp.error().message);
        }
    }
    for (const auto& g : segs) {
        if (g.type != PtDynamic)
            continue;
        s.dynamic = true;
        const std::uint64_t entSize = b64 ? 16 : 8;
        const std::uint64_t size = std::min<std::uint64_t>(g.filesz, MaxTable) / entSize * entSize;
        auto dyn = c.bytes(g.offset, size, "the dynamic section");
        if (!dyn) {
            if (dyn.error().code != ErrorCode::Malformed)
                return done(dyn.error());
            s.warnings.push_back(dyn.error().message);
            break;
        }
        std::vector<std::uint64_t> needed;
        std::optional<std::uint64_t> strtab, strsz, soname, rpath, runpath;
        for (std::uint64_t at = 0; at + entSize <= dyn->size(); at += entSize) {
            const auto tag = static_cast<std::int64_t>(c.u(*dyn, static_cast<std::size_t>(at), b64 ? 8 : 4));
            const std::uint64_t val = c.u(*dyn, static_cast<std::size_t>(at + entSize / 2), b64 ? 8 : 4);
            if (tag == DtNull)
                break;
            switch (tag) {
            case DtNeeded:
                if (needed.size() < 4096)
                    needed.push_back(val);
                break;
            case DtStrtab: strtab = val; break;
            case DtStrsz: strsz = val; break;
            case DtSoname: soname = val; break;
            case DtRpath: rpath = val; break;
            case DtRunpath: runpath = val; break;
            case DtFlags1: pieFlag = (val & Df1Pie) != 0; break;
            default: break;
            }
        }
        if (!strtab || !strsz) {
            if (!needed.empty() || soname)
                s.warnings.push_back("the dynamic section names no string table");
            break;
        }
        const auto off = fileOffset(segs, *strtab);
        if (!off || *strsz > MaxTable) {
            s.warnings.push_back("the string table of the dynamic section is not in the file");
            break;
        }
        auto table = c.bytes(*off, std::min<std::uint64_t>(*strsz, fileSize - std::min(*off, fileSize)),
                             "the dynamic string table");
        if (!table) {
            if (table.error().code != ErrorCode::Malformed)
                return done(table.error());
            s.warnings.push_back(table.error().message);
            break;
        }
        for (auto n : needed)
            s.needed.push_back(stringAt(*table, n));
        if (soname)
            s.soname = stringAt(*table, *soname);
        if (runpath)
            s.runpath = stringAt(*table, *runpath);
        else if (rpath)
            s.runpath = stringAt(*table, *rpath);
        break;
    }

    switch (s.typeCode) {
    case 1: s.type = "relocatable object"; break;
    case 2: s.type = "executable"; break;
    case 3:
        s.type = pieFlag || (!s.interpreter.empty() && s.soname.empty()) ? "position-independent executable"
                                                                         : "shared library";
        break;
    case 4: s.type = "core dump"; break;
    default: s.type = "type " + std::to_string(s.typeCode); break;
    }
    return done(s);
}

} // namespace sociscope::fs
