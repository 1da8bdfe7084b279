import QtQuick
import QtQuick.Controls

// A touch target of at least 60 px (more in large-text mode).
// A button that shows a state (a choice, the language) binds `checked` to the model and is
// not `checkable`: a checkable button would toggle itself on a tap, and tapping the chosen
// option again would show it unchosen while the model still has it.
Button {
    id: control
    // A tap never takes the keyboard focus: it would make the on-screen keyboard commit
    // a pinyin candidate nobody chose, and change the view under the finger.
    focusPolicy: Qt.NoFocus
    // A tap closes the on-screen keyboard once it is done (the field keeps the focus: a
    // tap on it opens the keyboard again), except for a key that types into the field.
    // The pinyin not yet chosen goes with the keyboard: left in the field, it would be
    // committed as the first candidate when the focus next moves.
    property bool keepsKeyboard: false
    Connections {
        target: control
        function onClicked() {
            if (control.keepsKeyboard)
                return
            Qt.inputMethod.reset()
            Qt.inputMethod.hide()
        }
    }
    property bool primary: false
    property bool danger: false
    readonly property real s: (shell.largeText ? 1.3 : 1.0)
    implicitHeight: Math.max(64 * s, contentItem.implicitHeight + 24)
    implicitWidth: Math.max(160 * s, contentItem.implicitWidth + 48)
    font.pixelSize: 24 * s
    contentItem: Text {
        text: control.text
        font: control.font
        color: control.enabled ? (control.primary || control.danger ? "white" : "#0d2b4e") : "#888"
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
    background: Rectangle {
        radius: 10
        color: !control.enabled ? "#ddd"
             : control.danger ? (control.down ? "#a61b1b" : "#c62828")
             : control.primary ? (control.down ? "#0b4f9c" : "#1565c0")
             : (control.down ? "#d6e4f5" : (control.checked ? "#cfe0f7" : "white"))
        border.color: control.primary ? "#0d47a1" : (control.checked ? "#1565c0" : "#90a4ae")
        border.width: control.checked ? 3 : 2
    }
}
