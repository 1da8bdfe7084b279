import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A date picked with a finger: the year by steps (one or ten), the month and the day from
// grids of large keys, only the days between `first` and `last` (the field's own min and
// max, from kiosk.keyboard_kind.picker_range) enabled. OK hands back the date as the
// field's text (年-月-日, ISO); Cancel leaves the field as it was.
Popup {
    id: picker
    property string title: ""
    property string value: ""  // the field's text: the picker starts from it when a date
    property string first: "1900-01-01"
    property string last: "2100-12-31"
    property real s: 1.0
    signal picked(string iso)

    readonly property var months: [qsTr("1月"), qsTr("2月"), qsTr("3月"), qsTr("4月"), qsTr("5月"), qsTr("6月"),
                                   qsTr("7月"), qsTr("8月"), qsTr("9月"), qsTr("10月"), qsTr("11月"), qsTr("12月")]
    property int year: 2000
    property int month: 1
    property int day: 1

    parent: Overlay.overlay
    modal: true
    focus: false  // the field keeps the focus: no pinyin commits, no keyboard
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 24 : 900, wide ? 1180 : 760)
    readonly property bool wide: parent ? parent.width > parent.height : true
    // Keys as large as the height allows: at least 48 px, 72 px (more in large text).
    readonly property real cell: Math.max(48, Math.min(72 * s,
        ((parent ? parent.height : 800) - 300 * s) / (wide ? 6 : 11)))
    padding: 16

    function pad(n) { return (n < 10 ? "0" : "") + n }
    function iso(y, m, d) { return y + "-" + pad(m) + "-" + pad(d) }
    function daysIn(y, m) { return new Date(y, m, 0).getDate() }
    function yearOf(text) { return parseInt(text.slice(0, 4)) }
    function monthOf(text) { return parseInt(text.slice(5, 7)) }
    function allowed(text) { return text >= picker.first && text <= picker.last }
    function monthAllowed(y, m) {
        const key = y + "-" + pad(m)
        return key >= picker.first.slice(0, 7) && key <= picker.last.slice(0, 7)
    }
    // The nearest day in range, the day kept when the month or year changes.
    function clampTo(y, m, d) {
        let text = iso(y, m, Math.min(d, daysIn(y, m)))
        if (text < picker.first) text = picker.first
        if (text > picker.last) text = picker.last
        picker.year = yearOf(text)
        picker.month = monthOf(text)
        picker.day = parseInt(text.slice(8, 10))
    }
    onAboutToShow: {
        const typed = /^\s*(\d{4})\D+(\d{1,2})\D+(\d{1,2})/.exec(picker.value)
        if (typed) {
            clampTo(parseInt(typed[1]), parseInt(typed[2]), parseInt(typed[3]))
        } else {
            const today = new Date()
            clampTo(today.getFullYear(), today.getMonth() + 1, today.getDate())
        }
    }

    background: Rectangle { color: theme.surface; radius: 10; border.color: theme.text; border.width: 3 }

    contentItem: ColumnLayout {
        spacing: 12
        Text {
            Layout.fillWidth: true
            text: picker.title
            font.pixelSize: 26 * picker.s; font.bold: true; color: theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "datePickerChosen"
            Layout.fillWidth: true
            // the month as its key reads (3月 / Mar): 2027年3月15日, 15 Mar 2027
            text: qsTr("%1年%2%3日").arg(picker.year).arg(picker.months[picker.month - 1]).arg(picker.day)
            font.pixelSize: 30 * picker.s; font.bold: true; color: theme.accent
        }
        RowLayout {
            spacing: 8
            Repeater {
                model: [-10, -1]
                delegate: StepKey {}
            }
            Text {
                objectName: "datePickerYear"
                Layout.preferredWidth: 150 * picker.s
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("%1年").arg(picker.year)
                font.pixelSize: 28 * picker.s; font.bold: true; color: theme.text
            }
            Repeater {
                model: [1, 10]
                delegate: StepKey {}
            }
        }
        GridLayout {
            columns: picker.wide ? 2 : 1
            columnSpacing: 24; rowSpacing: 12
            GridLayout {
                Layout.alignment: Qt.AlignTop
                columns: picker.wide ? 3 : 6
                columnSpacing: 8; rowSpacing: 8
                Repeater {
                    model: 12
                    delegate: BigButton {
                        required property int index
                        objectName: "datePickerMonth_" + (index + 1)
                        implicitWidth: picker.cell * 1.5; implicitHeight: picker.cell
                        font.pixelSize: 22 * picker.s
                        text: picker.months[index]
                        keepsKeyboard: true
                        checked: picker.month === index + 1
                        enabled: picker.monthAllowed(picker.year, index + 1)
                        onClicked: picker.clampTo(picker.year, index + 1, picker.day)
                    }
                }
            }
            GridLayout {
                Layout.alignment: Qt.AlignTop
                columns: 7
                columnSpacing: 6; rowSpacing: 6
                Repeater {
                    model: picker.daysIn(picker.year, picker.month)
                    delegate: BigButton {
                        required property int index
                        objectName: "datePickerDay_" + (index + 1)
                        implicitWidth: picker.cell; implicitHeight: picker.cell
                        font.pixelSize: 22 * picker.s
                        text: String(index + 1)
                        keepsKeyboard: true
                        checked: picker.day === index + 1
                        enabled: picker.allowed(picker.iso(picker.year, picker.month, index + 1))
                        onClicked: picker.day = index + 1
                    }
                }
            }
        }
        RowLayout {
            spacing: 16
            BigButton {
                objectName: "datePickerCancel"
                text: qsTr("取消")
                keepsKeyboard: true
                onClicked: picker.close()
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "datePickerOk"
                primary: true
                text: qsTr("确定")
                keepsKeyboard: true
                onClicked: {
                    picker.picked(picker.iso(picker.year, picker.month, picker.day))
                    picker.close()
                }
            }
        }
    }

    // A year key: back or on by one or ten years, kept within the range.
    component StepKey: BigButton {
        required property int modelData
        objectName: "datePickerYear_" + (modelData > 0 ? "plus" : "minus") + Math.abs(modelData)
        implicitWidth: picker.cell * 1.4; implicitHeight: picker.cell
        font.pixelSize: 22 * picker.s
        text: modelData > 0 ? qsTr("+%1年").arg(modelData) : qsTr("−%1年").arg(-modelData)
        keepsKeyboard: true
        enabled: modelData > 0 ? picker.year < picker.yearOf(picker.last)
                               : picker.year > picker.yearOf(picker.first)
        onClicked: picker.clampTo(picker.year + modelData, picker.month, picker.day)
    }
}
