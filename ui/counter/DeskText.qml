import QtQuick
import "."

Text {
    font.family: CounterStyle.fontFamily
    font.pixelSize: CounterStyle.body
    color: CounterStyle.text
    wrapMode: Text.WordWrap
}
