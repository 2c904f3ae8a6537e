import QtQuick
import ".."

// Numeric keypad, always laid out left to right (also in Arabic and Persian), like a phone.
Grid {
    id: keypad
    objectName: "keypad"
    signal digit(string value)
    signal erase()
    signal clear()

    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true
    columns: 3
    spacing: Math.round(Theme.spacing * 0.7)

    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "erase"]
        delegate: BigButton {
            required property string modelData
            objectName: "key_" + modelData
            width: Theme.keySize * 1.6
            // A little lower than wide: keypad and "Check" fit above the accessibility bar
            // in large text too (still far above the 12 mm minimum).
            height: Math.max(Theme.touchMin, Math.round(Theme.keySize * 0.875))
            pixelSize: modelData.length === 1 ? Theme.keyText : Theme.small
            icon: modelData === "erase" ? "⌫" : ""
            padding: Math.round(Theme.spacing / 2)
            text: modelData === "erase" ? qsTr("Erase")
                : modelData === "clear" ? qsTr("Clear") : modelData
            onClicked: {
                if (modelData === "erase") keypad.erase()
                else if (modelData === "clear") keypad.clear()
                else keypad.digit(modelData)
            }
        }
    }
}
