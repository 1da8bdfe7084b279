import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: qsTr("请核对填写的内容，需要修改的点“修改”；确认无误后提交预审。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        Heading {
            objectName: "checkTitle"
            text: qsTr("核对填写内容") + qsTr("：") + journey.itemName
            Layout.fillWidth: true  // wraps: a long item name must not widen the screen
            width: undefined
        }
        ListView {
            id: list
            cacheBuffer: 0  // no rows made ahead: see Services.qml
            Layout.fillWidth: true
            Layout.fillHeight: true
            objectName: "checkList"
            clip: true
            spacing: 10
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; minimumSize: 0.1; width: 14; active: true }
            model: journey.answerPages
            delegate: Card {
                width: list.width - 20  // the scroll bar's room
                RowLayout {
                    width: parent.width
                    Body { text: title; font.bold: true; Layout.fillWidth: true; width: undefined }
                    BigButton {
                        objectName: "change_" + pageId
                        text: qsTr("修改")
                        onClicked: journey.change(pageId)
                    }
                }
                Repeater {
                    model: answers
                    delegate: Body { text: modelData.label + qsTr("：") + modelData.value }
                }
            }
            footer: Item {
                width: list.width; height: 90
                BigButton {
                    objectName: "changeMaterials"
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("修改材料清单")
                    onClicked: journey.changeMaterials()
                }
            }
        }
        ScrollCue { objectName: "checkMore"; target: list }
        RowLayout {
            BigButton { objectName: "backButton"; text: qsTr("上一步"); onClicked: journey.back() }
            Item { Layout.fillWidth: true }
            BusyIndicator { running: journey.busy; visible: running }
            BigButton {
                objectName: "submitButton"
                primary: true
                enabled: !journey.busy
                text: qsTr("提交预审")
                onClicked: journey.submit()
            }
        }
    }
}
