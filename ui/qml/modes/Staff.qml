import QtQuick
import QtQuick.Controls
import "../components"

// The staff side (kiosk.staff.session): the PIN pad, then the signed-in screens.
Item {
    objectName: "staffMode"
    property string guidance: staff.signedIn
        ? qsTr("工作人员：%1（%2）").arg(staff.name).arg(staff.roleName)
        : qsTr("工作人员登录")
    Loader {
        id: staffLoader
        objectName: "staffLoader"
        anchors.fill: parent
        source: ({ "pin": "PinPad.qml", "home": "StaffHome.qml",
                   "diagnostics": "Diagnostics.qml", "touch_test": "TouchTest.qml" })[staff.screen] || ""
    }
}
