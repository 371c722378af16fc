<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <source>unknown option %1 (see --help)</source>
        <translation>unbekannte Option %1 (siehe --help)</translation>
    </message>
    <message>
        <source>Usage: sociscope [REF...]

Look inside huge container images without pulling them.

  REF           an image to open: HOST/REPO[:TAG|@DIGEST], a Docker Hub name
                (ubuntu:24.04), or an OCI layout folder oci:PATH[:TAG] or PATH
  -h, --help    show this help and exit
  -v, --version show the version and exit

Without REF, Sociscope reopens where you left off, or the demo image it builds
on first start under $XDG_DATA_HOME/sociscope/demo. When Sociscope already runs,
REF opens in its window.
</source>
        <translation>Aufruf: sociscope [REF...]

In riesige Container-Images hineinsehen, ohne sie herunterzuladen.

  REF           ein zu öffnendes Image: HOST/REPO[:TAG|@DIGEST], ein Docker-Hub-Name
                (ubuntu:24.04) oder ein OCI-Layout-Ordner oci:PFAD[:TAG] oder PFAD
  -h, --help    diese Hilfe zeigen und beenden
  -v, --version die Version zeigen und beenden

Ohne REF öffnet Sociscope, wo Sie aufgehört haben, oder das Demo-Image, das es
beim ersten Start unter $XDG_DATA_HOME/sociscope/demo erzeugt. Läuft Sociscope
bereits, öffnet sich REF in dessen Fenster.
</translation>
    </message>
</context>
<context>
    <name>CopyActions</name>
    <message>
        <source>Copy Reference</source>
        <translation>Referenz kopieren</translation>
    </message>
    <message>
        <source>Copy Digest</source>
        <translation>Digest kopieren</translation>
    </message>
    <message>
        <source>Copy Reference by Digest</source>
        <translation>Referenz mit Digest kopieren</translation>
    </message>
    <message>
        <source>Copy docker pull Command</source>
        <translation>Befehl „docker pull“ kopieren</translation>
    </message>
    <message>
        <source>Copy nerdctl pull Command</source>
        <translation>Befehl „nerdctl pull“ kopieren</translation>
    </message>
    <message>
        <source>Copy sociscopectl run Command</source>
        <translation>Befehl „sociscopectl run“ kopieren</translation>
    </message>
</context>
<context>
    <name>DaemonJobs</name>
    <message>
        <source>sociscoped is not installed beside Sociscope or on PATH</source>
        <translation>sociscoped ist weder neben Sociscope noch im PATH installiert</translation>
    </message>
    <message>
        <source>cannot create the mount folder %1</source>
        <translation>Einhängeordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Runs need the system daemon, which runs as root: start it with “sudo sociscoped” (or “sudo systemctl start sociscoped” where systemd manages it).</source>
        <translation>Zum Ausführen wird der System-Daemon benötigt, der als root läuft: Starten Sie ihn mit „sudo sociscoped“ (oder mit „sudo systemctl start sociscoped“, wo systemd ihn verwaltet).</translation>
    </message>
    <message>
        <source>The daemon on %1 runs as user %2 and cannot run containers.</source>
        <translation>Der Daemon unter %1 läuft als Benutzer %2 und kann keine Container ausführen.</translation>
    </message>
</context>
<context>
    <name>FetchTimeline</name>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>zTOC</source>
        <translation>zTOC</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>Whole layers</source>
        <translation>Ganze Layer</translation>
    </message>
    <message>
        <source>Spans from cache</source>
        <translation>Spans aus dem Cache</translation>
    </message>
    <message>
        <source>fetched %1</source>
        <translation>%1 abgerufen</translation>
    </message>
    <message>
        <source>fetched %1 of %2 (%3 %)</source>
        <translation>%1 von %2 abgerufen (%3 %)</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>Hintergrund</translation>
    </message>
</context>
<context>
    <name>FileEntry</name>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Link target</source>
        <translation>Linkziel</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>The layer that made this entry, bottom layer 0</source>
        <translation>Der Layer, der diesen Eintrag erzeugt hat; unterster Layer 0</translation>
    </message>
    <message>
        <source>The spans of its layer that hold the file&apos;s data: what reading it fetches</source>
        <translation>Die Spans seines Layers mit den Daten der Datei: das, was Lesen abruft</translation>
    </message>
    <message>
        <source>Modification time, UTC</source>
        <translation>Änderungszeit, UTC</translation>
    </message>
    <message>
        <source>Whiteout (deleted in this layer)</source>
        <translation>Whiteout (in diesem Layer gelöscht)</translation>
    </message>
    <message>
        <source>Regular file</source>
        <translation>Reguläre Datei</translation>
    </message>
    <message>
        <source>Folder (opaque: hides lower layers)</source>
        <translation>Ordner (opak: verdeckt untere Layer)</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Symbolic link</source>
        <translation>Symbolischer Link</translation>
    </message>
    <message>
        <source>Character device %1:%2</source>
        <translation>Zeichengerät %1:%2</translation>
    </message>
    <message>
        <source>Block device %1:%2</source>
        <translation>Blockgerät %1:%2</translation>
    </message>
    <message>
        <source>Named pipe</source>
        <translation>Benannte Pipe</translation>
    </message>
    <message>
        <source>verifying…</source>
        <translation>wird geprüft …</translation>
    </message>
    <message>
        <source>whole layer</source>
        <translation>ganzer Layer</translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 Bytes</translation>
    </message>
    <message>
        <source>uid %1, gid %2</source>
        <translation>UID %1, GID %2</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Element</numerusform>
            <numerusform>%n Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>Added by this layer</source>
        <translation>Von diesem Layer hinzugefügt</translation>
    </message>
    <message>
        <source>Modified: shadows what a lower layer put here</source>
        <translation>Geändert: verdeckt, was ein tieferer Layer hier abgelegt hat</translation>
    </message>
    <message>
        <source>Removed: this layer deletes it from the layers below</source>
        <translation>Entfernt: dieser Layer löscht es aus den Layern darunter</translation>
    </message>
    <message>
        <source>Removed: this layer hides everything the layers below have in this folder</source>
        <translation>Entfernt: dieser Layer verbirgt alles, was die Layer darunter in diesem Ordner haben</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>foreign tar+gzip</source>
        <translation>fremdes tar+gzip</translation>
    </message>
    <message>
        <source>OCI manifest</source>
        <translation>OCI-Manifest</translation>
    </message>
    <message>
        <source>Docker manifest</source>
        <translation>Docker-Manifest</translation>
    </message>
    <message>
        <source>OCI image index</source>
        <translation>OCI-Image-Index</translation>
    </message>
    <message>
        <source>Docker manifest list</source>
        <translation>Docker-Manifestliste</translation>
    </message>
    <message>
        <source>SOCI index v1</source>
        <translation>SOCI-Index v1</translation>
    </message>
    <message>
        <source>SOCI index v2</source>
        <translation>SOCI-Index v2</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>The cache folder “%1” is not an absolute path; choose a folder with Browse….</source>
        <translation>Der Cache-Ordner „%1“ ist kein absoluter Pfad; wählen Sie einen Ordner mit „Durchsuchen …“.</translation>
    </message>
    <message>
        <source>The cache folder “%1” cannot be created; choose a folder you may write to.</source>
        <translation>Der Cache-Ordner „%1“ kann nicht angelegt werden; wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <source>Sociscope cannot write in the cache folder “%1” (%2); choose a folder you may write to.</source>
        <translation>Sociscope kann nicht in den Cache-Ordner „%1“ schreiben (%2); wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <source>“%1” is not a proxy URL; type SCHEME://HOST:PORT, e.g. http://proxy.example.com:3128 (http, https, socks4, socks4a, socks5 or socks5h).</source>
        <translation>„%1“ ist keine Proxy-URL; geben Sie SCHEMA://HOST:PORT ein, z. B. http://proxy.example.com:3128 (http, https, socks4, socks4a, socks5 oder socks5h).</translation>
    </message>
    <message>
        <source>The extract folder “%1” does not exist; create it first or choose another.</source>
        <translation>Der Ordner für Extraktionen „%1“ existiert nicht; legen Sie ihn zuerst an oder wählen Sie einen anderen.</translation>
    </message>
</context>
<context>
    <name>PreviewLoader</name>
    <message>
        <source>An image of %1, too large to preview; extract it instead.</source>
        <translation>Ein Bild mit %1, zu groß für die Vorschau; extrahieren Sie es stattdessen.</translation>
    </message>
    <message>
        <source>Looks like an ELF file but could not be read: %1</source>
        <translation>Sieht nach einer ELF-Datei aus, ließ sich aber nicht lesen: %1</translation>
    </message>
</context>
<context>
    <name>ShellWords</name>
    <message>
        <source>The line ends with a backslash that escapes nothing.</source>
        <translation>Die Zeile endet mit einem Backslash, der nichts maskiert.</translation>
    </message>
    <message>
        <source>A single quote (&apos;) is not closed.</source>
        <translation>Ein einfaches Anführungszeichen (&apos;) ist nicht geschlossen.</translation>
    </message>
    <message>
        <source>A double quote (&quot;) is not closed.</source>
        <translation>Ein doppeltes Anführungszeichen (&quot;) ist nicht geschlossen.</translation>
    </message>
</context>
<context>
    <name>SpanMapModel</name>
    <message>
        <source>untouched</source>
        <translation>unberührt</translation>
    </message>
    <message>
        <source>fetched on demand</source>
        <translation>bei Bedarf abgerufen</translation>
    </message>
    <message>
        <source>served from the cache</source>
        <translation>aus dem Cache geliefert</translation>
    </message>
    <message>
        <source>fetched in the background</source>
        <translation>im Hintergrund abgerufen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Layer %1, span %2: %3</source>
        <translation>Layer %1, Span %2: %3</translation>
    </message>
    <message>
        <source>No file data: tar headers and padding only.</source>
        <translation>Keine Dateidaten: nur tar-Header und Auffüllung.</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more file(s)</source>
        <translation>
            <numerusform>… und %n weitere Datei</numerusform>
            <numerusform>… und %n weitere Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Read at startup (the startup profile)</source>
        <translation>Beim Start gelesen (das Startprofil)</translation>
    </message>
</context>
<context>
    <name>UserMessages</name>
    <message>
        <source>Could not %1</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>the registry</source>
        <translation>die Registry</translation>
    </message>
    <message>
        <source>Check the network connection or proxy settings for %1, then retry (F5).</source>
        <translation>Prüfen Sie die Netzwerkverbindung oder die Proxy-Einstellungen für %1 und versuchen Sie es erneut (F5).</translation>
    </message>
    <message>
        <source>Check the repository, tag or folder name.</source>
        <translation>Prüfen Sie den Namen von Repository, Tag oder Ordner.</translation>
    </message>
    <message>
        <source>%1 sent bytes that do not match their digest; retry later.</source>
        <translation>%1 hat Bytes gesendet, die nicht zu ihrem Digest passen; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>This content uses a format Sociscope cannot read.</source>
        <translation>Dieser Inhalt hat ein Format, das Sociscope nicht lesen kann.</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you may read and write it.</source>
        <translation>Prüfen Sie, ob der Ordner existiert und Sie ihn lesen und beschreiben dürfen.</translation>
    </message>
    <message>
        <source>Check what you typed.</source>
        <translation>Prüfen Sie Ihre Eingabe.</translation>
    </message>
    <message>
        <source>This is a bug in Sociscope; please report it.</source>
        <translation>Das ist ein Fehler in Sociscope; bitte melden Sie ihn.</translation>
    </message>
    <message>
        <source>Add credentials for %1: right-click it under Registries and choose Set Credentials…, or use File → Add Registry….</source>
        <translation>Zugangsdaten für %1 hinterlegen: Klicken Sie unter „Registrys“ mit der rechten Maustaste darauf und wählen Sie „Zugangsdaten festlegen …“, oder nutzen Sie Datei → Registry hinzufügen ….</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::AddRegistryDialog</name>
    <message>
        <source>Use plain &amp;HTTP (loopback registries always do)</source>
        <translation>Unverschlüsseltes &amp;HTTP verwenden (Loopback-Registrys immer)</translation>
    </message>
    <message>
        <source>Do not &amp;verify the TLS certificate</source>
        <translation>TLS-Zertifikat &amp;nicht prüfen</translation>
    </message>
    <message>
        <source>Add Registry</source>
        <translation>Registry hinzufügen</translation>
    </message>
    <message>
        <source>registry.example.com or 127.0.0.1:5000</source>
        <translation>registry.example.com oder 127.0.0.1:5000</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>optional: password or access token</source>
        <translation>optional: Passwort oder Zugriffstoken</translation>
    </message>
    <message>
        <source>Credentials are stored the way “docker login” stores them: through your Docker credential helper or credential store when one is configured in ~/.docker/config.json.</source>
        <translation>Zugangsdaten werden so gespeichert wie von „docker login“: über Ihren Docker-Credential-Helper oder -Credential-Store, falls einer in ~/.docker/config.json eingerichtet ist.</translation>
    </message>
    <message>
        <source>&amp;Registry:</source>
        <translation>&amp;Registry:</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Credentials for %1</source>
        <translation>Zugangsdaten für %1</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Trying the credentials with %1…</source>
        <translation>Die Zugangsdaten werden bei %1 geprüft …</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CompareDialog</name>
    <message>
        <source>Compare With</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>A tag of %1, or any image reference</source>
        <translation>Ein Tag von %1 oder eine beliebige Image-Referenz</translation>
    </message>
    <message>
        <source>Compare %1 &amp;with:</source>
        <translation>%1 vergleichen &amp;mit:</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>Ver&amp;gleichen</translation>
    </message>
    <message>
        <source>“%1” is not a tag or an image reference.</source>
        <translation>„%1“ ist weder ein Tag noch eine Image-Referenz.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CompareJob</name>
    <message>
        <source>compare the images</source>
        <translation>Vergleich der Images</translation>
    </message>
    <message>
        <source>packages of B</source>
        <translation>Pakete von B</translation>
    </message>
    <message>
        <source>packages of A</source>
        <translation>Pakete von A</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CompareModel</name>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Content not compared</source>
        <translation>Inhalt nicht verglichen</translation>
    </message>
    <message>
        <source>Same</source>
        <translation>Gleich</translation>
    </message>
    <message>
        <source>type %1 → %2</source>
        <translation>Typ %1 → %2</translation>
    </message>
    <message>
        <source>mode %1 → %2</source>
        <translation>Modus %1 → %2</translation>
    </message>
    <message>
        <source>owner %1:%2 → %3:%4</source>
        <translation>Eigentümer %1:%2 → %3:%4</translation>
    </message>
    <message>
        <source>size %L1 → %L2</source>
        <translation>Größe %L1 → %L2</translation>
    </message>
    <message>
        <source>link target %1 → %2</source>
        <translation>Linkziel %1 → %2</translation>
    </message>
    <message>
        <source>content differs</source>
        <translation>Inhalt verschieden</translation>
    </message>
    <message>
        <source>content not compared (Compare Contents reads it)</source>
        <translation>Inhalt nicht verglichen („Inhalte vergleichen“ liest ihn)</translation>
    </message>
    <message>
        <source>content equal</source>
        <translation>Inhalt gleich</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>%L1 added</source>
        <translation>%L1 hinzugefügt</translation>
    </message>
    <message>
        <source>%L1 removed</source>
        <translation>%L1 entfernt</translation>
    </message>
    <message>
        <source>%L1 changed</source>
        <translation>%L1 geändert</translation>
    </message>
    <message>
        <source>%L1 not compared</source>
        <translation>%L1 nicht verglichen</translation>
    </message>
    <message>
        <source>%L1 equal</source>
        <translation>%L1 gleich</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Changes below</source>
        <translation>Änderungen darunter</translation>
    </message>
    <message>
        <source>Below: %1</source>
        <translation>Darunter: %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ComparePage</name>
    <message>
        <source>Compare &amp;Contents</source>
        <translation>&amp;Inhalte vergleichen</translation>
    </message>
    <message>
        <source>Read &amp;Packages</source>
        <translation>&amp;Pakete lesen</translation>
    </message>
    <message>
        <source>All changes</source>
        <translation>Alle Änderungen</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Filter paths</source>
        <translation>Pfade filtern</translation>
    </message>
    <message>
        <source>Read the changed files whose content is not known from the indexes (their spans only) and compare their bytes</source>
        <translation>Die geänderten Dateien, deren Inhalt aus den Indizes nicht bekannt ist, lesen (nur ihre Spans) und ihre Bytes vergleichen</translation>
    </message>
    <message>
        <source>Read both images&apos; package lists (dpkg, rpm, apk, Python, conda, CUDA) lazily</source>
        <translation>Die Paketlisten beider Images (dpkg, rpm, apk, Python, conda, CUDA) bei Bedarf lesen</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>&amp;Dateien</translation>
    </message>
    <message>
        <source>&amp;Packages</source>
        <translation>&amp;Pakete</translation>
    </message>
    <message>
        <source>%1  ⇄  %2</source>
        <translation>%1  ⇄  %2</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>Select a changed file to see both sides.</source>
        <translation>Eine geänderte Datei auswählen, um beide Seiten zu sehen.</translation>
    </message>
    <message>
        <source>%1: %L2 of %L3</source>
        <translation>%1: %L2 von %L3</translation>
    </message>
    <message>
        <source>No differences: both name the same image %1.</source>
        <translation>Keine Unterschiede: beide bezeichnen dasselbe Image %1.</translation>
    </message>
    <message>
        <source>%L1 added, %L2 removed, %L3 changed, %L4 with content not compared, %L5 equal</source>
        <translation>%L1 hinzugefügt, %L2 entfernt, %L3 geändert, %L4 mit nicht verglichenem Inhalt, %L5 gleich</translation>
    </message>
    <message numerus="yes">
        <source>%n shared layer(s) skipped (%1 both images share)</source>
        <translation>
            <numerusform>%n gemeinsamer Layer übersprungen (%1, die beide Images teilen)</numerusform>
            <numerusform>%n gemeinsame Layer übersprungen (%1, die beide Images teilen)</numerusform>
        </translation>
    </message>
    <message>
        <source>the comparison fetched %1</source>
        <translation>der Vergleich hat %1 geladen</translation>
    </message>
    <message>
        <source>%1 of file contents compared</source>
        <translation>%1 Dateiinhalt verglichen</translation>
    </message>
    <message numerus="yes">
        <source>%n package change(s)</source>
        <translation>
            <numerusform>%n Paketänderung</numerusform>
            <numerusform>%n Paketänderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a regular file on both sides: the reason column says what changed.</source>
        <translation>%1 ist nicht auf beiden Seiten eine normale Datei: die Spalte „Grund“ sagt, was sich geändert hat.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>%1 did not change itself; below it: %2.</source>
        <translation>%1 selbst ist unverändert; darunter: %2.</translation>
    </message>
    <message>
        <source>Reading the layers&apos; file lists</source>
        <translation>Dateilisten der Layer werden gelesen</translation>
    </message>
    <message>
        <source>Reading the shared layers</source>
        <translation>Gemeinsame Layer werden gelesen</translation>
    </message>
    <message>
        <source>Comparing paths</source>
        <translation>Pfade werden verglichen</translation>
    </message>
    <message>
        <source>Comparing contents</source>
        <translation>Inhalte werden verglichen</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ConfigModel</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>Entrypoint</source>
        <translation>Entrypoint</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>/ (not set)</source>
        <translation>/ (nicht gesetzt)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>root (not set)</source>
        <translation>root (nicht gesetzt)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Exposed ports</source>
        <translation>Freigegebene Ports</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>Volumes</translation>
    </message>
    <message>
        <source>Stop signal</source>
        <translation>Stoppsignal</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CreateIndexDialog</name>
    <message>
        <source>Push a SOCI-enabled &amp;copy as a tag of its own (index v2, like soci convert)</source>
        <translation>SOCI-fähige &amp;Kopie unter eigenem Tag hochladen (Index v2, wie soci convert)</translation>
    </message>
    <message>
        <source>Push only the &amp;index, beside this image (v1; the image stays as it is)</source>
        <translation>Nur den &amp;Index neben diesem Image hochladen (v1; das Image bleibt unverändert)</translation>
    </message>
    <message>
        <source>Create SOCI Index</source>
        <translation>SOCI-Index erstellen</translation>
    </message>
    <message>
        <source>Build the zTOCs of %1&apos;s layers and push a SOCI index, so that it can be browsed and run lazily. Each layer is read once, whole.</source>
        <translation>Die zTOCs der Layer von %1 erstellen und einen SOCI-Index hochladen, damit es sich verzögert durchsuchen und ausführen lässt. Jeder Layer wird einmal ganz gelesen.</translation>
    </message>
    <message>
        <source>The compressed bytes per span: smaller spans make reads of single files cheaper and the index bigger. sociscopectl uses %1.</source>
        <translation>Komprimierte Bytes je Span: kleinere Spans machen das Lesen einzelner Dateien günstiger und den Index größer. sociscopectl verwendet %1.</translation>
    </message>
    <message>
        <source>Layers smaller than this get no zTOC and are read whole. sociscopectl uses %1.</source>
        <translation>Kleinere Layer erhalten keinen zTOC und werden ganz gelesen. sociscopectl verwendet %1.</translation>
    </message>
    <message>
        <source>The tag the SOCI-enabled copy is pushed to, in %1</source>
        <translation>Das Tag in %1, unter dem die SOCI-fähige Kopie hochgeladen wird</translation>
    </message>
    <message>
        <source>&amp;Span size:</source>
        <translation>&amp;Span-Größe:</translation>
    </message>
    <message>
        <source>&amp;Minimum layer size:</source>
        <translation>&amp;Mindestgröße eines Layers:</translation>
    </message>
    <message>
        <source>&amp;Target tag:</source>
        <translation>&amp;Ziel-Tag:</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>zTOC</source>
        <translation>zTOC</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>Copying the image&apos;s blobs to the target where they are missing…</source>
        <translation>Die Blobs des Images werden zum Ziel kopiert, wo sie fehlen…</translation>
    </message>
    <message>
        <source>“%1” is not a tag: use letters, digits, “_”, “.” and “-”, up to 128, not starting with “.” or “-”.</source>
        <translation>„%1“ ist kein Tag: erlaubt sind Buchstaben, Ziffern, „_“, „.“ und „-“, bis zu 128, nicht am Anfang „.“ oder „-“.</translation>
    </message>
    <message>
        <source>The target tag is the image&apos;s own tag: choose another (%1 is the usual one).</source>
        <translation>Das Ziel-Tag ist das eigene Tag des Images: bitte ein anderes wählen (üblich ist %1).</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Layer %1 of %2: building its zTOC, %3 of %4 read</source>
        <translation>Layer %1 von %2: zTOC wird erstellt, %3 von %4 gelesen</translation>
    </message>
    <message>
        <source>%1 of %2 layers done</source>
        <translation>%1 von %2 Layern fertig</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was tagged; blobs already pushed stay unreferenced.</source>
        <translation>Abgebrochen. Nichts wurde getaggt; bereits hochgeladene Blobs bleiben unreferenziert.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>SOCI index %1</source>
        <translation>SOCI-Index %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>No zTOC: %1</source>
        <translation>Kein zTOC: %1</translation>
    </message>
    <message>
        <source>Pushed %1 (%2), a SOCI-enabled copy: %3 of %4 layers indexed.</source>
        <translation>%1 (%2) hochgeladen, eine SOCI-fähige Kopie: %3 von %4 Layern indiziert.</translation>
    </message>
    <message>
        <source>&amp;Open %1</source>
        <translation>%1 &amp;öffnen</translation>
    </message>
    <message>
        <source>Pushed SOCI index %1 for %2: %3 of %4 layers indexed.</source>
        <translation>SOCI-Index %1 für %2 hochgeladen: %3 von %4 Layern indiziert.</translation>
    </message>
    <message>
        <source>&amp;Reopen %1 with its index</source>
        <translation>%1 mit seinem Index erneut ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CreateIndexJob</name>
    <message>
        <source>create a SOCI-enabled copy of %1 as %2</source>
        <translation>eine SOCI-fähige Kopie von %1 als %2 erstellen</translation>
    </message>
    <message>
        <source>create and push a SOCI index for %1</source>
        <translation>einen SOCI-Index für %1 erstellen und hochladen</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::DaemonMounts</name>
    <message>
        <source>turned off by SOCISCOPE_NO_DAEMON</source>
        <translation>durch SOCISCOPE_NO_DAEMON abgeschaltet</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::DemoImage</name>
    <message>
        <source>Building the demo image…</source>
        <translation>Demo-Image wird erstellt …</translation>
    </message>
    <message>
        <source>Indexing layer %1 of %2 of the demo image…</source>
        <translation>Layer %1 von %2 des Demo-Images wird indiziert …</translation>
    </message>
    <message>
        <source>make the demo image in %1</source>
        <translation>Erstellen des Demo-Images in %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::DragStager</name>
    <message>
        <source>A whiteout only marks a deletion: there is nothing to drag.</source>
        <translation>Ein Whiteout markiert nur eine Löschung: Es gibt nichts zum Ziehen.</translation>
    </message>
    <message>
        <source>More than %L1 entries: too many to drag without the Sociscope daemon. Use Extract to… (Ctrl+E).</source>
        <translation>Mehr als %L1 Einträge: zu viele zum Ziehen ohne den Sociscope-Daemon. Nutzen Sie „Extrahieren nach …“ (Strg+E).</translation>
    </message>
    <message>
        <source>Larger than %1: too large to drag without the Sociscope daemon. Use Extract to… (Ctrl+E).</source>
        <translation>Größer als %1: zu groß zum Ziehen ohne den Sociscope-Daemon. Nutzen Sie „Extrahieren nach …“ (Strg+E).</translation>
    </message>
    <message>
        <source>Cannot create the staging folder %1</source>
        <translation>Zwischenordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1 was not written: %2</source>
        <translation>%1 wurde nicht geschrieben: %2</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>unbekannter Grund</translation>
    </message>
    <message>
        <source>%1 came out at %2 bytes instead of %3</source>
        <translation>%1 hat %2 Bytes statt %3</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchChart</name>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Whole image: %1</source>
        <translation>Ganzes Image: %1</translation>
    </message>
    <message>
        <source>Whole image: unknown</source>
        <translation>Ganzes Image: unbekannt</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchPanel</name>
    <message>
        <source>Scale to the &amp;whole image</source>
        <translation>Auf das &amp;ganze Image skalieren</translation>
    </message>
    <message>
        <source>Draw the axis up to the image&apos;s full size, so the reference line shows how little was fetched.</source>
        <translation>Die Achse bis zur vollen Größe des Images zeichnen, damit die Referenzlinie zeigt, wie wenig abgerufen wurde.</translation>
    </message>
    <message>
        <source>No image shown</source>
        <translation>Kein Image angezeigt</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · %n span(s) touched</source>
        <translation>
            <numerusform>%1 · %2 · %n Span berührt</numerusform>
            <numerusform>%1 · %2 · %n Spans berührt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) lost</source>
        <translation>
            <numerusform>%n Ereignis verloren</numerusform>
            <numerusform>%n Ereignisse verloren</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchProgress</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>waiting for the registry</source>
        <translation>wartet auf die Registry</translation>
    </message>
    <message>
        <source>%1 fetched · %2</source>
        <translation>%1 abgerufen · %2</translation>
    </message>
    <message>
        <source>%1 of %2 fetched (%L3 %)</source>
        <translation>%1 von %2 abgerufen (%L3 %)</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FileExport</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Preparing the drag: %1 of %2 fetched…</source>
        <translation>Ziehen wird vorbereitet: %1 von %2 abgerufen …</translation>
    </message>
    <message>
        <source>Could not prepare the drag: %1</source>
        <translation>Ziehen konnte nicht vorbereitet werden: %1</translation>
    </message>
    <message>
        <source>Extract to</source>
        <translation>Extrahieren nach</translation>
    </message>
    <message>
        <source>An extraction is running</source>
        <translation>Eine Extraktion läuft</translation>
    </message>
    <message>
        <source>Wait for it, or cancel it, before starting another.</source>
        <translation>Warten Sie auf ihr Ende oder brechen Sie sie ab, bevor Sie eine weitere starten.</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Extraction cancelled</source>
        <translation>Extraktion abgebrochen</translation>
    </message>
    <message>
        <source>Files already written stay; none is left half-written.</source>
        <translation>Bereits geschriebene Dateien bleiben; keine bleibt halb geschrieben zurück.</translation>
    </message>
    <message>
        <source>Could not extract to %1</source>
        <translation>Extrahieren nach %1 fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Extracted %n file(s), %1, to %2</source>
        <translation>
            <numerusform>%n Datei, %1, nach %2 extrahiert</numerusform>
            <numerusform>%n Dateien, %1, nach %2 extrahiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) skipped for safety, e.g. %1: %2</source>
        <translation>
            <numerusform>%n Eintrag aus Sicherheitsgründen übersprungen, z. B. %1: %2</numerusform>
            <numerusform>%n Einträge aus Sicherheitsgründen übersprungen, z. B. %1: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>A whiteout only marks a deletion: there is nothing to drag.</source>
        <translation>Ein Whiteout markiert nur eine Löschung: Es gibt nichts zum Ziehen.</translation>
    </message>
    <message>
        <source>Preparing the drag: the Sociscope daemon is mounting this image…</source>
        <translation>Ziehen wird vorbereitet: Der Sociscope-Daemon hängt dieses Image ein …</translation>
    </message>
    <message>
        <source>(The daemon: %1.)</source>
        <translation>(Der Daemon: %1.)</translation>
    </message>
    <message>
        <source>Preparing the drag: fetching %1 first…</source>
        <translation>Ziehen wird vorbereitet: zuerst wird %1 abgerufen …</translation>
    </message>
    <message>
        <source>Ready to drag: drag it again to drop it in a folder.</source>
        <translation>Bereit zum Ziehen: Ziehen Sie erneut, um es in einem Ordner abzulegen.</translation>
    </message>
    <message>
        <source>Drags go without the Sociscope daemon</source>
        <translation>Ziehen ohne Sociscope-Daemon</translation>
    </message>
    <message>
        <source>Small files are fetched before the drag starts; use Extract to… (Ctrl+E) for large ones.</source>
        <translation>Kleine Dateien werden vor dem Ziehen abgerufen; für große nutzen Sie „Extrahieren nach …“ (Strg+E).</translation>
    </message>
    <message>
        <source>Extracting %1 to %2</source>
        <translation>%1 wird nach %2 extrahiert</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written, %1</source>
        <translation>
            <numerusform>%n Datei geschrieben, %1</numerusform>
            <numerusform>%n Dateien geschrieben, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation>Die Datei konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opening: fetching %1 first…</source>
        <translation>Öffnen: zuerst werden %1 abgerufen …</translation>
    </message>
    <message>
        <source>No application could open %1</source>
        <translation>Keine Anwendung konnte %1 öffnen</translation>
    </message>
    <message>
        <source>the desktop has no default application for it, or no launcher (xdg-open) is installed</source>
        <translation>der Desktop hat dafür keine Standardanwendung, oder kein Starter (xdg-open) ist installiert</translation>
    </message>
    <message>
        <source>It was fetched to %1; use Extract to… to keep a copy.</source>
        <translation>Sie wurde nach %1 abgerufen; mit „Extrahieren nach …“ eine Kopie behalten.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FileFilterBar</name>
    <message>
        <source>The merged tree (every layer applied, whiteouts removed) or one layer&apos;s own files</source>
        <translation>Der zusammengeführte Baum (alle Layer angewandt, Whiteouts entfernt) oder die eigenen Dateien eines Layers</translation>
    </message>
    <message>
        <source>Find files by name… (Ctrl+F)</source>
        <translation>Dateien nach Namen suchen … (Strg+F)</translation>
    </message>
    <message>
        <source>Name contains</source>
        <translation>Name enthält</translation>
    </message>
    <message>
        <source>Glob</source>
        <translation>Glob</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Contains: the text anywhere in the name. Glob: *.so, lib*.so.*. Regex: POSIX extended (with \d). A pattern with / is matched against the whole path.</source>
        <translation>Enthält: der Text irgendwo im Namen. Glob: *.so, lib*.so.*. Regex: POSIX Extended (mit \d). Ein Muster mit / wird mit dem ganzen Pfad verglichen.</translation>
    </message>
    <message>
        <source>Min size</source>
        <translation>Mindestgröße</translation>
    </message>
    <message>
        <source>Only files at least this large: 1500, 10k, 4.5M, 2G</source>
        <translation>Nur Dateien ab dieser Größe: 1500, 10k, 4.5M, 2G</translation>
    </message>
    <message>
        <source>Any layer</source>
        <translation>Jeder Layer</translation>
    </message>
    <message>
        <source>Only entries made by this layer</source>
        <translation>Nur Einträge aus diesem Layer</translation>
    </message>
    <message>
        <source>All layers (merged)</source>
        <translation>Alle Layer (zusammengeführt)</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message>
        <source>All entries</source>
        <translation>Alle Einträge</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>List what this layer adds, modifies (shadows a lower layer&apos;s file) or removes (whiteouts and opaque folders), with the folders on their way</source>
        <translation>Zeigt, was dieser Layer hinzufügt, ändert (eine Datei eines tieferen Layers verdeckt) oder entfernt (Whiteouts und undurchsichtige Ordner), mit den Ordnern auf dem Weg dorthin</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FilesPage</name>
    <message>
        <source>Extract to…</source>
        <translation>Extrahieren nach …</translation>
    </message>
    <message>
        <source>Searching… %L1 found</source>
        <translation>Suche … %L1 gefunden</translation>
    </message>
    <message>
        <source>Cannot search: %1</source>
        <translation>Suche nicht möglich: %1</translation>
    </message>
    <message>
        <source>Nothing found among %L1 entries (%2 s)</source>
        <translation>Nichts gefunden unter %L1 Einträgen (%2 s)</translation>
    </message>
    <message>
        <source>%L1 found among %L2 entries in %3 s · double-click one to show it in the tree</source>
        <translation>%L1 gefunden unter %L2 Einträgen in %3 s · Doppelklick zeigt einen Treffer im Baum</translation>
    </message>
    <message>
        <source>Reading the file list from the zTOCs…</source>
        <translation>Dateiliste wird aus den zTOCs gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) of this image have no zTOC: listing its files fetches them whole (%1).</source>
        <translation>
            <numerusform>%n Layer dieses Images hat keinen zTOC: Seine Dateien aufzulisten ruft ihn ganz ab (%1).</numerusform>
            <numerusform>%n Layer dieses Images haben keinen zTOC: Ihre Dateien aufzulisten ruft sie ganz ab (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>List the files anyway</source>
        <translation>Dateien trotzdem auflisten</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>Select a file to see what is in it.</source>
        <translation>Wählen Sie eine Datei, um ihren Inhalt zu sehen.</translation>
    </message>
    <message>
        <source>The file list is read when you open this tab.</source>
        <translation>Die Dateiliste wird gelesen, wenn Sie diesen Reiter öffnen.</translation>
    </message>
    <message>
        <source>verifying…</source>
        <translation>wird geprüft …</translation>
    </message>
    <message>
        <source>The list was read from the zTOCs&apos; file tables alone; the whole zTOCs are being fetched and checked against the SOCI index.</source>
        <translation>Die Liste stammt allein aus den Dateitabellen der zTOCs; die vollständigen zTOCs werden abgerufen und gegen den SOCI-Index geprüft.</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>Every zTOC behind this list matched its digest in the SOCI index.</source>
        <translation>Jeder zTOC hinter dieser Liste passte zu seinem Digest im SOCI-Index.</translation>
    </message>
    <message>
        <source>Reading the files of layer %1…</source>
        <translation>Dateien von Layer %1 werden gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>%L1 entries in %n layer(s), merged</source>
        <translation>
            <numerusform>%L1 Einträge in %n Layer, zusammengeführt</numerusform>
            <numerusform>%L1 Einträge in %n Layern, zusammengeführt</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 entries made by layer %2</source>
        <translation>%L1 Einträge aus Layer %2</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche …</translation>
    </message>
    <message>
        <source>No match.</source>
        <translation>Kein Treffer.</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Pfad kopieren</translation>
    </message>
    <message>
        <source>Show in Tree</source>
        <translation>Im Baum zeigen</translation>
    </message>
    <message>
        <source>%L1 entries made by layer %2: %L3 added, %L4 modified, %L5 removed · %6 wasted</source>
        <translation>%L1 Einträge aus Layer %2: %L3 hinzugefügt, %L4 geändert, %L5 entfernt · %6 verschwendet</translation>
    </message>
    <message numerus="yes">
        <source>Wasted: bytes of this layer&apos;s files that upper layers overwrite or remove (%n file(s)); they are shipped and stored but never seen in the image.</source>
        <translation>
            <numerusform>Verschwendet: Bytes der Dateien dieses Layers, die höhere Layer überschreiben oder entfernen (%n Datei); sie werden übertragen und gespeichert, sind im Image aber nie zu sehen.</numerusform>
            <numerusform>Verschwendet: Bytes der Dateien dieses Layers, die höhere Layer überschreiben oder entfernen (%n Dateien); sie werden übertragen und gespeichert, sind im Image aber nie zu sehen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 points to “%2”, outside the image: not followed</source>
        <translation>%1 zeigt auf „%2“, außerhalb des Images: nicht gefolgt</translation>
    </message>
    <message>
        <source>%1 points to %2, which is not in this image</source>
        <translation>%1 zeigt auf %2, das es in diesem Image nicht gibt</translation>
    </message>
    <message>
        <source>%1 points to %2, which is not in layer %3</source>
        <translation>%1 zeigt auf %2, das es in Layer %3 nicht gibt</translation>
    </message>
    <message>
        <source>%1 points to %2, which the change filter hides: choose “All entries” to see it</source>
        <translation>%1 zeigt auf %2, das der Änderungsfilter ausblendet: „Alle Einträge“ wählen, um es zu sehen</translation>
    </message>
    <message>
        <source>Follow Link</source>
        <translation>Verknüpfung folgen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <source>Fetch the file and open it with the desktop&apos;s default application</source>
        <translation>Die Datei abrufen und mit der Standardanwendung des Desktops öffnen</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::HistoryModel</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Erstellt durch</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>Nr. %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>This step changed only the configuration</source>
        <translation>Dieser Schritt änderte nur die Konfiguration</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImageOverview</name>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Working dir</source>
        <translation>Arbeitsordner</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Contents of this reference</source>
        <translation>Inhalt dieser Referenz</translation>
    </message>
    <message>
        <source>Looking for a SOCI index…</source>
        <translation>SOCI-Index wird gesucht …</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>nothing set</source>
        <translation>nichts gesetzt</translation>
    </message>
    <message>
        <source>%1 · %2 compressed</source>
        <translation>%1 · %2 komprimiert</translation>
    </message>
    <message>
        <source>%1 of %2 covered by SOCI (%3 %)</source>
        <translation>%1 von %2 durch SOCI abgedeckt (%3 %)</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n layer(s) read lazily</source>
        <translation>
            <numerusform>Bei Bedarf gelesen: %1 von %n Layer</numerusform>
            <numerusform>Bei Bedarf gelesen: %1 von %n Layern</numerusform>
        </translation>
    </message>
    <message>
        <source>Layer %1: %2, %3</source>
        <translation>Layer %1: %2, %3</translation>
    </message>
    <message>
        <source>No SOCI index</source>
        <translation>Kein SOCI-Index</translation>
    </message>
    <message>
        <source>Every layer is fetched whole before a container can start. Make a SOCI-enabled copy with “%1”.</source>
        <translation>Jeder Layer wird ganz abgerufen, bevor ein Container starten kann. Erstellen Sie mit „%1“ eine Kopie mit SOCI.</translation>
    </message>
    <message>
        <source>SOCI index v%1  ·  %2</source>
        <translation>SOCI-Index v%1  ·  %2</translation>
    </message>
    <message numerus="yes">
        <source>Found through the %1 · %n zTOC(s) · index %2</source>
        <translation>
            <numerusform>Gefunden über %1 · %n zTOC · Index %2</numerusform>
            <numerusform>Gefunden über %1 · %n zTOCs · Index %2</numerusform>
        </translation>
    </message>
    <message>
        <source> · built by %1</source>
        <translation> · erstellt von %1</translation>
    </message>
    <message>
        <source>Could not read the SOCI index</source>
        <translation>SOCI-Index konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>manifest annotation</source>
        <translation>die Manifest-Annotation</translation>
    </message>
    <message>
        <source>referrers</source>
        <translation>die Referrer</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>Verschwendet</translation>
    </message>
    <message>
        <source>counted when the file list is read (Files tab)</source>
        <translation>wird gezählt, wenn die Dateiliste gelesen wird (Reiter Dateien)</translation>
    </message>
    <message>
        <source>nothing: no layer overwrites or removes a file of a lower one</source>
        <translation>nichts: kein Layer überschreibt oder entfernt eine Datei eines tieferen</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n file(s) overwritten or removed by upper layers</source>
        <translation>
            <numerusform>%1 in %n Datei, von höheren Layern überschrieben oder entfernt</numerusform>
            <numerusform>%1 in %n Dateien, von höheren Layern überschrieben oder entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 bytes shipped and stored in lower layers but never seen in the image</source>
        <translation>%L1 Bytes, in tieferen Layern übertragen und gespeichert, im Image aber nie zu sehen</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImagePage</name>
    <message>
        <source>&amp;Platform:</source>
        <translation>&amp;Plattform:</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>F&amp;iles</source>
        <translation>&amp;Dateien</translation>
    </message>
    <message>
        <source>In&amp;ventory</source>
        <translation>&amp;Inventar</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>&amp;Layer</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Configuration</source>
        <translation>&amp;Konfiguration</translation>
    </message>
    <message>
        <source>&amp;Referrers</source>
        <translation>&amp;Referrer</translation>
    </message>
    <message>
        <source>No image open</source>
        <translation>Kein Image geöffnet</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen …</translation>
    </message>
    <message>
        <source>Could not open %1
%2</source>
        <translation>%1 konnte nicht geöffnet werden
%2</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>Öffnen von %1</translation>
    </message>
    <message numerus="yes">
        <source>%n platform(s)</source>
        <translation>
            <numerusform>%n Plattform</numerusform>
            <numerusform>%n Plattformen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds no runnable image</source>
        <translation>%1 enthält kein ausführbares Image</translation>
    </message>
    <message>
        <source>read the SOCI index of %1</source>
        <translation>Lesen des SOCI-Index von %1</translation>
    </message>
    <message>
        <source>Some referrers could not be listed: %1</source>
        <translation>Einige Referrer ließen sich nicht auflisten: %1</translation>
    </message>
    <message>
        <source>The layers and their coverage are complete.</source>
        <translation>Die Layer und ihre Abdeckung sind vollständig.</translation>
    </message>
    <message>
        <source>&amp;Mount…</source>
        <translation>&amp;Einhängen …</translation>
    </message>
    <message>
        <source>R&amp;un…</source>
        <translation>&amp;Ausführen …</translation>
    </message>
    <message>
        <source>Mount this image as a folder and open it in the file manager; files are fetched as they are read.</source>
        <translation>Dieses Image als Ordner einhängen und im Dateimanager öffnen; Dateien werden beim Lesen abgerufen.</translation>
    </message>
    <message>
        <source>Asking the daemon whether runs are possible…</source>
        <translation>Daemon wird gefragt, ob Ausführen möglich ist …</translation>
    </message>
    <message>
        <source>Run this image lazily in a console tab: only the bytes it reads are fetched.</source>
        <translation>Dieses Image bei Bedarf in einem Konsolen-Reiter ausführen: Nur die Bytes, die es liest, werden abgerufen.</translation>
    </message>
    <message>
        <source>&amp;Space</source>
        <translation>&amp;Speicherplatz</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Com&amp;pare With…</source>
        <translation>&amp;Vergleichen mit…</translation>
    </message>
    <message>
        <source>Compare this image file by file with another tag or image, from their indexes</source>
        <translation>Dieses Image Datei für Datei mit einem anderen Tag oder Image vergleichen, anhand ihrer Indizes</translation>
    </message>
    <message>
        <source>Copy the reference, the digest, or a command that pulls or runs this image</source>
        <translation>Die Referenz, den Digest oder einen Befehl kopieren, der dieses Image lädt oder ausführt</translation>
    </message>
    <message>
        <source>S&amp;tartup</source>
        <translation>S&amp;tart</translation>
    </message>
    <message>
        <source>Create SOCI &amp;Index…</source>
        <translation>SOCI-&amp;Index erstellen…</translation>
    </message>
    <message>
        <source>Build this image&apos;s zTOCs and push a SOCI index, as a -soci twin or beside it</source>
        <translation>Die zTOCs dieses Images erstellen und einen SOCI-Index hochladen, als -soci-Zwilling oder daneben</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImageSession</name>
    <message>
        <source>No layer</source>
        <translation>Kein Layer</translation>
    </message>
    <message>
        <source>Layer %1 · %2 · %3</source>
        <translation>Layer %1 · %2 · %3</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>Öffnen von %1</translation>
    </message>
    <message>
        <source>read the file list of %1</source>
        <translation>Lesen der Dateiliste von %1</translation>
    </message>
    <message>
        <source>check the file list of %1 against its zTOCs</source>
        <translation>Prüfen der Dateiliste von %1 gegen ihre zTOCs</translation>
    </message>
    <message>
        <source>list layer %1</source>
        <translation>Auflisten von Layer %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::InventoryModel</name>
    <message>
        <source>Debian package</source>
        <translation>Debian-Paket</translation>
    </message>
    <message>
        <source>Alpine package</source>
        <translation>Alpine-Paket</translation>
    </message>
    <message>
        <source>RPM package</source>
        <translation>RPM-Paket</translation>
    </message>
    <message>
        <source>Python package</source>
        <translation>Python-Paket</translation>
    </message>
    <message>
        <source>Conda package</source>
        <translation>Conda-Paket</translation>
    </message>
    <message>
        <source>NVIDIA CUDA</source>
        <translation>NVIDIA CUDA</translation>
    </message>
    <message numerus="yes">
        <source>%n Debian package(s)</source>
        <translation>
            <numerusform>%n Debian-Paket</numerusform>
            <numerusform>%n Debian-Pakete</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Alpine package(s)</source>
        <translation>
            <numerusform>%n Alpine-Paket</numerusform>
            <numerusform>%n Alpine-Pakete</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n RPM package(s)</source>
        <translation>
            <numerusform>%n RPM-Paket</numerusform>
            <numerusform>%n RPM-Pakete</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Python package(s)</source>
        <translation>
            <numerusform>%n Python-Paket</numerusform>
            <numerusform>%n Python-Pakete</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conda package(s)</source>
        <translation>
            <numerusform>%n Conda-Paket</numerusform>
            <numerusform>%n Conda-Pakete</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n CUDA component(s)</source>
        <translation>
            <numerusform>%n CUDA-Komponente</numerusform>
            <numerusform>%n CUDA-Komponenten</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>Gefunden in</translation>
    </message>
    <message>
        <source>License: %1</source>
        <translation>Lizenz: %1</translation>
    </message>
    <message>
        <source>Installed size: %1</source>
        <translation>Installierte Größe: %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::InventoryPage</name>
    <message>
        <source>Filter packages… (Ctrl+F)</source>
        <translation>Pakete filtern … (Strg+F)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Debian packages</source>
        <translation>Debian-Pakete</translation>
    </message>
    <message>
        <source>Alpine packages</source>
        <translation>Alpine-Pakete</translation>
    </message>
    <message>
        <source>RPM packages</source>
        <translation>RPM-Pakete</translation>
    </message>
    <message>
        <source>Python packages</source>
        <translation>Python-Pakete</translation>
    </message>
    <message>
        <source>Conda packages</source>
        <translation>Conda-Pakete</translation>
    </message>
    <message>
        <source>NVIDIA CUDA</source>
        <translation>NVIDIA CUDA</translation>
    </message>
    <message>
        <source>Reading the file list from the zTOCs…</source>
        <translation>Dateiliste wird aus den zTOCs gelesen …</translation>
    </message>
    <message>
        <source>Listing this image&apos;s files fetches %1 of layers without a zTOC; allow it on the Files tab.</source>
        <translation>Die Dateien dieses Images aufzulisten ruft %1 aus Layern ohne zTOC ab; erlauben Sie es im Reiter „Dateien“.</translation>
    </message>
    <message>
        <source>The inventory is read when you open this tab.</source>
        <translation>Das Inventar wird gelesen, wenn Sie diesen Reiter öffnen.</translation>
    </message>
    <message>
        <source>Looking for package databases and version files…</source>
        <translation>Paketdatenbanken und Versionsdateien werden gesucht …</translation>
    </message>
    <message>
        <source>Reading %1 of %2: %3</source>
        <translation>%1 von %2 wird gelesen: %3</translation>
    </message>
    <message>
        <source>Could not read the inventory: %1</source>
        <translation>Inventar konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>read the inventory</source>
        <translation>Lesen des Inventars</translation>
    </message>
    <message>
        <source>No package database or version file found.</source>
        <translation>Keine Paketdatenbank und keine Versionsdatei gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>read %n file(s), %1, in %2 s</source>
        <translation>
            <numerusform>%n Datei gelesen, %1, in %2 s</numerusform>
            <numerusform>%n Dateien gelesen, %1, in %2 s</numerusform>
        </translation>
    </message>
    <message>
        <source>Not read: %1 (%2)</source>
        <translation>Nicht gelesen: %1 (%2)</translation>
    </message>
    <message>
        <source>No packages found: no dpkg, apk or RPM database, no Python or conda packages, no CUDA version files.</source>
        <translation>Keine Pakete gefunden: keine dpkg-, apk- oder RPM-Datenbank, keine Python- oder Conda-Pakete, keine CUDA-Versionsdateien.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerExportJob</name>
    <message>
        <source>save layer %1 of %2 to %3</source>
        <translation>Speichern von Layer %1 von %2 nach %3</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerModel</name>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>Medientyp</translation>
    </message>
    <message>
        <source>zTOC</source>
        <translation>zTOC</translation>
    </message>
    <message>
        <source>Span size</source>
        <translation>Span-Größe</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Layer number, bottom layer first</source>
        <translation>Layer-Nummer, unterster Layer zuerst</translation>
    </message>
    <message>
        <source>Whether the SOCI index has a zTOC (table of contents) for this layer</source>
        <translation>Ob der SOCI-Index einen zTOC (Inhaltsverzeichnis) für diesen Layer hat</translation>
    </message>
    <message>
        <source>Independently fetchable pieces of the layer</source>
        <translation>Einzeln abrufbare Stücke des Layers</translation>
    </message>
    <message>
        <source>Regular files listed in the zTOC</source>
        <translation>Reguläre Dateien im zTOC</translation>
    </message>
    <message>
        <source>Lazily (only the spans a file needs) or whole (the layer is fetched in full)</source>
        <translation>Bei Bedarf (nur die Spans, die eine Datei braucht) oder ganz (der Layer wird vollständig abgerufen)</translation>
    </message>
    <message>
        <source>Lazily</source>
        <translation>Bei Bedarf</translation>
    </message>
    <message>
        <source>Whole · too small</source>
        <translation>Ganz · zu klein</translation>
    </message>
    <message>
        <source>Whole · zstd</source>
        <translation>Ganz · zstd</translation>
    </message>
    <message>
        <source>Whole · media type</source>
        <translation>Ganz · Medientyp</translation>
    </message>
    <message>
        <source>Whole · refused</source>
        <translation>Ganz · abgelehnt</translation>
    </message>
    <message>
        <source>Whole · not indexed</source>
        <translation>Ganz · nicht indiziert</translation>
    </message>
    <message>
        <source>Whole · no index</source>
        <translation>Ganz · kein Index</translation>
    </message>
    <message>
        <source>zTOC present: a file is fetched span by span</source>
        <translation>zTOC vorhanden: Eine Datei wird Span für Span abgerufen</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>zTOC %1, %2</source>
        <translation>zTOC %1, %2</translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 Bytes</translation>
    </message>
    <message>
        <source>Not in the index (%1 is below the default minimum layer size of 10 MiB)</source>
        <translation>Nicht im Index (%1 unter der Standard-Mindestgröße von 10 MiB)</translation>
    </message>
    <message>
        <source>%1 is below the minimum layer size of %2</source>
        <translation>%1 unter der Mindestgröße von %2</translation>
    </message>
    <message>
        <source>Media type %1 cannot be indexed</source>
        <translation>Medientyp %1 lässt sich nicht indizieren</translation>
    </message>
    <message>
        <source>Zstd (SOCI has no zTOCs for zstd layers)</source>
        <translation>Zstd (SOCI hat keine zTOCs für zstd-Layer)</translation>
    </message>
    <message>
        <source>The image has no SOCI index</source>
        <translation>Das Image hat keinen SOCI-Index</translation>
    </message>
    <message>
        <source>The index has no zTOC for this layer (skipped or refused when it was built)</source>
        <translation>Der Index hat keinen zTOC für diesen Layer (beim Erstellen übersprungen oder abgelehnt)</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>Verschwendet</translation>
    </message>
    <message>
        <source>Bytes of this layer&apos;s files that upper layers overwrite or remove: shipped, never seen (counted when the file list is read)</source>
        <translation>Bytes der Dateien dieses Layers, die höhere Layer überschreiben oder entfernen: übertragen, nie zu sehen (gezählt, wenn die Dateiliste gelesen wird)</translation>
    </message>
    <message numerus="yes">
        <source>%L1 bytes in %n file(s)</source>
        <translation>
            <numerusform>%L1 Bytes in %n Datei</numerusform>
            <numerusform>%L1 Bytes in %n Dateien</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerSaver</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Saving layer %1…</source>
        <translation>Layer %1 wird gespeichert…</translation>
    </message>
    <message>
        <source>Saving layer %1: %2 of %3</source>
        <translation>Layer %1 wird gespeichert: %2 von %3</translation>
    </message>
    <message>
        <source>Saving layer %1 was cancelled; nothing was written.</source>
        <translation>Speichern von Layer %1 abgebrochen; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>Saved layer %1 to %2 (%3, verified against %4).</source>
        <translation>Layer %1 nach %2 gespeichert (%3, geprüft gegen %4).</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayersTab</name>
    <message>
        <source>Looking for a SOCI index…</source>
        <translation>SOCI-Index wird gesucht …</translation>
    </message>
    <message>
        <source>Could not read the SOCI index</source>
        <translation>SOCI-Index konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>%L1 of %L2 bytes</source>
        <translation>%L1 von %L2 Bytes</translation>
    </message>
    <message>
        <source>This image has no SOCI index: every layer is read whole. Make one with “%1”.</source>
        <translation>Dieses Image hat keinen SOCI-Index: Jeder Layer wird ganz gelesen. Erstellen Sie einen mit „%1“.</translation>
    </message>
    <message>
        <source>Only a SOCI v1 index (found through referrers) covers this image. v1 indexes are deprecated and soci-snapshotter 0.10 and later ignore them unless told otherwise; convert the image to get a v2 index.</source>
        <translation>Nur ein SOCI-v1-Index (über Referrer gefunden) deckt dieses Image ab. v1-Indizes sind veraltet, und soci-snapshotter ab 0.10 ignoriert sie ohne gegenteilige Anweisung; konvertieren Sie das Image, um einen v2-Index zu erhalten.</translation>
    </message>
    <message>
        <source>SOCI index v2, bound to this image by its manifest annotation.</source>
        <translation>SOCI-Index v2, über die Manifest-Annotation an dieses Image gebunden.</translation>
    </message>
    <message>
        <source>Wasted space is counted when the file list is read (Files tab).</source>
        <translation>Verschwendeter Platz wird gezählt, wenn die Dateiliste gelesen wird (Reiter Dateien).</translation>
    </message>
    <message>
        <source>&amp;Save Layer As…</source>
        <translation>Layer &amp;speichern unter…</translation>
    </message>
    <message>
        <source>Save the selected layer&apos;s blob to a file, verified against its digest</source>
        <translation>Den Blob des ausgewählten Layers in eine Datei speichern, geprüft gegen seinen Digest</translation>
    </message>
    <message>
        <source>Wasted: %1</source>
        <translation>Verschwendet: %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MainWindow</name>
    <message>
        <source>Sociscope</source>
        <translation>Sociscope</translation>
    </message>
    <message>
        <source>Demo image</source>
        <translation>Demo-Image</translation>
    </message>
    <message>
        <source>Demo image ready in %1</source>
        <translation>Demo-Image bereit in %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open OCI Layout…</source>
        <translation>OCI-Layout ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>&amp;Go to Repository…</source>
        <translation>&amp;Gehe zu Repository …</translation>
    </message>
    <message>
        <source>Add &amp;Registry…</source>
        <translation>&amp;Registry hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Vorwärts</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Show &amp;Sources</source>
        <translation>&amp;Quellen anzeigen</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>Sociscope &amp;einrichten …</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Sociscope</source>
        <translation>Ü&amp;ber Sociscope</translation>
    </message>
    <message>
        <source>About Sociscope</source>
        <translation>Über Sociscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sociscope %1&lt;/h3&gt;&lt;p&gt;Look inside, mount and run huge container images without pulling them.&lt;/p&gt;&lt;p&gt;Reads SOCI indexes and zTOCs to fetch only the bytes a file needs.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Sociscope %1&lt;/h3&gt;&lt;p&gt;In riesige Container-Images hineinsehen, sie einhängen und ausführen, ohne sie herunterzuladen.&lt;/p&gt;&lt;p&gt;Liest SOCI-Indizes und zTOCs, um nur die Bytes abzurufen, die eine Datei braucht.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>“%1” is not an image reference: %2</source>
        <translation>„%1“ ist keine Image-Referenz: %2</translation>
    </message>
    <message>
        <source>Type HOST/REPOSITORY[:TAG], e.g. 127.0.0.1:5000/foo:1.0, or oci:/path/to/folder:TAG.</source>
        <translation>Geben Sie HOST/REPOSITORY[:TAG] ein, z. B. 127.0.0.1:5000/foo:1.0, oder oci:/pfad/zum/ordner:TAG.</translation>
    </message>
    <message>
        <source>%1 — Sociscope</source>
        <translation>%1 — Sociscope</translation>
    </message>
    <message>
        <source>Open OCI Layout</source>
        <translation>OCI-Layout öffnen</translation>
    </message>
    <message>
        <source>The new language applies when Sociscope is started again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von Sociscope.</translation>
    </message>
    <message>
        <source>Extraction finished</source>
        <translation>Extraktion abgeschlossen</translation>
    </message>
    <message numerus="yes">
        <source>Extracted %n file(s), %1.</source>
        <translation>
            <numerusform>%n Datei extrahiert, %1.</numerusform>
            <numerusform>%n Dateien extrahiert, %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Extraction failed</source>
        <translation>Extraktion fehlgeschlagen</translation>
    </message>
    <message>
        <source>Run Console</source>
        <translation>Ausführungskonsole</translation>
    </message>
    <message>
        <source>Mounts</source>
        <translation>Einhängungen</translation>
    </message>
    <message>
        <source>Fetches</source>
        <translation>Abrufe</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>Ausführung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Run finished: %1</source>
        <translation>Ausführung beendet: %1</translation>
    </message>
    <message>
        <source>An extraction is running</source>
        <translation>Eine Extraktion läuft</translation>
    </message>
    <message>
        <source>Files are still being extracted. Quitting now cancels the extraction; files already written stay, none is left half-written.</source>
        <translation>Es werden noch Dateien extrahiert. Beenden bricht die Extraktion ab; bereits geschriebene Dateien bleiben, keine bleibt halb geschrieben.</translation>
    </message>
    <message>
        <source>Cancel Extraction and Quit</source>
        <translation>Extraktion abbrechen und beenden</translation>
    </message>
    <message>
        <source>Keep Working</source>
        <translation>Weiterarbeiten</translation>
    </message>
    <message>
        <source>An extraction is running: clear the cache once it is done or cancelled.</source>
        <translation>Eine Extraktion läuft: Leeren Sie den Cache, wenn sie fertig oder abgebrochen ist.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MessageBar</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>%1 kopieren</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountDialog</name>
    <message>
        <source>Mount Image</source>
        <translation>Image einhängen</translation>
    </message>
    <message>
        <source>Mount %1 read-only as a folder. Files are fetched lazily, span by span, as they are read; the folder opens in your file manager.</source>
        <translation>%1 schreibgeschützt als Ordner einhängen. Dateien werden beim Lesen bei Bedarf Span für Span abgerufen; der Ordner öffnet sich in Ihrem Dateimanager.</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;Mount</source>
        <translation>&amp;Einhängen</translation>
    </message>
    <message>
        <source>Mount Into Folder</source>
        <translation>In Ordner einhängen</translation>
    </message>
    <message>
        <source>Fetch the &amp;whole image in the background</source>
        <translation>Das &amp;ganze Abbild im Hintergrund laden</translation>
    </message>
    <message>
        <source>While nothing reads the folder, the daemon fills its cache with the image&apos;s spans, reads first. Otherwise it fetches ahead as much as Settings → Preferences → Background fetch allows (the daemon&apos;s default: 64 MiB).</source>
        <translation>Solange nichts den Ordner liest, füllt der Daemon seinen Cache mit den Spans des Images, gelesene zuerst. Sonst lädt er so viel voraus, wie Einstellungen → Sociscope einrichten → Hintergrundabruf erlaubt (Vorgabe des Daemons: 64 MiB).</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountListModel</name>
    <message>
        <source>%1
image %2
mount %3</source>
        <translation>%1
Image %2
Einhängung %3</translation>
    </message>
    <message>
        <source>made for run %1</source>
        <translation>angelegt für Ausführung %1</translation>
    </message>
    <message>
        <source>%1 (run %2)</source>
        <translation>%1 (Ausführung %2)</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Mounted</source>
        <translation>Eingehängt</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>whole image</source>
        <translation>ganzes Abbild</translation>
    </message>
    <message>
        <source>up to %1</source>
        <translation>bis %1</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>fetching</source>
        <translation>lädt</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>budget spent</source>
        <translation>Budget aufgebraucht</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: %2 % local, %3</source>
        <translation>%1: %2 % lokal, %3</translation>
    </message>
    <message>
        <source>Background fetch</source>
        <translation>Laden im Hintergrund</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountsPanel</name>
    <message>
        <source>&amp;Open Folder</source>
        <translation>Ordner ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Unmount</source>
        <translation>&amp;Aushängen</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Mount an image from its page (Mount…) to browse it in your file manager; only the bytes you open are fetched.</source>
        <translation>Hängen Sie ein Image auf seiner Seite ein (Einhängen …), um es im Dateimanager zu durchsuchen; nur die Bytes, die Sie öffnen, werden abgerufen.</translation>
    </message>
    <message>
        <source>No daemon answers, so nothing is mounted: %1</source>
        <translation>Kein Daemon antwortet, daher ist nichts eingehängt: %1</translation>
    </message>
    <message>
        <source>Nothing is mounted. Mount an image from its page (Mount…).</source>
        <translation>Nichts eingehängt. Hängen Sie ein Image auf seiner Seite ein (Einhängen …).</translation>
    </message>
    <message numerus="yes">
        <source>%n mount(s). Double-click one to open it in your file manager.</source>
        <translation>
            <numerusform>%n Einhängung. Doppelklicken Sie darauf, um sie im Dateimanager zu öffnen.</numerusform>
            <numerusform>%n Einhängungen. Doppelklicken Sie auf eine, um sie im Dateimanager zu öffnen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Mounting %1 at %2…</source>
        <translation>%1 wird in %2 eingehängt …</translation>
    </message>
    <message>
        <source>Could not mount %1</source>
        <translation>Einhängen von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Mounts need FUSE (fusermount3) and sociscoped; see docs/daemon.md.</source>
        <translation>Zum Einhängen werden FUSE (fusermount3) und sociscoped benötigt; siehe docs/daemon.md.</translation>
    </message>
    <message>
        <source>Could not unmount %1</source>
        <translation>Aushängen von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 was busy: it is detached and goes once its open files are closed.</source>
        <translation>%1 war belegt: Die Einhängung wurde gelöst und verschwindet, sobald die darin geöffneten Dateien geschlossen sind.</translation>
    </message>
    <message>
        <source>Mounted at %1</source>
        <translation>Eingehängt unter %1</translation>
    </message>
    <message>
        <source>No file manager was found to open it: open the folder yourself, or copy its path.</source>
        <translation>Es wurde kein Dateimanager gefunden, der ihn öffnet: Öffnen Sie den Ordner selbst oder kopieren Sie seinen Pfad.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PackageChangeModel</name>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Versions in A</source>
        <translation>Versionen in A</translation>
    </message>
    <message>
        <source>Versions in B</source>
        <translation>Versionen in B</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Upgraded or downgraded</source>
        <translation>Aktualisiert oder zurückgestuft</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PlatformModel</name>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>Medientyp</translation>
    </message>
    <message>
        <source>SOCI index</source>
        <translation>SOCI-Index</translation>
    </message>
    <message>
        <source>Attestation</source>
        <translation>Attestierung</translation>
    </message>
    <message>
        <source>Artifact (%1)</source>
        <translation>Artefakt (%1)</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Artefakt</translation>
    </message>
    <message numerus="yes">
        <source>Image · %n layer(s)</source>
        <translation>
            <numerusform>Image · %n Layer</numerusform>
            <numerusform>Image · %n Layer</numerusform>
        </translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Compressed size of the layers</source>
        <translation>Komprimierte Größe der Layer</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemvorgabe (%1)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The new language applies when Sociscope is started again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von Sociscope.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Clea&amp;r Cache</source>
        <translation>Cache lee&amp;ren</translation>
    </message>
    <message>
        <source>Where the spans, zTOCs and layers this window fetches are kept. Images opened from now on use it; the daemon keeps its own (sociscoped --cache-dir).</source>
        <translation>Wo die Spans, zTOCs und Layer liegen, die dieses Fenster abruft. Ab jetzt geöffnete Images verwenden ihn; der Daemon hat seinen eigenen (sociscoped --cache-dir).</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>Spans, whole layers and local files past this are evicted, least recently used first; decompressed spans kept beside them may add an eighth.</source>
        <translation>Spans, ganze Layer und lokale Dateien darüber hinaus werden verdrängt, die am längsten unbenutzten zuerst; daneben gehaltene entpackte Spans können ein Achtel hinzufügen.</translation>
    </message>
    <message>
        <source>From the environment (http_proxy, https_proxy, no_proxy)</source>
        <translation>Aus der Umgebung (http_proxy, https_proxy, no_proxy)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keiner</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manuell</translation>
    </message>
    <message>
        <source>The folder used last, else Downloads, else home</source>
        <translation>Zuletzt benutzt, sonst Downloads oder Home</translation>
    </message>
    <message>
        <source>The daemon&apos;s default</source>
        <translation>Vorgabe des Daemons</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Up to a budget</source>
        <translation>Bis zu einem Budget</translation>
    </message>
    <message>
        <source>The whole image</source>
        <translation>Das ganze Image</translation>
    </message>
    <message>
        <source>What a mount made with Mount… fetches into the daemon&apos;s cache while nothing reads it.</source>
        <translation>Was ein mit „Einhängen …“ erstelltes Mount in den Cache des Daemons abruft, während nichts daraus liest.</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>Cache Folder</source>
        <translation>Cache-Ordner</translation>
    </message>
    <message>
        <source>&amp;Size limit:</source>
        <translation>Größen&amp;limit:</translation>
    </message>
    <message>
        <source>In use:</source>
        <translation>Belegt:</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy:</translation>
    </message>
    <message>
        <source>Proxy &amp;URL:</source>
        <translation>Proxy-&amp;URL:</translation>
    </message>
    <message>
        <source>For this window&apos;s requests. The daemon&apos;s mounts and runs use the proxy of the daemon&apos;s environment.</source>
        <translation>Für die Anfragen dieses Fensters. Mounts und Ausführungen des Daemons verwenden den Proxy aus der Umgebung des Daemons.</translation>
    </message>
    <message>
        <source>Files and mounts</source>
        <translation>Dateien und Mounts</translation>
    </message>
    <message>
        <source>&amp;Extract to:</source>
        <translation>&amp;Extrahieren nach:</translation>
    </message>
    <message>
        <source>Default Extract Folder</source>
        <translation>Standardordner für Extraktionen</translation>
    </message>
    <message>
        <source>&amp;Background fetch:</source>
        <translation>&amp;Hintergrundabruf:</translation>
    </message>
    <message>
        <source>For mounts made here with Mount…; how fast, and how soon after a read, the daemon fetches in the background is set when it starts (sociscoped --background-rate, --background-quiet).</source>
        <translation>Für hier mit „Einhängen …“ erstellte Mounts; wie schnell und wie bald nach einem Lesezugriff der Daemon im Hintergrund abruft, wird bei seinem Start festgelegt (sociscoped --background-rate, --background-quiet).</translation>
    </message>
    <message>
        <source>Not an absolute path.</source>
        <translation>Kein absoluter Pfad.</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n file(s)</source>
        <translation>
            <numerusform>%1 in %n Datei</numerusform>
            <numerusform>%1 in %n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear Cache</source>
        <translation>Cache leeren</translation>
    </message>
    <message>
        <source>Images open in this window read from this cache. Clearing it makes them fetch again what they read.</source>
        <translation>In diesem Fenster geöffnete Images lesen aus diesem Cache. Wird er geleert, rufen sie Gelesenes erneut ab.</translation>
    </message>
    <message>
        <source>Clearing…</source>
        <translation>Wird geleert …</translation>
    </message>
    <message>
        <source>The cache was not cleared: the daemon reads from %1 for its mounts and runs (mounts: %2, runs: %3). Unmount them in the Mounts dock and end the runs first.</source>
        <translation>Der Cache wurde nicht geleert: Der Daemon liest für seine Mounts und Ausführungen aus %1 (Mounts: %2, Ausführungen: %3). Hängen Sie sie zuerst im Mounts-Dock aus und beenden Sie die Ausführungen.</translation>
    </message>
    <message>
        <source>The cache could not be cleared: %1</source>
        <translation>Der Cache konnte nicht geleert werden: %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PreviewPane</name>
    <message>
        <source>What reading or extracting the selection fetches: the compressed spans holding its data, minus those already in memory or in the disk cache</source>
        <translation>Was Lesen oder Extrahieren der Auswahl abruft: die komprimierten Spans mit ihren Daten, abzüglich derer, die schon im Speicher oder im Festplatten-Cache liegen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Text, image or ELF summary, as the content suggests</source>
        <translation>Text, Bild oder ELF-Übersicht, je nach Inhalt</translation>
    </message>
    <message>
        <source>The first %1 as a hex dump</source>
        <translation>Die ersten %1 als Hexdump</translation>
    </message>
    <message>
        <source>Extract to…</source>
        <translation>Extrahieren nach …</translation>
    </message>
    <message>
        <source>Write the selection to a folder (Ctrl+E)</source>
        <translation>Die Auswahl in einen Ordner schreiben (Strg+E)</translation>
    </message>
    <message>
        <source>Select a file to see what is in it.</source>
        <translation>Wählen Sie eine Datei, um ihren Inhalt zu sehen.</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message>
        <source>spans %1</source>
        <translation>Spans %1</translation>
    </message>
    <message>
        <source>A whiteout: this layer deletes “%1” from the layers below it.</source>
        <translation>Ein Whiteout: Dieser Layer löscht „%1“ aus den Layern darunter.</translation>
    </message>
    <message numerus="yes">
        <source>A folder of %n entry(s).</source>
        <translation>
            <numerusform>Ein Ordner mit %n Eintrag.</numerusform>
            <numerusform>Ein Ordner mit %n Einträgen.</numerusform>
        </translation>
    </message>
    <message>
        <source>A symbolic link to %1</source>
        <translation>Ein symbolischer Link auf %1</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) selected</source>
        <translation>
            <numerusform>%n Eintrag ausgewählt</numerusform>
            <numerusform>%n Einträge ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Drag them out, or extract them with Ctrl+E.</source>
        <translation>Ziehen Sie sie heraus oder extrahieren Sie sie mit Strg+E.</translation>
    </message>
    <message numerus="yes">
        <source>Fetching %1 (%n span(s))…</source>
        <translation>
            <numerusform>%1 wird abgerufen (%n Span) …</numerusform>
            <numerusform>%1 wird abgerufen (%n Spans) …</numerusform>
        </translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>%1, %2-bit, %3 endian</source>
        <translation>%1, %2 Bit, %3</translation>
    </message>
    <message>
        <source>little</source>
        <translation>Little Endian</translation>
    </message>
    <message>
        <source>big</source>
        <translation>Big Endian</translation>
    </message>
    <message>
        <source>OS/ABI</source>
        <translation>OS/ABI</translation>
    </message>
    <message>
        <source>Linking</source>
        <translation>Linkart</translation>
    </message>
    <message>
        <source>dynamic</source>
        <translation>dynamisch</translation>
    </message>
    <message>
        <source>static</source>
        <translation>statisch</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Interpreter</translation>
    </message>
    <message>
        <source>Soname</source>
        <translation>Soname</translation>
    </message>
    <message>
        <source>Run path</source>
        <translation>Run-Path</translation>
    </message>
    <message>
        <source>Entry point</source>
        <translation>Einsprungadresse</translation>
    </message>
    <message>
        <source>Needed libraries (%1)</source>
        <translation>Benötigte Bibliotheken (%1)</translation>
    </message>
    <message>
        <source>Needs no shared libraries.</source>
        <translation>Braucht keine gemeinsamen Bibliotheken.</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>Leere Datei</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 · %3</source>
        <translation>Die ersten %1 von %2 · %3</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>The first %1 of %2, in hex</source>
        <translation>Die ersten %1 von %2, hexadezimal</translation>
    </message>
    <message>
        <source>%1, in hex</source>
        <translation>%1, hexadezimal</translation>
    </message>
    <message>
        <source>%1 image, %2 × %3 pixels</source>
        <translation>%1-Bild, %2 × %3 Pixel</translation>
    </message>
    <message>
        <source>ELF summary read from the headers; Hex shows the bytes</source>
        <translation>ELF-Übersicht aus den Headern; „Hex“ zeigt die Bytes</translation>
    </message>
    <message>
        <source>Could not read this file: %1</source>
        <translation>Diese Datei konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Working out what extracting this fetches…</source>
        <translation>Wird ermittelt, was das Extrahieren abruft …</translation>
    </message>
    <message>
        <source>No file data: nothing to fetch.</source>
        <translation>Keine Dateidaten: nichts abzurufen.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1</source>
        <translation>
            <numerusform>%n Datei, %1</numerusform>
            <numerusform>%n Dateien, %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, all in %n cached span(s).</source>
        <translation>
            <numerusform>&lt;b&gt;Nichts abzurufen&lt;/b&gt;: %1, alles in %n zwischengespeichertem Span.</numerusform>
            <numerusform>&lt;b&gt;Nichts abzurufen&lt;/b&gt;: %1, alles in %n zwischengespeicherten Spans.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, already here.</source>
        <translation>&lt;b&gt;Nichts abzurufen&lt;/b&gt;: %1, schon vorhanden.</translation>
    </message>
    <message numerus="yes">
        <source>Extracting fetches &lt;b&gt;%1&lt;/b&gt; (%n span(s))</source>
        <translation>
            <numerusform>Extrahieren ruft &lt;b&gt;%1&lt;/b&gt; ab (%n Span)</numerusform>
            <numerusform>Extrahieren ruft &lt;b&gt;%1&lt;/b&gt; ab (%n Spans)</numerusform>
        </translation>
    </message>
    <message>
        <source> for %1</source>
        <translation> für %1</translation>
    </message>
    <message>
        <source>; %1 already cached</source>
        <translation>; %1 schon zwischengespeichert</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ReferrerModel</name>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Refers to</source>
        <translation>Verweist auf</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Artifact type</source>
        <translation>Artefakttyp</translation>
    </message>
    <message>
        <source>SOCI index v1</source>
        <translation>SOCI-Index v1</translation>
    </message>
    <message>
        <source>SOCI index v2</source>
        <translation>SOCI-Index v2</translation>
    </message>
    <message>
        <source>Signature (Sigstore)</source>
        <translation>Signatur (Sigstore)</translation>
    </message>
    <message>
        <source>Signature (Notation)</source>
        <translation>Signatur (Notation)</translation>
    </message>
    <message>
        <source>SBOM (SPDX)</source>
        <translation>SBOM (SPDX)</translation>
    </message>
    <message>
        <source>SBOM (CycloneDX)</source>
        <translation>SBOM (CycloneDX)</translation>
    </message>
    <message>
        <source>Attestation (in-toto)</source>
        <translation>Attestierung (in-toto)</translation>
    </message>
    <message>
        <source>SBOM</source>
        <translation>SBOM</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Artefakt</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ReferrersTab</name>
    <message>
        <source>No referrers: no signature, SBOM, attestation or SOCI v1 index refers to this image.</source>
        <translation>Keine Referrer: Keine Signatur, keine SBOM, keine Attestierung und kein SOCI-v1-Index verweist auf dieses Image.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RegistryStatus</name>
    <message>
        <source>Local folder · no network</source>
        <translation>Lokaler Ordner · kein Netzwerk</translation>
    </message>
    <message>
        <source>not contacted yet</source>
        <translation>noch nicht kontaktiert</translation>
    </message>
    <message>
        <source>rate limit %1, %2 left</source>
        <translation>Ratenlimit %1, %2 übrig</translation>
    </message>
    <message>
        <source>Authentication and the rate-limit headers of the last answer from %1</source>
        <translation>Authentifizierung und Ratenlimit-Header der letzten Antwort von %1</translation>
    </message>
    <message>
        <source>basic as %1</source>
        <translation>Basic als %1</translation>
    </message>
    <message>
        <source>token as %1</source>
        <translation>Token als %1</translation>
    </message>
    <message>
        <source>token (identity token)</source>
        <translation>Token (Identity-Token)</translation>
    </message>
    <message>
        <source>token (anonymous)</source>
        <translation>Token (anonym)</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>anonym</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RunConsole</name>
    <message>
        <source>No runs yet. Open an image and press Run to start one; several runs show side by side in tabs.</source>
        <translation>Noch keine Ausführungen. Öffnen Sie ein Image und klicken Sie auf „Ausführen“, um eine zu starten; mehrere Ausführungen erscheinen nebeneinander in Reitern.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RunSession</name>
    <message>
        <source>fetched %1 of a %2 image; %3 from the cache</source>
        <translation>%1 von einem %2 großen Image abgerufen; %3 aus dem Cache</translation>
    </message>
    <message>
        <source>The connection to sociscoped ended before the run exited.</source>
        <translation>Die Verbindung zu sociscoped endete, bevor die Ausführung beendet war.</translation>
    </message>
    <message>
        <source>sociscoped ended the run before it started.</source>
        <translation>sociscoped hat die Ausführung vor ihrem Start beendet.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RunTab</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Se&amp;nd</source>
        <translation>Sen&amp;den</translation>
    </message>
    <message>
        <source>&amp;Close Input</source>
        <translation>&amp;Eingabe schließen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>The image&apos;s entrypoint and command; edit them to run something else. Quote words with spaces as a shell would.</source>
        <translation>Entrypoint und Befehl des Images; ändern Sie sie, um etwas anderes auszuführen. Setzen Sie Wörter mit Leerzeichen wie in einer Shell in Anführungszeichen.</translation>
    </message>
    <message>
        <source>NAME=value …, added to the image&apos;s environment</source>
        <translation>NAME=Wert …, ergänzt die Umgebung des Images</translation>
    </message>
    <message>
        <source>Co&amp;mmand:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Umgebung:</translation>
    </message>
    <message>
        <source>The run&apos;s output appears here; its errors in red.</source>
        <translation>Hier erscheint die Ausgabe der Ausführung, Fehler in Rot.</translation>
    </message>
    <message>
        <source>A line for the run&apos;s standard input</source>
        <translation>Eine Zeile für die Standardeingabe der Ausführung</translation>
    </message>
    <message>
        <source>End the run&apos;s input (as Ctrl+D would)</source>
        <translation>Die Eingabe der Ausführung beenden (wie Strg+D)</translation>
    </message>
    <message>
        <source>Stop the run: SIGTERM, then SIGKILL after 3 seconds</source>
        <translation>Die Ausführung stoppen: SIGTERM, nach 3 Sekunden SIGKILL</translation>
    </message>
    <message>
        <source>Running %1 (run %2)</source>
        <translation>%1 wird ausgeführt (Ausführung %2)</translation>
    </message>
    <message>
        <source>Exited with code %1 · %2</source>
        <translation>Mit Code %1 beendet · %2</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Die Ausführung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Edit the command if you like, then press Start. The run is lazy: only the bytes it reads are fetched.</source>
        <translation>Ändern Sie den Befehl nach Wunsch und klicken Sie dann auf „Starten“. Abgerufen wird nur bei Bedarf: nur die Bytes, die die Ausführung liest.</translation>
    </message>
    <message>
        <source>The command does not parse: %1</source>
        <translation>Der Befehl lässt sich nicht auswerten: %1</translation>
    </message>
    <message>
        <source>Type a command to run: this image has no default entrypoint or command.</source>
        <translation>Geben Sie einen auszuführenden Befehl ein: Dieses Image hat weder einen Standard-Entrypoint noch einen Standardbefehl.</translation>
    </message>
    <message>
        <source>The environment does not parse: %1</source>
        <translation>Die Umgebung lässt sich nicht auswerten: %1</translation>
    </message>
    <message>
        <source>“%1” is not NAME=value: environment overrides are NAME=value words separated by spaces.</source>
        <translation>„%1“ hat nicht die Form NAME=Wert: Umgebungsvariablen werden als durch Leerzeichen getrennte Wörter NAME=Wert angegeben.</translation>
    </message>
    <message>
        <source>Mounting %1 and starting the run…</source>
        <translation>%1 wird eingehängt und die Ausführung gestartet …</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt …</translation>
    </message>
    <message>
        <source>Stopped · %1</source>
        <translation>Gestoppt · %1</translation>
    </message>
    <message>
        <source>&amp;Record startup</source>
        <translation>Start &amp;aufzeichnen</translation>
    </message>
    <message>
        <source>Record which spans of which layers the run reads until its first output, and save them as the image&apos;s startup profile (its Startup tab), to publish as SOCI prefetch artifacts</source>
        <translation>Aufzeichnen, welche Spans welcher Schichten der Lauf bis zu seiner ersten Ausgabe liest, und als Startprofil des Images speichern (sein Reiter „Start“), um sie als SOCI-Prefetch-Artefakte zu veröffentlichen</translation>
    </message>
    <message>
        <source>%1 · startup profile saved to %2</source>
        <translation>%1 · Startprofil gespeichert unter %2</translation>
    </message>
    <message>
        <source>%1 · the startup profile could not be made: %2</source>
        <translation>%1 · das Startprofil konnte nicht erstellt werden: %2</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SaveLayerDialog</name>
    <message>
        <source>Save Layer %1</source>
        <translation>Layer %1 speichern</translation>
    </message>
    <message>
        <source>&amp;Uncompressed tar (verified against the diff_id)</source>
        <translation>&amp;Unkomprimiertes tar (geprüft gegen die diff_id)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Layer %1 · %2 · %3
The blob is streamed to the file and checked against its digest; a file that does not match is removed.</source>
        <translation>Layer %1 · %2 · %3
Der Blob wird in die Datei gestreamt und gegen seinen Digest geprüft; eine Datei, die nicht passt, wird entfernt.</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ScreenshotRunner</name>
    <message>
        <source>the views did not load within 3 minutes</source>
        <translation>die Ansichten luden nicht innerhalb von 3 Minuten</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>bad repository %1</source>
        <translation>ungültiges Repository %1</translation>
    </message>
    <message>
        <source>the run did not start: %1</source>
        <translation>die Ausführung ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>the image page has no Space tab</source>
        <translation>die Image-Seite hat keinen Reiter „Speicherplatz“</translation>
    </message>
    <message>
        <source>the Create SOCI Index dialog has no Create button</source>
        <translation>der Dialog „SOCI-Index erstellen“ hat keinen Knopf „Erstellen“</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SelectionPreview</name>
    <message>
        <source>Cannot tell what extracting fetches: %1</source>
        <translation>Unklar, was das Extrahieren abruft: %1</translation>
    </message>
    <message>
        <source>Preview cancelled: nothing more is fetched for it. Select the file again to fetch it.</source>
        <translation>Vorschau abgebrochen: dafür wird nichts mehr abgerufen. Wählen Sie die Datei erneut, um sie abzurufen.</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SourcesModel</name>
    <message>
        <source>Registries</source>
        <translation>Registrys</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Vorgaben</translation>
    </message>
    <message>
        <source>Local folders</source>
        <translation>Lokale Ordner</translation>
    </message>
    <message>
        <source>Public registries Sociscope knows</source>
        <translation>Öffentliche Registrys, die Sociscope kennt</translation>
    </message>
    <message>
        <source>OCI image-layout folders (File → Open OCI Layout…)</source>
        <translation>OCI-Image-Layout-Ordner (Datei → OCI-Layout öffnen …)</translation>
    </message>
    <message>
        <source>Loading the catalog…</source>
        <translation>Katalog wird geladen …</translation>
    </message>
    <message>
        <source>AWS Deep Learning Containers</source>
        <translation>AWS Deep Learning Containers</translation>
    </message>
    <message>
        <source>Amazon ECR Public Gallery</source>
        <translation>Amazon ECR Public Gallery</translation>
    </message>
    <message>
        <source>Docker Hub</source>
        <translation>Docker Hub</translation>
    </message>
    <message>
        <source>GitHub Container Registry</source>
        <translation>GitHub Container Registry</translation>
    </message>
    <message>
        <source>No repositories</source>
        <translation>Keine Repositorys</translation>
    </message>
    <message>
        <source>Registries you added (File → Add Registry…)</source>
        <translation>Von Ihnen hinzugefügte Registrys (Datei → Registry hinzufügen …)</translation>
    </message>
    <message>
        <source>Type ghcr.io/OWNER/IMAGE above</source>
        <translation>ghcr.io/BESITZER/IMAGE oben eingeben</translation>
    </message>
    <message>
        <source>GitHub&apos;s registry lists no catalog: type ghcr.io/OWNER/IMAGE in the box above</source>
        <translation>Die Registry von GitHub hat keinen Katalog: oben im Feld ghcr.io/BESITZER/IMAGE eingeben</translation>
    </message>
    <message>
        <source>No catalog: type a name above</source>
        <translation>Kein Katalog: oben Namen eingeben</translation>
    </message>
    <message>
        <source>No catalog (%1): type a repository in the box above</source>
        <translation>Kein Katalog (%1): oben im Feld ein Repository eingeben</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>Lesezeichen</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Images you bookmarked (View → Bookmark Image, Ctrl+D)</source>
        <translation>Images mit Lesezeichen (Ansicht → Lesezeichen für Image, Strg+D)</translation>
    </message>
    <message>
        <source>Images opened lately, the latest first</source>
        <translation>Zuletzt geöffnete Images, das neueste zuerst</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SourcesSidebar</name>
    <message>
        <source>Go to repository or image…</source>
        <translation>Gehe zu Repository oder Image …</translation>
    </message>
    <message>
        <source>A repository shows its tags; with a tag or digest the image opens.
Examples: public.ecr.aws/deep-learning-containers/vllm
          127.0.0.1:5000/sociscope/demo:latest
          ubuntu:24.04     oci:/path/to/layout:tag</source>
        <translation>Ein Repository zeigt seine Tags; mit Tag oder Digest öffnet sich das Image.
Beispiele: public.ecr.aws/deep-learning-containers/vllm
           127.0.0.1:5000/sociscope/demo:latest
           ubuntu:24.04     oci:/pfad/zum/layout:tag</translation>
    </message>
    <message>
        <source>Add &amp;Registry…</source>
        <translation>&amp;Registry hinzufügen …</translation>
    </message>
    <message>
        <source>Add a registry</source>
        <translation>Eine Registry hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected source</source>
        <translation>Die gewählte Quelle entfernen</translation>
    </message>
    <message>
        <source>“%1” is not a repository or image reference: %2</source>
        <translation>„%1“ ist keine Repository- oder Image-Referenz: %2</translation>
    </message>
    <message>
        <source>Type HOST/REPOSITORY[:TAG], e.g. public.ecr.aws/deep-learning-containers/vllm, or oci:/path/to/folder.</source>
        <translation>Geben Sie HOST/REPOSITORY[:TAG] ein, z. B. public.ecr.aws/deep-learning-containers/vllm, oder oci:/pfad/zum/ordner.</translation>
    </message>
    <message>
        <source>credentials needed</source>
        <translation>Zugangsdaten nötig</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>not offered</source>
        <translation>nicht angeboten</translation>
    </message>
    <message>
        <source>list the catalog of %1</source>
        <translation>Auflisten des Katalogs von %1</translation>
    </message>
    <message>
        <source>store the credentials for %1</source>
        <translation>Speichern der Zugangsdaten für %1</translation>
    </message>
    <message>
        <source>Credentials for %1 stored (%2).</source>
        <translation>Zugangsdaten für %1 gespeichert (%2).</translation>
    </message>
    <message>
        <source>remove the credentials for %1</source>
        <translation>Entfernen der Zugangsdaten für %1</translation>
    </message>
    <message>
        <source>Credentials for %1 removed.</source>
        <translation>Zugangsdaten für %1 entfernt.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Set &amp;Credentials…</source>
        <translation>&amp;Zugangsdaten festlegen …</translation>
    </message>
    <message>
        <source>&amp;Forget Credentials</source>
        <translation>Zugangsdaten &amp;vergessen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>sign in to %1</source>
        <translation>Anmeldung bei %1</translation>
    </message>
    <message>
        <source>&amp;Bookmark Image</source>
        <translation>&amp;Lesezeichen für Image</translation>
    </message>
    <message>
        <source>Add the image shown to Bookmarks in the sidebar, or remove it</source>
        <translation>Das angezeigte Image zu den Lesezeichen in der Seitenleiste hinzufügen oder daraus entfernen</translation>
    </message>
    <message>
        <source>&amp;Bookmark</source>
        <translation>&amp;Lesezeichen setzen</translation>
    </message>
    <message>
        <source>&amp;Remove Bookmark</source>
        <translation>Lesezeichen &amp;entfernen</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>Liste „Zuletzt geöffnet“ leeren</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SpaceTab</name>
    <message>
        <source>The merged image (what a container sees) or one layer&apos;s own files</source>
        <translation>Das zusammengeführte Image (was ein Container sieht) oder die eigenen Dateien eines Layers</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>The folder above (Backspace)</source>
        <translation>Der Ordner darüber (Rücktaste)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Whole image (merged)</source>
        <translation>Ganzes Image (zusammengeführt)</translation>
    </message>
    <message>
        <source>The file list is read when you open this tab.</source>
        <translation>Die Dateiliste wird gelesen, wenn Sie diesen Reiter öffnen.</translation>
    </message>
    <message>
        <source>Reading the files of layer %1…</source>
        <translation>Dateien von Layer %1 werden gelesen …</translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 Bytes</translation>
    </message>
    <message>
        <source>merged image</source>
        <translation>zusammengeführtes Image</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 in %n file(s) · %3</source>
        <translation>
            <numerusform>%1 · %2 in %n Datei · %3</numerusform>
            <numerusform>%1 · %2 in %n Dateien · %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding up the sizes of %Ln entries…</source>
        <translation>
            <numerusform>Größen von %Ln Eintrag werden addiert…</numerusform>
            <numerusform>Größen von %Ln Einträgen werden addiert…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SpanMapView</name>
    <message>
        <source>Layer %1 · no zTOC · fetched whole</source>
        <translation>Layer %1 · kein zTOC · ganz abgerufen</translation>
    </message>
    <message>
        <source>Layer %1 · no zTOC · read whole when needed</source>
        <translation>Layer %1 · kein zTOC · bei Bedarf ganz gelesen</translation>
    </message>
    <message>
        <source>Layer %1 · spans not known yet</source>
        <translation>Layer %1 · Spans noch unbekannt</translation>
    </message>
    <message numerus="yes">
        <source>Layer %1 · %2 of %n span(s) touched</source>
        <translation>
            <numerusform>Layer %1 · %2 von %n Span berührt</numerusform>
            <numerusform>Layer %1 · %2 von %n Spans berührt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::StartupProfileTab</name>
    <message>
        <source>&amp;Publish as Prefetch Artifact…</source>
        <translation>Als Prefetch-Artefakt &amp;veröffentlichen…</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Write the profile&apos;s spans as SOCI prefetch artifacts, one per layer, into a new SOCI index of this image and push it (as `sociscopectl index prefetch add --from` does); the old index stays valid</source>
        <translation>Die Spans des Profils als SOCI-Prefetch-Artefakte, eines je Schicht, in einen neuen SOCI-Index dieses Images schreiben und ihn hochladen (wie `sociscopectl index prefetch add --from`); der alte Index bleibt gültig</translation>
    </message>
    <message>
        <source>No startup profile of this image yet.</source>
        <translation>Noch kein Startprofil dieses Images.</translation>
    </message>
    <message>
        <source>No image.</source>
        <translation>Kein Image.</translation>
    </message>
    <message>
        <source>No startup profile of this image yet. Run it with “Record startup” ticked (Run…), or record one with `sociscopectl run --record-startup` or `sociscopectl record`.</source>
        <translation>Noch kein Startprofil dieses Images. Starten Sie es mit angehaktem „Start aufzeichnen“ (Ausführen…), oder zeichnen Sie eines mit `sociscopectl run --record-startup` oder `sociscopectl record` auf.</translation>
    </message>
    <message>
        <source>The startup profile %1 cannot be read: %2</source>
        <translation>Das Startprofil %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>first output after %1 ms</source>
        <translation>erste Ausgabe nach %1 ms</translation>
    </message>
    <message>
        <source>no output</source>
        <translation>keine Ausgabe</translation>
    </message>
    <message>
        <source>until its first output</source>
        <translation>bis zur ersten Ausgabe</translation>
    </message>
    <message numerus="yes">
        <source>for %n second(s)</source>
        <translation>
            <numerusform>%n Sekunde lang</numerusform>
            <numerusform>%n Sekunden lang</numerusform>
        </translation>
    </message>
    <message>
        <source>until its exit</source>
        <translation>bis zum Ende</translation>
    </message>
    <message>
        <source>At start, %1 of the %2 image (%3) · %4 · recorded %5 · %6</source>
        <translation>Beim Start %1 des %2 großen Images (%3) · %4 · aufgezeichnet %5 · %6</translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation>Schicht %1 · %2</translation>
    </message>
    <message>
        <source>Span %1</source>
        <translation>Span %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more file(s)</source>
        <translation>
            <numerusform>… und %n weitere Datei</numerusform>
            <numerusform>… und %n weitere Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Publish as Prefetch Artifact</source>
        <translation>Als Prefetch-Artefakt veröffentlichen</translation>
    </message>
    <message>
        <source>Write the spans of this startup profile as SOCI prefetch artifacts into a new SOCI index of %1 and push it? The old index stays valid.</source>
        <translation>Die Spans dieses Startprofils als SOCI-Prefetch-Artefakte in einen neuen SOCI-Index von %1 schreiben und ihn hochladen? Der alte Index bleibt gültig.</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>Wird veröffentlicht…</translation>
    </message>
    <message numerus="yes">
        <source>Published: SOCI index v%1 %2 with %n prefetch artifact(s).</source>
        <translation>
            <numerusform>Veröffentlicht: SOCI-Index v%1 %2 mit %n Prefetch-Artefakt.</numerusform>
            <numerusform>Veröffentlicht: SOCI-Index v%1 %2 mit %n Prefetch-Artefakten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Publishing failed: %1</source>
        <translation>Veröffentlichen fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TagFamilyModel</name>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>OS</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>The most specific tag of the image; hover a row for all of them</source>
        <translation>Der genaueste Tag des Images; alle zeigt der Tooltip einer Zeile</translation>
    </message>
    <message>
        <source>An image, or the SOCI-enabled twin (“…-soci”) of the image above it</source>
        <translation>Ein Image oder der SOCI-Zwilling („…-soci“) des Images darüber</translation>
    </message>
    <message>
        <source>Rolling tags move to each new release; pinned tags (with a timestamp or minor release) never move</source>
        <translation>Mitlaufende Tags wandern zu jedem neuen Release; fixierte Tags (mit Zeitstempel oder Minor-Release) bleiben stehen</translation>
    </message>
    <message>
        <source>Framework version (Deep Learning Containers tag grammar)</source>
        <translation>Framework-Version (Tag-Grammatik der Deep Learning Containers)</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>SOCI twin (%1)</source>
        <translation>SOCI-Zwilling (%1)</translation>
    </message>
    <message>
        <source>SOCI twin (no index)</source>
        <translation>SOCI-Zwilling (kein Index)</translation>
    </message>
    <message>
        <source>SOCI twin (?)</source>
        <translation>SOCI-Zwilling (?)</translation>
    </message>
    <message>
        <source>SOCI twin (…)</source>
        <translation>SOCI-Zwilling (…)</translation>
    </message>
    <message>
        <source>Rolling, pinned</source>
        <translation>Mitlaufend, fixiert</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Fixiert</translation>
    </message>
    <message>
        <source>Rolling</source>
        <translation>Mitlaufend</translation>
    </message>
    <message>
        <source>SOCI twin %1</source>
        <translation>SOCI-Zwilling %1</translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>Image %1</translation>
    </message>
    <message>
        <source>  (pinned)</source>
        <translation>  (fixiert)</translation>
    </message>
    <message>
        <source>  (rolling)</source>
        <translation>  (mitlaufend)</translation>
    </message>
    <message>
        <source>SOCI twin</source>
        <translation>SOCI-Zwilling</translation>
    </message>
    <message>
        <source>The image&apos;s SOCI-enabled twin (“…-soci”); double-click it to open the twin</source>
        <translation>Der SOCI-fähige Zwilling des Images („…-soci“); Doppelklick öffnet den Zwilling</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Double-click to open the SOCI twin %1</source>
        <translation>Doppelklick öffnet den SOCI-Zwilling %1</translation>
    </message>
    <message>
        <source>no index</source>
        <translation>kein Index</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Build time: in the tag (UTC) for Deep Learning Containers tags, else the image&apos;s creation time from its config</source>
        <translation>Build-Zeit: bei Deep-Learning-Containers-Tags aus dem Tag (UTC), sonst die Erstellungszeit aus der Konfiguration des Images</translation>
    </message>
    <message>
        <source>Compressed size of the image for this computer&apos;s platform: what a full pull fetches</source>
        <translation>Komprimierte Größe des Images für die Plattform dieses Rechners: was ein vollständiger Pull lädt</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TagsPage</name>
    <message>
        <source>&amp;Open Image</source>
        <translation>Image ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Filter — e.g.  2.3  device:gpu  py:py312  cuda:cu121  platform:ec2</source>
        <translation>Filter — z. B.  2.3  device:gpu  py:py312  cuda:cu121  platform:ec2</translation>
    </message>
    <message>
        <source>Words match any tag or the digest; column:value matches one column (version, device, python/py, cuda, os, platform, date, kind, release)</source>
        <translation>Wörter passen auf jeden Tag oder den Digest; Spalte:Wert passt auf eine Spalte (version, device, python/py, cuda, os, platform, date, kind, release)</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>Alle Images</translation>
    </message>
    <message>
        <source>Rolling tags</source>
        <translation>Mitlaufende Tags</translation>
    </message>
    <message>
        <source>Pinned tags</source>
        <translation>Fixierte Tags</translation>
    </message>
    <message>
        <source>With a SOCI twin</source>
        <translation>Mit SOCI-Zwilling</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>list the tags of %1</source>
        <translation>Auflisten der Tags von %1</translation>
    </message>
    <message>
        <source>No tags</source>
        <translation>Keine Tags</translation>
    </message>
    <message>
        <source>Could not list tags</source>
        <translation>Tags konnten nicht aufgelistet werden</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n image(s)</source>
        <translation>
            <numerusform>%1 von %n Image</numerusform>
            <numerusform>%1 von %n Images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Image</numerusform>
            <numerusform>%n Images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tags</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be resolved</source>
        <translation>
            <numerusform>%n nicht auflösbar</numerusform>
            <numerusform>%n nicht auflösbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referrers tag(s) hidden</source>
        <translation>
            <numerusform>%n Referrer-Tag ausgeblendet</numerusform>
            <numerusform>%n Referrer-Tags ausgeblendet</numerusform>
        </translation>
    </message>
    <message>
        <source>resolving…</source>
        <translation>wird aufgelöst …</translation>
    </message>
    <message>
        <source>Listing and resolving the tags of %1…</source>
        <translation>Tags von %1 werden aufgelistet und aufgelöst …</translation>
    </message>
    <message>
        <source>Could not list the tags of %1.
%2</source>
        <translation>Die Tags von %1 konnten nicht aufgelistet werden.
%2</translation>
    </message>
    <message>
        <source>None of the tags could be resolved; hover the summary above for why.</source>
        <translation>Keiner der Tags ließ sich auflösen; warum, zeigt der Tooltip der Zusammenfassung oben.</translation>
    </message>
    <message>
        <source>%1 has no tags.</source>
        <translation>%1 hat keine Tags.</translation>
    </message>
    <message>
        <source>No image matches the filter.</source>
        <translation>Kein Image passt zum Filter.</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select an image to see all its tags; press Enter or double-click to open it.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Wählen Sie ein Image, um alle seine Tags zu sehen; Eingabetaste oder Doppelklick öffnet es.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Open SOCI &amp;Twin</source>
        <translation>SOCI-&amp;Zwilling öffnen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Com&amp;pare With…</source>
        <translation>&amp;Vergleichen mit…</translation>
    </message>
    <message>
        <source>SOCI twin: %1</source>
        <translation>SOCI-Zwilling: %1</translation>
    </message>
    <message>
        <source>Create SOCI &amp;Index…</source>
        <translation>SOCI-&amp;Index erstellen…</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TextDiffView</name>
    <message>
        <source>Select a changed file to see both sides.</source>
        <translation>Eine geänderte Datei auswählen, um beide Seiten zu sehen.</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is a binary file: no text to compare.</source>
        <translation>%1 ist eine Binärdatei: kein Text zum Vergleichen.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n line(s) differ</source>
        <translation>
            <numerusform>%1: %n Zeile verschieden</numerusform>
            <numerusform>%1: %n Zeilen verschieden</numerusform>
        </translation>
    </message>
    <message>
        <source>only the first %1 of each side are shown</source>
        <translation>nur die ersten %1 jeder Seite werden gezeigt</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TreemapView</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n weiterer</numerusform>
            <numerusform>%n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2 (%3 %)</source>
        <translation>%1 — %2 (%3 %)</translation>
    </message>
    <message>
        <source>Nothing here takes space</source>
        <translation>Hier belegt nichts Platz</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::WelcomePage</name>
    <message>
        <source>Open the &amp;Demo Image</source>
        <translation>&amp;Demo-Image öffnen</translation>
    </message>
    <message>
        <source>Sociscope</source>
        <translation>Sociscope</translation>
    </message>
    <message>
        <source>Look inside huge container images without pulling them.
Pick a registry or folder on the left, or type a repository in the box above it.</source>
        <translation>In riesige Container-Images hineinsehen, ohne sie herunterzuladen.
Wählen Sie links eine Registry oder einen Ordner, oder geben Sie oben darüber ein Repository ein.</translation>
    </message>
    <message>
        <source>Open OCI &amp;Layout…</source>
        <translation>OCI-&amp;Layout öffnen …</translation>
    </message>
    <message>
        <source>Add &amp;Registry…</source>
        <translation>&amp;Registry hinzufügen …</translation>
    </message>
</context>
</TS>
