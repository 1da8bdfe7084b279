import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles
import QtMultimedia
import "components"

ApplicationWindow {
    id: root
    objectName: "root"
    width: 1280
    height: 800
    visible: false
    title: qsTr("自助申报终端")
    font.family: cjkFamily
    color: theme.window
    // The controls' own parts (scroll bars, the cursor, text selection) in the theme's
    // colours too: the Basic style's greys are below 3:1 on the page.
    palette.window: theme.window
    palette.base: theme.surface
    palette.text: theme.text
    palette.windowText: theme.text
    palette.buttonText: theme.button_text
    palette.mid: theme.input_border
    palette.dark: theme.text
    palette.placeholderText: theme.placeholder
    palette.highlight: theme.focus
    palette.highlightedText: theme.on_primary
    readonly property real s: shell.largeText ? 1.3 : 1.0
    readonly property bool portrait: height > width

    // Kiosk mode ignores close requests (Alt+F4, a stray gesture).
    onClosing: (close) => { close.accepted = !kioskMode }

    // The keyboard follows the field: a form's field names its own keyboard locale
    // (`keyboardLocale`, kiosk.keyboard_kind: pinyin for names and addresses whatever the
    // screen's language), and it alone is active, so neither the screen's language nor a
    // language the last applicant chose on the keyboard carries over. Other fields (the
    // search) follow the screen's language, the other one a tap of the globe key away.
    readonly property string fieldKeyboardLocale:
        activeFocusItem && activeFocusItem.keyboardLocale ? String(activeFocusItem.keyboardLocale) : ""
    Binding {
        target: VirtualKeyboardSettings
        property: "activeLocales"
        value: root.fieldKeyboardLocale !== "" ? [root.fieldKeyboardLocale]
             : shell.language === "en_US" ? ["en_GB", "zh_CN"] : ["zh_CN", "en_GB"]
    }
    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: root.fieldKeyboardLocale !== "" ? root.fieldKeyboardLocale
             : shell.language === "en_US" ? "en_GB" : "zh_CN"
    }

    SoundEffect { id: chime; objectName: "chime"; source: chimeUrl; volume: 0.5 }
    Connections { target: help; function onChime() { chime.play() } }

    header: Rectangle {
        objectName: "header"
        height: 84 * root.s
        color: theme.header
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 20; anchors.rightMargin: 12
            spacing: 12
            Text {
                objectName: "hallName"
                text: shell.hallName
                color: theme.on_header
                font.pixelSize: 28 * root.s; font.bold: true
                // A long (English) name shrinks to fit a narrow screen before it is cut.
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 18 * root.s
                elide: Text.ElideRight
                Layout.fillWidth: true
                // The staff's hidden entry: a 3-second press on the hall's name opens the
                // PIN pad (nothing on screen hints at it; a tap does nothing).
                MouseArea {
                    objectName: "staffGesture"
                    anchors.fill: parent
                    pressAndHoldInterval: 3000
                    onPressAndHold: staff.openPad()
                }
            }
            Text {
                // For the attendant and technicians: the kiosk works on offline and sends
                // everything later, so the applicant has nothing to do about it.
                objectName: "offline"
                visible: sync.configured && !sync.online
                text: qsTr("离线（待上传 %1）").arg(sync.outboxDepth)
                color: theme.header_note; font.pixelSize: 18 * root.s
            }
            Text {
                text: shell.clock + "   " + qsTr("%1 号终端").arg(shell.terminal)
                color: theme.on_header; font.pixelSize: 20 * root.s
                visible: root.width >= 1280  // narrow (portrait) screens keep the hall's name whole
            }
            Repeater {
                model: shell.languages
                delegate: BigButton {
                    objectName: "lang_" + modelData
                    text: modelData === "en_US" ? "English" : "中文"
                    checked: shell.language === modelData
                    tick: false  // no room in the header: its fill and border show it
                    implicitWidth: 120 * root.s
                    onClicked: shell.setLanguage(modelData)
                }
            }
            BigButton {
                // Read the screen aloud (heading, guidance, the field being filled in).
                objectName: "readAloud"
                visible: speech.available
                text: qsTr("朗读")
                implicitWidth: 100 * root.s
                onClicked: speech.read(
                    (stepText.visible ? stepText.text + " " : "")
                        + (screenLoader.item && screenLoader.item.heading ? screenLoader.item.heading : ""),
                    guidanceText.text,
                    root.activeFocusItem ? root.activeFocusItem.objectName : "")
            }
            BigButton {
                objectName: "largeText"
                text: qsTr("大字")
                checked: shell.largeText
                tick: false
                implicitWidth: 100 * root.s
                onClicked: shell.toggleLargeText()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.bottomMargin: keyboard.active ? keyboard.height : 0
        spacing: 0

        // Step indicator and one line of guidance on every screen.
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: stepRow.implicitHeight + 20
            color: theme.band
            RowLayout {
                id: stepRow
                anchors.fill: parent; anchors.margins: 10; anchors.leftMargin: 20
                Text {
                    id: stepText
                    objectName: "stepIndicator"
                    visible: nav.step > 0
                    text: qsTr("第 %1 步 / 共 %2 步").arg(nav.step).arg(nav.stepCount)
                    font.pixelSize: 22 * root.s; font.bold: true
                    color: theme.accent
                }
                Text {
                    id: guidanceText
                    objectName: "guidance"
                    text: screenLoader.item && screenLoader.item.guidance ? screenLoader.item.guidance : ""
                    font.pixelSize: 22 * root.s
                    color: theme.text
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                BigButton {
                    id: callButton
                    objectName: "callAttendant"
                    // Not on the staff's own screens (the attendant is there).
                    visible: nav.mode !== "staff"
                    text: !help.active ? qsTr("呼叫辅导员")
                        : help.acknowledged ? qsTr("辅导员已收到，正在赶来（点此取消）")
                        : qsTr("辅导员正在赶来（点此取消）")
                    danger: help.active
                    enabled: help.available || help.active
                    // On an open call the tap asks first ("cancel the call?").
                    onClicked: help.press()
                }
            }
        }

        // Assist mode (帮办): the attendant works with the applicant on their journey.
        Rectangle {
            objectName: "assistBand"
            visible: staff.assisting && nav.mode === "applicant"
            Layout.fillWidth: true
            implicitHeight: assistRow.implicitHeight + 16
            color: theme.header
            Flow {
                id: assistRow
                anchors.fill: parent; anchors.margins: 8; anchors.leftMargin: 20
                spacing: 12
                Text {
                    objectName: "assistText"
                    height: 64 * root.s
                    verticalAlignment: Text.AlignVCenter
                    text: staff.proxying ? qsTr("网格长代办中：%1").arg(staff.name)
                                         : qsTr("辅导员协助中：%1").arg(staff.name)
                    color: theme.on_header
                    font.pixelSize: 24 * root.s; font.bold: true
                }
                BigButton {
                    objectName: "assistJump"
                    visible: nav.journey !== null && nav.journey.mayJump
                    text: qsTr("跳转页面")
                    onClicked: jumpDialog.open()
                }
                BigButton {
                    objectName: "assistMaterials"
                    visible: nav.journey !== null && nav.journey.mayJump
                    text: qsTr("材料清单")
                    onClicked: nav.journey.jumpToMaterials()
                }
                BigButton {
                    objectName: "assistNotice"
                    visible: nav.journey !== null && nav.journey.mayPrintNotice
                    text: qsTr("打印告知单")
                    onClicked: nav.journey.printNotice()
                }
                BigButton {
                    objectName: "assistMenu"
                    text: qsTr("工作人员菜单")
                    onClicked: staff.openPad()
                }
                BigButton {
                    objectName: "assistEnd"
                    danger: true
                    text: staff.proxying ? qsTr("结束代办") : qsTr("结束协助")
                    onClicked: staff.endAssist()
                }
            }
        }

        // While a help call holds the privacy timeout off: the applicant waits, with
        // everything they filled in kept.
        Rectangle {
            objectName: "helpHoldBanner"
            visible: idle.holding && nav.mode !== "staff"  // not to the attendant there
            Layout.fillWidth: true
            implicitHeight: holdText.implicitHeight + 20
            color: theme.hold_fill
            border.color: theme.hold_border; border.width: 2
            Text {
                id: holdText
                objectName: "helpHoldText"
                anchors.fill: parent; anchors.margins: 10; anchors.leftMargin: 20
                text: qsTr("辅导员正在赶来，请稍候")
                font.pixelSize: 24 * root.s; font.bold: true
                color: theme.hold_text
                wrapMode: Text.WordWrap
                verticalAlignment: Text.AlignVCenter
            }
        }

        // A code the scanner read that is not this hall's (or cannot open now): in plain
        // words, for a few seconds (devices: ui/devices_model.py).
        Rectangle {
            objectName: "scanNotice"
            visible: devices.notice !== ""
            Layout.fillWidth: true
            implicitHeight: scanText.implicitHeight + 20
            color: theme.error_fill
            border.color: theme.error; border.width: 2
            Text {
                id: scanText
                objectName: "scanNoticeText"
                anchors.fill: parent; anchors.margins: 10; anchors.leftMargin: 20
                text: devices.notice
                font.pixelSize: 24 * root.s; font.bold: true
                color: theme.text
                wrapMode: Text.WordWrap
                verticalAlignment: Text.AlignVCenter
            }
            TapHandler { onTapped: devices.clearNotice() }
        }

        Loader {
            id: screenLoader
            objectName: "screenLoader"
            Layout.fillWidth: true
            Layout.fillHeight: true
            // The applicant's screen, or another mode's (the navigator says which).
            source: nav.view
        }
    }

    // Assist mode: any page of the form, for the attendant.
    Popup {
        id: jumpDialog
        objectName: "jumpDialog"
        modal: true
        anchors.centerIn: parent
        width: Math.min(root.width - 80, 720 * root.s)
        padding: 24
        background: Rectangle { radius: 16; color: theme.surface; border.color: theme.accent; border.width: 3 }
        contentItem: Column {
            spacing: 12
            Heading { text: qsTr("跳转到页面") }
            Repeater {
                model: nav.journey ? nav.journey.assistPages : []
                BigButton {
                    objectName: "jump_" + modelData.pageId
                    width: parent.width
                    text: modelData.title
                    onClicked: { jumpDialog.close(); nav.journey.jumpTo(modelData.pageId) }
                }
            }
            BigButton {
                objectName: "jumpCancel"
                width: parent.width
                text: qsTr("取消")
                onClicked: jumpDialog.close()
            }
        }
    }

    // The privacy timeout: "do you need more time?" with a countdown.
    Popup {
        id: idleDialog
        objectName: "idleDialog"
        modal: true
        closePolicy: Popup.NoAutoClose
        visible: idle.warning
        anchors.centerIn: parent
        width: Math.min(root.width - 80, 720 * root.s)
        padding: 32
        background: Rectangle { radius: 16; color: theme.surface; border.color: theme.accent; border.width: 3 }
        contentItem: Column {
            spacing: 24
            Heading { text: qsTr("还需要更多时间吗？") }
            Body {
                objectName: "idleCountdown"
                text: qsTr("%1 秒后将清除您填写的内容并回到首页。").arg(idle.countdown)
            }
            BigButton {
                objectName: "idleContinue"
                primary: true
                width: parent.width
                text: qsTr("继续办理")
                onClicked: idle.stillHere()
            }
        }
    }

    // A second tap on the call button: the attendant may be on the way, so ask first.
    Popup {
        id: cancelCallDialog
        objectName: "cancelCallDialog"
        modal: true
        closePolicy: Popup.NoAutoClose
        visible: help.confirming
        anchors.centerIn: parent
        width: Math.min(root.width - 80, 720 * root.s)
        padding: 32
        background: Rectangle { radius: 16; color: theme.surface; border.color: theme.danger; border.width: 3 }
        contentItem: Column {
            spacing: 24
            Heading { text: qsTr("取消呼叫吗？") }
            Body { text: qsTr("辅导员正在赶来。") }
            GridLayout {
                width: parent.width
                // Side by side when they fit; one above the other on a narrow screen.
                columns: root.portrait && shell.largeText ? 1 : 2
                columnSpacing: 24; rowSpacing: 16
                BigButton {
                    objectName: "helpKeepWaiting"
                    primary: true
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("继续等待")
                    onClicked: help.keepWaiting()
                }
                BigButton {
                    objectName: "helpCancelConfirm"
                    danger: true
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: qsTr("取消呼叫")
                    onClicked: help.confirmCancel()
                }
            }
        }
    }

    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 99
        // The keyboard keeps its aspect ratio: limit its width so that it never takes
        // more than about a third of the height (1280x800 would lose half the screen).
        width: Math.min(root.width, Math.round(root.height * 0.36 * 3.2))
        x: (root.width - width) / 2
        y: active ? root.height - root.header.height - height : root.height
        visible: active
        // The keyboard's candidate list (Qt's Keyboard.qml) made the candidates beyond its
        // edge ahead, in the background; the pinyin keyboard replaces its candidates when
        // the focus moves, and a candidate still being made then had the view cancel one
        // the new list does not have ("DelegateModel::cancel: index out range"). As our
        // lists do: every candidate is made when it scrolls into view. (`keyboard` and
        // `wordCandidateView` are the InputPanel's internals: checked before use.)
        Component.onCompleted: {
            const view = keyboard.keyboard ? keyboard.keyboard.wordCandidateView : null
            if (view) view.cacheBuffer = 0
        }
        // Pinyin candidates large enough to read and to tap: the style scales them with
        // the keyboard (15 px glyphs in 30x24 px targets at its size here). A row of at
        // least 64 px, glyphs of 28 px (36 px in large text), each candidate at least 56
        // px wide. (`style` is the Keyboard's loaded style: checked before use.)
        Binding {
            target: keyboard.keyboard ? keyboard.keyboard.style : null
            property: "selectionListHeight"
            value: Math.round(64 * root.s)
        }
        Binding {
            target: keyboard.keyboard ? keyboard.keyboard.style : null
            property: "selectionListDelegate"
            value: candidateDelegate
        }
        // The Enter key's word (下一项 / 下一步, from the field's EnterKeyAction) in 24 px
        // (31 px in large text) instead of the style's 15 px.
        Binding {
            target: keyboard.keyboard ? keyboard.keyboard.style : null
            property: "enterKeyPanel"
            value: enterKeyPanel
        }
    }
    // Qt's default style's Enter key, its word larger; its icon when the field names none.
    Component {
        id: enterKeyPanel
        KeyPanel {
            id: enterPanel
            readonly property var style: keyboard.keyboard ? keyboard.keyboard.style : null
            Rectangle {
                anchors.fill: parent
                anchors.margins: (enterPanel.style && enterPanel.style.keyBackgroundMargin) || 3
                radius: 5
                color: (enterPanel.style && enterPanel.style.highlightedKeyBackgroundColor) || theme.cue
                opacity: enterPanel.control && enterPanel.control.pressed ? 0.8 : 1
                Image {
                    visible: enterLabel.text === ""
                    anchors.centerIn: parent
                    sourceSize.height: Math.round(parent.height * 0.4)
                    source: enterPanel.style && enterPanel.style.resourcePrefix
                            ? enterPanel.style.resourcePrefix + "images/enter-fff.svg" : ""
                }
                Text {
                    id: enterLabel
                    objectName: "enterKeyLabel"
                    anchors.fill: parent
                    anchors.margins: 4
                    text: enterPanel.control && enterPanel.control.actionId !== EnterKeyAction.None
                          ? enterPanel.control.displayText : ""
                    color: (enterPanel.style && enterPanel.style.keyTextColor) || theme.on_cue
                    font.family: root.font.family
                    font.pixelSize: Math.round(24 * root.s)
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: 16
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
            }
        }
    }
    // One pinyin candidate (the style's delegate, larger): `display` and `index` are the
    // candidate list's roles, as in Qt's own styles.
    Component {
        id: candidateDelegate
        SelectionListItem {
            id: candidate
            objectName: "candidate"
            width: Math.max(Math.round(56 * root.s), candidateLabel.implicitWidth + Math.round(32 * root.s))
            Text {
                id: candidateLabel
                objectName: "candidateLabel"
                anchors.centerIn: parent
                text: display
                color: (keyboard.keyboard && keyboard.keyboard.style
                        && keyboard.keyboard.style.selectionListTextColor) || theme.on_cue
                font.family: root.font.family
                font.pixelSize: Math.round(28 * root.s)
            }
            Rectangle {  // between candidates, as the style draws it
                width: 2; height: parent.height * 0.5; radius: 1
                anchors.verticalCenter: parent.verticalCenter
                anchors.right: parent.left
                color: (keyboard.keyboard && keyboard.keyboard.style
                        && keyboard.keyboard.style.selectionListSeparatorColor) || theme.muted
            }
        }
    }
}
