import QtQuick
import QtQuick.Controls

// "More below": over the bottom edge of a list or page that scrolls, until its end is
// in view. Declare it inside the Flickable (or ListView) it belongs to: it sits on the
// view itself, not on its moving content. A tap scrolls on by most of a screen.
Rectangle {
    id: cue
    required property Flickable target
    readonly property bool more: target.contentHeight > target.height + 1 && !target.atYEnd
    parent: target
    anchors.left: parent.left
    anchors.right: parent.right
    anchors.bottom: parent.bottom
    height: label.implicitHeight + 20
    visible: more
    color: "#e30d2b4e"
    radius: 6
    Text {
        id: label
        anchors.centerIn: parent
        text: qsTr("▼ 下面还有内容，请向上滑动查看")
        color: "white"
        font.pixelSize: 22 * (shell.largeText ? 1.3 : 1.0)
        font.bold: true
    }
    TapHandler {
        onTapped: cue.target.contentY = Math.min(
            cue.target.contentY + cue.target.height * 0.8,
            cue.target.contentHeight - cue.target.height + cue.target.originY)
    }
}
