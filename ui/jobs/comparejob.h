// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "common/lazycore.h"
#include "common/usermessage.h"
#include "diff/package_diff.h"
#include "diff/tree_diff.h"
#include "oci/reference.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace sociscope::ui {

class Services;

// Two images compared by core/diff, the engine of `sociscopectl diff`.
struct Comparison {
    oci::Reference refA, refB;
    oci::Digest digestA, digestB;
    // Opened for lazy reading (null when both name one manifest: nothing to read).
    std::shared_ptr<lazy::LazyImage> a, b;
    diff::ImageDiff diff;
    bool contentsCompared = false;
    std::optional<std::vector<diff::PackageChange>> packages;
    std::uint64_t sharedBytes = 0; // the layer blobs both images have (compressed)
    std::uint64_t costBytes = 0;   // what the comparison fetched, both images together
};

// Both sides of one file, for the side-by-side view.
struct FileSides {
    QString path;
    QString a, b;       // the text (empty for a side without the file)
    bool binary = false;
    bool truncated = false; // a side was longer than the cap
    QString error;
};

// Runs the comparison and what follows from it (contents, packages, one
// file's two sides) as jobs; results on the GUI thread, stale ones dropped.
class CompareJob final : public QObject {
    Q_OBJECT
public:
    // Each side of a text diff is read up to this many bytes.
    static constexpr std::int64_t TextCap = 256 * 1024;

    explicit CompareJob(Services& services, QObject* parent = nullptr);
    ~CompareJob() override;

    void start(const oci::Reference& a, const oci::Reference& b);
    // The --content check: files whose content is not known are read (their spans only).
    void compareContents();
    // The --inventory check: both images' package lists.
    void readPackages();
    // Reads path on both sides lazily (up to TextCap each).
    void readSides(const QString& path);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const std::shared_ptr<const Comparison>& result() const { return m_result; }

signals:
    void progressed(const QString& stage, qint64 done, qint64 total);
    void compared();
    void failed(const sociscope::ui::UserMessage& message);
    void sidesRead(const sociscope::ui::FileSides& sides);

private:
    template <typename Work>
    void runStep(Work work);
    // Drops a comparison on a pool thread (see the .cpp).
    void release(std::shared_ptr<const Comparison> comparison);
    // diffImages on c's images (called on the job's thread).
    Result<diff::ImageDiff> diffOf(Comparison& c, bool content, const JobContext& context);

    Services& m_services;
    JobHandle m_job;
    JobHandle m_read;
    std::uint64_t m_generation = 0;
    std::uint64_t m_readGeneration = 0;
    bool m_running = false;
    std::shared_ptr<const Comparison> m_result;
};

} // namespace sociscope::ui
