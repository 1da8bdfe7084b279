import QtQuick
import QtQuick.Controls
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: qsTr("感谢使用，几秒后自动回到首页。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    // Back to the start screen after ui.finish_return_s (the navigator's timer).
    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 900)
        spacing: 24
        Heading { objectName: "thanks"; horizontalAlignment: Text.AlignHCenter; font.pixelSize: 44 * s; text: qsTr("感谢您的使用！") }
        Body { horizontalAlignment: Text.AlignHCenter; text: qsTr("请留意叫号，祝您办事顺利。") }
        BigButton { objectName: "homeButton"; anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("回到首页"); onClicked: journey.home() }
    }
}
