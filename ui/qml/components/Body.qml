import QtQuick

Text {
    font.pixelSize: 22 * (shell.largeText ? 1.3 : 1.0)
    color: theme.text
    wrapMode: Text.WordWrap
    width: parent ? parent.width : implicitWidth
}
