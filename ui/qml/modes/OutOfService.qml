import QtQuick
import QtQuick.Controls
import "../components"

// The terminal cannot serve: it says so, and where to go instead (kiosk.modes,
// kiosk.staff.reasons). Staff bring it back with the hidden gesture and their PIN.
Item {
    property string guidance: qsTr("本终端暂停服务。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 900)
        spacing: 28 * s
        Heading {
            objectName: "outOfService"
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: 44 * s
            text: qsTr("暂停服务")
        }
        Body {
            objectName: "outOfServiceReason"
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: 28 * s
            text: nav.reason
        }
        Body {
            objectName: "inService"
            visible: staff.outOfService
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: 28 * s
            font.bold: true
            text: staff.inServiceText
        }
    }
}
