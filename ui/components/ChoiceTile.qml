import QtQuick
import QtQuick.Layouts
import ".."

// A large choice with a name and an optional note underneath (e.g. why it cannot be chosen).
Rectangle {
    id: tile
    property string label
    property string note
    signal chosen()

    implicitHeight: Math.max(Theme.buttonHeight, texts.implicitHeight + Theme.spacing * 1.2)
    radius: Theme.radius
    color: area.pressed ? Theme.secondaryPressed : Theme.surface
    border.color: Theme.border
    border.width: Theme.highContrast ? 3 : 2
    opacity: enabled ? 1.0 : 0.6

    Accessible.role: Accessible.Button
    Accessible.name: note !== "" ? label + ". " + note : label
    Accessible.onPressAction: if (tile.enabled) tile.chosen()

    ColumnLayout {
        id: texts
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.spacing
        spacing: Math.round(Theme.spacing / 4)
        BodyText {
            Layout.fillWidth: true
            text: tile.label
            font.weight: Font.DemiBold
        }
        BodyText {
            visible: tile.note !== ""
            Layout.fillWidth: true
            text: tile.note
            color: Theme.textMuted
            font.pixelSize: Theme.small
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: tile.chosen()
    }
}
