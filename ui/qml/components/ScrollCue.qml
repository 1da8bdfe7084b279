import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// "More below": a strip right under a list or page that scrolls, shown until its end is
// in view. It sits below the view, never over it: nothing it covers can be missed or
// mistapped. Its room is kept when there is nothing more (it only fades out), so the
// view's height never depends on whether it shows. A tap scrolls on by most of a screen.
Rectangle {
    id: cue
    required property Flickable target
    readonly property bool more: target.contentHeight > target.height + 1 && !target.atYEnd
    Layout.fillWidth: true
    Layout.preferredHeight: implicitHeight
    implicitHeight: label.implicitHeight + 16
    opacity: more ? 1 : 0
    enabled: more
    color: theme.cue
    radius: 6
    Text {
        id: label
        anchors.centerIn: parent
        text: qsTr("▼ 下面还有内容，请向上滑动查看")
        color: theme.on_cue
        font.pixelSize: 22 * (shell.largeText ? 1.3 : 1.0)
        font.bold: true
    }
    TapHandler {
        onTapped: cue.target.contentY = Math.min(
            cue.target.contentY + cue.target.height * 0.8,
            cue.target.contentHeight - cue.target.height + cue.target.originY)
    }
}
