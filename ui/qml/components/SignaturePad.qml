import QtQuick

// A box to sign in with a finger: it draws the ink as the finger moves and keeps the
// strokes (lists of {x, y} in the box's pixels) for the core to check and store
// (kiosk.signature). A drag here never scrolls the page around it. `clear()` forgets
// the ink; the screen clears it when the applicant leaves, so no signature outlives them.
Rectangle {
    id: pad
    // Every stroke drawn, and the one being drawn; `inked` counts points for bindings
    // (the arrays change in place, which no binding would notice).
    property var strokes: []
    property int inked: 0
    readonly property bool empty: inked === 0
    // Beyond what the core accepts a finger resting on the glass adds nothing.
    readonly property int maxPoints: 8000
    readonly property real s: shell.largeText ? 1.3 : 1.0
    implicitHeight: 240 * s
    radius: 8
    color: theme.surface
    // Refused ("too short"): a thick red border, as an input in error has.
    property bool invalid: false
    border.color: invalid ? theme.error : area.pressed ? theme.focus : theme.input_border
    border.width: invalid ? 4 : area.pressed ? 3 : 2

    function clear() {
        strokes = []
        inked = 0
        ink.requestPaint()
    }
    Component.onDestruction: clear()

    // Where to sign: a line and a word, as on paper.
    Rectangle {
        x: 24; width: parent.width - 48
        y: parent.height * 0.72; height: 2
        color: theme.muted
    }
    Text {
        objectName: "signatureHint"
        visible: pad.empty
        x: 28; y: parent.height * 0.72 - height - 8
        text: qsTr("请在此处用手指签名")
        color: theme.muted
        font.pixelSize: 24 * pad.s
    }

    Canvas {
        id: ink
        objectName: "signatureInk"
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            ctx.strokeStyle = theme.text
            ctx.lineWidth = 4 * pad.s
            ctx.lineCap = "round"
            ctx.lineJoin = "round"
            for (const stroke of pad.strokes) {
                if (stroke.length === 0)
                    continue
                ctx.beginPath()
                ctx.moveTo(stroke[0].x, stroke[0].y)
                if (stroke.length === 1)
                    ctx.lineTo(stroke[0].x + 0.5, stroke[0].y + 0.5)  // a dot
                for (let i = 1; i < stroke.length; ++i)
                    ctx.lineTo(stroke[i].x, stroke[i].y)
                ctx.stroke()
            }
        }
    }

    MouseArea {
        id: area
        objectName: "signatureArea"
        anchors.fill: parent
        // The page around the pad scrolls on a drag: not while signing.
        preventStealing: true
        function add(x, y) {
            if (pad.inked >= pad.maxPoints)
                return
            pad.strokes[pad.strokes.length - 1].push({ x: x, y: y })
            pad.inked += 1
            ink.requestPaint()
        }
        onPressed: (mouse) => {
            inputKeys.hide()
            pad.strokes.push([])
            add(mouse.x, mouse.y)
        }
        onPositionChanged: (mouse) => add(mouse.x, mouse.y)
    }
}
