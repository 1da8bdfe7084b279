import QtQuick
import QtQuick.Controls
import "../components"

// Draw with a finger: the strokes show where the touch screen reads the finger; the four
// corner targets, at the very corners of the screen, light up when touched (a screen that
// misses its edges misses them). Over the whole window, header included.
Item {
    objectName: "touchTestMode"
    Popup {
        id: test
        objectName: "touchTest"
        parent: Overlay.overlay
        x: 0; y: 0
        width: parent ? parent.width : 0
        height: parent ? parent.height : 0
        padding: 0
        modal: true
        closePolicy: Popup.NoAutoClose
        visible: true
        readonly property real s: shell.largeText ? 1.3 : 1.0
        property var strokes: []
        property var corners: [false, false, false, false]
        readonly property int touched: corners.filter(c => c).length
        readonly property real target: 90
        function mark(x, y) {
            const c = corners.slice()
            if (x < target && y < target) c[0] = true
            if (x > width - target && y < target) c[1] = true
            if (x < target && y > height - target) c[2] = true
            if (x > width - target && y > height - target) c[3] = true
            corners = c
        }
        background: Rectangle { color: theme.surface }
        contentItem: Item {
            Repeater {
                model: 4
                Rectangle {
                    objectName: "corner_" + index
                    width: test.target; height: test.target
                    x: index % 2 === 0 ? 0 : test.width - width
                    y: index < 2 ? 0 : test.height - height
                    color: test.corners[index] ? theme.ok : theme.window
                    border.color: theme.input_border; border.width: 3
                }
            }
            Canvas {
                id: canvas
                anchors.fill: parent
                onPaint: {
                    const ctx = getContext("2d")
                    ctx.clearRect(0, 0, width, height)
                    ctx.strokeStyle = theme.text
                    ctx.lineWidth = 4
                    for (const stroke of test.strokes) {
                        ctx.beginPath()
                        ctx.moveTo(stroke[0], stroke[1])
                        for (let i = 2; i < stroke.length; i += 2)
                            ctx.lineTo(stroke[i], stroke[i + 1])
                        ctx.stroke()
                    }
                }
            }
            MultiPointTouchArea {
                objectName: "touchArea"
                anchors.fill: parent
                mouseEnabled: true
                onPressed: (points) => {
                    const all = test.strokes.slice()
                    for (const p of points) { all.push([p.x, p.y]); test.mark(p.x, p.y) }
                    test.strokes = all.slice(-40)
                    canvas.requestPaint()
                }
                onUpdated: (points) => {
                    if (test.strokes.length === 0) return
                    const all = test.strokes.slice()
                    for (const p of points) {
                        const last = all[all.length - 1]
                        if (last.length < 4000) last.push(p.x, p.y)
                        test.mark(p.x, p.y)
                    }
                    test.strokes = all
                    canvas.requestPaint()
                }
            }
            Column {
                anchors.centerIn: parent
                width: Math.min(test.width - 2 * test.target - 40, 900 * test.s)
                spacing: 16 * test.s
                Heading {
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("触摸测试：请用手指画线，并点触四个角")
                }
                Body {
                    objectName: "cornersTouched"
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("已触到 %1/4 个角；屏幕 %2×%3").arg(test.touched).arg(test.width).arg(test.height)
                }
                BigButton {
                    objectName: "touchDone"
                    anchors.horizontalCenter: parent.horizontalCenter
                    primary: true
                    text: qsTr("完成")
                    onClicked: { test.close(); diag.touchTested(test.touched); staff.show("diagnostics") }
                }
            }
        }
    }
}
