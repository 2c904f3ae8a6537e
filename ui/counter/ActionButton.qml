import QtQuick
import QtQuick.Controls.Basic
import "."

// A desk button: Tab reaches it, Enter/Space press it, the focus ring shows where focus is.
Button {
    id: control
    property bool primary: false
    font.family: CounterStyle.fontFamily
    font.pixelSize: CounterStyle.body
    implicitHeight: CounterStyle.controlHeight
    leftPadding: 16
    rightPadding: 16
    focusPolicy: Qt.StrongFocus
    Keys.onReturnPressed: if (enabled) clicked()
    Keys.onEnterPressed: if (enabled) clicked()
    Accessible.name: text

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.primary ? CounterStyle.textOnPrimary : CounterStyle.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        radius: CounterStyle.radius
        opacity: control.enabled ? 1.0 : 0.45
        color: control.primary ? (control.down ? CounterStyle.primaryPressed : CounterStyle.primary)
                               : (control.down ? CounterStyle.secondaryPressed : CounterStyle.secondary)
        border.width: control.activeFocus ? CounterStyle.focusWidth : 1
        border.color: control.activeFocus ? CounterStyle.focus : CounterStyle.border
    }
}
