import QtQuick

Text {
    font.pixelSize: 22 * (shell.largeText ? 1.3 : 1.0)
    color: shell.largeText ? "black" : "#263238"
    wrapMode: Text.WordWrap
    width: parent ? parent.width : implicitWidth
}
