import QtQuick
import QtQuick.Controls
import "../components"

// 星期六办事预约 (ui.appointment_model): book a Saturday, check in on the day, or cancel
// or change a booking. Every answer comes from the central server; when it cannot
// answer, the screen says so and offers the ordinary declaration. Nothing typed here
// is kept after the applicant leaves (this view goes with the mode).
Item {
    id: screen
    readonly property string heading: qsTr("星期六办事预约")
    property string guidance: appointment.page === "menu" ? qsTr("请选择：预约、签到，或取消和改约。")
                            : appointment.page === "items" ? qsTr("请选择要预约办理的事项。")
                            : appointment.page === "when" || appointment.page === "change"
                              ? qsTr("请选择星期六和时段。")
                            : appointment.page === "form" ? qsTr("请填写预约人的姓名和手机号码。")
                            : appointment.page === "booked" ? qsTr("预约成功，请收好预约单。")
                            : appointment.page === "check_in" ? qsTr("请扫描预约单上的二维码，或输入预约码和手机号码。")
                            : appointment.page === "manage" ? qsTr("请输入预约码和预约时填写的手机号码。")
                            : appointment.page === "arrival" ? qsTr("这次没有签到成功，原因见下面的说明。")
                            : appointment.page === "cancelled" ? qsTr("预约已取消。")
                            : ""
    readonly property real s: shell.largeText ? 1.3 : 1.0

    component Entry: TextEntry {
        width: parent.width
        implicitHeight: 64 * screen.s
        font.pixelSize: 28 * screen.s
    }
    component Problem: Body {
        visible: text !== ""
        color: theme.error
        font.bold: true
        text: appointment.problem
    }

    Flickable {
        id: page
        objectName: "appointmentPage"
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: appointmentMore.top }
        contentHeight: content.height + 40
        clip: true
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 14; active: true }
        Column {
            id: content
            x: (page.width - width) / 2
            y: 20
            width: Math.min(page.width - 80, 1000)
            spacing: 20 * screen.s
            Heading { objectName: "appointmentHeading"; text: screen.heading }

            // -- the menu ---------------------------------------------------------------
            Card {
                objectName: "appointmentMenu"
                visible: appointment.page === "menu"
                spacing: 16 * screen.s
                Body { text: qsTr("每星期六（法定节假日除外）大厅照常办理业务，可提前预约时段，到时签到优先办理。") }
                BigButton {
                    objectName: "appointmentBook"
                    primary: true
                    implicitWidth: 420 * screen.s
                    text: qsTr("预约星期六办事")
                    onClicked: appointment.show("items")
                }
                BigButton {
                    objectName: "appointmentCheckIn"
                    implicitWidth: 420 * screen.s
                    text: qsTr("预约签到")
                    onClicked: appointment.show("check_in")
                }
                BigButton {
                    objectName: "appointmentManage"
                    implicitWidth: 420 * screen.s
                    text: qsTr("取消或更改预约")
                    onClicked: appointment.show("manage")
                }
            }

            // -- booking: the item --------------------------------------------------------
            Card {
                objectName: "appointmentItems"
                visible: appointment.page === "items"
                spacing: 12 * screen.s
                Body { font.bold: true; text: qsTr("可以在星期六办理的事项") }
                Repeater {
                    model: appointment.items
                    BigButton {
                        objectName: "bookItem_" + modelData.id
                        width: parent.width
                        text: modelData.name
                        onClicked: appointment.chooseItem(modelData.id)
                    }
                }
                Body {
                    visible: appointment.items.length === 0
                    text: qsTr("现在没有可以预约的事项，请咨询工作人员。")
                }
            }

            // -- booking or changing: the Saturday and the slot ---------------------------
            Card {
                objectName: "appointmentWhen"
                visible: appointment.page === "when" || appointment.page === "change"
                spacing: 14 * screen.s
                Body {
                    visible: appointment.itemName !== ""
                    font.bold: true
                    text: qsTr("预约事项：%1").arg(appointment.itemName)
                }
                Body {
                    visible: appointment.busy
                    text: qsTr("正在查询可预约的时段…")
                }
                Flow {
                    width: parent.width
                    spacing: 12
                    Repeater {
                        model: appointment.saturdays
                        BigButton {
                            objectName: "bookDay_" + index
                            primary: index === appointment.dayIndex
                            enabled: modelData.bookable
                            text: modelData.bookable ? modelData.day
                                  : modelData.closed ? qsTr("%1 · 停止预约").arg(modelData.day)
                                  : qsTr("%1 · 已约满").arg(modelData.day)
                            onClicked: appointment.chooseDay(index)
                        }
                    }
                }
                Body {
                    visible: appointment.chosenDay !== ""
                    text: qsTr("%1 可预约的时段：").arg(appointment.chosenDay)
                }
                Flow {
                    width: parent.width
                    spacing: 12
                    Repeater {
                        model: appointment.slots
                        BigButton {
                            objectName: "bookSlot_" + modelData.start.replace(":", "")
                            enabled: !modelData.full && !appointment.busy
                            implicitWidth: 300 * screen.s
                            text: modelData.full ? qsTr("%1-%2 已约满").arg(modelData.start).arg(modelData.end)
                                                 : qsTr("%1-%2 剩 %3 个").arg(modelData.start).arg(modelData.end).arg(modelData.left)
                            onClicked: appointment.chooseSlot(modelData.start)
                        }
                    }
                }
            }

            // -- booking: who -------------------------------------------------------------
            Card {
                objectName: "appointmentForm"
                visible: appointment.page === "form"
                spacing: 14 * screen.s
                Body {
                    font.bold: true
                    text: qsTr("%1  %2 %3").arg(appointment.itemName).arg(appointment.chosenDay).arg(appointment.slotSpan)
                }
                Body {
                    objectName: "bookCardHint"
                    visible: idCard.ready && !appointment.company
                    font.bold: true
                    color: theme.accent
                    text: appointment.cardHeld
                          ? qsTr("已读取身份证：当天可直接在读卡区放置身份证签到。")
                          : qsTr("可以在读卡区放置身份证，自动填写姓名，当天刷身份证即可签到。")
                }
                Connections {
                    target: appointment
                    function onCardRead(name) { bookName.text = name }
                }
                Body { text: qsTr("姓名") }
                Entry {
                    id: bookName
                    objectName: "bookName"
                    maximumLength: 64
                    invalid: appointment.problemField === "name"
                    placeholderText: qsTr("预约人姓名")
                }
                Body { text: qsTr("手机号码（签到、取消和改约都要用到）") }
                Entry {
                    id: bookMobile
                    objectName: "bookMobile"
                    maximumLength: 20
                    invalid: appointment.problemField === "mobile"
                    inputMethodHints: Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("11位手机号码")
                }
                Body { visible: appointment.company; text: qsTr("统一社会信用代码") }
                Entry {
                    id: bookCredit
                    objectName: "bookCredit"
                    visible: appointment.company
                    maximumLength: 24
                    invalid: appointment.problemField === "credit_code"
                    inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("营业执照上的18位代码")
                }
                BigButton {
                    objectName: "bookSubmit"
                    primary: true
                    implicitWidth: 320 * screen.s
                    enabled: !appointment.busy
                    text: appointment.busy ? qsTr("正在预约…") : qsTr("确认预约")
                    onClicked: appointment.book(bookName.text, bookMobile.text, bookCredit.text)
                }
            }

            // -- booked (or changed) --------------------------------------------------------
            Card {
                objectName: "appointmentBooked"
                visible: appointment.page === "booked"
                spacing: 12 * screen.s
                Heading { font.pixelSize: 30 * screen.s; text: qsTr("预约成功") }
                Body { text: qsTr("预约码") }
                Text {
                    objectName: "bookedCode"
                    font.pixelSize: 56 * screen.s; font.bold: true; font.letterSpacing: 4
                    color: theme.accent
                    text: appointment.code
                }
                Body { objectName: "bookedWhen"; text: qsTr("时间：%1 %2").arg(appointment.bookedDay).arg(appointment.bookedSlot) }
                Body { objectName: "bookedItem"; text: qsTr("事项：%1").arg(appointment.bookedItem) }
                Body {
                    text: qsTr("请在预约时段开始前%1分钟至开始后%2分钟内，到大厅自助终端扫描预约单上的二维码签到。")
                          .arg(appointment.arriveBefore).arg(appointment.arriveAfter)
                }
                Body {
                    objectName: "slipMessage"
                    visible: text !== ""
                    font.bold: true
                    text: appointment.printing ? qsTr("正在打印预约单…") : appointment.slipMessage
                }
                BigButton {
                    objectName: "slipAgain"
                    visible: !appointment.printing
                    text: qsTr("再打印一张预约单")
                    onClicked: appointment.printSlip()
                }
            }

            // -- check-in -------------------------------------------------------------------
            Card {
                objectName: "appointmentCheckInEntry"
                visible: appointment.page === "check_in" || appointment.page === "manage"
                spacing: 14 * screen.s
                Body {
                    objectName: "checkInCardHint"
                    visible: idCard.ready && appointment.page === "check_in"
                    font.bold: true
                    color: theme.accent
                    text: qsTr("也可以在读卡区放置预约时读取过的身份证签到。")
                }
                Body { text: qsTr("预约码（预约单上的8位字母和数字）") }
                Entry {
                    id: code
                    objectName: "checkInCode"
                    maximumLength: 12
                    invalid: appointment.problemField === "code"
                    inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("预约码")
                }
                Body { text: qsTr("预约时填写的手机号码") }
                Entry {
                    id: mobile
                    objectName: "checkInMobile"
                    maximumLength: 20
                    invalid: appointment.problemField === "mobile"
                    inputMethodHints: Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText
                    placeholderText: qsTr("11位手机号码")
                }
                Flow {
                    width: parent.width
                    spacing: 16
                    BigButton {
                        objectName: "checkInSubmit"
                        visible: appointment.page === "check_in"
                        primary: true
                        implicitWidth: 300 * screen.s
                        enabled: !appointment.busy
                        text: appointment.busy ? qsTr("正在签到…") : qsTr("签到")
                        onClicked: appointment.checkIn(code.text, mobile.text)
                    }
                    BigButton {
                        objectName: "manageChange"
                        visible: appointment.page === "manage"
                        primary: true
                        enabled: !appointment.busy
                        text: qsTr("更改时间")
                        onClicked: appointment.startChange(code.text, mobile.text)
                    }
                    BigButton {
                        objectName: "manageCancel"
                        visible: appointment.page === "manage"
                        enabled: !appointment.busy
                        text: qsTr("取消预约")
                        onClicked: appointment.cancelBooking(code.text, mobile.text)
                    }
                }
            }

            // -- early, late or another day -------------------------------------------------
            Card {
                objectName: "appointmentArrival"
                visible: appointment.page === "arrival"
                spacing: 14 * screen.s
                Text {
                    objectName: "arrivalMessage"
                    width: parent.width
                    wrapMode: Text.WordWrap
                    font.pixelSize: 30 * screen.s; font.bold: true
                    color: theme.hold_text
                    text: appointment.arrivalMessage
                }
            }

            Card {
                objectName: "appointmentCancelled"
                visible: appointment.page === "cancelled"
                Body {
                    font.bold: true
                    text: qsTr("预约 %1 已取消，名额已释放。").arg(appointment.code)
                }
            }

            Problem { objectName: "appointmentProblem" }

            // -- offline, early, late: the ordinary declaration instead ---------------------
            BigButton {
                objectName: "declareInstead"
                visible: appointment.offline || appointment.page === "arrival"
                primary: true
                implicitWidth: 420 * screen.s
                text: qsTr("直接办理申报（普通排队）")
                onClicked: appointment.declareInstead()
            }

            Flow {
                width: parent.width
                spacing: 16
                BigButton {
                    objectName: "appointmentBack"
                    visible: appointment.page !== "menu" && appointment.page !== "booked"
                             && appointment.page !== "cancelled"
                    text: qsTr("返回")
                    onClicked: appointment.show(appointment.page === "form" || appointment.page === "when" ? "items"
                                                : appointment.page === "change" ? "manage" : "menu")
                }
                BigButton {
                    objectName: "appointmentHome"
                    text: qsTr("回到首页")
                    onClicked: appointment.close()
                }
            }
        }
    }
    ScrollCue {
        id: appointmentMore
        objectName: "appointmentMore"
        target: page
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
    }
}
