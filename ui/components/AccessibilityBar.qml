import QtQuick
import QtQuick.Layouts
import ".."

// At the foot of every screen: larger text, high contrast and read aloud (with repeat, stop
// and volume while it is on). The settings last one session (AccessibilityViewModel).
Rectangle {
    id: bar
    required property QtObject vm
    readonly property int pad: Math.round(Theme.spacing / 2)

    objectName: "a11y_bar"
    implicitHeight: column.implicitHeight + 2 * pad
    color: Theme.surface

    Rectangle {
        anchors.top: parent.top
        width: parent.width
        height: 2
        color: Theme.border
    }

    component BarButton: BigButton {
        Layout.fillWidth: true
        Layout.preferredWidth: 100  // equal shares of the row
        Layout.preferredHeight: Math.max(Theme.touchMin, Math.round(Theme.buttonHeight * 0.8))
        pixelSize: Theme.barText
    }

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: bar.pad
        anchors.leftMargin: Theme.margin * 0.6
        anchors.rightMargin: Theme.margin * 0.6
        spacing: bar.pad

        RowLayout {
            Layout.fillWidth: true
            spacing: bar.pad
            BarButton {
                objectName: "a11y_large_text"
                icon: "🗚"
                text: qsTr("Larger text")
                checkable: true
                checked: bar.vm.largeText
                onClicked: bar.vm.toggleLargeText()
            }
            BarButton {
                objectName: "a11y_high_contrast"
                icon: "◐"
                text: qsTr("High contrast")
                checkable: true
                checked: bar.vm.highContrast
                onClicked: bar.vm.toggleHighContrast()
            }
            BarButton {
                objectName: "a11y_speech"
                icon: "🗣"
                text: qsTr("Read aloud")
                checkable: true
                checked: bar.vm.speechOn
                enabled: bar.vm.speechAvailable
                onClicked: bar.vm.toggleSpeech()
            }
        }

        // Repeat, stop and volume: made when read aloud is switched on, not with every screen.
        Loader {
            Layout.fillWidth: true
            active: bar.vm.speechOn
            visible: active
            sourceComponent: Component {
                RowLayout {
                    objectName: "a11y_speech_controls"
                    spacing: bar.pad
                    BarButton {
                        objectName: "a11y_repeat"
                        icon: "↻"
                        text: qsTr("Repeat")
                        onClicked: bar.vm.repeat()
                    }
                    BarButton {
                        objectName: "a11y_stop"
                        icon: "■"
                        text: qsTr("Stop")
                        onClicked: bar.vm.stopSpeaking()
                    }
                    BarButton {
                        objectName: "a11y_quieter"
                        icon: "🔉"
                        text: qsTr("Quieter")
                        enabled: bar.vm.volume > 0.21
                        onClicked: bar.vm.quieter()
                    }
                    BarButton {
                        objectName: "a11y_louder"
                        icon: "🔊"
                        text: qsTr("Louder")
                        enabled: bar.vm.volume < 0.99
                        onClicked: bar.vm.louder()
                    }
                }
            }
        }

        BodyText {
            objectName: "a11y_speech_note"
            visible: text !== ""
            Layout.fillWidth: true
            text: bar.vm.speechNote
            color: Theme.textMuted
            font.pixelSize: Theme.small
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
