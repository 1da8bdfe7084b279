import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: qsTr("选择要办理的事项；可按类别查看，或输入名称、拼音、首字母搜索。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 14
        RowLayout {
            spacing: 12
            Repeater {
                model: journey.categories  // the core's list (kiosk.catalog.models)
                delegate: BigButton {
                    objectName: "category_" + (modelData.key || "all")
                    text: modelData.label
                    checked: journey.category === modelData.key
                    onClicked: journey.setCategory(modelData.key)
                }
            }
            TextEntry {
                id: search
                objectName: "searchField"
                Layout.fillWidth: true
                implicitHeight: 64 * s
                font.pixelSize: 24 * s
                placeholderText: qsTr("搜索：名称、拼音或首字母，如 lnz")
                inputMethodHints: Qt.ImhNoPredictiveText
                // Search as the applicant types, pinyin still being composed included
                // ("lnz" on the pinyin keyboard is shown as "l n z" before any Hanzi is
                // chosen: displayText has it, text does not). Not bound to journey.query:
                // setting text while composing would repeat the syllables.
                Component.onCompleted: text = journey.query
                onDisplayTextChanged: if (displayText !== journey.query) journey.setQuery(displayText)
            }
        }
        ListView {
            id: list
            objectName: "serviceList"
            // Every row is made when it scrolls into view, none ahead in the background:
            // a row still being made when the list is replaced (a keystroke in the
            // search) made the view cancel a row the new list does not have
            // ("DelegateModel::cancel: index out range").
            cacheBuffer: 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 10
            model: journey.services
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; minimumSize: 0.1; width: 14; active: true }
            delegate: BigButton {
                objectName: "item_" + itemId
                width: list.width
                implicitHeight: Math.max(96 * s, row.implicitHeight + 20)
                // The description wraps (up to three lines; the introduction has it all):
                // one cut-off line could not be read on.
                contentItem: Column {
                    id: row
                    spacing: 4
                    leftPadding: 12
                    Text { text: name; font.pixelSize: 26 * s; font.bold: true; color: theme.heading; width: list.width - 40; wrapMode: Text.WordWrap }
                    Text {
                        objectName: "itemDescription_" + itemId
                        text: description; font.pixelSize: 20 * s; color: theme.muted; width: list.width - 40
                        wrapMode: Text.WordWrap; maximumLineCount: 3; elide: Text.ElideRight
                    }
                }
                onClicked: journey.chooseItem(itemId)
            }
            Body {
                objectName: "noResults"
                visible: list.count === 0
                text: journey.searchReady ? qsTr("没有找到相关事项，请换个说法，或呼叫辅导员。")
                                          : qsTr("正在准备事项列表，请稍候…")
            }
        }
        ScrollCue { objectName: "serviceListMore"; target: list }
        BigButton { objectName: "backButton"; text: qsTr("返回"); onClicked: journey.back() }
    }
}
