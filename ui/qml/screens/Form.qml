import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import "../components"

Item {
    id: form
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: journey.pageGuidance !== "" ? journey.pageGuidance
                              : qsTr("请逐项填写，带 * 的为必填项；填好后点“下一步”。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    readonly property color errorRed: theme.error

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
                inputKeys.settle()
                if (holder.input) holder.input.forceActiveFocus()
            }
        }
    }

    // The field holding an item (its label, hint, message and input), or null.
    function holderOf(item) {
        let p = item
        while (p && p.parent !== fieldColumn) p = p.parent
        return p && p.fieldId !== undefined ? p : null
    }
    // The focused field stays in view, also when the keyboard opens and the form shrinks:
    // the whole field from its label down to the input's bottom (the message sits above
    // the input), or, when that is taller than the view (an address's last part), the
    // input with its own label.
    function reveal() {
        const item = form.Window.activeFocusItem
        const holder = form.holderOf(item)
        if (!holder || flick.height <= 0) return
        const bottom = item.mapToItem(fieldColumn, 0, item.height).y + 10
        let top = holder.y - 6
        // a question passed over by Enter, above the field, when both fit
        if (form.revealFrom >= 0 && bottom - form.revealFrom + 6 <= flick.height)
            top = form.revealFrom - 6
        if (bottom - top > flick.height && holder.type === "address" && item.parent)
            top = item.parent.mapToItem(fieldColumn, 0, 0).y - 6
        const most = Math.max(0, flick.contentHeight - flick.height)
        let to = flick.contentY
        if (bottom - top > flick.height) to = bottom - flick.height  // the input, and what fits above
        else if (top < flick.contentY) to = top
        else if (bottom > flick.contentY + flick.height) to = bottom - flick.height
        flick.contentY = Math.min(most, Math.max(0, to))
    }
    // The page's text inputs in order (an address has four), and the last of them: its
    // Enter key reads 下一步 and goes to the next page.
    function inputs() {
        let out = []
        for (let i = 0; i < fieldRepeater.count; ++i) {
            const holder = fieldRepeater.itemAt(i)
            if (holder) out = out.concat(holder.inputs)
        }
        return out
    }
    property Item lastInput: null
    // Enter (下一项) on a field: the page's next text input takes the focus, its label
    // and message in view. A question answered by a tap (a choice) on the way is passed
    // over but shown above it when both fit. On the page's last field Enter is 下一步.
    property real revealFrom: -1
    function advance(item) {
        const all = form.inputs()
        const at = all.indexOf(item)
        if (at < 0) return
        if (at + 1 >= all.length) {
            form.next()
            return
        }
        const next = all[at + 1]
        const from = form.holderOf(item), to = form.holderOf(next)
        form.revealFrom = -1
        for (let i = 0; i < fieldRepeater.count; ++i) {
            const holder = fieldRepeater.itemAt(i)
            if (holder && holder.y > from.y && holder.y < to.y && holder.inputs.length === 0) {
                form.revealFrom = holder.y
                break
            }
        }
        inputKeys.settle()  // only what was chosen: no half-typed pinyin carried over
        next.forceActiveFocus()
        form.revealFrom = -1
    }
    Connections {
        target: form.Window.window
        function onActiveFocusItemChanged() {
            const all = form.inputs()
            form.lastInput = all.length > 0 ? all[all.length - 1] : null
            form.reveal()
        }
    }
    // A new page starts at its top.
    Connections {
        target: journey
        function onFieldsReset() { flick.contentY = 0 }
    }

    // While the keyboard is open the page gives the fields its room: the page's title and
    // the "more below" strip step aside (the scroll bar stays), the margins shrink.
    readonly property bool typing: inputKeys.visible
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: form.typing ? 8 : 20
        spacing: form.typing ? 6 : 10
        RowLayout {
            visible: !form.typing
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
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; minimumSize: 0.1; width: 14; active: true }
            // the keyboard opened (or grew), or the page made room while it is open (the
            // title stepped aside): keep the focused field in view, once the layout is done
            property real lastHeight: 0
            onHeightChanged: {
                if (height < lastHeight || form.typing) revealLater.restart()
                lastHeight = height
            }
            Timer { id: revealLater; interval: 0; onTriggered: form.reveal() }  // dies with the page
            Column {
                id: fieldColumn
                width: flick.width
                spacing: 18
                ErrorSummary {}
                CardPrompt {}
                Repeater {
                    id: fieldRepeater
                    model: journey.fields
                    delegate: FieldHolder {}
                }
            }
        }
        ScrollCue { objectName: "formMore"; target: flick; visible: !form.typing }
        RowLayout {
            visible: !form.besideKeyboard
            spacing: 16
            BigButton { objectName: "backButton"; text: qsTr("上一步"); onClicked: journey.back() }
            Item { Layout.fillWidth: true }
            BigButton { objectName: "nextButton"; primary: true; text: qsTr("下一步"); onClicked: form.next() }
        }
    }
    // On a wide screen the open keyboard leaves room at its sides: 上一步 and 下一步 go
    // there, beside the keys, and the fields have the height the row took. (The same
    // buttons: one pair shows at a time.)
    readonly property rect keys: inputKeys.rect
    readonly property real side: keys.x - 16
    readonly property bool besideKeyboard: typing && keys.width > 0 && side >= 140
    BigButton {
        objectName: "backButton"
        visible: form.besideKeyboard
        x: 8; y: form.height + 8
        width: form.side; implicitWidth: form.side
        text: qsTr("上一步"); onClicked: journey.back()
    }
    BigButton {
        objectName: "nextButton"
        visible: form.besideKeyboard
        x: form.width - form.side - 8; y: form.height + 8
        width: form.side; implicitWidth: form.side
        primary: true; text: qsTr("下一步"); onClicked: form.next()
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
        required property string keyboardLocale
        required property string dateMin
        required property string dateMax
        required property bool fromCard
        property Item input: loader.item ? loader.item.input || null : null
        // Its text inputs in order (an address's four parts), none for a choice.
        readonly property var inputs: !loader.item ? []
            : loader.item.inputs ? loader.item.inputs
            : loader.item.input ? [loader.item.input] : []
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
            objectName: "fieldLabel_" + holder.fieldId
            text: (holder.required ? "* " : "") + holder.label
            font.pixelSize: 24 * form.s; font.bold: true
            color: theme.heading
            width: holder.width - holder.leftPadding; wrapMode: Text.WordWrap
            Rectangle {  // a child of the label: the column does not place it
                objectName: "errorBar_" + holder.fieldId
                visible: holder.invalid
                x: -holder.leftPadding; width: 5; height: holder.height
                color: form.errorRed
            }
        }
        Text {
            objectName: "cardTag_" + holder.fieldId
            // not while typing: the keyboard leaves the field little room above it
            visible: holder.fromCard && idCard.wanted && !form.typing
            text: qsTr("读卡：放置身份证后自动填写")
            font.pixelSize: 18 * form.s; font.bold: true; color: theme.accent
            width: holder.width - holder.leftPadding; wrapMode: Text.WordWrap
        }
        Text {
            visible: holder.hint !== ""
            text: holder.hint
            font.pixelSize: 18 * form.s; color: theme.muted
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
                    // room for the extra key (or the date picker's button) beside it,
                    // kept while the key is hidden
                    width: Math.min(parent.width - (holder.extraKey !== "" ? extraKey.width + 12 : 0)
                                    - (holder.type === "date" ? pickDate.width + 12 : 0), 720)
                    property string keyboardLocale: holder.keyboardLocale
                    EnterKeyAction.actionId: form.lastInput === field ? EnterKeyAction.Done : EnterKeyAction.Next
                    EnterKeyAction.label: form.lastInput === field ? qsTr("下一步") : qsTr("下一项")
                    Keys.onReturnPressed: form.advance(field)
                    Keys.onEnterPressed: form.advance(field)
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
                // A date is typed (年-月-日) or picked: the picker opens beside the field.
                BigButton {
                    id: pickDate
                    objectName: "pickDate_" + holder.fieldId
                    visible: holder.type === "date"
                    anchors.left: field.right
                    anchors.leftMargin: 12
                    implicitHeight: field.height
                    text: qsTr("选日期")
                    Accessible.name: qsTr("选择%1").arg(holder.label)
                    onClicked: {
                        inputKeys.dismiss()
                        picker.open()
                    }
                }
                DatePicker {
                    id: picker
                    objectName: "datePicker_" + holder.fieldId
                    title: holder.label
                    value: field.text
                    first: holder.dateMin
                    last: holder.dateMax
                    s: form.s
                    onPicked: (iso) => {
                        field.text = iso
                        journey.setAnswer(holder.fieldId, iso)
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
                    property string keyboardLocale: holder.keyboardLocale
                    font.pixelSize: 24 * form.s
                    wrapMode: TextEdit.Wrap
                    text: typeof holder.value === "string" ? holder.value : ""
                    background: Rectangle {
                        objectName: "entryFrame"
                        radius: 6
                        color: theme.surface
                        border.color: holder.invalid ? form.errorRed : (area.activeFocus ? theme.focus : theme.input_border)
                        border.width: holder.invalid ? 4 : (area.activeFocus ? 3 : 2)
                    }
                    // textChanged also comes with every change of a pinyin composition, the
                    // text unchanged: only a real edit is an answer (and clears its error).
                    onTextChanged: {
                        const stored = typeof holder.value === "string" ? holder.value : ""
                        if (activeFocus && text !== stored) journey.setAnswer(holder.fieldId, text)
                    }
                    onPressed: inputKeys.settle()  // as TextEntry does
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
                        text: modelData.label
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
                readonly property var inputs: [province.input, city.input, district.input, detail.input]
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
                    keyboardLocale: holder.keyboardLocale
                    value: parts.current().province || ""
                    onEdited: (text) => parts.put(part, text)
                }
                AddressPart {
                    id: city; part: "city"; label: qsTr("市"); width: parts.partWidth
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    keyboardLocale: holder.keyboardLocale
                    value: parts.current().city || ""
                    onEdited: (text) => parts.put(part, text)
                }
                AddressPart {
                    id: district; part: "district"; label: qsTr("区县"); width: parts.partWidth
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    keyboardLocale: holder.keyboardLocale
                    value: parts.current().district || ""
                    onEdited: (text) => parts.put(part, text)
                }
                AddressPart {
                    id: detail; part: "detail"; label: qsTr("详细地址（街道、门牌号）"); width: parts.width
                    fieldId: holder.fieldId; maxLength: holder.maxLength; invalid: parts.marked(value)
                    keyboardLocale: holder.keyboardLocale
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
        color: theme.error_fill
        border.color: form.errorRed; border.width: 4; radius: 6
        Column {
            id: summaryColumn
            x: 20; y: 12; width: parent.width - 40
            spacing: 2
            Text {
                objectName: "errorSummaryTitle"
                text: qsTr("请修改以下内容")
                font.pixelSize: 24 * form.s; font.bold: true; color: theme.text
                width: parent.width; wrapMode: Text.WordWrap
            }
            Text {
                objectName: "errorSummaryCount"
                text: journey.errors.count === 1 ? qsTr("有 1 处需要修改")
                                                 : qsTr("有 %1 处需要修改").arg(journey.errors.count)
                font.pixelSize: 20 * form.s; color: theme.text
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
                    background: Rectangle { color: entry.down ? theme.button_down : "transparent"; radius: 4 }
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
        required property string keyboardLocale
        spacing: 4
        Text {
            objectName: "addrLabel_" + addressPart.fieldId + "_" + addressPart.part
            text: addressPart.label
            font.pixelSize: 22 * form.s; font.bold: true
            color: theme.heading
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
            property string keyboardLocale: addressPart.keyboardLocale
            EnterKeyAction.actionId: form.lastInput === entry ? EnterKeyAction.Done : EnterKeyAction.Next
            EnterKeyAction.label: form.lastInput === entry ? qsTr("下一步") : qsTr("下一项")
            Keys.onReturnPressed: form.advance(entry)
            Keys.onEnterPressed: form.advance(entry)
        }
    }
}
