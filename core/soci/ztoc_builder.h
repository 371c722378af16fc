// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/ztoc.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sociscope::soci {

// Upstream's default span size: 4 MiB.
inline constexpr std::int64_t kDefaultSpanSize = 4194304;

// Reads up to size bytes of the layer blob into buffer and returns how many it read;
// 0 means the end of the blob. An error stops the build and is returned as is.
using ReadFn = std::function<Result<std::size_t>(char* buffer, std::size_t size)>;

// How to build a zTOC.
struct BuildOptions {
    std::int64_t spanSize = kDefaultSpanSize; // must be > 0
    std::string buildToolIdentifier = "sociscope";
    // Called after each chunk read with the layer bytes consumed so far; returning false
    // cancels the build (ErrorCode::Cancelled). Optional.
    std::function<bool(std::int64_t bytesRead)> progress;
    // Layer bytes are read into buffers of this size (1 byte to 1 GiB) and hashed one
    // buffer at a time on a second thread. Only tests need another value.
    std::size_t readBufferSize = 1 << 20;
};

// Builds the zTOC of a gzip layer in one streaming pass (sections 3.3, 3.4, 4.1): zlib
// inflate with Z_BLOCK finds the checkpoints, span digests are hashed on a second
// thread as the compressed bytes go by, and the inflated tar goes to a TarTocBuilder.
// read is only ever called from the calling thread. Memory stays
// O(checkpoints + entries) whatever the layer size. Concatenated gzip members are
// followed. Errors: Malformed for a corrupt or truncated gzip or tar stream,
// Unsupported for tar entries a zTOC cannot describe (the message names the entry),
// Usage for spanSize <= 0, whatever read returns, Cancelled from progress.
Result<Ztoc> buildZtoc(const ReadFn& read, const BuildOptions& options = {});

// Builds the zTOC of an uncompressed tar layer: TarZinfo checkpoints, fixed spans of
// spanSize bytes, compression_algorithm = Uncompressed. Same errors as buildZtoc.
Result<Ztoc> buildTarZtoc(const ReadFn& read, const BuildOptions& options = {});

// A ReadFn over bytes held in memory; bytes must outlive it.
ReadFn memoryReader(std::string_view bytes);

// Builds from a file on disk (gzip or uncompressed as given), streaming it. NotFound/Io
// when the file cannot be read.
Result<Ztoc> buildZtocFromFile(
    const std::string& path, CompressionAlgorithm algorithm, const BuildOptions& options = {});

} // namespace sociscope::soci
