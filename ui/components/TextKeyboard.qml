import QtQuick
import QtQuick.Layouts
import ".."

// On-screen keyboard for a form's text field: the rows come from the view model (the Latin
// layout for names and addresses even in an Arabic session, the session's own letters for free
// text). Laid out like the physical layout in every language: never mirrored.
ColumnLayout {
    id: keyboard
    objectName: "keyboard"
    property var rows: []
    property bool shiftAvailable: true
    property bool shiftOn: false
    property string layoutId: ""
    signal key(string value)
    signal erase()
    signal shift()

    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true
    spacing: Math.round(Theme.spacing / 4)
    readonly property int keyHeight: Math.max(Theme.touchMin, Math.round(Theme.keySize * 0.62))

    Repeater {
        model: keyboard.rows
        delegate: RowLayout {
            id: row
            required property var modelData
            Layout.fillWidth: true
            spacing: Math.round(Theme.spacing / 5)
            Repeater {
                model: row.modelData
                delegate: BigButton {
                    required property string modelData
                    objectName: "kb_" + modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 10
                    Layout.preferredHeight: keyboard.keyHeight
                    padding: 2
                    pixelSize: Theme.heading
                    text: modelData
                    onClicked: keyboard.key(modelData)
                }
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Math.round(Theme.spacing / 5)
        BigButton {
            objectName: "kb_shift"
            visible: keyboard.shiftAvailable
            Layout.preferredHeight: keyboard.keyHeight
            Layout.preferredWidth: Theme.keySize * 1.4
            checkable: true
            checked: keyboard.shiftOn
            icon: "⇧"
            text: ""
            accessibleName: qsTr("Capital letter")
            onClicked: keyboard.shift()
        }
        BigButton {
            objectName: "kb_space"
            Layout.fillWidth: true
            Layout.preferredHeight: keyboard.keyHeight
            pixelSize: Theme.small
            text: qsTr("Space")
            onClicked: keyboard.key(" ")
        }
        BigButton {
            objectName: "kb_erase"
            Layout.preferredHeight: keyboard.keyHeight
            Layout.preferredWidth: Theme.keySize * 2
            pixelSize: Theme.small
            icon: "⌫"
            text: qsTr("Erase")
            onClicked: keyboard.erase()
        }
    }
}
