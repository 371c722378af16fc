<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>FileEntry</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpanMapModel</name>
    <message numerus="yes">
        <source>… and %n more file(s)</source>
        <translation>
            <numerusform>… and %n more file</numerusform>
            <numerusform>… and %n more files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ComparePage</name>
    <message numerus="yes">
        <source>%n shared layer(s) skipped (%1 both images share)</source>
        <translation>
            <numerusform>%n shared layer skipped (%1 both images share)</numerusform>
            <numerusform>%n shared layers skipped (%1 both images share)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n package change(s)</source>
        <translation>
            <numerusform>%n package change</numerusform>
            <numerusform>%n package changes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ConfigModel</name>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchPanel</name>
    <message numerus="yes">
        <source>%1 · %2 · %n span(s) touched</source>
        <translation>
            <numerusform>%1 · %2 · %n span touched</numerusform>
            <numerusform>%1 · %2 · %n spans touched</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) lost</source>
        <translation>
            <numerusform>%n event lost</numerusform>
            <numerusform>%n events lost</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FileExport</name>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Extracted %n file(s), %1, to %2</source>
        <translation>
            <numerusform>Extracted %n file, %1, to %2</numerusform>
            <numerusform>Extracted %n files, %1, to %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) skipped for safety, e.g. %1: %2</source>
        <translation>
            <numerusform>%n entry skipped for safety, e.g. %1: %2</numerusform>
            <numerusform>%n entries skipped for safety, e.g. %1: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written, %1</source>
        <translation>
            <numerusform>%n file written, %1</numerusform>
            <numerusform>%n files written, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FilesPage</name>
    <message numerus="yes">
        <source>%n layer(s) of this image have no zTOC: listing its files fetches them whole (%1).</source>
        <translation>
            <numerusform>%n layer of this image has no zTOC: listing its files fetches it whole (%1).</numerusform>
            <numerusform>%n layers of this image have no zTOC: listing its files fetches them whole (%1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 entries in %n layer(s), merged</source>
        <translation>
            <numerusform>%L1 entries in %n layer, merged</numerusform>
            <numerusform>%L1 entries in %n layers, merged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wasted: bytes of this layer&apos;s files that upper layers overwrite or remove (%n file(s)); they are shipped and stored but never seen in the image.</source>
        <translation>
            <numerusform>Wasted: bytes of this layer&apos;s files that upper layers overwrite or remove (%n file); they are shipped and stored but never seen in the image.</numerusform>
            <numerusform>Wasted: bytes of this layer&apos;s files that upper layers overwrite or remove (%n files); they are shipped and stored but never seen in the image.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImageOverview</name>
    <message numerus="yes">
        <source>%1 of %n layer(s) read lazily</source>
        <translation>
            <numerusform>%1 of %n layer read lazily</numerusform>
            <numerusform>%1 of %n layers read lazily</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found through the %1 · %n zTOC(s) · index %2</source>
        <translation>
            <numerusform>Found through the %1 · %n zTOC · index %2</numerusform>
            <numerusform>Found through the %1 · %n zTOCs · index %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n file(s) overwritten or removed by upper layers</source>
        <translation>
            <numerusform>%1 in %n file overwritten or removed by upper layers</numerusform>
            <numerusform>%1 in %n files overwritten or removed by upper layers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImagePage</name>
    <message numerus="yes">
        <source>%n platform(s)</source>
        <translation>
            <numerusform>%n platform</numerusform>
            <numerusform>%n platforms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::InventoryModel</name>
    <message numerus="yes">
        <source>%n Debian package(s)</source>
        <translation>
            <numerusform>%n Debian package</numerusform>
            <numerusform>%n Debian packages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Alpine package(s)</source>
        <translation>
            <numerusform>%n Alpine package</numerusform>
            <numerusform>%n Alpine packages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n RPM package(s)</source>
        <translation>
            <numerusform>%n RPM package</numerusform>
            <numerusform>%n RPM packages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Python package(s)</source>
        <translation>
            <numerusform>%n Python package</numerusform>
            <numerusform>%n Python packages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conda package(s)</source>
        <translation>
            <numerusform>%n conda package</numerusform>
            <numerusform>%n conda packages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n CUDA component(s)</source>
        <translation>
            <numerusform>%n CUDA component</numerusform>
            <numerusform>%n CUDA components</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::InventoryPage</name>
    <message numerus="yes">
        <source>read %n file(s), %1, in %2 s</source>
        <translation>
            <numerusform>read %n file, %1, in %2 s</numerusform>
            <numerusform>read %n files, %1, in %2 s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerModel</name>
    <message numerus="yes">
        <source>%L1 bytes in %n file(s)</source>
        <translation>
            <numerusform>%L1 bytes in %n file</numerusform>
            <numerusform>%L1 bytes in %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MainWindow</name>
    <message numerus="yes">
        <source>Extracted %n file(s), %1.</source>
        <translation>
            <numerusform>Extracted %n file, %1.</numerusform>
            <numerusform>Extracted %n files, %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountsPanel</name>
    <message numerus="yes">
        <source>%n mount(s). Double-click one to open it in your file manager.</source>
        <translation>
            <numerusform>%n mount. Double-click it to open it in your file manager.</numerusform>
            <numerusform>%n mounts. Double-click one to open it in your file manager.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PlatformModel</name>
    <message numerus="yes">
        <source>Image · %n layer(s)</source>
        <translation>
            <numerusform>Image · %n layer</numerusform>
            <numerusform>Image · %n layers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PreferencesDialog</name>
    <message numerus="yes">
        <source>%1 in %n file(s)</source>
        <translation>
            <numerusform>%1 in %n file</numerusform>
            <numerusform>%1 in %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PreviewPane</name>
    <message numerus="yes">
        <source>A folder of %n entry(s).</source>
        <translation>
            <numerusform>A folder of %n entry.</numerusform>
            <numerusform>A folder of %n entries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) selected</source>
        <translation>
            <numerusform>%n entry selected</numerusform>
            <numerusform>%n entries selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fetching %1 (%n span(s))…</source>
        <translation>
            <numerusform>Fetching %1 (%n span)…</numerusform>
            <numerusform>Fetching %1 (%n spans)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1</source>
        <translation>
            <numerusform>%n file, %1</numerusform>
            <numerusform>%n files, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, all in %n cached span(s).</source>
        <translation>
            <numerusform>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, all in %n cached span.</numerusform>
            <numerusform>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, all in %n cached spans.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Extracting fetches &lt;b&gt;%1&lt;/b&gt; (%n span(s))</source>
        <translation>
            <numerusform>Extracting fetches &lt;b&gt;%1&lt;/b&gt; (%n span)</numerusform>
            <numerusform>Extracting fetches &lt;b&gt;%1&lt;/b&gt; (%n spans)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SpaceTab</name>
    <message numerus="yes">
        <source>%1 · %2 in %n file(s) · %3</source>
        <translation>
            <numerusform>%1 · %2 in %n file · %3</numerusform>
            <numerusform>%1 · %2 in %n files · %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding up the sizes of %Ln entries…</source>
        <translation>
            <numerusform>Adding up the sizes of %Ln entry…</numerusform>
            <numerusform>Adding up the sizes of %Ln entries…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SpanMapView</name>
    <message numerus="yes">
        <source>Layer %1 · %2 of %n span(s) touched</source>
        <translation>
            <numerusform>Layer %1 · %2 of %n span touched</numerusform>
            <numerusform>Layer %1 · %2 of %n spans touched</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::StartupProfileTab</name>
    <message numerus="yes">
        <source>for %n second(s)</source>
        <translation>
            <numerusform>for %n second</numerusform>
            <numerusform>for %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more file(s)</source>
        <translation>
            <numerusform>… and %n more file</numerusform>
            <numerusform>… and %n more files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Published: SOCI index v%1 %2 with %n prefetch artifact(s).</source>
        <translation>
            <numerusform>Published: SOCI index v%1 %2 with %n prefetch artifact.</numerusform>
            <numerusform>Published: SOCI index v%1 %2 with %n prefetch artifacts.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TagsPage</name>
    <message numerus="yes">
        <source>%1 of %n image(s)</source>
        <translation>
            <numerusform>%1 of %n image</numerusform>
            <numerusform>%1 of %n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n tag</numerusform>
            <numerusform>%n tags</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referrers tag(s) hidden</source>
        <translation>
            <numerusform>%n referrers tag hidden</numerusform>
            <numerusform>%n referrers tags hidden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be resolved</source>
        <translation>
            <numerusform>%n tag could not be resolved</numerusform>
            <numerusform>%n tags could not be resolved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TextDiffView</name>
    <message numerus="yes">
        <source>%1: %n line(s) differ</source>
        <translation>
            <numerusform>%1: %n line differs</numerusform>
            <numerusform>%1: %n lines differ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TreemapView</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
</context>
</TS>
