import QtQuick
import ".."

// While a lookup waits out the kiosk's slowdown after many failed attempts elsewhere: to the
// resident it is an ordinary check that takes a moment, never a lock-out. Taps go nowhere.
Rectangle {
    id: overlay
    objectName: "lookup_checking"
    color: Qt.rgba(Theme.background.r, Theme.background.g, Theme.background.b, 0.96)

    Accessible.role: Accessible.StaticText
    Accessible.name: checkingText.text

    MouseArea { anchors.fill: parent }  // swallows taps on the screen below

    Column {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.spacing * 1.5
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.spacing
            Repeater {
                model: 3
                delegate: Rectangle {
                    required property int index
                    width: Math.round(28 * Theme.scale)
                    height: width
                    radius: width / 2
                    color: Theme.primary
                    opacity: 0.25
                    SequentialAnimation on opacity {
                        running: overlay.visible
                        loops: Animation.Infinite
                        PauseAnimation { duration: index * 300 }
                        NumberAnimation { to: 1.0; duration: 600; easing.type: Easing.InOutSine }
                        NumberAnimation { to: 0.25; duration: 600; easing.type: Easing.InOutSine }
                        PauseAnimation { duration: (2 - index) * 300 }
                    }
                }
            }
        }
        BodyText {
            id: checkingText
            objectName: "lookup_checking_text"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Checking your case number and date of birth…")
            font.pixelSize: Theme.heading
            font.weight: Font.DemiBold
        }
        BodyText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("This takes a few seconds. Please wait.")
            color: Theme.textMuted
        }
    }
}
