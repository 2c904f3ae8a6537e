import QtQuick
import "."

Text {
    font.family: CounterStyle.fontFamily
    font.pixelSize: CounterStyle.heading
    font.weight: Font.Bold
    color: CounterStyle.text
    wrapMode: Text.WordWrap
}
