import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The signed-in staff member's actions, as their role allows (kiosk.staff.session).
Item {
    objectName: "staffHome"
    readonly property real s: shell.largeText ? 1.3 : 1.0
    property bool choosingReason: false
    Flickable {
        id: page
        objectName: "staffPage"
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: staffMore.top }
        contentHeight: content.height + 40
        clip: true
        ScrollBar.vertical: ScrollBar {
            policy: ScrollBar.AsNeeded; width: 14; active: true
            visible: page.contentHeight > page.height
        }
        Column {
            id: content
            x: (page.width - width) / 2
            y: 20
            width: Math.min(page.width - 60, 1000)
            spacing: 20 * s
            Heading {
                objectName: "staffName"
                text: qsTr("%1（%2）").arg(staff.name).arg(staff.roleName)
            }
            Card {
                objectName: "callsCard"
                visible: staff.mayHelp
                Heading { font.pixelSize: 26 * s; text: qsTr("呼叫辅导员") }
                // How the last reprint went (a printer fault in the technician's words).
                Body {
                    objectName: "staffNotice"
                    visible: staff.notice !== ""
                    font.bold: staff.noticeProblem
                    color: staff.noticeProblem ? theme.error : theme.text
                    text: staff.notice
                }
                Body {
                    objectName: "noCalls"
                    visible: staff.calls.length === 0
                    color: theme.muted
                    text: qsTr("本终端当前没有呼叫。")
                }
                Repeater {
                    model: staff.calls
                    Column {
                        objectName: "call_" + modelData.callId
                        width: parent.width
                        spacing: 8
                        Body {
                            font.bold: true
                            text: modelData.stateLabel + " · " + modelData.waited
                        }
                        Body {
                            text: qsTr("位置：%1").arg(modelData.where)
                                + (modelData.item ? "\n" + qsTr("事项：%1").arg(modelData.item) : "")
                                + (modelData.page ? "\n" + qsTr("页面：%1").arg(modelData.page) : "")
                                + (modelData.fields ? "\n" + qsTr("填写有误：%1").arg(modelData.fields) : "")
                        }
                        Flow {
                            width: parent.width
                            spacing: 16
                            // A ticket committed but never printed (a crash, a printer
                            // fault): printed again for the applicant waiting for it.
                            BigButton {
                                objectName: "reprint"
                                visible: modelData.ticket !== ""
                                enabled: !staff.reprinting
                                primary: true
                                text: qsTr("重新打印")
                                onClicked: staff.reprintTicket(modelData.ticket)
                            }
                            BigButton {
                                objectName: "acknowledge"
                                visible: modelData.state === "open"
                                primary: modelData.ticket === ""
                                text: qsTr("确认收到")
                                onClicked: staff.acknowledge(modelData.callId)
                            }
                            BigButton {
                                objectName: "resolve"
                                text: qsTr("已解决")
                                onClicked: staff.resolve(modelData.callId)
                            }
                        }
                    }
                }
            }
            Body {
                objectName: "nothingAllowed"
                visible: !staff.mayHelp && !staff.mayAssist && !staff.mayProxy && !staff.mayPause
                         && !staff.mayDiagnose
                text: qsTr("您的角色在本终端暂无可用操作。")
            }
            GridLayout {
                width: parent.width
                columns: root.portrait ? 1 : 2
                columnSpacing: 20; rowSpacing: 16
                BigButton {
                    objectName: "startAssist"
                    visible: staff.mayAssist && !staff.outOfService
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("协助办理（帮办）")
                    onClicked: staff.startAssist()
                }
                BigButton {
                    objectName: "startProxy"
                    visible: staff.mayProxy && !staff.outOfService
                    Layout.fillWidth: true
                    primary: !staff.mayAssist
                    text: qsTr("代办申报（网格化零跑代办）")
                    onClicked: staff.startProxy()
                }
                BigButton {
                    objectName: "pause"
                    visible: staff.mayPause && !staff.outOfService
                    Layout.fillWidth: true
                    danger: true
                    text: qsTr("暂停服务")
                    onClicked: choosingReason = true
                }
                BigButton {
                    objectName: "resume"
                    visible: staff.mayPause && staff.outOfService
                    Layout.fillWidth: true
                    primary: true
                    text: qsTr("恢复服务")
                    onClicked: staff.resume()
                }
                BigButton {
                    objectName: "openDiagnostics"
                    visible: staff.mayDiagnose
                    Layout.fillWidth: true
                    text: qsTr("设备诊断")
                    onClicked: staff.show("diagnostics")
                }
                BigButton {
                    objectName: "staffDone"
                    Layout.fillWidth: true
                    text: staff.outOfService ? qsTr("退出登录") : qsTr("退出登录，返回申报")
                    onClicked: staff.end()
                }
            }
            Card {
                objectName: "reasonCard"
                visible: choosingReason
                Heading { font.pixelSize: 26 * s; text: qsTr("暂停服务的原因") }
                Body { color: theme.muted; text: qsTr("正在办理的申请人信息将被清除。") }
                Flow {
                    width: parent.width
                    spacing: 16
                    Repeater {
                        model: staff.reasons
                        BigButton {
                            objectName: "reason_" + modelData.code
                            text: modelData.label
                            onClicked: { choosingReason = false; staff.pause(modelData.code) }
                        }
                    }
                    BigButton {
                        objectName: "reasonCancel"
                        text: qsTr("取消")
                        onClicked: choosingReason = false
                    }
                }
            }
        }
    }
    ScrollCue {
        id: staffMore
        objectName: "staffMore"
        target: page
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
    }
}
