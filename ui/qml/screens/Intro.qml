import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: qsTr("开始前请看清需要的材料（一次性告知）。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        Flickable {
            id: page
            objectName: "introPage"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: body.implicitHeight
            clip: true
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; minimumSize: 0.1; width: 14; active: true }
            Column {
                id: body
                width: parent.width
                spacing: 12
                Heading { objectName: "itemName"; text: journey.itemName }
                Body { text: journey.itemDescription }
                Card {
                    Body { objectName: "itemFacts"; text: qsTr("承诺时限：%1　收费：%2　受理窗口：%3").arg(journey.itemTimeLimit).arg(journey.itemFee).arg(journey.itemCounters) }
                    Body {
                        visible: journey.itemJoint
                        text: qsTr("联办事项，一次申报同时办理：") + journey.itemApprovals.map(a => a.name + qsTr("（") + a.department + qsTr("）")).join(qsTr("、"))
                    }
                }
                Heading { text: qsTr("需要准备的材料"); font.pixelSize: 26 * s }
                Repeater {
                    model: journey.introMaterials
                    delegate: Card {
                        Body {
                            text: name + qsTr("　") + form + " × " + copies
                            font.bold: true
                        }
                        Body {
                            color: essential ? theme.bad : theme.ok
                            text: (essential ? qsTr("必要材料")
                                             : qsTr("可容缺受理：可先办理，%1 个工作日内补交").arg(deficiencyDays))
                                  + (conditional ? qsTr("（视填写情况而定）") : "")
                        }
                        Body { visible: note !== ""; text: note; color: theme.muted }
                    }
                }
            }
        }
        ScrollCue { objectName: "introMore"; target: page }
        RowLayout {
            spacing: 16
            BigButton { objectName: "backButton"; text: qsTr("返回"); onClicked: journey.back() }
            Item { Layout.fillWidth: true }
            BigButton { objectName: "beginButton"; primary: true; text: qsTr("开始填写"); onClicked: journey.begin() }
        }
    }
}
