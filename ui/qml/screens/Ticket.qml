import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: journey.printerMessage !== "" ? journey.printerMessage
        : journey.printed ? qsTr("请取走您的号票，到窗口等候叫号。")
                          : qsTr("正在打印号票，请稍候取票。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    // Landscape: the number beside the printed ticket's picture; portrait: the picture
    // below the number, as large as the height left allows. The buttons stay at the bottom.
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 16
        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            columns: root.portrait ? 1 : 2
            columnSpacing: 24
            rowSpacing: 16
            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: 16
                Body { text: qsTr("您的号码"); horizontalAlignment: Text.AlignHCenter; Layout.fillWidth: true }
                Text {
                    objectName: "ticketNumber"
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    text: journey.ticketNumber
                    font.pixelSize: 140 * s; font.bold: true
                    fontSizeMode: Text.HorizontalFit  // never clipped on a narrow screen
                    minimumPixelSize: 60
                    color: theme.accent
                }
                Body {
                    objectName: "ticketCounters"
                    Layout.fillWidth: true  // centred across the column, like the number
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: 34 * s; font.bold: true
                    text: qsTr("请到 %1办理").arg(journey.ticketCounters)
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
                    color: theme.error; font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                    text: journey.printerMessage
                }
            }
            Image {
                objectName: "ticketPreview"
                visible: source != ""
                Layout.preferredWidth: root.portrait ? 720 : 300
                Layout.maximumWidth: root.portrait ? 720 : 300
                Layout.fillWidth: root.portrait
                Layout.fillHeight: true
                Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
                Layout.topMargin: root.portrait ? 10 : 0
                Layout.bottomMargin: root.portrait ? 10 : 0
                fillMode: Image.PreserveAspectFit
                verticalAlignment: root.portrait ? Image.AlignTop : Image.AlignVCenter
                cache: false  // never keep a previous applicant's ticket in the image cache
                source: journey.ticketPreview
                Rectangle {  // the paper, with its edge also on the white of large-text mode
                    readonly property real margin: root.portrait ? 10 : 4
                    visible: parent.status === Image.Ready
                    z: -1  // under the picture
                    x: (parent.width - parent.paintedWidth) / 2 - margin
                    y: (root.portrait ? 0 : (parent.height - parent.paintedHeight) / 2) - margin
                    width: parent.paintedWidth + 2 * margin
                    height: parent.paintedHeight + 2 * margin
                    color: theme.surface
                    border.color: theme.card_border
                }
            }
        }
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
}
