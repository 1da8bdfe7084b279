import QtQuick
import QtQuick.Controls

// A one-line text field. A tap on it (or on another field) first drops the pinyin not yet
// chosen: Qt Quick commits a composition when the focus or the cursor moves, and the
// pinyin keyboard then commits its first candidate, a phrase the applicant never chose.
TextField {
    id: entry
    // The longest answer part the core keeps (kiosk.text.ANSWER_MAX_CHARS["address"]: an
    // address part; a form's one-line field sets its own field's limit instead), so the
    // field never shows more than is stored.
    maximumLength: 120
    // The answer is in error: a thick red border (GOV.UK's error state), as well as the
    // message the form shows above the field.
    property bool invalid: false
    readonly property color errorRed: theme.error
    readonly property color borderColor: invalid ? errorRed : (activeFocus ? theme.focus : theme.input_border)
    readonly property real borderWidth: invalid ? 4 : (activeFocus ? 3 : 2)
    onPressed: inputKeys.settle()
    color: theme.text
    placeholderTextColor: theme.placeholder
    background: Rectangle {
        objectName: "entryFrame"
        implicitWidth: 200
        implicitHeight: 40
        radius: 6
        color: theme.surface
        border.color: entry.borderColor
        border.width: entry.borderWidth
    }
}
