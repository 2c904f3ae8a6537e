import QtQuick
import QtQuick.Controls.Basic
import "."

// A single-line field with the counter's focus ring.
TextField {
    id: field
    font.family: CounterStyle.fontFamily
    font.pixelSize: CounterStyle.body
    implicitHeight: CounterStyle.controlHeight
    color: CounterStyle.text
    placeholderTextColor: CounterStyle.textMuted
    selectByMouse: true
    Accessible.name: placeholderText
    background: Rectangle {
        radius: CounterStyle.radius
        color: CounterStyle.surface
        border.width: field.activeFocus ? CounterStyle.focusWidth : 1
        border.color: field.activeFocus ? CounterStyle.focus : CounterStyle.border
    }
}
