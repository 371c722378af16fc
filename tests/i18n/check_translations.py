#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
"""Checks translations/*.ts against the sources, as translations/README.md asks.

Runs lupdate over ui/ and app/sociscope into copies of the .ts files (the
source tree is not touched) with the options the update_translations target
uses, but keeping vanished entries, then fails when a catalogue has
unfinished, vanished or obsolete messages, a wrong number of plural forms, a
placeholder (%1, %L2, %n) that differs between source and translation, or a
lost or doubled accelerator (&F).

Usage: check_translations.py --lupdate PATH --source DIR
       check_translations.py --lupdate PATH --self-test
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# Plural forms per catalogue language (Qt's rules): English and German two, Chinese one.
PLURAL_FORMS = {"en": 2, "de": 2, "zh_CN": 1}
PLACEHOLDER = re.compile(r"%(?:L?[1-9]\d*|n|Ln)")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+);")
ACCEL = re.compile(r"&(?!&)(\w)")


def language_of(path):
    name = os.path.basename(path)[len("sociscope_"):-len(".ts")]
    return name


def placeholders(text):
    return collections.Counter(PLACEHOLDER.findall(text or ""))


def accelerators(text):
    text = ENTITY.sub("", (text or "").replace("&&", ""))
    return len(ACCEL.findall(text))


def run_lupdate(lupdate, sources, ts, plural_only):
    cmd = [lupdate, *sources, "-extensions", "cpp,h", "-locations", "none", "-silent", "-ts", ts]
    if plural_only:
        cmd.insert(-2, "-pluralonly")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise SystemExit(f"lupdate failed ({r.returncode}): {r.stderr}")


def check_file(path):
    """Returns a list of problems, each a line for a person to read."""
    lang = language_of(path)
    forms_wanted = PLURAL_FORMS.get(lang)
    problems = []
    root = ET.parse(path).getroot()
    for ctx in root.iter("context"):
        cname = ctx.findtext("name")
        for m in ctx.iter("message"):
            source = m.findtext("source") or ""
            where = f"{os.path.basename(path)}: {cname}: {source[:70]!r}"
            t = m.find("translation")
            kind = t.get("type") if t is not None else "unfinished"
            if kind in ("unfinished", "vanished", "obsolete"):
                problems.append(f"{where}: {kind}")
                continue
            numerus = m.get("numerus") == "yes"
            texts = [f.text or "" for f in t.findall("numerusform")] if numerus else [t.text or ""]
            if numerus and forms_wanted is not None and len(texts) != forms_wanted:
                problems.append(f"{where}: {len(texts)} plural forms, {lang} has {forms_wanted}")
            want = placeholders(source)
            for text in texts:
                if not text.strip():
                    problems.append(f"{where}: empty translation")
                    continue
                got = placeholders(text)
                if got != want:
                    problems.append(f"{where}: placeholders {sorted(got.elements())} "
                                    f"instead of {sorted(want.elements())} in {text[:70]!r}")
                if accelerators(source) != accelerators(text):
                    problems.append(f"{where}: {accelerators(text)} accelerators (&X) instead of "
                                    f"{accelerators(source)} in {text[:70]!r}")
    return problems


def check_tree(lupdate, source_dir):
    ts_dir = os.path.join(source_dir, "translations")
    files = sorted(f for f in os.listdir(ts_dir) if f.endswith(".ts"))
    missing = {f"sociscope_{l}.ts" for l in PLURAL_FORMS} - set(files)
    if missing:
        return [f"missing catalogue {m}" for m in sorted(missing)]
    sources = [os.path.join(source_dir, "ui"), os.path.join(source_dir, "app", "sociscope")]
    problems = []
    with tempfile.TemporaryDirectory(prefix="sociscope-ts-") as tmp:
        for f in files:
            copy = os.path.join(tmp, f)
            shutil.copyfile(os.path.join(ts_dir, f), copy)
            # English carries only the plural forms; the source text is English.
            run_lupdate(lupdate, sources, copy, plural_only=language_of(f) == "en")
            problems += check_file(copy)
    return problems


def self_test(lupdate):
    """The checker catches what it claims to: a broken catalogue must fail."""
    with tempfile.TemporaryDirectory(prefix="sociscope-ts-self-") as tmp:
        os.makedirs(os.path.join(tmp, "ui"))
        os.makedirs(os.path.join(tmp, "app", "sociscope"))
        os.makedirs(os.path.join(tmp, "translations"))
        with open(os.path.join(tmp, "ui", "w.cpp"), "w") as f:
            f.write('#include <QObject>\nclass W : public QObject { Q_OBJECT\n void f() {\n'
                    ' tr("&Open %1"); tr("Done"); tr("%n file(s)", "", 2); tr("New text"); } };\n')
        ts = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="{lang}">
<context><name>W</name>
<message><source>&amp;Open %1</source><translation>Öffnen %2</translation></message>
<message><source>Done</source><translation>Fertig</translation></message>
<message numerus="yes"><source>%n file(s)</source><translation><numerusform>%n Datei</numerusform></translation></message>
<message><source>Gone</source><translation>Weg</translation></message>
</context>
</TS>
"""
        for lang in PLURAL_FORMS:
            with open(os.path.join(tmp, "translations", f"sociscope_{lang}.ts"), "w") as f:
                f.write(ts.format(lang=lang))
        problems = [p for p in check_tree(lupdate, tmp) if p.startswith("sociscope_de.ts")]
        expected = {
            "placeholders": "placeholders ['%2'] instead of ['%1']",
            "accelerator": "0 accelerators (&X) instead of 1",
            # lupdate pads a missing plural form with an empty one.
            "plural form": "'%n file(s)': empty translation",
            "vanished": "'Gone': vanished",
            "unfinished": "'New text': unfinished",
        }
        failed = [name for name, needle in expected.items() if not any(needle in p for p in problems)]
        if failed:
            print("self-test: not caught: " + ", ".join(failed), file=sys.stderr)
            print("\n".join(problems), file=sys.stderr)
            return 1
        if any("'Done'" in p for p in problems):
            print("self-test: a correct message was flagged", file=sys.stderr)
            return 1
        print(f"self-test ok: {len(problems)} problems caught in the broken catalogue")
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lupdate", required=True)
    ap.add_argument("--source")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test(a.lupdate)
    problems = check_tree(a.lupdate, a.source)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problems; see translations/README.md to update", file=sys.stderr)
        return 1
    print("translations ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
