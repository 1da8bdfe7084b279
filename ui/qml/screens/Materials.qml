import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: qsTr("请逐项确认材料是否已带；标“可容缺”的材料可以先办理、后补交。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        Heading { text: qsTr("材料清单") }
        Body { objectName: "materialError"; visible: journey.materialError !== ""; text: journey.materialError; color: theme.error }
        ListView {
            id: list
            cacheBuffer: 0  // no rows made ahead: see Services.qml
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 10
            model: journey.materials
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; minimumSize: 0.1; width: 14; active: true }
            delegate: Card {
                width: list.width
                Body { text: name + qsTr("　") + form + " × " + copies; font.bold: true }
                Body {
                    color: essential ? theme.bad : theme.ok
                    text: essential ? qsTr("必要材料") : qsTr("可容缺：%1 个工作日内补交").arg(deficiencyDays)
                }
                Row {
                    spacing: 12
                    BigButton {
                        objectName: "material_" + materialId + "_have"
                        text: qsTr("已带"); checked: have === 1
                        onClicked: journey.setMaterial(materialId, true)
                    }
                    BigButton {
                        objectName: "material_" + materialId + "_missing"
                        text: qsTr("未带"); checked: have === 0
                        onClicked: journey.setMaterial(materialId, false)
                    }
                }
            }
        }
        ScrollCue { objectName: "materialListMore"; target: list }
        RowLayout {
            BigButton { objectName: "backButton"; text: qsTr("上一步"); onClicked: journey.back() }
            Item { Layout.fillWidth: true }
            BigButton { objectName: "nextButton"; primary: true; text: qsTr("下一步"); onClicked: journey.next() }
        }
    }
}
