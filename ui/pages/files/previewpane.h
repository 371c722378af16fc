// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/previewloader.h"
#include "models/fileentry.h"

#include "common/lazycore.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QScrollArea;
class QStackedWidget;
class QTextBrowser;
class QToolButton;

namespace sociscope::ui {

// The right side of the Files tab: what the selected entry is (from the
// tree, at once), what extracting it would fetch (the cost preview), and
// its content once fetched — text, a hex dump, an image or an ELF summary.
// Shows; never fetches: FilesPage does the jobs.
class PreviewPane final : public QWidget {
    Q_OBJECT
public:
    explicit PreviewPane(QWidget* parent = nullptr);

    // One entry: its facts now, its content later (setPreview).
    void showEntry(const FileEntry::Context& context, fs::Ino ino, const QString& path);
    // Several entries: no content, just what they are and cost.
    void showSelection(int entries);
    // Nothing selected, or not open: a short text in the middle.
    void showMessage(const QString& text);
    // A read is about to fetch this much.
    void setFetching(quint64 bytes, int spans);
    // How far that fetch has come (FetchProgress: bytes, percentage, rate, time left).
    void setFetchProgress(const QString& text, int permille);
    void setPreview(const Preview& preview);
    // The cost preview of the selection; pending while it is worked out.
    void setCostPending();
    void setCost(const lazy::SelectionCost& cost);
    void setCostUnknown(const QString& why);
    // Shown when dragging is refused or being prepared.
    void setNote(const QString& text);

    [[nodiscard]] Preview::Mode mode() const { return m_mode; }
    [[nodiscard]] Preview::Kind kind() const { return m_kind; }
    // The text shown (text, hex or ELF summary as plain text).
    [[nodiscard]] QString shownText() const;
    [[nodiscard]] QString costText() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] bool isFetching() const;

    // "Fetching 4.0 MiB (1 span)…"
    static QString fetchingText(quint64 bytes, int spans);
    static QString costSentence(const lazy::SelectionCost& cost);

signals:
    void modeRequested(sociscope::ui::Preview::Mode mode);
    void extractRequested();
    // The Cancel beside "Fetching …": stop the preview's fetch.
    void cancelRequested();

private:
    void setMode(Preview::Mode mode);
    void showContent(QWidget* page);
    QString elfHtml(const fs::ElfSummary& elf) const;

    Preview::Mode m_mode = Preview::Mode::Auto;
    Preview::Kind m_kind = Preview::Kind::None;
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_path;
    QLabel* m_facts;
    QLabel* m_cost;
    QWidget* m_statusRow;
    QProgressBar* m_busy;
    QLabel* m_status;
    QToolButton* m_cancel;
    QString m_fetching; // "Fetching 4.00 MiB (1 span)…"
    QToolButton* m_auto;
    QToolButton* m_hex;
    QToolButton* m_extract;
    QStackedWidget* m_stack;
    QPlainTextEdit* m_text;
    QScrollArea* m_imageArea;
    QLabel* m_image;
    QTextBrowser* m_elf;
    QLabel* m_message;
    QLabel* m_footer;
    QLabel* m_note;
    QWidget* m_header;
};

} // namespace sociscope::ui
