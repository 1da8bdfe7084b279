import QtQuick
import QtQuick.Controls
import QtQuick.Shapes

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
            inputKeys.dismiss()
        }
    }
    property bool primary: false
    property bool danger: false
    readonly property real s: (shell.largeText ? 1.3 : 1.0)
    implicitHeight: Math.max(64 * s, contentItem.implicitHeight + 24)
    implicitWidth: Math.max(160 * s, contentItem.implicitWidth + 48)
    font.pixelSize: 24 * s
    // A chosen option shows a tick as well as its fill and border: its state is not told
    // by colour alone (WCAG 1.4.1). Drawn, not a glyph: fonts draw ✓ as anything from a
    // bold tick to a square root. A header toggle has no room for it (`tick: false`).
    property bool tick: true
    readonly property bool ticked: control.checked && control.tick
    contentItem: Text {
        id: label
        objectName: "buttonLabel"
        readonly property real mark: control.font.pixelSize * 0.9
        text: control.text
        font: control.font
        color: !control.enabled ? theme.disabled_text
            : control.primary || control.danger ? theme.on_primary : theme.button_text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
        leftPadding: control.ticked ? mark + 10 : 0
        Shape {
            objectName: "tick"
            visible: control.ticked
            width: label.mark; height: label.mark
            // Just left of the (centred) text.
            x: label.leftPadding + (label.width - label.leftPadding - label.paintedWidth) / 2 - width - 10
            anchors.verticalCenter: parent.verticalCenter
            preferredRendererType: Shape.CurveRenderer
            ShapePath {
                strokeColor: label.color
                strokeWidth: Math.max(3, label.mark / 6)
                fillColor: "transparent"
                capStyle: ShapePath.RoundCap
                joinStyle: ShapePath.RoundJoin
                startX: label.mark * 0.1; startY: label.mark * 0.55
                PathLine { x: label.mark * 0.4; y: label.mark * 0.85 }
                PathLine { x: label.mark * 0.92; y: label.mark * 0.15 }
            }
        }
    }
    background: Rectangle {
        radius: 10
        color: !control.enabled ? theme.disabled_fill
             : control.danger ? (control.down ? theme.danger_down : theme.danger)
             : control.primary ? (control.down ? theme.primary_down : theme.primary)
             : (control.down ? theme.button_down : (control.checked ? theme.selected_fill : theme.surface))
        border.color: !control.enabled ? theme.disabled_text
             : control.danger ? theme.danger_down
             : control.primary ? theme.primary_border
             : (control.checked ? theme.selected_border : theme.button_border)
        border.width: control.checked ? 3 : 2
    }
}
