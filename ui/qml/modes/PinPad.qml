import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Digits only, in the phone's order (1-2-3 on top); buttons, never a text field, so no
// on-screen keyboard sees, shows or learns the PIN. Nothing here names the staff.
Item {
    objectName: "pinPad"
    readonly property real s: shell.largeText ? 1.3 : 1.0
    // Keys as large as the screen allows: four rows under the heading, message and dots.
    readonly property real keyH: Math.max(56, Math.min(110 * s, (height - 270 * s) / 4 - 16))
    readonly property real keyW: Math.min(200 * s, keyH * 1.8, (width - 80) / 3 - 16)
    Column {
        anchors.centerIn: parent
        spacing: 16 * s
        width: Math.min(parent.width - 40, 3 * keyW + 2 * 16)
        Heading {
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("工作人员登录")
        }
        Body {
            objectName: "pinMessage"
            horizontalAlignment: Text.AlignHCenter
            text: staff.message
            font.bold: staff.hasProblem
            color: staff.hasProblem ? theme.error : theme.text
        }
        Row {
            objectName: "pinDots"
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 14 * s
            Repeater {
                model: staff.pinMax
                Rectangle {
                    objectName: "pinDot"
                    width: 26 * s; height: width; radius: width / 2
                    color: index < staff.pinLength ? theme.text : theme.surface
                    border.color: theme.input_border; border.width: 2
                }
            }
        }
        Grid {
            objectName: "pinKeys"
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 3
            spacing: 16
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "erase"]
                BigButton {
                    objectName: "pinKey_" + modelData
                    width: keyW; height: keyH
                    font.pixelSize: modelData.length === 1 ? 40 * s : 26 * s
                    text: modelData === "clear" ? qsTr("清除")
                        : modelData === "erase" ? qsTr("退格") : modelData
                    enabled: !staff.checking && !staff.locked
                    onClicked: modelData === "clear" ? staff.clearPin()
                             : modelData === "erase" ? staff.erase() : staff.digit(modelData)
                }
            }
        }
        RowLayout {
            width: parent.width
            spacing: 16
            BigButton {
                objectName: "pinCancel"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                text: qsTr("返回")
                onClicked: staff.end()
            }
            BigButton {
                objectName: "pinSubmit"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                primary: true
                text: qsTr("确定")
                enabled: staff.pinLength >= 4 && !staff.checking && !staff.locked
                onClicked: staff.submitPin()
            }
        }
    }
}
