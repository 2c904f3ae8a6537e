import QtQuick
import ".."

Text {
    color: Theme.text
    font.family: Theme.fontFamily
    font.pixelSize: Theme.body
    wrapMode: Text.WordWrap
    // Explicit, so LayoutMirroring flips it to the right for right-to-left languages.
    horizontalAlignment: Text.AlignLeft
    lineHeight: 1.15
}
