import QtQuick

Text {
    font.pixelSize: 34 * (shell.largeText ? 1.3 : 1.0)
    font.bold: true
    color: theme.heading
    wrapMode: Text.WordWrap
    width: parent ? parent.width : implicitWidth
}
