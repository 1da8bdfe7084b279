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
    // The red of errors: 5.6:1 on the page's #eef3f8, 6.3:1 on white (large text).
    readonly property color errorRed: "#c62828"

    // Next: a page with problems shows its summary, at the top of the page (the journey
    // rebuilds its lists after the event: the summary is there when the count changes).
    property bool toSummary: false
    function next() {
        form.toSummary = true
        journey.next()
    }
    Connections {
        target: journey.errors
        function onCountChanged() {
            if (form.toSummary && journey.errors.count > 0) flick.contentY = 0
            form.toSummary = false
        }
    }

    function focusField(fieldId) {
        for (let i = 0; i < fieldRepeater.count; ++i) {
            const holder = fieldRepeater.itemAt(i)
            if (holder && holder.fieldId === fieldId) {
                // the field with its label and message at the top of the view
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
                ErrorSummary {}
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
            BigButton { objectName: "nextButton"; primary: true; text: qsTr("下一步"); onClicked: form.next() }
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
        readonly property bool invalid: holder.error !== ""
        width: fieldColumn.width
        spacing: 6
        // A field in error: a thick red bar beside its label, message and input.
        leftPadding: invalid ? 20 : 0
        Text {
            text: (holder.required ? "* " : "") + holder.label
            font.pixelSize: 24 * form.s; font.bold: true
            color: shell.largeText ? "black" : "#0d2b4e"
            width: holder.width - holder.leftPadding; wrapMode: Text.WordWrap
            Rectangle {  // a child of the label: the column does not place it
                objectName: "errorBar_" + holder.fieldId
                visible: holder.invalid
                x: -holder.leftPadding; width: 5; height: holder.height
                color: form.errorRed
            }
        }
        Text {
            visible: holder.hint !== ""
            text: holder.hint
            font.pixelSize: 18 * form.s; color: "#546e7a"
            width: holder.width - holder.leftPadding; wrapMode: Text.WordWrap
        }
        // The message above the input, below the label and hint (as GOV.UK does), so it
        // is read before the answer is changed and stays in view with the field.
        Text {
            objectName: "fieldError_" + holder.fieldId
            visible: holder.error !== ""
            text: holder.error
            color: form.errorRed; font.pixelSize: 22 * form.s; font.bold: true
            width: holder.width - holder.leftPadding; wrapMode: Text.WordWrap
        }
        Loader {
            id: loader
            width: holder.width - holder.leftPadding
            sourceComponent: ({
                "long_text": longText, "single_choice": single, "multiple_choice": multiple,
                "yes_no": yesNo, "address": address
            })[holder.type] || line
        }

        Component {
            id: line
            Item {
                property Item input: field
                implicitHeight: field.implicitHeight
                TextEntry {
                    id: field
                    objectName: "field_" + holder.fieldId
                    invalid: holder.invalid
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
                    background: Rectangle {
                        objectName: "entryFrame"
                        radius: 6
                        border.color: holder.invalid ? form.errorRed : (area.activeFocus ? "#1565c0" : "#5f6b73")
                        border.width: holder.invalid ? 4 : (area.activeFocus ? 3 : 2)
                    }
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
                id: parts
                property Item input: province.input
                spacing: 10
                width: loader.width
                readonly property real partWidth: width > 900 ? (width - 20) / 3 : width
                function current() {
                    return (holder.value && typeof holder.value === "object" && holder.value.length === undefined)
                           ? holder.value : {}
                }
                // The parts to mark red: the empty ones, or every part when none is empty
                // (the address as a whole is wrong).
                function marked(value) {
                    const v = current()
                    const complete = ["province", "city", "district", "detail"].every(k => (v[k] || "") !== "")
                    return holder.invalid && (value === "" || complete)
                }
                function put(part, text) {
                    let v = Object.assign({ province: "", city: "", district: "", detail: "" }, current())
                    v[part] = text
                    journey.setAnswer(holder.fieldId, v)
                }
                // Each part has its own visible label above it (a placeholder goes once
                // something is typed, and is too faint to read).
                AddressPart {
                    id: province; part: "province"; label: qsTr("省"); width: parts.partWidth
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    value: parts.current().province || ""
                    onEdited: (text) => parts.put(part, text)
                }
                AddressPart {
                    part: "city"; label: qsTr("市"); width: parts.partWidth
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    value: parts.current().city || ""
                    onEdited: (text) => parts.put(part, text)
                }
                AddressPart {
                    part: "district"; label: qsTr("区县"); width: parts.partWidth
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    value: parts.current().district || ""
                    onEdited: (text) => parts.put(part, text)
                }
                AddressPart {
                    part: "detail"; label: qsTr("详细地址（街道、门牌号）"); width: parts.width
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    value: parts.current().detail || ""
                    onEdited: (text) => parts.put(part, text)
                }
            }
        }
    }

    // The error summary at the top of the page (GOV.UK's error summary): a heading, the
    // count, and one entry per problem that takes the applicant to its field. Part of the
    // page, not a box of its own that scrolls: every entry shows, wrapped, none is cut.
    component ErrorSummary: Rectangle {
        objectName: "errorSummary"
        visible: journey.errors.count > 0
        width: fieldColumn.width
        height: visible ? summaryColumn.implicitHeight + 24 : 0
        color: shell.largeText ? "white" : "#fff5f5"
        border.color: form.errorRed; border.width: 4; radius: 6
        Column {
            id: summaryColumn
            x: 20; y: 12; width: parent.width - 40
            spacing: 2
            Text {
                objectName: "errorSummaryTitle"
                text: qsTr("请修改以下内容")
                font.pixelSize: 24 * form.s; font.bold: true; color: "#0b0c0c"
                width: parent.width; wrapMode: Text.WordWrap
            }
            Text {
                objectName: "errorSummaryCount"
                text: journey.errors.count === 1 ? qsTr("有 1 处需要修改")
                                                 : qsTr("有 %1 处需要修改").arg(journey.errors.count)
                font.pixelSize: 20 * form.s; color: "#0b0c0c"
                width: parent.width; wrapMode: Text.WordWrap
            }
            Repeater {
                model: journey.errors
                delegate: Button {
                    id: entry
                    required property string fieldId
                    required property string line
                    objectName: "error_" + fieldId
                    width: summaryColumn.width
                    focusPolicy: Qt.NoFocus  // the field takes the focus, not the entry
                    // A 44 px touch target (WCAG 2.5.5) and no more: five entries show
                    // at 1280x800 in large text too.
                    padding: 0; topPadding: 4; bottomPadding: 4
                    implicitHeight: Math.max(44, implicitContentHeight + 8)
                    text: entry.line
                    contentItem: Text {
                        text: "› " + entry.text
                        font.pixelSize: 22 * form.s; font.bold: true; font.underline: true
                        color: form.errorRed
                        wrapMode: Text.WordWrap; maximumLineCount: 4; elide: Text.ElideRight
                        verticalAlignment: Text.AlignVCenter
                    }
                    background: Rectangle { color: entry.down ? "#fde0e0" : "transparent"; radius: 4 }
                    Accessible.name: entry.line
                    onClicked: form.focusField(entry.fieldId)
                }
            }
        }
    }

    // One part of an address: its label, then its input, red when the address is in error
    // and this part is the one left empty.
    component AddressPart: Column {
        id: addressPart
        required property string fieldId
        required property string part
        required property string label
        required property string value
        required property int maxLength
        required property bool invalid
        signal edited(string text)
        property Item input: entry
        spacing: 4
        Text {
            objectName: "addrLabel_" + addressPart.fieldId + "_" + addressPart.part
            text: addressPart.label
            font.pixelSize: 22 * form.s; font.bold: true
            color: shell.largeText ? "black" : "#0d2b4e"
            width: parent.width; wrapMode: Text.WordWrap
        }
        TextEntry {
            id: entry
            objectName: "addr_" + addressPart.fieldId + "_" + addressPart.part
            maximumLength: addressPart.maxLength
            width: parent.width
            implicitHeight: 64 * form.s; font.pixelSize: 24 * form.s
            invalid: addressPart.invalid
            text: addressPart.value
            onTextEdited: addressPart.edited(text)
        }
    }
}
