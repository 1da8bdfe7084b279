import QtQuick
import QtQuick.Controls
import "../components"

Item {
    property string guidance: qsTr("感谢使用，几秒后自动回到首页。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    Timer { interval: 6000; running: true; onTriggered: journey.home() }
    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 900)
        spacing: 24
        Heading { objectName: "thanks"; horizontalAlignment: Text.AlignHCenter; font.pixelSize: 44 * s; text: qsTr("感谢您的使用！") }
        Body { horizontalAlignment: Text.AlignHCenter; text: qsTr("请留意叫号，祝您办事顺利。") }
        BigButton { objectName: "homeButton"; anchors.horizontalCenter: parent.horizontalCenter; text: qsTr("回到首页"); onClicked: journey.home() }
    }
}
