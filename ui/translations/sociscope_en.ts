<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English plural forms for the %n messages; everything else is the source text. -->
<TS version="2.1" language="en">
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
</context>
</TS>
