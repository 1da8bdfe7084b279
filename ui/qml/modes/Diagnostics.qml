import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The technician's figures, each in plain words with its state (kiosk.diagnostics), and
// the actions. The state is a word as well as a colour.
Item {
    objectName: "diagnostics"
    readonly property real s: shell.largeText ? 1.3 : 1.0
    Component.onCompleted: diag.open()
    Component.onDestruction: diag.close_screen()
    Flickable {
        id: page
        objectName: "diagnosticsPage"
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: diagMore.top }
        contentHeight: content.height + 40
        clip: true
        ScrollBar.vertical: ScrollBar {
            policy: ScrollBar.AsNeeded; width: 14; active: true
            visible: page.contentHeight > page.height
        }
        Column {
            id: content
            x: (page.width - width) / 2
            y: 16
            width: Math.min(page.width - 40, 1200)
            spacing: 14 * s
            RowLayout {
                width: parent.width
                Heading { text: qsTr("设备诊断"); Layout.fillWidth: true }
                BigButton { objectName: "diagBack"; text: qsTr("返回"); onClicked: staff.back() }
            }
            Body {
                objectName: "diagNote"
                visible: diag.note !== ""
                font.bold: true
                color: theme.accent
                text: diag.note
            }
            // A device test's outcome (read a card, scan any code, blink the light).
            Body {
                objectName: "deviceTested"
                visible: devices.tested !== ""
                font.bold: true
                text: devices.tested
            }
            Flow {
                width: parent.width
                spacing: 12
                BigButton { objectName: "sendNow"; text: qsTr("立即上传"); onClicked: diag.sendNow() }
                BigButton { objectName: "downloadNow"; text: qsTr("立即下载目录"); onClicked: diag.downloadNow() }
                BigButton { objectName: "testTicket"; text: qsTr("打印测试票"); onClicked: diag.testTicket() }
                BigButton { objectName: "queryPrinter"; text: qsTr("查询打印机状态"); onClicked: diag.queryPrinter() }
                BigButton { objectName: "testCard"; text: qsTr("读卡测试"); onClicked: devices.testCard() }
                BigButton { objectName: "blinkLight"; text: qsTr("闪烁呼叫灯"); onClicked: devices.blinkLight() }
                BigButton { objectName: "touchTest"; text: qsTr("触摸测试"); onClicked: staff.show("touch_test") }
                BigButton { objectName: "showLog"; text: qsTr("查看日志"); onClicked: diag.showLog() }
                BigButton { objectName: "showDeadLetters"; text: qsTr("查看死信"); onClicked: diag.showDeadLetters() }
                BigButton { objectName: "restartKiosk"; danger: true; text: qsTr("重启终端程序"); onClicked: staff.restart() }
                BigButton { objectName: "exitKiosk"; danger: true; text: qsTr("退出到系统（维护）"); onClicked: staff.exitToSystem() }
            }
            // Enrolling with a one-time code (central enrol / the dashboard): kiosk.provision.
            Card {
                objectName: "enrolCard"
                Heading { font.pixelSize: 26 * s; text: qsTr("登记到中心") }
                Body {
                    width: parent.width
                    text: qsTr("输入中心服务器地址和登记码（在中心服务器或管理页面生成，24 小时内有效，仅可使用一次）。")
                }
                RowLayout {
                    width: parent.width
                    spacing: 12
                    TextEntry {
                        id: enrolUrl
                        objectName: "enrolUrl"
                        Layout.fillWidth: true
                        maximumLength: 300
                        // touch-sized, as the form's fields (the technician types on the
                        // on-screen keyboard too)
                        implicitHeight: 64 * s
                        font.pixelSize: 24 * s
                        placeholderText: qsTr("https://中心服务器地址")
                        inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
                        Component.onCompleted: text = diag.enrolUrl
                    }
                    TextEntry {
                        id: enrolCode
                        objectName: "enrolCode"
                        Connections {  // the code's QR read by the scanner
                            target: diag
                            function onEnrolScanned(code) { enrolCode.text = code }
                        }
                        Layout.preferredWidth: 260 * s
                        maximumLength: 32
                        // touch-sized, as the form's fields (the technician types on the
                        // on-screen keyboard too)
                        implicitHeight: 64 * s
                        font.pixelSize: 24 * s
                        placeholderText: qsTr("登记码，如 K7QM-3XPA")
                        inputMethodHints: Qt.ImhLatinOnly | Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                    }
                    BigButton {
                        objectName: "enrol"
                        text: diag.enrolling ? qsTr("正在登记…") : qsTr("登记")
                        enabled: diag.mayEnrol && !diag.enrolling && enrolUrl.text.length > 0 && enrolCode.text.length > 0
                        onClicked: diag.enrol(enrolUrl.text, enrolCode.text)
                    }
                }
                Repeater {
                    model: diag.enrolLines
                    Body { objectName: "enrolLine"; width: parent.width; text: modelData }
                }
            }
            Connections {
                target: diag
                // The new token and number are read at start: the kiosk restarts.
                function onEnrolled() { staff.restart() }
            }
            Card {
                objectName: "detailsCard"
                visible: diag.logLines.length > 0 || diag.deadLetters.length > 0
                RowLayout {
                    width: parent.width
                    Heading {
                        font.pixelSize: 26 * s
                        Layout.fillWidth: true
                        text: diag.logLines.length > 0 ? qsTr("日志（已隐去个人信息）") : qsTr("死信（服务器拒收的事件）")
                    }
                    BigButton { objectName: "hideDetails"; text: qsTr("收起"); onClicked: diag.hideDetails() }
                }
                Repeater {
                    model: diag.logLines
                    Text {
                        width: parent.width
                        text: modelData
                        color: theme.text
                        font.family: "monospace"
                        font.pixelSize: 15 * s
                        wrapMode: Text.WrapAnywhere
                    }
                }
                Repeater {
                    model: diag.deadLetters
                    Body { text: modelData.at + "  " + modelData.kind + "\n" + modelData.reason }
                }
            }
            Repeater {
                model: diag.figures
                Column {
                    objectName: "figure_" + modelData.key
                    width: content.width
                    spacing: 4
                    Heading {
                        visible: modelData.section !== ""
                        font.pixelSize: 26 * s
                        topPadding: 10
                        text: modelData.section
                    }
                    RowLayout {
                        width: parent.width
                        spacing: 12
                        Body {
                            text: modelData.label
                            font.bold: true
                            Layout.preferredWidth: parent.width * 0.3
                        }
                        Body {
                            objectName: "figureValue"
                            text: modelData.value
                            Layout.fillWidth: true
                        }
                        Text {
                            objectName: "figureState"
                            text: modelData.stateLabel
                            font.pixelSize: 22 * s
                            font.bold: true
                            color: modelData.state === "ok" ? theme.ok
                                 : modelData.state === "fault" ? theme.bad
                                 : modelData.state === "warning" ? theme.accent : theme.muted
                        }
                    }
                    Body {
                        visible: modelData.hint !== ""
                        color: theme.muted
                        text: modelData.hint
                    }
                }
            }
        }
    }
    ScrollCue {
        id: diagMore
        objectName: "diagnosticsMore"
        target: page
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
    }
}
