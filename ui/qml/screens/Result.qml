import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Item {
    // The applicant's journey (the navigator holds it once the catalog is loaded).
    readonly property var journey: nav.journey
    property string guidance: journey.outcome === "rejected"
        ? qsTr("预审未通过：请按下面的说明修改，或呼叫辅导员帮忙。")
        : journey.outcome === "passed_with_deficiency"
          ? qsTr("可以先办理：请阅读承诺书并签名确认，然后取号。")
          : qsTr("预审通过，请取号。")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        Heading {
            objectName: "outcome"
            text: journey.outcomeLabel
            color: journey.outcome === "rejected" ? theme.bad : theme.ok
            font.pixelSize: 40 * s
        }
        Body { objectName: "reference"; text: qsTr("申报编号：%1").arg(journey.reference) }
        Flickable {
            id: page
            objectName: "resultPage"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentHeight: details.implicitHeight
            clip: true
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; minimumSize: 0.1; width: 14; active: true }
            Column {
                id: details
                width: parent.width - 20  // the scroll bar's room
                spacing: 10
                // Passed (or 容缺): what happens next, step by step.
                Card {
                    objectName: "nextSteps"
                    visible: journey.nextSteps.length > 0
                    Body { text: qsTr("接下来"); font.bold: true }
                    Repeater {
                        model: journey.nextSteps
                        delegate: Body { objectName: "nextStep"; text: (index + 1) + ". " + modelData }
                    }
                }
                // Rejected: every fix, in plain words, each with "fix now".
                Repeater {
                    model: journey.outcome === "rejected" ? journey.findings : null
                    delegate: Card {
                        Body { text: (index + 1) + ". " + line; font.bold: true }
                        Body { text: qsTr("怎么改：") + fix }
                        BigButton {
                            objectName: "fixNow_" + target
                            text: qsTr("现在修改")
                            onClicked: journey.fix(target)
                        }
                    }
                }
                // 容缺受理: each missing material with its due date, and the commitment.
                Repeater {
                    model: journey.outcome === "passed_with_deficiency" ? journey.deficiencies : null
                    delegate: Card {
                        Body { text: name; font.bold: true }
                        Body { text: qsTr("请于 %1 前补交（%2 个工作日内）").arg(dueDate).arg(workingDays) }
                    }
                }
                // The commitment, read and signed with a finger (容缺受理承诺书).
                Card {
                    objectName: "commitmentCard"
                    visible: journey.outcome === "passed_with_deficiency"
                    Body { text: qsTr("容缺受理承诺书"); font.bold: true }
                    Body { objectName: "committer"; visible: text !== ""; text: journey.committerName; font.bold: true }
                    Body { objectName: "commitmentText"; text: journey.commitmentText }
                    // The message above what it is about (GOV.UK's error pattern).
                    Body {
                        objectName: "signatureMessage"
                        visible: journey.signatureMessage !== "" && !journey.commitmentAccepted
                        text: journey.signatureMessage
                        color: theme.error; font.bold: true
                    }
                    SignaturePad {
                        id: signature
                        objectName: "signaturePad"
                        width: parent.width
                        enabled: !journey.commitmentAccepted && !journey.busy
                        invalid: journey.signatureMessage !== "" && !journey.commitmentAccepted
                        Connections {
                            // No signature outlives its applicant, on screen or in memory.
                            target: journey
                            function onApplicantGone() { signature.clear() }
                        }
                    }
                    Flow {
                        width: parent.width
                        spacing: 12
                        BigButton {
                            objectName: "signAgain"
                            visible: !journey.commitmentAccepted
                            enabled: !signature.empty && !journey.busy
                            text: qsTr("重签")
                            onClicked: signature.clear()
                        }
                        BigButton {
                            objectName: "acceptCommitment"
                            primary: !journey.commitmentAccepted
                            checked: journey.commitmentAccepted
                            enabled: !journey.commitmentAccepted && !journey.busy && !signature.empty
                            text: journey.commitmentAccepted ? qsTr("已签名确认") : qsTr("确认承诺")
                            onClicked: journey.acceptCommitment(signature.strokes, signature.width, signature.height)
                        }
                    }
                }
                // 证照免费邮寄: the counter or the post, chosen before the ticket.
                MailingCard {}
                // Paper to take home: the notice of what to fix, the signed commitment
                // (printed once signed), the confirmation of a pass on request.
                Card {
                    objectName: "paperCard"
                    visible: journey.outcome !== "passed_with_deficiency" || journey.commitmentAccepted
                    Body {
                        text: journey.outcome === "rejected" ? qsTr("把要修改的内容打印出来，带回去对照准备。")
                            : journey.outcome === "passed" ? qsTr("需要纸质的申报信息确认单，可以打印一份。")
                            : qsTr("签好的承诺书会打印出来，请带走保存。")
                    }
                    Body {
                        objectName: "paperMessage"
                        visible: journey.paperMessage !== ""
                        text: journey.paperMessage
                        color: theme.accent; font.bold: true
                    }
                    BigButton {
                        objectName: "printPaper"
                        enabled: !journey.paperBusy
                        text: journey.outcome === "rejected" ? qsTr("打印一次性告知单")
                            : journey.outcome === "passed" ? qsTr("打印申报信息确认单")
                            : qsTr("再打印一份承诺书")
                        onClicked: journey.takeHome()
                    }
                    BigButton {
                        objectName: "printAuthorisation"
                        visible: journey.mayPrintAuthorisation
                        enabled: !journey.paperBusy
                        text: qsTr("再打印一份委托代办授权书")
                        onClicked: journey.printAuthorisation()
                    }
                }
            }
        }
        ScrollCue { objectName: "resultMore"; target: page }
        RowLayout {
            spacing: 12
            BigButton {
                objectName: "startOver"
                text: qsTr("重新开始")
                // Everything filled in would go: ask first.
                onClicked: restartDialog.open()
            }
            BigButton {
                objectName: "resultCallAttendant"
                visible: journey.outcome === "rejected"
                text: help.active ? qsTr("辅导员正在赶来") : qsTr("请辅导员帮忙")
                onClicked: if (!help.active) help.call()
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "takeTicket"
                visible: journey.outcome !== "rejected"
                enabled: journey.mayTakeTicket && !journey.busy
                primary: true
                text: qsTr("取号")
                onClicked: journey.takeTicket()
            }
        }
    }

    // 重新开始 would discard every answer: the applicant confirms, or goes on.
    Popup {
        id: restartDialog
        objectName: "restartDialog"
        parent: Overlay.overlay
        modal: true
        closePolicy: Popup.NoAutoClose
        anchors.centerIn: parent
        width: Math.min(parent.width - 80, 720 * s)
        padding: 32
        background: Rectangle { radius: 16; color: theme.surface; border.color: theme.danger; border.width: 3 }
        contentItem: Column {
            spacing: 24
            Heading { text: qsTr("重新开始吗？") }
            Body { text: qsTr("您填写的内容将全部清除，需要从头办理。") }
            GridLayout {
                width: parent.width
                columns: root.portrait && shell.largeText ? 1 : 2
                columnSpacing: 24; rowSpacing: 16
                BigButton {
                    objectName: "restartKeep"
                    primary: true
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("继续办理")
                    onClicked: restartDialog.close()
                }
                BigButton {
                    objectName: "restartConfirm"
                    danger: true
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("清除并重新开始")
                    onClicked: { restartDialog.close(); journey.home() }
                }
            }
        }
    }
}
