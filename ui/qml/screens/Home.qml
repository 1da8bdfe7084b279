import QtQuick
import QtQuick.Controls
import "../components"

// Shown before the catalog is loaded: nothing here may need the journey.
Item {
    property string guidance: qsTr("请点击“开始申报”，按提示一步一步填写。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    // Centred when it fits; in large text on a small screen it scrolls, and says so.
    Flickable {
        id: page
        objectName: "homePage"
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: homeMore.top }
        contentHeight: Math.max(height, content.height + 40)
        clip: true
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14; active: true }
        Column {
            id: content
            x: (page.width - width) / 2
            y: Math.max(20, (page.height - height) / 2)
            width: Math.min(page.width - 80, 900)
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
                color: theme.muted
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
                // Until the catalog is loaded (a moment after the first frame).
                enabled: nav.ready
                onClicked: nav.start()
            }
            BigButton {
                objectName: "progressButton"
                anchors.horizontalCenter: parent.horizontalCenter
                implicitWidth: 420 * s
                text: qsTr("办件进度查询")
                enabled: nav.ready
                onClicked: lookup.open()
            }
            BigButton {
                objectName: "appointmentButton"
                anchors.horizontalCenter: parent.horizontalCenter
                implicitWidth: 420 * s
                text: qsTr("星期六办事预约")
                enabled: nav.ready
                onClicked: appointment.open()
            }
            Body {
                objectName: "hours"
                horizontalAlignment: Text.AlignHCenter
                text: shell.openingHours  // the central server's calendar, else the config (kiosk.hours)
            }
        }
    }
    ScrollCue {
        id: homeMore
        objectName: "homeMore"
        target: page
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
    }
}
