import QtQuick
import QtQuick.Controls

// A one-line text field. A tap on it (or on another field) first drops the pinyin not yet
// chosen: Qt Quick commits a composition when the focus or the cursor moves, and the
// pinyin keyboard then commits its first candidate, a phrase the applicant never chose.
TextField {
    onPressed: Qt.inputMethod.reset()
}
