// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

// Widgets under test are reached by object name, not through getters kept
// for tests: child<ImagePage>(window, "imagePage"),
// modelOf<LayerModel>(page, "layersView").

#include <QAbstractItemView>
#include <QObject>
#include <QtGlobal>

namespace sociscope::test {

// root's descendant of type T named name. A missing child stops the test
// with the type and the name (qFatal: QtTest reports it as the failing
// case), instead of a null pointer followed further down.
template <class T> T* child(const QObject& root, const char* name)
{
    T* found = root.findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no %s named \"%s\" under \"%s\"", T::staticMetaObject.className(), name,
               qPrintable(root.objectName()));
    return found;
}

template <class T> T* child(const QObject* root, const char* name) { return child<T>(*root, name); }

// The model of root's view named view, as a T.
template <class T> T* modelOf(const QObject& root, const char* view)
{
    T* model = qobject_cast<T*>(child<QAbstractItemView>(root, view)->model());
    if (!model)
        qFatal("the view \"%s\" shows no %s", view, T::staticMetaObject.className());
    return model;
}

template <class T> T* modelOf(const QObject* root, const char* view) { return modelOf<T>(*root, view); }

} // namespace sociscope::test
