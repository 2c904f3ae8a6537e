import QtQuick
import QtQuick.Layouts
import ".."

// Shown before the session ends; a large button keeps the session open.
Rectangle {
    id: overlay
    required property QtObject flowVm

    color: "#CC1B1B1B"
    objectName: "idle_warning"

    MouseArea { anchors.fill: parent }  // the session is paused behind the overlay

    Rectangle {
        id: card
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 900 * Theme.scale)
        height: content.implicitHeight + 2 * Theme.margin
        radius: Theme.radius * 2
        color: Theme.surface
        border.color: Theme.toneAction
        border.width: 6

        SequentialAnimation on border.color {
            running: overlay.visible
            loops: Animation.Infinite
            ColorAnimation { to: Theme.surface; duration: 700 }
            ColorAnimation { to: Theme.toneAction; duration: 700 }
        }

        ColumnLayout {
            id: content
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.spacing * 1.5

            BodyText {
                Layout.fillWidth: true
                text: qsTr("Are you still there?")
                font.pixelSize: Theme.title
                font.weight: Font.Bold
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                objectName: "idle_message"
                Layout.fillWidth: true
                text: overlay.flowVm.idleMessage
                horizontalAlignment: Text.AlignHCenter
            }
            BigButton {
                objectName: "extend"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.buttonHeight * 1.3
                primary: true
                text: qsTr("I need more time")
                pixelSize: Theme.title
                onClicked: overlay.flowVm.extendSession()
            }
        }
    }
}
