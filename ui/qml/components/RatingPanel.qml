import QtQuick
import QtQuick.Controls

// 好差评: five levels, one tap for a good one; a low one asks what fell short (ui.rating_model).
// Optional: the screen's own way on (home, another lookup) is the skip.
Column {
    id: panel
    objectName: "ratingPanel"
    readonly property real s: shell.largeText ? 1.3 : 1.0
    visible: rating.available
    spacing: 14 * s
    function levelLabel(level) {
        return level === "very_satisfied" ? qsTr("非常满意")
             : level === "satisfied" ? qsTr("满意")
             : level === "basic" ? qsTr("基本满意")
             : level === "dissatisfied" ? qsTr("不满意")
             : level === "very_dissatisfied" ? qsTr("非常不满意") : level
    }
    function aspectLabel(aspect) {
        return aspect === "efficiency" ? qsTr("办事效率")
             : aspect === "attitude" ? qsTr("服务态度")
             : aspect === "guide" ? qsTr("指南准确")
             : aspect === "ease" ? qsTr("操作便捷")
             : aspect === "other" ? qsTr("其他") : aspect
    }
    Heading {
        font.pixelSize: 28 * panel.s
        text: qsTr("请您评价本次服务（可跳过）")
    }
    Flow {
        width: parent.width
        spacing: 12
        Repeater {
            model: rating.levels
            BigButton {
                objectName: "rate_" + modelData
                text: panel.levelLabel(modelData)
                checked: rating.level === modelData
                enabled: !rating.done && rating.state !== "sending"
                onClicked: rating.choose(modelData)
            }
        }
    }
    Column {
        objectName: "ratingShortfall"
        visible: rating.low && !rating.done
        width: parent.width
        spacing: 12 * panel.s
        Body { text: qsTr("哪些方面需要改进？（可多选）") }
        Flow {
            width: parent.width
            spacing: 12
            Repeater {
                model: rating.aspectIds
                BigButton {
                    objectName: "aspect_" + modelData
                    text: panel.aspectLabel(modelData)
                    checked: rating.aspects.indexOf(modelData) >= 0
                    onClicked: rating.toggleAspect(modelData)
                }
            }
        }
        TextEntry {
            id: words
            objectName: "ratingText"
            width: parent.width
            implicitHeight: 64 * panel.s
            font.pixelSize: 24 * panel.s
            maximumLength: rating.textMax
            placeholderText: qsTr("您的意见或建议（选填）")
        }
        BigButton {
            objectName: "ratingSubmit"
            primary: true
            text: rating.state === "sending" ? qsTr("正在提交…") : qsTr("提交评价")
            enabled: rating.state !== "sending"
            onClicked: rating.submit(words.text)
        }
    }
    Body {
        objectName: "ratingMessage"
        visible: text !== ""
        font.bold: true
        color: rating.state === "failed" ? theme.error : theme.ok
        text: rating.message
    }
    onVisibleChanged: if (!visible) words.text = ""
}
