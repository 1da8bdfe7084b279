import QtQuick
import QtQuick.Controls

// 证照免费邮寄: collect the certificate at the counter, or have it mailed free of charge
// (the mailing model checks and keeps the address; this only lays it out).
Card {
    id: card
    objectName: "mailingCard"
    visible: mailing.offered
    readonly property real s: shell.largeText ? 1.3 : 1.0
    readonly property bool entering: mailing.mode === "mail" && !mailing.saved

    Connections {
        target: mailing
        // No address outlives its applicant, on screen or in memory.
        function onCleared() {
            recipient.text = ""; mobile.text = ""; street.text = ""; postcode.text = ""
        }
        // A new declaration's defaults (the applicant's name and mobile) fill empty fields.
        function onChanged() {
            if (mailing.offered && recipient.text === "" && mailing.recipientDefault !== "")
                recipient.text = mailing.recipientDefault
            if (mailing.offered && mobile.text === "" && mailing.mobileDefault !== "")
                mobile.text = mailing.mobileDefault
        }
    }

    Body { text: qsTr("领取证照的方式"); font.bold: true }
    Body { text: qsTr("可以到窗口领取，也可以免费邮寄到家（邮费由政府承担）。") }
    Flow {
        width: parent.width
        spacing: 12
        BigButton {
            objectName: "mailCounter"
            checked: mailing.mode === "counter"
            enabled: !mailing.busy
            text: qsTr("到窗口领取")
            onClicked: mailing.chooseCounter()
        }
        BigButton {
            objectName: "mailGridLeader"
            visible: mailing.gridLeaderOffered
            checked: mailing.mode === "grid_leader"
            enabled: !mailing.busy
            text: qsTr("由网格长送证上门")
            onClicked: mailing.chooseGridLeader()
        }
        BigButton {
            objectName: "mailChoose"
            checked: mailing.mode === "mail"
            enabled: !mailing.busy
            text: qsTr("免费邮寄")
            onClicked: mailing.chooseMail()
        }
    }

    // -- the address, being entered ---------------------------------------------------------
    Column {
        width: parent.width
        spacing: 8
        visible: card.entering
        Body { text: qsTr("收件人姓名") }
        TextEntry {
            id: recipient
            objectName: "mailRecipient"
            width: Math.min(parent.width, 520 * card.s)
            implicitHeight: 60 * card.s
            font.pixelSize: 26 * card.s
            maximumLength: 30
            invalid: mailing.problemField === "recipient"
        }
        Body { text: qsTr("收件人手机号码") }
        TextEntry {
            id: mobile
            objectName: "mailMobile"
            width: Math.min(parent.width, 520 * card.s)
            implicitHeight: 60 * card.s
            font.pixelSize: 26 * card.s
            maximumLength: 20
            invalid: mailing.problemField === "mobile"
            inputMethodHints: Qt.ImhDialableCharactersOnly | Qt.ImhNoPredictiveText
        }
        Body { text: qsTr("所在地区（请依次选择省、市、区县）") }
        Flow {
            width: parent.width
            spacing: 12
            BigButton {
                objectName: "mailProvince"
                text: mailing.province !== "" ? mailing.province : qsTr("选择省份")
                onClicked: mailing.openPicker("province")
            }
            BigButton {
                objectName: "mailCity"
                enabled: mailing.province !== ""
                text: mailing.city !== "" ? mailing.city : qsTr("选择城市")
                onClicked: mailing.openPicker("city")
            }
            BigButton {
                objectName: "mailDistrict"
                enabled: mailing.city !== ""
                text: mailing.district !== "" ? mailing.district : qsTr("选择区县")
                onClicked: mailing.openPicker("district")
            }
        }
        Body { text: qsTr("详细地址（街道、小区、楼栋、门牌号）") }
        TextEntry {
            id: street
            objectName: "mailStreet"
            width: parent.width
            implicitHeight: 60 * card.s
            font.pixelSize: 26 * card.s
            maximumLength: 120
            invalid: mailing.problemField === "street"
        }
        Body { text: qsTr("邮政编码") }
        TextEntry {
            id: postcode
            objectName: "mailPostcode"
            width: 260 * card.s
            implicitHeight: 60 * card.s
            font.pixelSize: 26 * card.s
            maximumLength: 6
            invalid: mailing.problemField === "postcode"
            inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
        }
    }
    Body {
        objectName: "mailByGridLeader"
        visible: mailing.gridLeaderChosen
        font.bold: true; color: theme.ok
        text: qsTr("证照办好后由网格长 %1 送到家中。").arg(mailing.gridLeaderName)
    }
    Body {
        objectName: "mailProblem"
        visible: text !== ""
        color: theme.error
        font.bold: true
        text: mailing.problem
    }
    BigButton {
        objectName: "mailSave"
        visible: card.entering
        primary: true
        enabled: !mailing.busy
        text: mailing.busy ? qsTr("正在保存…") : qsTr("确认邮寄地址")
        onClicked: mailing.save(recipient.text, mobile.text, street.text, postcode.text)
    }

    // -- the address, saved -------------------------------------------------------------------
    Column {
        width: parent.width
        spacing: 6
        visible: mailing.saved && mailing.mode === "mail"
        Body { objectName: "mailSaved"; text: qsTr("证照办好后将免费邮寄至："); font.bold: true; color: theme.ok }
        Repeater {
            model: mailing.savedLines
            Body { objectName: "mailSavedLine"; text: modelData }
        }
        BigButton {
            objectName: "mailEdit"
            enabled: !mailing.busy
            text: qsTr("修改地址")
            onClicked: mailing.edit()
        }
    }

    // -- the lists: the hall's own area first -----------------------------------------------
    Popup {
        id: picker
        objectName: "mailPicker"
        parent: Overlay.overlay
        modal: true
        visible: mailing.picker !== ""
        closePolicy: Popup.CloseOnEscape
        padding: 20
        x: (parent.width - width) / 2
        y: 40
        width: Math.min(parent.width - 40, 760 * card.s)
        height: parent.height - 80
        onClosed: if (mailing.picker !== "") mailing.closePicker()
        background: Rectangle { color: theme.surface; radius: 12; border.color: theme.card_border }
        contentItem: Column {
            spacing: 10
            Heading {
                text: mailing.picker === "province" ? qsTr("选择省份")
                    : mailing.picker === "city" ? qsTr("选择城市") : qsTr("选择区县")
            }
            ListView {
                id: list
                objectName: "mailOptions"
                width: parent.width
                height: picker.height - 200 * card.s
                clip: true
                spacing: 8
                model: mailing.options
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn; width: 14 }
                delegate: BigButton {
                    objectName: "mailOption_" + modelData.code
                    width: list.width - 24
                    text: modelData.name
                    onClicked: mailing.pick(modelData.code)
                }
            }
            BigButton {
                objectName: "mailPickerClose"
                text: qsTr("返回")
                onClicked: mailing.closePicker()
            }
        }
    }
}
