import QtQuick

Rectangle {
    default property alias content: column.data
    property alias spacing: column.spacing
    width: parent ? parent.width : 400
    implicitHeight: column.implicitHeight + 32
    radius: 12
    color: theme.surface
    border.color: theme.card_border
    border.width: shell.largeText ? 2 : 1
    Column {
        id: column
        x: 16; y: 16
        width: parent.width - 32
        spacing: 10
    }
}
