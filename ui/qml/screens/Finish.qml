import QtQuick
import QtQuick.Controls
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: qsTr("感谢使用，几秒后自动回到首页。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    // Back to the start screen after ui.finish_return_s (the navigator's timer, held while
    // a low rating is being filled in).
    Flickable {
        id: page
        objectName: "finishPage"
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: finishMore.top }
        contentHeight: Math.max(height, content.height + 40)
        clip: true
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14; active: true }
        Column {
            id: content
            x: (page.width - width) / 2
            y: Math.max(20, (page.height - height) / 2)
            width: Math.min(page.width - 80, 900)
            spacing: 24
            Heading { objectName: "thanks"; horizontalAlignment: Text.AlignHCenter; font.pixelSize: 44 * s; text: qsTr("感谢您的使用！") }
            Body { horizontalAlignment: Text.AlignHCenter; text: qsTr("请留意叫号，祝您办事顺利。") }
            Card {
                objectName: "finishRating"
                visible: rating.available
                RatingPanel { width: parent.width }
            }
            BigButton { objectName: "homeButton"; anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("回到首页"); onClicked: journey.home() }
        }
    }
    ScrollCue {
        id: finishMore
        objectName: "finishMore"
        target: page
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
    }
}
