import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    property string guidance: journey.printerMessage !== "" ? journey.printerMessage
        : journey.printed ? qsTr("请取走您的号票，到窗口等候叫号。")
                          : qsTr("正在打印号票，请稍候取票。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    RowLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 24
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 16
            Body { text: qsTr("您的号码"); horizontalAlignment: Text.AlignHCenter; Layout.fillWidth: true }
            Text {
                objectName: "ticketNumber"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: journey.ticketNumber
                font.pixelSize: 140 * s; font.bold: true
                color: "#0d47a1"
            }
            Body {
                objectName: "ticketCounters"
                Layout.fillWidth: true  // centred across the column, like the number
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: 34 * s; font.bold: true
                text: qsTr("请到 %1 号窗口办理").arg(journey.ticketCounters)
            }
            Body {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("前面等候：%1").arg(journey.ahead)
            }
            Body {
                objectName: "printerMessage"
                Layout.fillWidth: true
                visible: journey.printerMessage !== ""
                color: "#c62828"; font.bold: true
                horizontalAlignment: Text.AlignHCenter
                text: journey.printerMessage
            }
            Item { Layout.fillHeight: true }
            RowLayout {
                BigButton {
                    objectName: "reprint"
                    visible: journey.printerMessage !== ""
                    enabled: !journey.printing
                    text: qsTr("重新打印")
                    onClicked: journey.reprint()
                }
                Item { Layout.fillWidth: true }
                BigButton {
                    objectName: "finishButton"
                    primary: true
                    text: qsTr("我已取票，完成")
                    onClicked: journey.finish()
                }
            }
        }
        Image {
            objectName: "ticketPreview"
            visible: !root.portrait && source != ""
            Layout.preferredWidth: 300
            Layout.fillHeight: true
            fillMode: Image.PreserveAspectFit
            cache: false  // never keep a previous applicant's ticket in the image cache
            source: journey.ticketPreview
        }
    }
}
