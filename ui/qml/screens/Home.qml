import QtQuick
import QtQuick.Controls
import "../components"

Item {
    property string guidance: qsTr("请点击“开始申报”，按提示一步一步填写。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 900)
        spacing: 28 * s
        Heading {
            objectName: "welcome"
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: 48 * s
            text: qsTr("欢迎使用自助申报终端")
        }
        Body {
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("在这里网上申报，预审通过后取号，到窗口一次办结。")
        }
        Body {
            horizontalAlignment: Text.AlignHCenter
            color: "#37474f"
            text: qsTr("Welcome. Declare online here; take a ticket once the pre-review passes.")
        }
        BigButton {
            objectName: "startButton"
            anchors.horizontalCenter: parent.horizontalCenter
            primary: true
            font.pixelSize: 36 * s
            implicitWidth: 420 * s
            implicitHeight: 110 * s
            text: qsTr("开始申报")
            onClicked: journey.start()
        }
        Body {
            objectName: "hours"
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("办公时间：周一至周五 9:00-17:00；星期六 9:00-16:00（法定节假日除外）")
        }
    }
}
