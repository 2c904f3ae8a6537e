import QtQuick
import ".."

Text {
    color: Theme.text
    font.family: Theme.fontFamily
    font.pixelSize: Theme.body
    // Between words; inside one only when a word is wider than the line (a German compound
    // such as Verpflichtungserklärung in a narrow column).
    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
    // Explicit, so LayoutMirroring flips it to the right for right-to-left languages.
    horizontalAlignment: Text.AlignLeft
    lineHeight: 1.15
}
