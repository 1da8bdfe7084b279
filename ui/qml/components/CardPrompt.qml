import QtQuick

// "请在读卡区放置身份证" on a form the ID card can fill (idCard: ui/id_card_model.py):
// a card that keeps sliding down onto the reader while it waits, then what the card
// filled (or why it filled nothing). Hidden on forms the card cannot fill.
Rectangle {
    id: prompt
    objectName: "cardPrompt"
    readonly property real s: shell.largeText ? 1.3 : 1.0
    readonly property bool waiting: idCard.ready && idCard.kind === ""
    visible: idCard.wanted
    width: parent ? parent.width : 400
    implicitHeight: visible ? Math.max(row.implicitHeight, reader.height) + 28 : 0
    radius: 12
    color: idCard.kind === "expired" || idCard.kind === "unreadable" ? theme.error_fill : theme.surface
    border.color: idCard.kind === "expired" || idCard.kind === "unreadable" ? theme.error : theme.accent
    border.width: 2
    Row {
        id: row
        x: 14; y: 14
        width: parent.width - 28
        spacing: 18
        // The reader with the card above it: the card moves down onto it and back.
        Item {
            id: reader
            width: 120 * prompt.s; height: 96 * prompt.s
            Rectangle {
                id: base
                anchors.bottom: parent.bottom
                width: parent.width; height: parent.height * 0.34
                radius: 8
                color: theme.band
                border.color: theme.card_border
                border.width: 2
            }
            Rectangle {
                id: card
                objectName: "cardPromptCard"
                x: parent.width * 0.14
                width: parent.width * 0.72; height: parent.height * 0.46
                radius: 6
                color: theme.selected_fill
                border.color: theme.accent
                border.width: 2
                y: prompt.waiting ? 0 : base.y - height * 0.55
                // the card's photo and lines, as drawn on a real one
                Rectangle { x: 6; y: 6; width: parent.width * 0.26; height: parent.height - 12; radius: 2; color: theme.accent; opacity: 0.5 }
                Column {
                    x: parent.width * 0.36; y: 8
                    spacing: 5
                    Repeater {
                        model: 3
                        Rectangle { width: card.width * (0.5 - index * 0.08); height: 4; radius: 2; color: theme.accent; opacity: 0.5 }
                    }
                }
                SequentialAnimation on y {
                    running: prompt.visible && prompt.waiting
                    loops: Animation.Infinite
                    NumberAnimation { from: 0; to: base.y - card.height * 0.55; duration: 900; easing.type: Easing.InOutQuad }
                    PauseAnimation { duration: 700 }
                    NumberAnimation { to: 0; duration: 500; easing.type: Easing.InOutQuad }
                    PauseAnimation { duration: 300 }
                }
            }
        }
        Column {
            width: row.width - reader.width - row.spacing
            anchors.verticalCenter: parent.verticalCenter
            spacing: 10
            Body {
                objectName: "cardPromptText"
                text: idCard.message
                font.bold: idCard.kind === "" || idCard.kind === "filled"
            }
            BigButton {
                objectName: "demoCardButton"
                visible: idCard.demo && prompt.waiting
                text: qsTr("演示：放置示例身份证")
                onClicked: idCard.placeDemoCard()
            }
        }
    }
}
