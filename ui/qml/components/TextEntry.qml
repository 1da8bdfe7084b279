import QtQuick
import QtQuick.Controls

// A one-line text field. A tap on it (or on another field) first drops the pinyin not yet
// chosen: Qt Quick commits a composition when the focus or the cursor moves, and the
// pinyin keyboard then commits its first candidate, a phrase the applicant never chose.
TextField {
    // The longest answer part the core keeps (kiosk.text.ANSWER_MAX_CHARS["address"]: an
    // address part; a form's one-line field sets its own field's limit instead), so the
    // field never shows more than is stored.
    maximumLength: 120
    onPressed: Qt.inputMethod.reset()
}
