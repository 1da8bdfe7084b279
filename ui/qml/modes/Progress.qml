import QtQuick
import QtQuick.Controls
import "../components"

// 办件进度查询 (ui.lookup_model): the reference and the mobile's last four digits, or the
// ticket's QR code; then the status history, what is still owed, and the rating of a
// completed declaration. Nothing here is kept after the applicant leaves.
Item {
    id: screen
    property string guidance: lookup.found ? qsTr("这是您的办件进度。")
                                           : qsTr("请扫描号票上的二维码，或输入受理编号和手机号码后四位。")
    readonly property string heading: qsTr("办件进度查询")
    readonly property real s: shell.largeText ? 1.3 : 1.0
    function statusLabel(status) {
        return status === "submitted" ? qsTr("已提交（预审通过）")
             : status === "received" ? qsTr("已受理")
             : status === "processing" ? qsTr("办理中")
             : status === "completed" ? qsTr("已办结")
             : status === "returned" ? qsTr("已退件") : status
    }
    Flickable {
        id: page
        objectName: "progressPage"
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: progressMore.top }
        contentHeight: content.height + 40
        clip: true
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14; active: true }
        Column {
            id: content
            x: (page.width - width) / 2
            y: 20
            width: Math.min(page.width - 80, 1000)
            spacing: 20 * screen.s
            Heading { objectName: "progressHeading"; text: screen.heading }

            // -- the entry ---------------------------------------------------------------
            Card {
                objectName: "lookupEntry"
                visible: !lookup.found
                spacing: 14 * screen.s
                Body { text: qsTr("受理编号（号票上的编号，如 20261126-07-0012）") }
                TextEntry {
                    id: reference
                    objectName: "lookupReference"
                    width: parent.width
                    implicitHeight: 64 * screen.s
                    font.pixelSize: 28 * screen.s
                    maximumLength: 20
                    invalid: lookup.problemField === "reference"
                    inputMethodHints: Qt.ImhFormattedNumbersOnly | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("受理编号")
                }
                Body { text: qsTr("申报时所填手机号码的后四位") }
                TextEntry {
                    id: digits
                    objectName: "lookupDigits"
                    width: 260 * screen.s
                    implicitHeight: 64 * screen.s
                    font.pixelSize: 28 * screen.s
                    maximumLength: 4
                    invalid: lookup.problemField === "digits"
                    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("后四位")
                }
                Body {
                    objectName: "lookupCardHint"
                    visible: idCard.ready
                    font.bold: true
                    color: theme.accent
                    text: qsTr("也可以在读卡区放置身份证，查看本人的申报。")
                }
                Body {
                    objectName: "lookupProblem"
                    visible: text !== ""
                    color: theme.error
                    font.bold: true
                    text: lookup.problem
                }
                BigButton {
                    objectName: "lookupSubmit"
                    primary: true
                    implicitWidth: 300 * screen.s
                    text: lookup.busy ? qsTr("正在查询…") : qsTr("查询")
                    enabled: !lookup.busy
                    onClicked: lookup.lookUp(reference.text, digits.text)
                }
            }

            // An ID card's several declarations: the one shown is marked, a tap shows another.
            Card {
                objectName: "lookupChoices"
                visible: lookup.choices.length > 1
                spacing: 10 * screen.s
                Body { font.bold: true; text: qsTr("这张身份证有 %1 件申报，请选择要查看的一件：").arg(lookup.choices.length) }
                Repeater {
                    model: lookup.choices
                    BigButton {
                        objectName: "lookupChoice_" + modelData.reference
                        width: parent.width
                        primary: modelData.shown
                        text: modelData.itemName + "  " + modelData.at + "  " + screen.statusLabel(modelData.status)
                        onClicked: lookup.choose(modelData.reference)
                    }
                }
            }

            // -- the result --------------------------------------------------------------
            Card {
                objectName: "lookupResult"
                visible: lookup.found
                spacing: 12 * screen.s
                Heading { objectName: "progressItem"; font.pixelSize: 30 * screen.s; text: lookup.itemName }
                Body { objectName: "progressReference"; text: qsTr("受理编号：%1").arg(lookup.reference) }
                Body {
                    objectName: "progressTicket"
                    visible: lookup.ticket !== ""
                    text: qsTr("号票：%1").arg(lookup.ticket)
                }
                Text {
                    objectName: "progressStatus"
                    width: parent.width
                    wrapMode: Text.WordWrap
                    font.pixelSize: 32 * screen.s; font.bold: true
                    color: lookup.status === "returned" ? theme.bad : theme.accent
                    text: qsTr("当前状态：%1").arg(screen.statusLabel(lookup.status))
                }
                Rectangle {
                    objectName: "progressStale"
                    visible: lookup.found && !lookup.current
                    width: parent.width
                    implicitHeight: staleText.implicitHeight + 20
                    color: theme.hold_fill
                    border.color: theme.hold_border; border.width: 2
                    radius: 8
                    Body {
                        id: staleText
                        x: 10; y: 10; width: parent.width - 20
                        color: theme.hold_text
                        text: qsTr("这是本终端记录的情况：办件系统暂时查不到最新进度，仅供参考。")
                    }
                }
                Body {
                    objectName: "progressReturned"
                    visible: lookup.returnedNote !== ""
                    font.bold: true
                    color: theme.bad
                    text: qsTr("退件原因：%1").arg(lookup.returnedNote)
                }
                Body { font.bold: true; text: qsTr("办理记录") }
                Repeater {
                    model: lookup.history
                    Body {
                        objectName: "progressStep"
                        text: modelData.at + "   " + screen.statusLabel(modelData.status)
                    }
                }
                Body {
                    visible: lookup.owed.length > 0
                    font.bold: true
                    text: qsTr("尚需补交的材料（容缺受理）")
                }
                Repeater {
                    model: lookup.owed
                    Body {
                        objectName: "progressOwed"
                        text: qsTr("%1：请于 %2 前补交").arg(modelData.name).arg(modelData.due)
                    }
                }
                Body {
                    objectName: "progressMailing"
                    visible: lookup.mailingState !== ""
                    font.bold: true
                    text: lookup.mailingState === "dispatched"
                          ? qsTr("证照已寄出：%1 运单号 %2").arg(lookup.mailingCarrier).arg(lookup.mailingTracking)
                          : lookup.mailingState === "grid_leader"
                            ? qsTr("证照办好后由网格长送证上门")
                            : qsTr("证照办好后将免费邮寄至 %1").arg(lookup.mailingDistrict)
                }
                Body {
                    objectName: "progressChecked"
                    visible: lookup.checkedAt !== ""
                    color: theme.muted
                    text: qsTr("查询时间：%1").arg(lookup.checkedAt)
                }
            }
            Card {
                objectName: "progressRating"
                visible: lookup.found && rating.available
                RatingPanel { width: parent.width }
            }

            Flow {
                width: parent.width
                spacing: 16
                BigButton {
                    objectName: "lookupAgain"
                    visible: lookup.found
                    text: qsTr("再查一件")
                    onClicked: { reference.text = ""; digits.text = ""; lookup.again() }
                }
                BigButton {
                    objectName: "lookupHome"
                    text: qsTr("回到首页")
                    onClicked: lookup.close()
                }
            }
        }
    }
    ScrollCue {
        id: progressMore
        objectName: "progressMore"
        target: page
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
    }
}
