import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    id: form
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: journey.pageGuidance !== "" ? journey.pageGuidance
                              : qsTr("请逐项填写，带 * 的为必填项；填好后点“下一步”。")
    readonly property real s: shell.largeText ? 1.3 : 1.0

    function focusField(fieldId) {
        for (let i = 0; i < fieldRepeater.count; ++i) {
            const holder = fieldRepeater.itemAt(i)
            if (holder && holder.fieldId === fieldId) {
                flick.contentY = Math.min(Math.max(0, flick.contentHeight - flick.height),
                                          Math.max(0, holder.y - 10))
                // A composition the keyboard's own hide key left is dropped, not committed
                // by the focus move.
                Qt.inputMethod.reset()
                if (holder.input) holder.input.forceActiveFocus()
            }
        }
    }

    // The focused field stays in view, also when the keyboard opens and the form shrinks.
    function reveal() {
        const item = form.Window.activeFocusItem
        let p = item
        while (p && p !== fieldColumn) p = p.parent
        if (!p || flick.height <= 0) return
        const top = item.mapToItem(fieldColumn, 0, 0).y - 44 * form.s  // with its label
        const bottom = item.mapToItem(fieldColumn, 0, item.height).y + 10
        const most = Math.max(0, flick.contentHeight - flick.height)
        if (top < flick.contentY) flick.contentY = Math.max(0, top)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(most, Math.max(0, Math.min(top, bottom - flick.height)))
    }
    Connections {
        target: form.Window.window
        function onActiveFocusItemChanged() { form.reveal() }
    }
    // A new page starts at its top.
    Connections {
        target: journey
        function onFieldsReset() { flick.contentY = 0 }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 10
        RowLayout {
            Heading { objectName: "pageTitle"; text: journey.pageTitle; Layout.fillWidth: true; width: undefined }
            Body {
                objectName: "pageIndicator"
                width: undefined
                text: qsTr("第 %1 页 / 共 %2 页").arg(journey.pageIndex).arg(journey.pageCount)
            }
        }
        // The error summary: each entry moves the focus to its field.
        // At most a third of the screen (it scrolls), so that the fields stay in view;
        // hidden while the keyboard is open (each field shows its own error too).
        Rectangle {
            objectName: "errorSummary"
            visible: journey.errors.count > 0 && !Qt.inputMethod.visible
            Layout.fillWidth: true
            implicitHeight: Math.min(errorColumn.implicitHeight + 20, form.height / 3)
            color: "#ffebee"; border.color: "#c62828"; border.width: 2; radius: 8
            Flickable {
                id: errorFlick
                anchors.fill: parent; anchors.margins: 10
                contentHeight: errorColumn.implicitHeight
                clip: true
                Column {
                    id: errorColumn
                    width: errorFlick.width; spacing: 6
                    Body { text: qsTr("有 %1 处需要修改：").arg(journey.errors.count); color: "#b71c1c"; font.bold: true }
                    Repeater {
                        model: journey.errors
                        delegate: BigButton {
                            objectName: "error_" + fieldId
                            width: errorColumn.width
                            text: label + qsTr("：") + message
                            onClicked: form.focusField(fieldId)
                        }
                    }
                }
            }
        }
        Flickable {
            id: flick
            objectName: "formFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: fieldColumn.implicitHeight + 40
            clip: true
            // the keyboard opened (or grew): keep the focused field in view
            property real lastHeight: 0
            onHeightChanged: {
                if (height < lastHeight) form.reveal()
                lastHeight = height
            }
            Column {
                id: fieldColumn
                width: flick.width
                spacing: 18
                Repeater {
                    id: fieldRepeater
                    model: journey.fields
                    delegate: FieldHolder {}
                }
            }
        }
        RowLayout {
            spacing: 16
            BigButton { objectName: "backButton"; text: qsTr("上一步"); onClicked: journey.back() }
            Item { Layout.fillWidth: true }
            BigButton { objectName: "nextButton"; primary: true; text: qsTr("下一步"); onClicked: journey.next() }
        }
    }

    component FieldHolder: Column {
        id: holder
        required property string fieldId
        required property string type
        required property string label
        required property string hint
        required property bool required
        required property var value
        required property string error
        required property var choices
        required property int inputHints
        required property string extraKey
        required property int maxLength
        property Item input: loader.item ? loader.item.input || null : null
        // The choices of a multiple-choice answer as a JS array (a list from the model is
        // a sequence, not an Array: Array.isArray() is false for it).
        function picked() {
            return holder.value && typeof holder.value === "object" && holder.value.length !== undefined
                   ? Array.prototype.slice.call(holder.value) : []
        }
        width: fieldColumn.width
        spacing: 6
        Text {
            text: (holder.required ? "* " : "") + holder.label
            font.pixelSize: 24 * form.s; font.bold: true
            color: shell.largeText ? "black" : "#0d2b4e"
            width: parent.width; wrapMode: Text.WordWrap
        }
        Text {
            visible: holder.hint !== ""
            text: holder.hint
            font.pixelSize: 18 * form.s; color: "#546e7a"
            width: parent.width; wrapMode: Text.WordWrap
        }
        Loader {
            id: loader
            width: parent.width
            sourceComponent: ({
                "long_text": longText, "single_choice": single, "multiple_choice": multiple,
                "yes_no": yesNo, "address": address
            })[holder.type] || line
        }
        Text {
            objectName: "fieldError_" + holder.fieldId
            visible: holder.error !== ""
            text: holder.error
            color: "#c62828"; font.pixelSize: 20 * form.s
            width: parent.width; wrapMode: Text.WordWrap
        }

        Component {
            id: line
            Item {
                property Item input: field
                implicitHeight: field.implicitHeight
                TextEntry {
                    id: field
                    objectName: "field_" + holder.fieldId
                    // room for the extra key beside it, kept while it is hidden
                    width: Math.min(parent.width - (holder.extraKey !== "" ? extraKey.width + 12 : 0), 720)
                    implicitHeight: 64 * form.s
                    font.pixelSize: 26 * form.s
                    text: typeof holder.value === "string" ? holder.value : ""
                    maximumLength: holder.maxLength
                    inputMethodHints: holder.inputHints
                    placeholderText: holder.type === "date" ? qsTr("年-月-日，如 2026-11-26") : ""
                    onTextEdited: journey.setAnswer(holder.fieldId, text)
                }
                // A key the field's keypad lacks (the X that ends some ID numbers), beside
                // the field while it has the focus. It takes no focus (the keypad stays
                // open) and edits the field as typing does: textEdited stores the answer.
                BigButton {
                    id: extraKey
                    objectName: "extraKey_" + holder.fieldId
                    visible: holder.extraKey !== "" && field.activeFocus
                    enabled: field.length < field.maximumLength || field.selectedText !== ""
                    anchors.left: field.right
                    anchors.leftMargin: 12
                    implicitWidth: 96 * form.s
                    implicitHeight: field.height
                    keepsKeyboard: true
                    font.pixelSize: 30 * form.s
                    font.bold: true
                    text: holder.extraKey
                    Accessible.name: qsTr("输入 %1").arg(holder.extraKey)
                    onClicked: {
                        if (field.selectedText !== "")
                            field.remove(field.selectionStart, field.selectionEnd)
                        field.insert(field.cursorPosition, holder.extraKey)
                    }
                }
            }
        }
        Component {
            id: longText
            Item {
                property Item input: area
                implicitHeight: 160 * form.s
                TextArea {
                    id: area
                    objectName: "field_" + holder.fieldId
                    anchors.fill: parent
                    font.pixelSize: 24 * form.s
                    wrapMode: TextEdit.Wrap
                    text: typeof holder.value === "string" ? holder.value : ""
                    background: Rectangle { border.color: "#90a4ae"; border.width: 2; radius: 6 }
                    // textChanged also comes with every change of a pinyin composition, the
                    // text unchanged: only a real edit is an answer (and clears its error).
                    onTextChanged: {
                        const stored = typeof holder.value === "string" ? holder.value : ""
                        if (activeFocus && text !== stored) journey.setAnswer(holder.fieldId, text)
                    }
                    onPressed: Qt.inputMethod.reset()  // as TextEntry does
                }
            }
        }
        Component {
            id: single
            Flow {
                property Item input: null
                spacing: 10
                Repeater {
                    model: holder.choices
                    delegate: BigButton {
                        objectName: "choice_" + holder.fieldId + "_" + modelData.value
                        text: modelData.label
                        checked: holder.value === modelData.value
                        onClicked: journey.setAnswer(holder.fieldId, modelData.value)
                    }
                }
            }
        }
        Component {
            id: multiple
            Flow {
                property Item input: null
                spacing: 10
                Repeater {
                    model: holder.choices
                    delegate: BigButton {
                        objectName: "choice_" + holder.fieldId + "_" + modelData.value
                        text: (checked ? "✓ " : "") + modelData.label
                        checked: holder.picked().indexOf(modelData.value) >= 0
                        onClicked: {
                            let picked = holder.picked()
                            const at = picked.indexOf(modelData.value)
                            if (at >= 0) picked.splice(at, 1); else picked.push(modelData.value)
                            journey.setAnswer(holder.fieldId, picked)
                        }
                    }
                }
            }
        }
        Component {
            id: yesNo
            Row {
                property Item input: null
                spacing: 12
                BigButton {
                    objectName: "yes_" + holder.fieldId
                    text: qsTr("是"); checked: holder.value === true
                    onClicked: journey.setAnswer(holder.fieldId, true)
                }
                BigButton {
                    objectName: "no_" + holder.fieldId
                    text: qsTr("否"); checked: holder.value === false
                    onClicked: journey.setAnswer(holder.fieldId, false)
                }
            }
        }
        Component {
            id: address
            Flow {
                property Item input: province
                spacing: 10
                width: holder.width
                function current() {
                    return (holder.value && typeof holder.value === "object" && holder.value.length === undefined)
                           ? holder.value : {}
                }
                function put(part, text) {
                    let v = Object.assign({ province: "", city: "", district: "", detail: "" }, current())
                    v[part] = text
                    journey.setAnswer(holder.fieldId, v)
                }
                TextEntry {
                    id: province
                    objectName: "addr_" + holder.fieldId + "_province"
                    maximumLength: holder.maxLength
                    width: holder.width > 900 ? (holder.width - 20) / 3 : holder.width
                    implicitHeight: 64 * form.s; font.pixelSize: 24 * form.s
                    placeholderText: qsTr("省")
                    text: parent.current().province || ""
                    onTextEdited: parent.put("province", text)
                }
                TextEntry {
                    objectName: "addr_" + holder.fieldId + "_city"
                    maximumLength: holder.maxLength
                    width: province.width
                    implicitHeight: 64 * form.s; font.pixelSize: 24 * form.s
                    placeholderText: qsTr("市")
                    text: parent.current().city || ""
                    onTextEdited: parent.put("city", text)
                }
                TextEntry {
                    objectName: "addr_" + holder.fieldId + "_district"
                    maximumLength: holder.maxLength
                    width: province.width
                    implicitHeight: 64 * form.s; font.pixelSize: 24 * form.s
                    placeholderText: qsTr("区县")
                    text: parent.current().district || ""
                    onTextEdited: parent.put("district", text)
                }
                TextEntry {
                    objectName: "addr_" + holder.fieldId + "_detail"
                    maximumLength: holder.maxLength
                    width: holder.width
                    implicitHeight: 64 * form.s; font.pixelSize: 24 * form.s
                    placeholderText: qsTr("详细地址（街道、门牌号）")
                    text: parent.current().detail || ""
                    onTextEdited: parent.put("detail", text)
                }
            }
        }
    }
}
